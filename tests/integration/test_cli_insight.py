"""`seedview timeline` and `seedview related` as a user runs them: the store brought up to date
first, a table for people or JSON Lines with exactly the fields scripts rely on, undated documents
in a line of their own, queries explained as `seedview search` explains them."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.test_cli_export import folder_fingerprint, read_jsonl, run_seedview

TEXTS = {
    "a.txt": "date 2004-01-05\nLima and Oslo met. Lima again.\n",
    "b.txt": "date 2004-01-20\nLima and Quito, and trade.\n",
    "c.txt": "date 2004-03-02\nOslo and Quito.\n",
    "d.txt": "Lima, undated, and Reuters.\n",
}
ENTITIES = {
    "a.txt": [("GPE", "Lima"), ("GPE", "Oslo")],
    "b.txt": [("GPE", "Lima"), ("GPE", "Quito")],
    "c.txt": [("GPE", "Oslo"), ("GPE", "Quito")],
    "d.txt": [("GPE", "Lima"), ("ORG", "Reuters")],
}


def ann(name: str) -> str:
    """The .ann of a file: every occurrence of its entities' names."""
    text = TEXTS[name]
    lines: list[str] = []
    for label, entity in ENTITIES[name]:
        at = text.find(entity)
        while at != -1:
            lines.append(f"T{len(lines) + 1}\t{label} {at} {at + len(entity)}\t{entity}\n")
            at = text.find(entity, at + 1)
    return "".join(lines)


@pytest.fixture
def corpus(write_corpus: Callable[..., Path]) -> Path:
    return write_corpus({**TEXTS, **{name.replace(".txt", ".ann"): ann(name) for name in TEXTS}})


def seedview(args: list[str], home: Path) -> tuple[int, str, str]:
    result = run_seedview(args, home, without_spacy=True)
    return result.returncode, result.stdout, result.stderr


def test_timeline_json_one_line_per_month_then_the_undated(tmp_path: Path, corpus: Path) -> None:
    before = folder_fingerprint(corpus)
    code, out, err = seedview(["timeline", str(corpus), "entity:lima", "--by", "month", "--json"], tmp_path)
    assert code == 0, err
    assert read_jsonl(out) == [
        {"period": "2004-01", "documents": 2, "mentions": 3},
        {"period": None, "documents": 1, "mentions": 1},
    ]
    assert all(list(record) == ["period", "documents", "mentions"] for record in read_jsonl(out))
    code, out, err = seedview(["timeline", str(corpus), "oslo OR quito", "--by", "week", "--json"], tmp_path)
    assert code == 0, err
    records = read_jsonl(out)
    assert records[0] == {"period": "2004-W02", "documents": 1, "mentions": 1}
    assert records[-1] == {"period": "2004-W10", "documents": 1, "mentions": 2}
    assert [r["period"] for r in records] == [f"2004-W{week:02d}" for week in range(2, 11)]  # empty too
    assert folder_fingerprint(corpus) == before


def test_timeline_text_chooses_the_period_and_says_what_it_counts(tmp_path: Path, corpus: Path) -> None:
    code, out, err = seedview(["timeline", str(corpus), "type:GPE"], tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["period", "documents", "mentions", "(mentions", "of", "the", "entities",
                                "the", "query", "names)"]
    assert lines[1].split() == ["2004-01-05", "1", "3"]  # by day: the span is two months
    assert lines[-2].split() == ["2004-03-02", "1", "2"]
    assert lines[-1].split() == ["undated", "1", "1"]
    code, out, err = seedview(["timeline", str(corpus), "date:2004", "--by", "year"], tmp_path)
    assert [line.split() for line in out.splitlines()[1:]] == [["2004", "3", "7"]]  # none undated
    code, out, err = seedview(["timeline", str(corpus), "entity:nobody", "--json"], tmp_path)
    assert code == 0 and out == ""
    assert err == "seedview timeline: no document of 4 matches entity:nobody\n"


def test_a_type_timeline_follows_the_imported_corrections(tmp_path: Path, corpus: Path) -> None:
    code, out, err = seedview(["timeline", str(corpus), "type:ORG", "--json"], tmp_path)
    assert code == 0, err
    assert read_jsonl(out) == [{"period": None, "documents": 1, "mentions": 1}]  # Reuters in d
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text('{"op": "relabel", "entity": "Lima", "label": "ORG"}\n'
                     '{"op": "reject", "entity": "Reuters"}\n'
                     '{"op": "add", "text": "trade", "label": "ORG"}\n', encoding="utf-8")
    code, _, err = seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path)
    assert code == 0, err
    code, out, err = seedview(["timeline", str(corpus), "type:ORG", "--by", "month", "--json"], tmp_path)
    assert code == 0, err
    assert read_jsonl(out) == [
        {"period": "2004-01", "documents": 2, "mentions": 4},  # Lima twice in a; Lima and trade in b
        {"period": None, "documents": 1, "mentions": 1},  # Lima in d, Reuters rejected
    ]
    code, out, err = seedview(["timeline", str(corpus), "type:GPE", "--by", "month", "--json"], tmp_path)
    assert read_jsonl(out) == [
        {"period": "2004-01", "documents": 2, "mentions": 2},  # Oslo in a, Quito in b
        {"period": "2004-02", "documents": 0, "mentions": 0},
        {"period": "2004-03", "documents": 1, "mentions": 2},
    ]
    code, out, err = seedview(["search", str(corpus), "type:GPE"], tmp_path)
    assert code == 0 and "d.txt" not in out and "a.txt" in out


def test_type_follows_mentions_relabelled_alone_from_an_imported_file(tmp_path: Path, corpus: Path) -> None:
    """Lima (a GPE by its four mentions) relabelled in d, its only GPE there, and in b, which had
    no ORG; Oslo rejected, its mention in c relabelled anyway: it stays out, as it is drawn. (The
    offsets are the body's: the "date" line is not part of it.)"""
    fixes = tmp_path / "fixes.jsonl"
    lines = [{"op": "relabel", "entity": "Lima", "label": "PERSON", "document": "d", "file": "d.txt",
              "start": 0, "end": 4},
             {"op": "relabel", "entity": "Lima", "label": "ORG", "document": "b", "file": "b.txt",
              "start": 0, "end": 4},
             {"op": "reject", "entity": "Oslo"},
             {"op": "relabel", "entity": "Oslo", "label": "ORG", "document": "c", "file": "c.txt",
              "start": 0, "end": 4}]
    fixes.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, _, err = seedview(["corrections", "import", str(corpus), str(fixes)], tmp_path)
    assert code == 0, err
    found = {}
    for label in ("GPE", "ORG", "PERSON"):
        code, out, err = seedview(["search", str(corpus), f"type:{label}", "--json"], tmp_path)
        assert code == 0, err
        found[label] = sorted(record["id"] for record in read_jsonl(out))
    assert found == {"GPE": ["a", "b", "c"], "ORG": ["b", "d"], "PERSON": ["d"]}
    code, out, err = seedview(["timeline", str(corpus), "type:GPE", "--by", "month", "--json"], tmp_path)
    assert code == 0, err
    assert read_jsonl(out) == [
        {"period": "2004-01", "documents": 2, "mentions": 3},  # Lima twice in a; Quito in b
        {"period": "2004-02", "documents": 0, "mentions": 0},
        {"period": "2004-03", "documents": 1, "mentions": 1},  # Quito in c: Oslo rejected
    ]  # d is not a GPE's: its one Lima is a PERSON


@pytest.mark.parametrize("query", ['brexit "trade deal', "person:x", "", "date:2019-13"])
def test_a_malformed_query_is_explained_as_search_explains_it(
    tmp_path: Path, corpus: Path, query: str
) -> None:
    explained = []
    for command in ("timeline", "search"):
        code, out, err = seedview([command, str(corpus), query], tmp_path)
        assert code == 2 and out == "" and err.count("\n") == 1
        assert err.startswith(f"seedview {command}: ")
        explained.append(err.split(": ", 1)[1])
    assert explained[0] == explained[1]


def test_related_json_by_score_and_by_shared_documents(tmp_path: Path, corpus: Path) -> None:
    before = folder_fingerprint(corpus)
    code, out, err = seedview(["related", str(corpus), "Lima", "--json"], tmp_path)
    assert code == 0, err
    records = read_jsonl(out)
    assert all(list(record) == ["name", "label", "aliases", "documents", "score"] for record in records)
    # Lima is in 3 of 4 documents; Reuters in 1 (Lima's), Oslo in 2 (1 Lima's), Quito in 2 (1).
    assert [(r["name"], r["label"], r["aliases"], r["documents"]) for r in records] == [
        ("Reuters", "ORG", ["Reuters"], 1), ("Oslo", "GPE", ["Oslo"], 1), ("Quito", "GPE", ["Quito"], 1)]
    assert records[0]["score"] == round(math.log2(4 / 3), 4) and records[1]["score"] < 0
    # Quito shares one document with Lima and one with Oslo: the score decides.
    code, out, err = seedview(["related", str(corpus), "quito", "--by", "documents", "--top", "1", "--json"],
                              tmp_path)
    assert code == 0, err
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["Oslo"]
    assert folder_fingerprint(corpus) == before


def test_related_text_and_an_unknown_entity(tmp_path: Path, corpus: Path) -> None:
    code, out, err = seedview(["related", str(corpus), "quito"], tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["shared", "score", "label", "name"]
    assert [line.split()[-1] for line in lines[1:]] == ["Oslo", "Lima"]
    code, out, err = seedview(["related", str(corpus), "Atlantis"], tmp_path)
    # No entity has that name: said so (it said no entity shared a document with it), as a failure.
    assert code == 1 and out == ""
    assert err == "seedview related: no entity is named Atlantis\n"
    code, out, err = seedview(["related", str(corpus), " "], tmp_path)
    assert code == 2 and out == "" and err.startswith("seedview related: Give the name of an entity")


def test_a_missing_folder_fails_as_search_does(tmp_path: Path) -> None:
    for command, argument in (("timeline", "lima"), ("related", "Lima"), ("search", "lima")):
        code, out, err = seedview([command, str(tmp_path / "nowhere"), argument], tmp_path)
        assert code == 1 and out == ""
        missing = tmp_path / "nowhere"
        assert err == f"seedview {command}: {missing} does not exist or is not a folder or a file.\n"
