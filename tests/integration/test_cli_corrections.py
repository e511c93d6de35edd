"""`seedview corrections export` and `import` as a user runs them: a shared file of corrections
applied to a brat corpus (whose files are never touched), reported line by line, idempotent, and
seen by `entities`, `search` and `export`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from tests.integration.test_cli_export import REPOSITORY, folder_fingerprint, read_jsonl
from tests.integration.test_cli_search import brat

TEXTS = {
    "tony.txt": "Tony Blair spoke. Mr Blair said the war was just. Blair left on Tuesday.",
    "tax.txt": "Yukos owed taxes. Yukos said so on Tuesday.",
    "shares.txt": "Yukos shares fell. Chelsea won.",
}
ENTITIES = {
    "tony.txt": [("PERSON", "Tony Blair"), ("PERSON", "Mr Blair")],
    "tax.txt": [("PERSON", "Yukos")],
    "shares.txt": [("ORG", "Yukos"), ("PERSON", "Chelsea")],
}
CORRECTIONS = [
    '{"op": "relabel", "entity": "yukos", "label": "ORG"}',
    '{"op": "reject", "entity": "Chelsea"}',
    '{"op": "add", "text": "Tuesday", "label": "DATE"}',
    "not a correction",
    '{"op": "relabel", "entity": "Nobody", "label": "ORG"}',
    '{"op": "split", "entity": "Tony Blair", "alias": "Mr Blair"}',
    '{"op": "relabel", "entity": "Yukos", "label": "GPE"}',
]


@pytest.fixture
def corpus(write_corpus: Callable[..., Path]) -> Path:
    anns = {name[:-4] + ".ann": brat(text, ENTITIES[name]) for name, text in TEXTS.items()}
    return write_corpus({**TEXTS, **anns})


def seedview(args: list[str], home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m gui ARGS` with private cache, data and config folders, without spaCy."""
    stub = home / "no-spacy" / "spacy"
    stub.mkdir(parents=True, exist_ok=True)
    (stub / "__init__.py").write_text('raise ImportError("spaCy is switched off for this test")\n')
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(stub.parent), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "gui", *args], env=env, cwd=REPOSITORY, input=stdin,
                          capture_output=True, text=True, timeout=300)


def entities(corpus: Path, home: Path) -> dict[str, dict[str, object]]:
    result = seedview(["entities", str(corpus), "--json"], home)
    assert result.returncode == 0, result.stderr
    return {record["name"]: record for record in read_jsonl(result.stdout)}


def test_import_applies_every_good_line_and_reports_others_by_number(tmp_path: Path, corpus: Path) -> None:
    before = folder_fingerprint(corpus)
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text("\n".join(CORRECTIONS) + "\n", encoding="utf-8")

    result = seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path)
    assert result.returncode == 1  # some lines do not apply
    lines = result.stderr.splitlines()
    assert f"seedview corrections: {fixes}:4: not JSON" in lines[0] and lines[0].endswith("; left out")
    assert f"seedview corrections: {fixes}:5: no entity is named Nobody; it changes nothing" in lines
    assert (f"seedview corrections: {fixes}:7: relabel Yukos as GPE overrides line 1; the later wins"
            in lines)
    summary = "imported 6 corrections, 1 bad line left out, 1 changing nothing"
    assert lines[-1] == f"seedview corrections: {summary}"

    found = entities(corpus, tmp_path)
    assert "Chelsea" not in found
    assert found["Yukos"]["label"] == "GPE" and found["Yukos"]["mentions"] == 2
    assert found["Tuesday"]["label"] == "DATE" and found["Tuesday"]["documents"] == 2
    assert found["Mr Blair"]["aliases"] == ["Mr Blair"]
    assert found["Tony Blair"]["aliases"] == ["Tony Blair"]

    search = seedview(["search", str(corpus), "entity:Tuesday", "--json"], tmp_path)
    assert {record["id"] for record in read_jsonl(search.stdout)} == {"tax", "tony"}
    rejected = seedview(["search", str(corpus), "entity:Chelsea"], tmp_path)
    assert rejected.stdout == "" and "no document of 3 matches entity:Chelsea" in rejected.stderr

    timeline = seedview(["timeline", str(corpus), "entity:Tuesday", "--json"], tmp_path)
    assert read_jsonl(timeline.stdout) == [{"period": None, "documents": 2, "mentions": 2}]

    exported = seedview(["export", str(corpus)], tmp_path)
    assert exported.returncode == 0, exported.stderr
    labels = {record["id"]: [(ent["text"], ent["label"]) for ent in record["ents"]]
              for record in read_jsonl(exported.stdout)}
    assert labels == {"shares": [("Yukos", "GPE")], "tax": [("Yukos", "GPE"), ("Tuesday", "DATE")],
                      "tony": [("Tony Blair", "PERSON"), ("Mr Blair", "PERSON"), ("Tuesday", "DATE")]}
    assert folder_fingerprint(corpus) == before  # an overlay: the brat files are as they were


def test_importing_twice_changes_nothing_and_export_gives_the_file_back(tmp_path: Path, corpus: Path) -> None:
    good = [line for line in CORRECTIONS if line.startswith("{")]
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text("\n".join(good) + "\n", encoding="utf-8")
    first = seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path)
    assert first.returncode == 1 and "fixes.jsonl:4: no entity is named Nobody" in first.stderr
    listed = entities(corpus, tmp_path)

    again = seedview(["corrections", "import", str(corpus), "-"], tmp_path, stdin=fixes.read_text())
    assert again.returncode == 1 and again.stderr.count("no entity is named Nobody") == 1
    last = again.stderr.splitlines()[-1]
    summary = "imported 0 corrections, 6 the corpus had already, 1 changing nothing"
    assert last == f"seedview corrections: {summary}"
    assert entities(corpus, tmp_path) == listed

    out = tmp_path / "shared.jsonl"
    exported = seedview(["corrections", "export", str(corpus), "-o", str(out)], tmp_path)
    assert exported.returncode == 0 and "wrote 6 corrections" in exported.stderr
    assert [json.loads(line) for line in out.read_text().splitlines()] == [json.loads(line) for line in good]
    assert seedview(["corrections", "export", str(corpus)], tmp_path).stdout == out.read_text()

    # A store made again (another version, a cleared cache): the next command resolves the
    # entities again, to apply the corrections to them, even one that only searches.
    for stores in (tmp_path / "cache").rglob("stores"):
        shutil.rmtree(stores)
    search = seedview(["search", str(corpus), "entity:Tuesday", "--json"], tmp_path)
    assert {record["id"] for record in read_jsonl(search.stdout)} == {"tax", "tony"}

    # Another reader, another copy of the corpus: the shared file makes the same entities.
    elsewhere = tmp_path / "elsewhere"
    copy = elsewhere / "corpus"
    copy.mkdir(parents=True)
    for path in corpus.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    assert seedview(["corrections", "import", str(copy), str(out)], elsewhere).returncode == 1
    assert entities(copy, elsewhere) == listed


def test_what_cannot_be_done_is_said_in_one_line(tmp_path: Path, corpus: Path) -> None:
    missing = seedview(["corrections", "import", str(corpus), str(tmp_path / "none.jsonl")], tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith(f"seedview corrections: Cannot read {tmp_path / 'none.jsonl'}: ")
    nowhere = seedview(["corrections", "export", str(tmp_path / "nowhere")], tmp_path)
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr
    assert seedview(["corrections", "rename", str(corpus)], tmp_path).returncode == 2
    empty = seedview(["corrections", "export", str(corpus)], tmp_path)
    assert empty.returncode == 0 and empty.stdout == ""


def test_related_follows_the_corrections(tmp_path: Path, corpus: Path) -> None:
    def related(entity: str) -> list[str]:
        result = seedview(["related", str(corpus), entity, "--json"], tmp_path)
        assert result.returncode == 0, result.stderr
        return [record["name"] for record in read_jsonl(result.stdout)] if result.stdout else []

    assert "Chelsea" in related("Yukos")
    fixes = tmp_path / "fixes.jsonl"
    lines = ['{"op": "reject", "entity": "Chelsea"}',
             '{"op": "split", "entity": "Tony Blair", "alias": "Mr Blair"}',
             '{"op": "merge", "entities": ["Yukos", "Mr Blair"]}']
    fixes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path).returncode == 0
    found = related("Yukos")
    assert "Chelsea" not in found and "Tony Blair" in found  # Yukos is "Mr Blair" in tony.txt


def test_related_json_names_the_connections_as_corrected(tmp_path: Path, corpus: Path) -> None:
    def related(entity: str) -> list[dict[str, object]]:
        result = seedview(["related", str(corpus), entity, "--json"], tmp_path)
        assert result.returncode == 0, result.stderr
        return read_jsonl(result.stdout) if result.stdout else []

    def apply(*lines: str) -> None:
        fixes = tmp_path / "fixes.jsonl"
        fixes.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path).returncode == 0

    (chelsea,) = related("Yukos")
    assert (chelsea["name"], chelsea["label"], chelsea["aliases"]) == ("Chelsea", "PERSON", ["Chelsea"])
    apply('{"op": "relabel", "entity": "Chelsea", "label": "ORG"}')
    (chelsea,) = related("Yukos")
    assert (chelsea["name"], chelsea["label"], chelsea["documents"]) == ("Chelsea", "ORG", 1)
    apply('{"op": "merge", "entities": ["Chelsea", "Tony Blair"]}')
    (merged,) = related("Yukos")  # one entity, not Chelsea beside it
    assert set(cast("list[str]", merged["aliases"])) == {"Chelsea", "Tony Blair", "Mr Blair"}
    assert merged["documents"] == 1 and set(merged) == {"name", "label", "aliases", "documents", "score"}
    apply('{"op": "reject", "entity": "Mr Blair"}')  # the merged entity, by any of its names
    assert related("Yukos") == []


def test_entities_applies_the_desks_corrections_the_store_has_not_yet(tmp_path: Path, corpus: Path) -> None:
    from gui.core.corpus.store import CorpusStore
    from gui.core.desk.correction_log import add_correction
    from gui.core.desk.corrections import Relabel
    from gui.locations import xdg_cache_folder, xdg_data_folder

    assert entities(corpus, tmp_path)["Chelsea"]["label"] == "PERSON"
    # Written to the desk by another program that did not apply it to the store (as the window
    # does at once): the next command applies it.
    data = xdg_data_folder({"XDG_DATA_HOME": str(tmp_path / "data")})
    cache = xdg_cache_folder({"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert data is not None and cache is not None
    store = CorpusStore.for_corpus(cache, corpus, desk_folder=data)
    add_correction(store.db, Relabel("Chelsea", "ORG"))
    store.close()
    assert entities(corpus, tmp_path)["Chelsea"]["label"] == "ORG"


def test_the_brat_export_writes_the_corrected_entities(tmp_path: Path, corpus: Path) -> None:
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text("\n".join(CORRECTIONS[:3]) + "\n", encoding="utf-8")  # relabel, reject, add
    assert seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path).returncode == 0
    out = tmp_path / "brat"
    exported = seedview(["export", str(corpus), "--format", "brat", "-o", str(out)], tmp_path)
    assert exported.returncode == 0, exported.stderr

    def spans(name: str) -> list[tuple[str, str]]:
        lines = [line.split("\t") for line in (out / name).read_text(encoding="utf-8").splitlines()]
        return [(fields[2], fields[1].split(" ")[0]) for fields in lines if fields[0].startswith("T")]

    assert spans("shares.ann") == [("Yukos", "ORG")]  # Chelsea rejected
    assert spans("tax.ann") == [("Yukos", "ORG"), ("Tuesday", "DATE")]
    assert (corpus / "shares.ann").read_text(encoding="utf-8").count("Chelsea") == 1  # untouched


def test_import_takes_a_known_label_in_any_case_and_refuses_an_unknown_one(
    tmp_path: Path, write_corpus: Callable[..., Path]
) -> None:
    """"gpe" is GPE (the entity table listed Tripoli under a type "gpe" of its own); "BOGUS" is
    no label, refused by line; a type of the corpus's own annotations (VESSEL) is one."""
    texts = {"port.txt": "Tripoli saw the Ever Given dock. Tripoli cheered."}
    corpus = write_corpus({**texts, "port.ann": brat(texts["port.txt"], [("ORG", "Tripoli"),
                                                                         ("VESSEL", "Ever Given")])})
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text('{"op": "relabel", "entity": "Tripoli", "label": "gpe"}\n'
                     '{"op": "add", "text": "cheered", "label": "BOGUS"}\n'
                     '{"op": "relabel", "entity": "Ever Given", "label": "vessel"}\n', encoding="utf-8")
    result = seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    refusal = f"seedview corrections: {fixes}:2: \"label\" BOGUS is no label"
    assert any(line.startswith(refusal) and "GPE" in line and "VESSEL" in line and line.endswith("; left out")
               for line in lines), lines
    assert lines[-1] == "seedview corrections: imported 2 corrections, 1 bad line left out"
    found = entities(corpus, tmp_path)
    assert found["Tripoli"]["label"] == "GPE" and found["Ever Given"]["label"] == "VESSEL"
    exported = seedview(["corrections", "export", str(corpus)], tmp_path)
    assert [json.loads(line)["label"] for line in exported.stdout.splitlines()] == ["GPE", "VESSEL"]


def test_import_into_a_missing_corpus_says_so_before_judging_the_file(tmp_path: Path) -> None:
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text("not a correction\n", encoding="utf-8")
    result = seedview(["corrections", "import", str(tmp_path / "nonexistent"), str(fixes)], tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"seedview corrections: {tmp_path / 'nonexistent'} does not exist or is not a folder or a file."]
