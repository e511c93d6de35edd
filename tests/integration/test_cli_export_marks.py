"""`seedview export` of a folder carries what the reader made of each document, read from the
corpus's desk in the data folder (never written by the export)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from gui.core.corpus.store import CorpusStore
from gui.core.desk.desk_file import desk_path
from gui.core.desk.reading import set_note, set_read, set_starred, set_tags
from gui.locations import xdg_data_folder

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_folders_export_carries_the_desks_marks(tmp_path: Path, write_corpus: Callable[..., Path]) -> None:
    corpus = write_corpus({"a.txt": "Angela Merkel spoke.\n", "b.txt": "Paris is calm.\n"})
    environment = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"),
                       XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    data = xdg_data_folder(environment)
    assert data is not None
    # The desk as the window leaves it: in the data folder, beside a store in the cache.
    store = CorpusStore.for_corpus(tmp_path / "elsewhere", corpus, desk_folder=data)
    set_read(store.db, (b"a.txt", "a"), True)
    set_starred(store.db, (b"a.txt", "a"), True)
    set_tags(store.db, (b"a.txt", "a"), ["Germany"])
    set_note(store.db, (b"b.txt", "b"), "Which day?")
    desk = store.desk_path
    store.close()
    assert desk is not None
    before = desk.read_bytes()
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "gui", "export", str(corpus), "-o", str(out)],
                            env=environment, cwd=REPOSITORY, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert {doc_id: (r["read"], r["starred"], r["tags"], r["note"]) for doc_id, r in records.items()} == {
        "a": (True, True, ["Germany"], ""),
        "b": (False, False, [], "Which day?"),
    }
    assert desk.read_bytes() == before


def test_a_desk_that_cannot_be_read_is_said_and_the_export_goes_on(
    tmp_path: Path, write_corpus: Callable[..., Path]
) -> None:
    corpus = write_corpus({"a.txt": "Angela Merkel spoke.\n"})
    environment = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"),
                       XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    data = xdg_data_folder(environment)
    assert data is not None
    desk = desk_path(data, corpus)
    desk.parent.mkdir(parents=True)
    desk.write_bytes(b"not a desk at all " * 200)
    result = subprocess.run([sys.executable, "-m", "gui", "export", str(corpus)],
                            env=environment, cwd=REPOSITORY, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"seedview export: the desk {desk} could not be read (" in result.stderr
    (record,) = map(json.loads, result.stdout.splitlines())
    assert (record["read"], record["starred"], record["tags"], record["note"]) == (False, False, [], "")
    assert desk.read_bytes() == b"not a desk at all " * 200  # left as it was
