"""`seedview annotate` as a user runs it: the same records as `seedview export`, written whole or
not at all, worker processes or a Dask cluster doing the engine's work, the cache used again."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gui.core.corpus.corpus import Corpus
from tests.conftest import SEED_NAME, SEEDS
from tests.integration.test_cli_export import (
    BRAT_ANN,
    BRAT_TEXT,
    EMOJI_TEXT,
    REPOSITORY,
    folder_fingerprint,
    read_jsonl,
    run_export,
    run_seedview,
)


def run_annotate(
    args: list[str], home: Path, *, without_spacy: bool = False, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`seedview annotate ARGS`."""
    return run_seedview(["annotate", *args], home, without_spacy=without_spacy, timeout=timeout)


@pytest.fixture
def corpus(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> Path:
    return write_corpus({
        SEED_NAME: (SEEDS / SEED_NAME).read_bytes(),
        "emoji.txt": EMOJI_TEXT,
        "police.txt": BRAT_TEXT.encode("utf-8"),
        "police.ann": BRAT_ANN,
        "bad.txt": b"date 2019-13-45\nCaf\xe9 Central hired Maria Lopez in Madrid.",
    })  # fmt: skip


def entities_by_id(records: list[dict[str, Any]]) -> dict[str, list[tuple[int, int, str]]]:
    return {r["id"]: [(e["start"], e["end"], e["label"]) for e in r["ents"]] for r in records}


def test_annotate_writes_what_export_writes_and_the_viewer_opens(tmp_path: Path, corpus: Path) -> None:
    before = folder_fingerprint(corpus)
    exported = run_export([str(corpus)], tmp_path / "export-home")
    assert exported.returncode == 0, exported.stderr

    out = tmp_path / "annotations.jsonl"
    home = tmp_path / "annotate-home"  # an empty cache of its own: the workers annotate
    result = run_annotate([str(corpus), "-o", str(out), "--processes", "2"], home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    records = read_jsonl(out.read_text(encoding="utf-8"))
    assert records == read_jsonl(exported.stdout)
    assert "seedview annotate: bad.txt: The header date '2019-13-45' is not a real date" in result.stderr
    assert "seedview annotate: police.txt: police.ann line 6" in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"seedview annotate: wrote 4 documents to {out} in "
    ) and result.stderr.endswith(": 3 annotated, 0 from the cache, 1 with entities of their own\n")

    opened = Corpus.open(out)
    documents = [opened.load(entry) for entry in opened]
    opened_entities = {d.id: [(e.start, e.end, e.label) for e in d.entities] for d in documents}
    assert opened_entities == entities_by_id(records)
    assert ("Angela Merkel", "PERSON") in {
        (d.entity_text(e), e.label) for d in documents if d.id == "emoji" for e in d.entities
    }
    assert folder_fingerprint(corpus) == before  # nothing written into the folder read

    # Now the cache has every text: the same run needs neither spaCy nor a worker.
    again = run_annotate([str(corpus), "-o", str(out), "--processes", "2"], home, without_spacy=True)
    assert again.returncode == 0, again.stderr
    assert read_jsonl(out.read_text(encoding="utf-8")) == records
    assert again.stderr.endswith(": 0 annotated, 3 from the cache, 1 with entities of their own\n")


def test_a_missing_path_fails_with_a_message(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    out = tmp_path / "annotations.jsonl"
    result = run_annotate([str(missing), "-o", str(out)], tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"seedview annotate: {missing} does not exist or is not a folder or a file.\n"
    assert not out.exists()


def test_an_engine_failure_leaves_no_half_file(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out" / "annotations.jsonl"
    out.parent.mkdir()
    out.write_text("an earlier run\n", encoding="utf-8")
    result = run_annotate([str(corpus), "-o", str(out), "--processes", "2"], tmp_path, without_spacy=True)
    assert result.returncode == 1
    assert "seedview annotate: spaCy is not installed" in result.stderr
    assert result.stderr.endswith(f"{out} was not written.\n")
    assert "Traceback" not in result.stderr
    assert [p.name for p in out.parent.iterdir()] == ["annotations.jsonl"]
    assert out.read_text(encoding="utf-8") == "an earlier run\n"


def test_wrong_arguments_are_usage_errors(tmp_path: Path, corpus: Path) -> None:
    no_output = run_annotate([str(corpus)], tmp_path)
    assert no_output.returncode == 2 and "-o/--output" in no_output.stderr
    zero = run_annotate([str(corpus), "-o", str(tmp_path / "a.jsonl"), "--processes", "0"], tmp_path)
    assert zero.returncode == 2 and "must be at least 1" in zero.stderr
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": "a", "text": "Hello Paris.", "ents": []}\n', encoding="utf-8")
    over = run_annotate([str(records), "-o", str(records)], tmp_path)
    assert over.returncode == 1 and "is the file being read" in over.stderr


def test_dask_without_the_cluster_extra_says_how_to_install_it(tmp_path: Path, corpus: Path) -> None:
    stub = tmp_path / "no-dask" / "distributed"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text('raise ImportError("No module named distributed")\n')
    env_home = tmp_path / "home"
    env = dict(os.environ, XDG_CACHE_HOME=str(env_home / "cache"), PYTHONPATH=str(stub.parent))
    out = tmp_path / "annotations.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "gui", "annotate", str(corpus), "-o", str(out), "--dask", "tcp://127.0.0.1:8786"],
        env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "pip install 'seedview[cluster]'" in result.stderr
    assert not out.exists()


# Set by `make test`, which installs every extra: a test that needs one must run there, not skip.
REQUIRE_EXTRAS = "SEEDVIEW_REQUIRE_EXTRAS"


def hide_distributed(folder: Path) -> Path:
    """A folder whose `distributed` package fails to import, as if Dask were not installed; put it
    first on PYTHONPATH."""
    stub = folder / "distributed"
    stub.mkdir(parents=True)
    missing = 'raise ModuleNotFoundError("No module named distributed", name="distributed")\n'
    (stub / "__init__.py").write_text(missing)
    return folder


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A local Dask cluster of two single-threaded worker processes, as `dask worker` runs them."""
    missing = "Dask is not installed: pip install -e '.[cluster]' to test --dask"
    if os.environ.get(REQUIRE_EXTRAS) == "1":
        try:
            import distributed
        except ImportError as error:
            pytest.fail(f"{missing} ({REQUIRE_EXTRAS}=1: make test installs it, so it must run)"
                        f": {error}", pytrace=False)
    else:
        distributed = pytest.importorskip("distributed", reason=missing)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_annotate_on_a_dask_cluster_gives_the_same_records(
    tmp_path: Path, corpus: Path, dask_scheduler: str
) -> None:
    local_out = tmp_path / "local.jsonl"
    local = run_annotate([str(corpus), "-o", str(local_out), "--processes", "1"], tmp_path / "local-home")
    assert local.returncode == 0, local.stderr

    out = tmp_path / "cluster.jsonl"
    home = tmp_path / "cluster-home"
    result = run_annotate([str(corpus), "-o", str(out), "--dask", dask_scheduler], home)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == local_out.read_text(encoding="utf-8")
    assert result.stderr.endswith(": 3 annotated, 0 from the cache, 1 with entities of their own\n")
    # The client wrote the cache: a second run is answered here, without the cluster.
    again = run_annotate([str(corpus), "-o", str(out), "--dask", "tcp://127.0.0.1:1"], home)
    assert again.returncode == 0, again.stderr
    assert again.stderr.endswith(": 0 annotated, 3 from the cache, 1 with entities of their own\n")


def test_the_dask_test_fails_instead_of_skipping_where_the_extras_are_required(tmp_path: Path) -> None:
    hidden = hide_distributed(tmp_path / "no-dask")
    test = "tests/integration/test_cli_annotate.py::test_annotate_on_a_dask_cluster_gives_the_same_records"

    def run(require: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONPATH=str(hidden), **{REQUIRE_EXTRAS: require})
        return subprocess.run(
            [sys.executable, "-m", "pytest", test, "-q", "-rs", "-p", "no:cacheprovider"],
            env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=300, check=False,
        )

    required = run("1")
    assert required.returncode == 1, required.stdout
    assert "1 error" in required.stdout and "make test installs it" in required.stdout
    optional = run("")
    assert optional.returncode == 0, optional.stdout
    assert "1 skipped" in optional.stdout and "Dask is not installed" in optional.stdout


def test_worker_processes_never_import_from_the_folder_annotated(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "note.txt").write_text("Angela Merkel visited Paris.\n", encoding="utf-8")
    marker = tmp_path / "planted-module-ran"
    # A module of the standard library's name, as a stranger's folder could hold: Python puts the
    # current folder first on a `-c` process's module path unless told not to.
    (folder / "threading.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    home = tmp_path / "home"
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    env.pop("PYTHONSAFEPATH", None)
    seedview = Path(sys.executable).parent / "seedview"  # the installed command, not `python -c`
    result = subprocess.run(
        [str(seedview), "annotate", ".", "-o", str(out), "--processes", "2"],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert [record["id"] for record in read_jsonl(out.read_text(encoding="utf-8"))] == ["note"]
