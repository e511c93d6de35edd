"""`seedview search` and `seedview entities` as a user runs them: a store brought up to date first,
results for people or as JSON Lines with exactly the fields scripts rely on, queries explained."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.test_cli_export import folder_fingerprint, read_jsonl, run_seedview

TEXTS = {
    "blair.txt": "date 2019-11-20\nTony Blair spoke in London about the trade deal. "
    "The trade deal was signed.\n",
    "brown.txt": "date 2019-12-02\nGordon Brown spoke about trade in London. Blair stayed home.\n",
    "paris.txt": "date 2020-01-05\nNothing about trade here, only Paris.\n",
}
ENTITIES = {
    "blair.txt": [("PERSON", "Tony Blair"), ("GPE", "London")],
    "brown.txt": [("PERSON", "Gordon Brown"), ("GPE", "London"), ("PERSON", "Blair")],
    "paris.txt": [("GPE", "Paris")],
}


def brat(text: str, entities: list[tuple[str, str]]) -> str:
    """A brat .ann for the first occurrence of each entity's text."""
    lines = []
    for number, (label, name) in enumerate(entities, 1):
        start = text.index(name)
        lines.append(f"T{number}\t{label} {start} {start + len(name)}\t{name}\n")
    return "".join(lines)


FILES = {**TEXTS, **{name[:-4] + ".ann": brat(TEXTS[name], found) for name, found in ENTITIES.items()}}


@pytest.fixture
def corpus(write_corpus: Callable[..., Path]) -> Path:
    return write_corpus(FILES)


def search(args: list[str], home: Path) -> tuple[int, str, str]:
    result = run_seedview(["search", *args], home, without_spacy=True)
    return result.returncode, result.stdout, result.stderr


def test_search_brings_the_store_up_to_date_then_answers_in_json(tmp_path: Path, corpus: Path) -> None:
    before = folder_fingerprint(corpus)
    code, out, err = search([str(corpus), '"trade deal" OR trade', "--json"], tmp_path)
    assert code == 0, err
    records = read_jsonl(out)
    assert records[0]["id"] == "blair"
    assert {record["id"] for record in records} == {"blair", "brown", "paris"}
    first = records[0]
    assert list(first) == ["path", "id", "title", "date", "hits"]
    assert first["path"] == str(corpus / "blair.txt") and first["date"] == "2019-11-20"
    assert first["title"] == "Tony Blair spoke in London about the trade deal."
    assert all(list(hit) == ["start", "end", "snippet"] for hit in first["hits"])
    body = FILES["blair.txt"].split("\n", 1)[1]
    assert [body[hit["start"] : hit["end"]] for hit in first["hits"]] == ["trade deal", "trade deal"]
    assert folder_fingerprint(corpus) == before

    code, out, _ = search([str(corpus), 'entity:London date:2019-12', "--json"], tmp_path)
    (record,) = read_jsonl(out)
    assert record["id"] == "brown"
    body = FILES["brown.txt"].split("\n", 1)[1]
    assert [body[hit["start"] : hit["end"]] for hit in record["hits"]] == ["London"]
    assert search([str(corpus), "trade", "--json", "--limit", "1"], tmp_path)[1].count("\n") == 1
    assert folder_fingerprint(corpus) == before


def test_search_text_output_and_a_changed_file(tmp_path: Path, corpus: Path) -> None:
    code, out, err = search([str(corpus), "london"], tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("blair.txt  Tony Blair spoke in London about the trade deal.  (1 hit)") or \
        lines[0].startswith("brown.txt  Gordon Brown spoke about trade in London.  (1 hit)")
    assert lines[1].startswith("    ") and "London" in lines[1]
    assert "paris.txt" not in out
    (corpus / "paris.txt").write_text("date 2020-01-05\nNow London too.\n", encoding="utf-8")
    (corpus / "paris.ann").write_text("T1\tGPE 20 26\tLondon\n", encoding="utf-8")
    code, out, err = search([str(corpus), "london type:GPE -gordon"], tmp_path)
    assert code == 0, err
    assert "paris.txt  Now London too.  (1 hit)" in out
    assert sorted(line.split("  ")[0] for line in out.splitlines() if not line.startswith(" ")) == [
        "blair.txt", "paris.txt"]


@pytest.mark.parametrize(
    ("query", "message"),
    [('brexit "trade deal', "never closed"), ("", "Type a word"), ("person:x", "is not a filter")],
)
def test_a_malformed_query_is_explained_in_one_line(
    tmp_path: Path, corpus: Path, query: str, message: str
) -> None:
    code, out, err = search([str(corpus), query], tmp_path)
    assert code == 2 and out == ""
    assert err.startswith("seedview search: ") and message in err and err.count("\n") == 1


def test_entities_json_most_documents_first(tmp_path: Path, corpus: Path) -> None:
    result = run_seedview(["entities", str(corpus), "--json"], tmp_path, without_spacy=True)
    assert result.returncode == 0, result.stderr
    records = read_jsonl(result.stdout)
    assert all(list(record) == ["name", "label", "aliases", "mentions", "documents", "why"]
               for record in records)
    london = {"name": "London", "label": "GPE", "aliases": ["London"], "mentions": 2, "documents": 2,
              "why": {"London": "the entity's name"}}
    assert records[0] == london
    blair = next(record for record in records if record["name"] == "Tony Blair")
    # Resolved across the corpus: "Blair" alone, elsewhere, is the one Blair named in full.
    assert blair == {"name": "Tony Blair", "label": "PERSON", "aliases": ["Blair", "Tony Blair"],
                     "mentions": 2, "documents": 2,
                     "why": {"Blair": "only 'Blair' full name in the corpus",
                             "Tony Blair": "the entity's name"}}
    assert "Blair" not in [record["name"] for record in records]
    documents = [record["documents"] for record in records]
    assert documents == sorted(documents, reverse=True)
    only = run_seedview(["entities", str(corpus), "--label", "GPE", "--top", "1", "--json"], tmp_path,
                        without_spacy=True)
    assert [json.loads(line)["name"] for line in only.stdout.splitlines()] == ["London"]
    table = run_seedview(["entities", str(corpus)], tmp_path, without_spacy=True)
    assert table.stdout.splitlines()[1].split() == ["2", "2", "GPE", "London"]


def age(folder: Path) -> None:
    """Set the folder's modification time a minute back, as a folder left alone has."""
    past = os.stat(folder).st_mtime_ns - 60_000_000_000
    os.utime(folder, ns=(past, past))


def test_search_sees_files_added_and_removed_since_without_an_index(tmp_path: Path, corpus: Path) -> None:
    age(corpus)
    assert run_seedview(["index", str(corpus)], tmp_path, without_spacy=True).returncode == 0
    code, out, err = search([str(corpus), "trade", "--json"], tmp_path)
    assert code == 0, err
    assert {record["id"] for record in read_jsonl(out)} == {"blair", "brown", "paris"}
    (corpus / "paris.txt").unlink()
    rome = "date 2020-02-01\nTrade talks in Rome.\n"
    (corpus / "rome.ann").write_text(brat(rome, [("GPE", "Rome")]), encoding="utf-8")
    (corpus / "rome.txt").write_text(rome, encoding="utf-8")
    code, out, err = search([str(corpus), "trade", "--json"], tmp_path)
    assert code == 0, err
    assert {record["id"] for record in read_jsonl(out)} == {"blair", "brown", "rome"}


def test_search_imports_neither_qt_nor_spacy(tmp_path: Path, corpus: Path) -> None:
    code = (
        "import sys\nfrom gui.app import main\n"
        f"main(['search', {str(corpus)!r}, 'trade'])\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'PySide6', 'spacy'}))\n"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_a_query_starting_with_a_dash_is_told_to_follow_two_dashes(tmp_path: Path, corpus: Path) -> None:
    code, out, err = search([str(corpus), "-Blair"], tmp_path)
    assert code == 2 and out == ""
    assert "the query -Blair starts with '-'" in err and "seedview search PATH -- -Blair" in err
    assert "the following arguments are required" not in err
    code, out, err = search([str(corpus), "trade", "-Blair"], tmp_path)
    assert code == 2 and 'quote the whole query, as in: seedview search PATH "trade -Blair"' in err
    code, out, _ = search([str(corpus), "--", "trade -Blair"], tmp_path)
    assert code == 0 and "paris.txt" in out and "blair.txt" not in out


def test_a_label_no_entity_has_is_said_with_the_labels_there_are(tmp_path: Path, corpus: Path) -> None:
    result = run_seedview(["entities", str(corpus), "--label", "NOPE"], tmp_path, without_spacy=True)
    assert result.returncode == 1 and result.stdout == ""
    said = "seedview entities: no entity has the label NOPE; the labels there are: GPE, PERSON\n"
    assert result.stderr == said
    lower = run_seedview(["entities", str(corpus), "--label", "gpe"], tmp_path, without_spacy=True)
    assert lower.returncode == 0 and "London" in lower.stdout


def test_related_to_a_name_no_entity_has_says_so_and_the_close_names(tmp_path: Path, corpus: Path) -> None:
    nobody = run_seedview(["related", str(corpus), "Nobody Atall"], tmp_path, without_spacy=True)
    assert nobody.returncode == 1 and nobody.stdout == ""
    assert nobody.stderr == "seedview related: no entity is named Nobody Atall\n"
    typo = run_seedview(["related", str(corpus), "tony blare"], tmp_path, without_spacy=True)
    assert typo.returncode == 1 and "no entity is named tony blare; did you mean “Tony Blair”?" in typo.stderr
    known = run_seedview(["related", str(corpus), "Paris"], tmp_path, without_spacy=True)
    assert known.returncode == 0  # shares no document with another: no error


def test_a_damaged_store_is_said_once(tmp_path: Path, corpus: Path) -> None:
    assert search([str(corpus), "trade"], tmp_path)[0] == 0
    (store,) = (tmp_path / "cache").rglob("stores/*.sqlite3")
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    store.write_bytes(b"not a database" * 1000)
    code, out, err = search([str(corpus), "trade"], tmp_path)
    assert code == 0 and "blair.txt" in out
    assert err.count("is damaged") == 1, err
