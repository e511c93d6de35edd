"""`seedview export` as a user runs it: JSON Lines out, the cache used, the folder left alone."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_NAME, SEEDS

REPOSITORY = Path(__file__).resolve().parents[2]
EMOJI_TEXT = "date 2024-05-01\n😀🎉 Angela Merkel flew to Paris 😀 on Monday with Emmanuel Macron.\n"


def run_seedview(
    args: list[str], home: Path, *, without_spacy: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m gui ARGS` with private cache and config folders; optionally without spaCy."""
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    if without_spacy:
        # A stand-in `spacy` that cannot be imported (here and in worker processes): the run must
        # not need the engine at all.
        stub = home / "no-spacy" / "spacy"
        stub.mkdir(parents=True, exist_ok=True)
        (stub / "__init__.py").write_text('raise ImportError("spaCy is switched off for this test")\n')
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(stub.parent), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        env=env,
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_export(
    args: list[str], home: Path, *, without_spacy: bool = False
) -> subprocess.CompletedProcess[str]:
    """`seedview export ARGS`."""
    return run_seedview(["export", *args], home, without_spacy=without_spacy)


def folder_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_jsonl(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def corpus(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> Path:
    return write_corpus(
        {SEED_NAME: (SEEDS / SEED_NAME).read_bytes(), "emoji.txt": EMOJI_TEXT, "notes.md": "Not a document."}
    )


def test_export_writes_jsonl_then_serves_the_cache(tmp_path: Path, corpus: Path) -> None:
    before = folder_fingerprint(corpus)

    # Without spaCy and with an empty cache there is nothing to annotate with: a clear failure.
    failed = run_export([str(corpus)], tmp_path, without_spacy=True)
    assert failed.returncode == 1
    assert "seedview export: spaCy is not installed" in failed.stderr
    assert failed.stdout == ""

    out = tmp_path / "out.jsonl"
    first = run_export([str(corpus), "-o", str(out)], tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    records = read_jsonl(out.read_text(encoding="utf-8"))
    assert [record["id"] for record in records] == ["emoji", SEED_NAME.removesuffix(".txt")]  # newest first
    for record in records:
        # The reader's marks too (none here: no desk), as a folder's export always carries them.
        assert set(record) == {"id", "path", "date", "title", "text", "ents", "read", "starred", "tags",
                               "note"}
        assert (record["read"], record["starred"], record["tags"], record["note"]) == (False, False, [], "")
        for ent in record["ents"]:
            assert record["text"][ent["start"] : ent["end"]] == ent["text"]

    emoji = records[0]
    assert emoji["date"] == "2024-05-01"
    assert emoji["path"] == str(corpus / "emoji.txt")
    paris = next(ent for ent in emoji["ents"] if ent["text"] == "Paris")
    # Code points: the two emoji before "Angela" count one each (UTF-16 would say 4, not 2).
    assert (paris["start"], paris["label"]) == (emoji["text"].index("Paris"), "GPE")
    assert {"start": 3, "end": 16, "label": "PERSON", "text": "Angela Merkel"} in emoji["ents"]

    seed = records[1]
    labels = {(ent["text"], ent["label"]) for ent in seed["ents"]}
    assert {("Khalifa Haftar", "PERSON"), ("Schenker", "PERSON"), ("Tripoli", "GPE")} <= labels

    caches = list((tmp_path / "cache").rglob("entities.sqlite3"))
    assert len(caches) == 1

    # Now every text is cached: the same export succeeds with spaCy switched off, to stdout.
    second = run_export([str(corpus)], tmp_path, without_spacy=True)
    assert second.returncode == 0, second.stderr
    assert read_jsonl(second.stdout) == records

    assert folder_fingerprint(corpus) == before  # nothing written to the viewed folder


def test_export_a_single_file_to_stdout(tmp_path: Path, corpus: Path) -> None:
    result = run_export([str(corpus / "emoji.txt")], tmp_path)
    assert result.returncode == 0, result.stderr
    (record,) = read_jsonl(result.stdout)
    assert record["id"] == "emoji"
    assert record["title"] == "😀🎉 Angela Merkel flew to Paris 😀 on Monday with Emmanuel Macron."


def test_export_reports_notices_on_stderr(tmp_path: Path, write_corpus: Callable[..., Path]) -> None:
    folder = write_corpus({"bad.txt": b"date 2019-13-45\nCaf\xe9.", "empty.txt": b""})
    result = run_export([str(folder)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "seedview export: bad.txt: The header date '2019-13-45' is not a real date" in result.stderr
    assert "seedview export: empty.txt: The file is empty." in result.stderr
    assert len(read_jsonl(result.stdout)) == 2


def test_a_missing_path_fails_with_a_message(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = run_export([str(missing)], tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"seedview export: {missing} does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_to_a_non_utf8_console_still_writes_utf8(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="cp1252")
    result = subprocess.run(
        [sys.executable, "-m", "gui", "export", str(SEEDS)], env=env, capture_output=True, timeout=300
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    record = json.loads(result.stdout.decode("utf-8").splitlines()[0])
    assert "State Department’s" in record["text"]


BRAT_TEXT = "date 2021-03-04\r\nThe New York City Police Department thanked Ana Lopez.\r\n"
BRAT_ANN = (
    "T1\tORG 21 52\tNew York City Police Department\n"
    "T2\tGPE 21 34\tNew York City\n"
    "T3\tGPE 21 29\tNew York\n"
    "T4\tLOC 25 29\tYork\n"
    "T5\tPERSON 61 70\tAna Lopez\n"
    "T6\tORG 3 7\tnope\n"
)


def brat_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "police.txt").write_bytes(BRAT_TEXT.encode("utf-8"))
    (folder / "police.ann").write_text(BRAT_ANN, encoding="utf-8")
    return folder


def entities_of(records: list[dict[str, Any]]) -> dict[str, list[tuple[int, int, str, str]]]:
    return {r["id"]: [(e["start"], e["end"], e["label"], e["text"]) for e in r["ents"]] for r in records}


def test_a_brat_folder_exports_its_own_entities_without_the_engine(tmp_path: Path) -> None:
    source = brat_corpus(tmp_path / "brat")
    before = folder_fingerprint(source)
    result = run_export([str(source)], tmp_path, without_spacy=True)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert entities_of(records)["police"] == [  # by start, then end: offsets into the body
        (4, 12, "GPE", "New York"),
        (4, 17, "GPE", "New York City"),
        (4, 35, "ORG", "New York City Police Department"),
        (8, 12, "LOC", "York"),
        (44, 53, "PERSON", "Ana Lopez"),
    ]
    # The line in the date header is reported, with its line number, and skipped.
    assert "police.txt: police.ann line 6" in result.stderr
    assert [e["id"] for e in records[0]["ents"]] == ["T3", "T2", "T1", "T4", "T5"]
    assert folder_fingerprint(source) == before


@pytest.mark.parametrize("fmt", ["brat", "jsonl"])
def test_export_then_open_gives_the_same_entities(tmp_path: Path, fmt: str) -> None:
    source = brat_corpus(tmp_path / "brat")
    original = run_export([str(source)], tmp_path, without_spacy=True)
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
    written = run_export(["--format", fmt, str(source), "-o", str(out)], tmp_path, without_spacy=True)
    assert written.returncode == 0, written.stderr
    again = run_export([str(out)], tmp_path, without_spacy=True)
    assert again.returncode == 0, again.stderr
    first = [json.loads(line) for line in original.stdout.splitlines()]
    second = [json.loads(line) for line in again.stdout.splitlines()]
    assert entities_of(second) == entities_of(first)
    assert [r["date"] for r in second] == [r["date"] for r in first]


def test_html_export_writes_self_contained_pages(tmp_path: Path) -> None:
    source = brat_corpus(tmp_path / "brat")
    (source / "evil.txt").write_text("<script>alert(1)</script> <img src=http://example.com/x.png>\n")
    (source / "evil.ann").write_text("T1\tORG 0 8\t<script>\n", encoding="utf-8")
    result = run_export(["--format", "html", str(source), "-o", str(tmp_path / "pages")], tmp_path,
                        without_spacy=True)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert pages == ["evil.html", "index.html", "police.html"]
    evil = (tmp_path / "pages" / "evil.html").read_text(encoding="utf-8")
    assert "<script" not in evil and "<img" not in evil and "&lt;script&gt;" in evil
    assert "http://example.com" in evil  # as text, escaped in place, never as an attribute
    assert 'src="http' not in evil and "src=http" not in evil.replace("&lt;img src=http", "")


def test_export_refuses_to_write_into_the_folder_it_reads(tmp_path: Path) -> None:
    source = brat_corpus(tmp_path / "brat")
    before = folder_fingerprint(source)
    args = ["--format", "brat", str(source), "-o", str(source)]
    result = run_export(args, tmp_path, without_spacy=True)
    assert result.returncode == 1
    assert "the folder being read" in result.stderr
    assert folder_fingerprint(source) == before
    missing = run_export(["--format", "html", str(source)], tmp_path, without_spacy=True)
    assert missing.returncode == 2 and "-o" in missing.stderr


def test_a_brat_export_says_what_will_not_come_back(tmp_path: Path) -> None:
    records = tmp_path / "source" / "records.jsonl"
    records.parent.mkdir()
    lines = [
        {"id": "rain", "text": "date 2021-03-04 was when it rained.", "ents": []},
        {"id": "cells", "text": "T cells", "ents": [{"start": 0, "end": 7, "label": "Cell type"}]},
        {"id": "plain", "text": "Nothing odd.", "ents": []},
    ]
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    # Beside the JSON Lines file being read is fine: only the file itself is protected.
    out = records.parent / "brat"
    result = run_export(["--format", "brat", str(records), "-o", str(out)], tmp_path, without_spacy=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "seedview export: rain: the text begins like a date header ('date 2021-03-04') and the document "
        "has no date, so reading the .txt back takes that for its header.",
        "seedview export: cells: the label 'Cell type' is written as the brat type 'Cell_type' (brat types "
        "are never empty and have no whitespace), and comes back so.",
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "annotation.conf", "cells.ann", "cells.txt", "plain.ann", "plain.txt", "rain.ann", "rain.txt",
        "visual.conf",
    ]  # fmt: skip

    again = run_export(["--format", "brat", str(records), "-o", str(out)], tmp_path, without_spacy=True)
    assert again.returncode == 1
    assert f"seedview export: {out} already has files; choose a new or empty folder" in again.stderr
    over = run_export([str(records), "-o", str(records)], tmp_path, without_spacy=True)
    assert over.returncode == 1 and "is the file being read" in over.stderr


def test_an_html_export_of_a_folder_has_an_index_even_for_one_document(tmp_path: Path) -> None:
    source = brat_corpus(tmp_path / "brat")
    result = run_export(["--format", "html", str(source), "-o", str(tmp_path / "pages")], tmp_path,
                        without_spacy=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["index.html", "police.html"]
    single = run_export(["--format", "html", str(source / "police.txt"), "-o", str(tmp_path / "one")],
                        tmp_path, without_spacy=True)
    assert single.returncode == 0, single.stderr
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["police.html"]


# `seedview export ARGS` in a child that pauses before its third document, once two are written,
# and waits for a line on stdin: the test then kills or interrupts it there.
_PAUSED_EXPORT = """
import signal
import sys

import gui.core.formats.exporting as exporting
from gui.app import main

signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, whatever the parent


def paused(write):
    def pausing(documents, *args, **kwargs):
        def documents_with_a_pause():
            for number, document in enumerate(documents):
                if number == 2:
                    print("paused", flush=True)
                    sys.stdin.readline()
                yield document

        return write(documents_with_a_pause(), *args, **kwargs)

    return pausing


exporting.write_brat = paused(exporting.write_brat)
exporting.write_html = paused(exporting.write_html)
exporting.write_jsonl = paused(exporting.write_jsonl)
sys.exit(main(["export", *sys.argv[1:]]))
"""


def start_paused_export(args: list[str], home: Path) -> subprocess.Popen[str]:
    """`seedview export ARGS`, paused with two documents written."""
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    export = subprocess.Popen(
        [sys.executable, "-c", _PAUSED_EXPORT, *args], env=env, cwd=REPOSITORY, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert export.stdout is not None
    assert export.stdout.readline() == "paused\n"
    return export


def five_brat_documents(folder: Path) -> Path:
    """A brat corpus of five documents with their entities (so no engine is needed)."""
    folder.mkdir(parents=True)
    for number in range(5):
        (folder / f"doc{number}.txt").write_text(f"Ana Lopez went home {number}.\n", encoding="utf-8")
        (folder / f"doc{number}.ann").write_text("T1\tPERSON 0 9\tAna Lopez\n", encoding="utf-8")
    return folder


def visible(folder: Path) -> list[str]:
    """What a user lists in a folder: its names but the hidden ones, sorted."""
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))


@pytest.mark.parametrize("fmt", ["brat", "html"])
def test_a_killed_folder_export_leaves_nothing_visible_and_a_rerun_works(tmp_path: Path, fmt: str) -> None:
    source = five_brat_documents(tmp_path / "source")
    exports = tmp_path / "exports"
    exports.mkdir()
    out = exports / fmt
    export = start_paused_export(["--format", fmt, str(source), "-o", str(out)], tmp_path)
    written = [path for path in exports.rglob("doc*") if path.is_file()]
    assert len(written) >= 2  # two documents are written, somewhere out of sight
    assert visible(exports) == []
    export.kill()
    export.communicate(timeout=60)
    assert visible(exports) == []

    again = run_export(["--format", fmt, str(source), "-o", str(out)], tmp_path)
    assert again.returncode == 0, again.stderr
    assert [path.name for path in exports.iterdir()] == [fmt]  # the killed run's temporary is gone
    if fmt == "brat":
        expected = [f"doc{n}.{suffix}" for n in range(5) for suffix in ("ann", "txt")]
        expected += ["annotation.conf", "visual.conf"]
    else:
        expected = [f"doc{n}.html" for n in range(5)] + ["index.html"]
    assert visible(out) == sorted(expected)


@pytest.mark.parametrize("fmt", ["brat", "html", "jsonl"])
def test_ctrl_c_stops_an_export_in_one_line_with_nothing_written(tmp_path: Path, fmt: str) -> None:
    source = five_brat_documents(tmp_path / "source")
    exports = tmp_path / "exports"
    exports.mkdir()
    out = exports / ("out.jsonl" if fmt == "jsonl" else fmt)
    if fmt == "jsonl":
        out.write_text("the previous export\n", encoding="utf-8")
    export = start_paused_export(["--format", fmt, str(source), "-o", str(out)], tmp_path)
    export.send_signal(signal.SIGINT)
    _, stderr = export.communicate(timeout=60)
    assert export.returncode == 130
    assert stderr == f"seedview export: interrupted; {out} was not written.\n"
    if fmt == "jsonl":
        assert [path.name for path in exports.iterdir()] == ["out.jsonl"]
        assert out.read_text(encoding="utf-8") == "the previous export\n"
    else:
        assert list(exports.iterdir()) == []


def test_a_file_name_that_is_not_utf8_is_exported_exactly(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    raw_name = os.fsencode(source) + b"/caf\xe9"
    Path(os.fsdecode(raw_name + b".txt")).write_text("Ana Lopez ate here.\n", encoding="utf-8")
    Path(os.fsdecode(raw_name + b".ann")).write_text("T1\tPERSON 0 9\tAna Lopez\n", encoding="utf-8")

    lines = run_export([str(source)], tmp_path, without_spacy=True)
    assert lines.returncode == 0, lines.stderr
    [record] = read_jsonl(lines.stdout)
    assert record["path"] == f"{source}/caf\ufffd.txt"  # shown with a replacement character
    assert base64.b64decode(record["path_bytes"]) == raw_name + b".txt"  # and given exactly
    assert os.path.isfile(base64.b64decode(record["path_bytes"]))
    assert record["id"] == "caf\ufffd" and record["ents"][0]["text"] == "Ana Lopez"
    out = tmp_path / "out.jsonl"
    to_file = run_export([str(source), "-o", str(out)], tmp_path, without_spacy=True)
    assert to_file.returncode == 0, to_file.stderr
    assert read_jsonl(out.read_text(encoding="utf-8")) == [record]

    pages = tmp_path / "pages"
    html = run_export(["--format", "html", str(source), "-o", str(pages)], tmp_path, without_spacy=True)
    assert html.returncode == 0, html.stderr
    assert visible(pages) == ["caf\ufffd.html", "index.html"]
    assert 'href="caf%EF%BF%BD.html"' in (pages / "index.html").read_text(encoding="utf-8")
    brat = tmp_path / "brat"
    again = run_export(["--format", "brat", str(source), "-o", str(brat)], tmp_path, without_spacy=True)
    assert again.returncode == 0, again.stderr
    assert visible(brat) == ["annotation.conf", "caf\ufffd.ann", "caf\ufffd.txt", "visual.conf"]


def test_ids_that_read_the_same_are_made_unique(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for raw in (b"caf\xe9", b"caf\xe8"):  # with their entities: no engine is needed
        (source / os.fsdecode(raw + b".txt")).write_text("Ana Lopez ate here.\n", encoding="utf-8")
        (source / os.fsdecode(raw + b".ann")).write_text("T1\tPERSON 0 9\tAna Lopez\n", encoding="utf-8")

    lines = run_export([str(source)], tmp_path, without_spacy=True)
    assert lines.returncode == 0, lines.stderr
    records = read_jsonl(lines.stdout)
    assert sorted(record["id"] for record in records) == ["caf\ufffd", "caf\ufffd-2"]
    assert {record["path"] for record in records} == {f"{source}/caf\ufffd.txt"}
