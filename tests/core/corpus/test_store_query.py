"""Questions to the corpus store: ranked documents with hit offsets and snippets for every kind
of query, the corpus's entities, and the documents mentioning an entity by any of its names."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_entities import entities
from gui.core.corpus.store_query import (
    documents_mentioning,
    fts_expression,
    marked_spans,
    ranked_ids,
    search,
    snippet,
)
from gui.core.corpus.store_upkeep import update
from gui.core.engine.cache import EntityCache
from gui.core.search.query import (
    And,
    DateFilter,
    EntityFilter,
    Not,
    Or,
    Phrase,
    Query,
    TypeFilter,
    Word,
    parse_query,
)
from tests.core.corpus.store_helpers import PIPELINE, NameRunner, annotation, stored_corpus

FILES = {
    "blair.txt": "date 2019-11-20\nTony Blair spoke in London about the trade deal. Blair was calm, "
    "Reuters said. The trade deal was signed.\n",
    "brown.txt": "date 2019-12-02\nGordon spoke about trade in London. No deal was near.\n",
    "merkel.txt": "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris. Merkel said little.\n",
    "obama.txt": "date 2018-05-01\nBarack Obama visited Berlin. Obama praised the café's crêpes.\n",
    "undated.txt": "Nothing much \"happened\" here; NEAR(a b) OR trade* was typed as text.\n",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    store = stored_corpus(tmp_path, FILES)
    yield store
    store.close()


def ids(store: CorpusStore, query: Query) -> list[str]:
    return [match.id for match in search(store, query)]


def words(*texts: str) -> And:
    return And(tuple(Word(text) for text in texts))


def test_words_must_all_match_and_the_best_match_comes_first(store: CorpusStore) -> None:
    assert sorted(ids(store, words("trade", "london"))) == ["blair", "brown"]
    # Ranked by BM25: the phrase twice in a document beats once.
    assert ids(store, Word("deal")) == ["blair", "brown"]
    assert ids(store, Word("paris")) == ["merkel"]
    assert ids(store, Word("nowhere")) == []


def test_every_match_is_ranked_as_the_search_ranks_its_best(store: CorpusStore) -> None:
    queries: list[Query] = [Word("deal"), Or((Word("paris"), Word("berlin"))), TypeFilter("person"),
                            And((Word("trade"), Not(Word("deal")))), And((TypeFilter("GPE"), Word("spoke")))]
    for query in queries:
        assert ranked_ids(store, query) == [match.id for match in search(store, query, limit=100)]
        assert ranked_ids(store, query)[:1] == [match.id for match in search(store, query, limit=1)]
    assert ranked_ids(store, Word("trade")) == ["blair", "brown", "undated"]  # more, and all
    assert ranked_ids(store, Word("nowhere")) == []


def test_hits_are_offsets_into_the_body_with_snippets(store: CorpusStore) -> None:
    (match,) = search(store, Phrase(("trade", "deal")))
    assert match.title == "Tony Blair spoke in London about the trade deal."
    assert match.date == "2019-11-20" and match.path.name == "blair.txt"
    body = FILES["blair.txt"].split("\n", 1)[1]
    assert [body[hit.start : hit.end] for hit in match.hits] == ["trade deal", "trade deal"]
    assert "trade deal" in match.hits[0].snippet and "\n" not in match.hits[0].snippet


def test_diacritics_and_case_do_not_matter(store: CorpusStore) -> None:
    (match,) = search(store, Word("CREPES"))
    body = FILES["obama.txt"].split("\n", 1)[1]
    assert [body[hit.start : hit.end] for hit in match.hits] == ["crêpes"]
    assert ids(store, Word("cafe")) == ["obama"]


def test_or_not_and_prefixes(store: CorpusStore) -> None:
    assert sorted(ids(store, Or((Word("paris"), Word("berlin"))))) == ["merkel", "obama"]
    assert ids(store, And((Word("trade"), Not(Word("deal"))))) == ["undated"]
    assert sorted(ids(store, Word("spok", prefix=True))) == ["blair", "brown"]
    assert sorted(ids(store, Not(Word("trade")))) == ["merkel", "obama"]


def test_fts5_operators_typed_as_text_are_searched_as_text(store: CorpusStore) -> None:
    assert sorted(ids(store, Word("near"))) == ["brown", "undated"]
    assert ids(store, Phrase(("or", "trade"))) == ["undated"]
    assert sorted(ids(store, Word("trade*"))) == ["blair", "brown", "undated"]  # no prefix syntax
    assert ids(store, Word('"happened"')) == ["undated"]  # quotes and all, searched as a word
    assert fts_expression(Word('a"b')) == '"a""b"'


def test_entity_filters_match_every_alias(store: CorpusStore) -> None:
    assert ids(store, EntityFilter("Tony Blair")) == ["blair"]
    assert ids(store, EntityFilter("blair")) == ["blair"]  # the surname is an alias of the person
    (match,) = search(store, EntityFilter("Merkel"))
    body = FILES["merkel.txt"].split("\n", 1)[1]
    assert [body[hit.start : hit.end] for hit in match.hits] == ["Angela Merkel", "Merkel"]
    assert ids(store, EntityFilter("Nobody")) == []


def test_type_and_date_filters_combine_with_words(store: CorpusStore) -> None:
    assert ids(store, TypeFilter("ORG")) == ["blair"]
    assert ids(store, TypeFilter("person")) == ["merkel", "blair", "obama"]  # newest first
    november = DateFilter(dt.date(2019, 11, 1), dt.date(2019, 11, 30))
    assert ids(store, november) == ["blair"]
    december = DateFilter(dt.date(2019, 12, 1), dt.date(2019, 12, 31))
    assert ids(store, And((Word("trade"), december))) == ["brown"]
    mixed = Or((EntityFilter("Barack Obama"), Word("gordon")))
    assert sorted(ids(store, mixed)) == ["brown", "obama"]
    assert ids(store, And((TypeFilter("GPE"), Not(EntityFilter("Paris"))))) == ["brown", "blair", "obama"]


def test_entities_most_documents_first_with_aliases(store: CorpusStore) -> None:
    found = entities(store)
    assert (found[0].name, found[0].documents, found[0].mentions) == ("London", 2, 2)
    by_name = {entity.name: entity for entity in found}
    blair = by_name["Tony Blair"]
    assert (blair.label, blair.aliases, blair.mentions, blair.documents) == (
        "PERSON", ("Blair", "Tony Blair"), 2, 1)
    documents = [entity.documents for entity in found]
    assert documents == sorted(documents, reverse=True)
    assert [entity.name for entity in entities(store, label="GPE")] == ["London", "Berlin", "Paris"]
    assert len(entities(store, top=2)) == 2


def test_documents_mentioning_an_entity_by_any_name(store: CorpusStore) -> None:
    (found,) = documents_mentioning(store, "Obama")
    match, count = found
    assert (match.id, count) == ("obama", 2)
    assert [hit.start for hit in match.hits] == [0, 29]
    assert documents_mentioning(store, "Barack Obama") == [found]


def test_marked_spans_and_snippets() -> None:
    assert list(marked_spans("a \ue000bc\ue001 d \ue000e\ue001")) == [(2, 4), (7, 8)]
    text = "word " * 40 + "TARGET" + " word" * 40
    cut = snippet(text, 200, 206)
    assert cut.startswith("…word") and cut.endswith("word…") and "TARGET" in cut
    assert snippet("short TARGET text", 6, 12) == "short TARGET text"


def test_typed_queries_search_as_the_search_box_parses_them(store: CorpusStore) -> None:
    assert ids(store, parse_query('entity:"Tony Blair" date:2019-11')) == ["blair"]
    assert ids(store, parse_query('"trade deal" -gordon')) == ["blair"]
    assert sorted(ids(store, parse_query("paris OR berlin type:PERSON"))) == ["merkel", "obama"]
    assert ids(store, parse_query("NEAR AND")) == []  # FTS5's operators, typed as words


def test_a_title_is_the_sources_own_or_the_bodys_first_sentence(tmp_path: Path) -> None:
    source = tmp_path / "records.jsonl"
    records = [{"id": "own", "title": "Lima, a record's own title", "text": "Ana Lopez visited Lima."},
               {"id": "made", "text": "Bo Diaz visited Lima. Then Cusco.",
                "ents": [{"start": 0, "end": 7, "label": "PERSON"}]}]
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    store = CorpusStore.for_corpus(tmp_path / "cache", source)
    try:
        cache = EntityCache(None, PIPELINE)
        update(store, source, annotation(cache, NameRunner()))
        cache.close()
        titles = {match.id: match.title for match in search(store, Word("lima"))}
        assert titles == {"own": "Lima, a record's own title", "made": "Bo Diaz visited Lima."}
        mentioning = documents_mentioning(store, "Bo Diaz")
        assert [match.title for match, _ in mentioning] == ["Bo Diaz visited Lima."]
    finally:
        store.close()


def test_a_query_matching_too_many_documents_is_ranked_among_the_last_indexed(store: CorpusStore) -> None:
    every = ids(store, Word("trade"))
    assert len(every) == 3
    last_two = [doc_id for (doc_id,) in store.db.execute(
        "SELECT d.doc_id FROM bodies JOIN documents d ON d.id = bodies.rowid WHERE bodies MATCH 'trade'"
        " ORDER BY d.id DESC LIMIT 2")]
    # The two last indexed, in the order the whole ranking gives them; every match is listed
    # with those first.
    ranked_among_two = [match.id for match in search(store, Word("trade"), ranked_at_most=2)]
    assert ranked_among_two == [doc_id for doc_id in every if doc_id in last_two]
    assert ranked_ids(store, Word("trade"), ranked_at_most=2) == ranked_among_two + [
        doc_id for doc_id in every if doc_id not in last_two]
    assert [match.id for match in search(store, Word("trade"), ranked_at_most=3)] == every
