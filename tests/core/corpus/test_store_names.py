"""Quick open through the corpus store: the names it keeps are the listing's titles and file names,
its ranking is the in-memory one, and a renamed, changed or removed file changes its names."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from gui.core.corpus.corpus import Corpus
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_query import quick_open_ranking
from gui.core.corpus.store_upkeep import update
from gui.core.engine.cache import EntityCache
from gui.core.search.fuzzy import FuzzyIndex, fold
from tests.core.corpus.store_helpers import PIPELINE, NameRunner, annotation, stored_corpus

FILES = {
    "merkel.txt": "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris. Merkel said little.\n",
    "obama.txt": "date 2020-01-04\nBarack Obama visited Berlin on Monday.\n",
    "blair.txt": "date 2019-11-20\nTony Blair spoke in London. Blair was calm, Reuters said.\n",
    "summit.txt": "NATO summit opens in Brussels\n\nLeaders met for two days.\n",
    "summary.txt": "National tournament summary: the results.\n",
    "ÉTÉ.txt": "Straße und Übersee. Der Sommer kam früh.\n",
    "undated_a.txt": "Paris talks begin.\n",
    "undated_b.txt": "Paris talks begin.\n",
    "100%_sure.txt": "Percent_signs and under_scores: 100% sure.\n",
    "   .txt": "   \n\n  Leading blank lines, then a sentence. Then another.\n",
}
QUERIES = ["nato sum", "pari", "merkel", "ÉTÉ", "ete", "straße", "b", "talks", "100%", "_s", "%", "ons",
           "zzz", "txt", "mr. x", "  e  ", "lead"]


def stored_names(store: CorpusStore) -> dict[str, str]:
    rows = store.db.execute("SELECT d.doc_id, n.names FROM document_names n JOIN documents d ON d.id = n.id")
    return dict(rows.fetchall())


def listed_names(corpus: Corpus) -> dict[str, str]:
    """Each listed document's title and file name, as quick open matches them."""
    return {entry.id: fold(f"{entry.title} {entry.name}") for entry in corpus.entries}


def in_memory(corpus: Corpus, query: str, limit: int = 200) -> list[str]:
    """What quick open ranks without the store (gui/widgets/panels/quick_open)."""
    index = FuzzyIndex([f"{entry.title} {entry.name}" for entry in corpus.entries])
    return [entry.id for entry, _ in index.rank(query, corpus.entries, limit)]


def places(corpus: Corpus) -> dict[str, int]:
    return {entry.id: place for place, entry in enumerate(corpus.entries)}


def test_the_names_are_the_listings_titles_and_file_names(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    try:
        corpus = Corpus.open(tmp_path / "corpus")
        expected = listed_names(corpus)
        assert stored_names(store) == expected
        assert expected["summit"] == "nato summit opens in brussels summit.txt"
        assert expected["ÉTÉ"] == "straße und übersee. ÉTÉ.txt".replace("ÉTÉ", "été")
    finally:
        store.close()


def test_the_store_ranks_as_quick_open_does_in_memory(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    try:
        corpus = Corpus.open(tmp_path / "corpus")
        for query in QUERIES:
            assert quick_open_ranking(store, query, 200, places(corpus)) == in_memory(corpus, query), query
            # Ordered by walking the listing's order, as a query matching very many documents is.
            walked = quick_open_ranking(store, query, 200, places(corpus), ordered_from_ids_at_most=0)
            assert walked == in_memory(corpus, query), query
        assert quick_open_ranking(store, "nato sum", 200)[:2] == ["summit", "summary"]
        assert quick_open_ranking(store, "pari", 1, places(corpus)) == in_memory(corpus, "pari", 1)
        assert quick_open_ranking(store, "100%", 200) == ["100%_sure"]  # LIKE's wildcards, as text
        assert quick_open_ranking(store, "zzz", 200) == []
        assert quick_open_ranking(store, "   ", 200) == []
    finally:
        store.close()


def test_ties_follow_the_windows_order_when_given(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    try:
        # Same title, same length: a tie, broken by the place in the list.
        assert quick_open_ranking(store, "paris talks", 200) == ["undated_a", "undated_b"]
        reordered = {"undated_b": 0, "undated_a": 1}
        assert quick_open_ranking(store, "paris talks", 200, reordered) == ["undated_b", "undated_a"]
    finally:
        store.close()


def test_a_renamed_changed_or_removed_file_updates_the_names(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    folder = tmp_path / "corpus"
    cache = EntityCache(None, PIPELINE)
    try:
        (folder / "obama.txt").rename(folder / "president.txt")
        (folder / "blair.txt").unlink()
        changed = folder / "merkel.txt"
        changed.write_text("date 2020-01-05\nOlaf Scholz spoke in Berlin.\n", encoding="utf-8")
        later = time.time_ns() + 5_000_000_000
        os.utime(changed, ns=(later, later))
        update(store, folder, annotation(cache, NameRunner()))
        corpus = Corpus.open(folder)
        assert stored_names(store) == listed_names(corpus)
        assert quick_open_ranking(store, "president", 200) == ["president"]
        assert not any("obama.txt" in names for names in stored_names(store).values())
        assert quick_open_ranking(store, "tony blair", 200) == []
        assert quick_open_ranking(store, "scholz", 200) == ["merkel"]
        assert quick_open_ranking(store, "angela", 200) == []
        for query in QUERIES:
            assert quick_open_ranking(store, query, 200, places(corpus)) == in_memory(corpus, query), query
    finally:
        cache.close()
        store.close()


def test_a_json_lines_records_names_are_its_listings(tmp_path: Path) -> None:
    records = [
        {"id": "r1", "title": "Own Title Given", "text": "Ana Lopez visited Lima. She stayed."},
        {"id": "r2", "text": "ACME hired Bo. Then more."},
    ]
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    store = CorpusStore.for_corpus(tmp_path / "cache", source)
    cache = EntityCache(None, PIPELINE)
    try:
        update(store, source, annotation(cache, NameRunner()))
        corpus = Corpus.open(source)
        assert stored_names(store) == listed_names(corpus)
        assert stored_names(store)["r1"] == "own title given records.jsonl"
        assert quick_open_ranking(store, "acme", 200, places(corpus)) == in_memory(corpus, "acme") == ["r2"]
    finally:
        cache.close()
        store.close()


def test_a_query_typed_on_stops_before_its_matches_are_scored(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    try:
        asked: list[str] = []

        def typed_on() -> bool:
            asked.append("wanted?")
            return False

        assert quick_open_ranking(store, "pari", 200, wanted=typed_on) == []
        assert asked == ["wanted?"]  # asked once, after the matches were found
        ranked = quick_open_ranking(store, "pari", 200)
        assert ranked and quick_open_ranking(store, "pari", 200, wanted=lambda: True) == ranked
    finally:
        store.close()


def test_a_query_typed_on_while_its_matches_are_scored_stops_there(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    try:
        asked: list[str] = []

        def typed_on_while_scoring() -> bool:
            asked.append("wanted?")
            return len(asked) < 2  # still wanted once the matches are found, no longer then

        assert quick_open_ranking(store, "pari", 200) != []
        assert quick_open_ranking(store, "pari", 200, wanted=typed_on_while_scoring) == []
        assert asked == ["wanted?", "wanted?"]
    finally:
        store.close()
