"""`seedview index` as a user runs it: a one-line summary, only changes read again, a killed run
completed by the next, two runs at once never locked out, the folder left byte for byte."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gui.core.corpus.store import store_path
from tests.integration.test_cli_export import REPOSITORY, folder_fingerprint, run_seedview


def brat_corpus(folder: Path, count: int) -> Path:
    """`count` documents with their own entities (no engine needed), two people each."""
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"doc{number:05}.txt").write_text(
            f"date 2020-01-{number % 28 + 1:02}\nAna Lopez met Bo Chen {number} times.\n", encoding="utf-8"
        )
        (folder / f"doc{number:05}.ann").write_text(
            "T1\tPERSON 16 25\tAna Lopez\nT2\tPERSON 30 37\tBo Chen\n", encoding="utf-8"
        )
    return folder


def store_of(home: Path, corpus: Path) -> Path:
    return store_path(home / "cache" / "Seedview" / "Seedview", corpus)


def counts(path: Path) -> tuple[int, list[tuple[str, int, int]]]:
    db = sqlite3.connect(path)
    try:
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        entities = db.execute("SELECT name, documents, mentions FROM entities ORDER BY name").fetchall()
        return documents, entities
    finally:
        db.close()


def test_index_builds_then_updates_only_what_changed(tmp_path: Path) -> None:
    corpus = brat_corpus(tmp_path / "corpus", 5)
    before = folder_fingerprint(corpus)
    first = run_seedview(["index", str(corpus)], tmp_path, without_spacy=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"indexed {corpus} in ")
    assert "5 documents: 5 added, 0 changed, 0 removed; 0 annotated, 0 from the cache, 5 with entities" \
        in first.stdout and len(first.stdout.splitlines()) == 1
    (corpus / "doc00001.txt").unlink()
    (corpus / "doc00001.ann").unlink()
    before = folder_fingerprint(corpus)
    again = run_seedview(["index", str(corpus)], tmp_path, without_spacy=True)
    assert again.returncode == 0, again.stderr
    assert "4 documents: 0 added, 0 changed, 1 removed; 0 annotated" in again.stdout
    assert counts(store_of(tmp_path, corpus)) == (4, [("Ana Lopez", 4, 4), ("Bo Chen", 4, 4)])
    assert folder_fingerprint(corpus) == before
    assert not any(path.suffix == ".sqlite3" for path in corpus.rglob("*"))


def test_index_annotates_what_the_cache_lacks_with_worker_processes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "merkel.txt").write_text("Angela Merkel met Emmanuel Macron in Paris.\n", encoding="utf-8")
    result = run_seedview(["index", str(corpus), "--processes", "2"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 document: 1 added, 0 changed, 0 removed; 1 annotated, 0 from the cache" in result.stdout
    names = [name for name, _, _ in counts(store_of(tmp_path, corpus))[1]]
    assert "Angela Merkel" in names and "Paris" in names


NO_WORKERS = """import os, sys
if "--multiprocessing-fork" in sys.argv:  # a spawned worker: it cannot start here
    os._exit(1)
"""


def test_workers_that_cannot_start_fail_with_one_line_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for a user whose processes cannot start others (a sandbox, uid 65534): index and search
    say so and how to go on (`--processes 1`), with export's exit code for a failure, no traceback
    nor "Cannot read ...: Broken pipe"."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(12):
        (corpus / f"news{number}.txt").write_text(f"Angela Merkel met Macron {number}.\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_WORKERS, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    for args in (["index", str(corpus), "--processes", "2"],
                 ["search", str(corpus), "Merkel", "--processes", "4"]):
        result = run_seedview(args, tmp_path)
        assert result.returncode == 1, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"seedview {args[0]}: The worker processes could not be started here (")
        assert "--processes 1" in line and result.stdout == ""


def test_a_missing_folder_fails_with_one_line(tmp_path: Path) -> None:
    result = run_seedview(["index", str(tmp_path / "nowhere")], tmp_path, without_spacy=True)
    assert result.returncode == 1
    missing = tmp_path / "nowhere"
    assert result.stderr == f"seedview index: {missing} does not exist or is not a folder or a file.\n"
    assert run_seedview(["index"], tmp_path, without_spacy=True).returncode == 2


_PAUSED_INDEX = """
import sys
from pathlib import Path
import gui.core.corpus.store_upkeep as upkeep
from gui.cli.store_command import Speaker, up_to_date_store
from gui.locations import cache_folder

real = upkeep.insert_document
written = [0]

def pausing(*args, **kwargs):
    written[0] += 1
    if written[0] == 10:  # two batches committed, the third half written
        print("paused", flush=True)
        sys.stdin.readline()
    return real(*args, **kwargs)

upkeep.insert_document = pausing
# What `seedview index PATH` does, in transactions of 4 documents.
up_to_date_store(Path(sys.argv[1]), cache_folder(), Speaker("index"), batch_documents=4).store.close()
"""


def test_a_killed_index_leaves_a_store_that_opens_and_the_next_run_completes_it(tmp_path: Path) -> None:
    corpus = brat_corpus(tmp_path / "corpus", 15)
    before = folder_fingerprint(corpus)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    index = subprocess.Popen(
        [sys.executable, "-c", _PAUSED_INDEX, str(corpus)], env=env, cwd=REPOSITORY, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert index.stdout is not None
    assert index.stdout.readline() == "paused\n"
    index.kill()  # SIGKILL, in the middle of a transaction
    index.communicate(timeout=60)
    assert counts(store_of(tmp_path, corpus)) == (8, [("Ana Lopez", 8, 8), ("Bo Chen", 8, 8)])

    again = run_seedview(["index", str(corpus)], tmp_path, without_spacy=True)
    assert again.returncode == 0, again.stderr
    assert "15 documents: 7 added, 0 changed, 0 removed" in again.stdout
    assert "rebuilt" not in again.stderr
    assert counts(store_of(tmp_path, corpus)) == (15, [("Ana Lopez", 15, 15), ("Bo Chen", 15, 15)])
    assert folder_fingerprint(corpus) == before


def test_two_index_runs_at_once_both_finish_and_count_each_document_once(tmp_path: Path) -> None:
    corpus = brat_corpus(tmp_path / "corpus", 1500)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    runs = [
        subprocess.Popen([sys.executable, "-m", "gui", "index", str(corpus)], env=env, cwd=REPOSITORY,
                         text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "locked" not in stderr and "locked" not in stdout
    assert counts(store_of(tmp_path, corpus)) == (1500, [("Ana Lopez", 1500, 1500), ("Bo Chen", 1500, 1500)])
