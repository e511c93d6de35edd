"""`seedview export` as a user runs it: JSON Lines out, the cache used, the folder left alone."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_NAME, SEEDS

REPOSITORY = Path(__file__).resolve().parents[1]
EMOJI_TEXT = "date 2024-05-01\n😀🎉 Angela Merkel flew to Paris 😀 on Monday with Emmanuel Macron.\n"


def run_export(
    args: list[str], home: Path, *, without_spacy: bool = False
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    if without_spacy:
        # A stand-in `spacy` that cannot be imported: the run must not need the engine at all.
        stub = home / "no-spacy" / "spacy"
        stub.mkdir(parents=True, exist_ok=True)
        (stub / "__init__.py").write_text('raise ImportError("spaCy is switched off for this test")\n')
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(stub.parent), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "gui", "export", *args],
        env=env,
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
    )


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
        assert set(record) == {"id", "path", "date", "title", "text", "ents"}
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
