"""A query's timeline: documents and mentions per day, ISO week, month or year against counts made
in Python from generated articles, the undated ones apart, the period chosen from the span."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.insight.timeline import (
    MAX_PERIODS,
    Count,
    Measure,
    Period,
    choose_period,
    period_count,
    period_label,
    periods_between,
    timeline,
)
from gui.core.search.query import parse_query
from tests.core.insight import generated_corpus as generated
from tests.core.insight.generated_corpus import LABELS, NAMES, WORD, Article, write_store

articles = generated.article_lists(
    generated.dated_or_not(dt.date(2003, 12, 20), dt.date(2005, 2, 10)), most_words=3
)


def expected(
    corpus: list[Article], by: Period, name: str | None = None, label: str | None = None
) -> tuple[Counter[str | None], Counter[str | None]]:
    """Documents and mentions per period (None: undated), counted in Python."""
    documents: Counter[str | None] = Counter()
    mentions: Counter[str | None] = Counter()
    for article in corpus:
        period = None if article.date is None else period_label(article.date, by)
        if name is not None:
            count = article.names.count(name)
        elif label is not None:
            count = sum(LABELS[found] == label for found in article.names)
        else:
            count = article.words
        if count:
            documents[period] += 1
            mentions[period] += count
    return documents, mentions


def check(corpus: list[Article], query: str, measure: Measure, read_hits_at_most: int = 1_000,
          **asked: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        store = write_store(Path(scratch) / "corpus", corpus)
        try:
            for by in Period:
                found = timeline(store, parse_query(query), by, read_hits_at_most=read_hits_at_most)
                documents, mentions = expected(corpus, by, **asked)
                assert found.by is by and found.measure is measure
                assert found.undated == Count(None, documents[None], mentions[None])
                shown = {count.period: count for count in found.counts}
                for period in set(documents) - {None}:
                    assert shown[period] == Count(period, documents[period], mentions[period])
                assert sum(count.documents for count in found.counts) == documents.total() - documents[None]
                if documents.total() - documents[None]:
                    # Every period of the matches' span is listed, in order, empty ones too.
                    matched = [a.date for a in corpus if a.date and period_label(a.date, by) in documents]
                    assert [count.period for count in found.counts] == periods_between(
                        min(matched), max(matched), by)
                else:
                    assert found.counts == ()
        finally:
            store.close()


@settings(max_examples=40, deadline=None)
@given(articles, st.sampled_from(NAMES))
def test_an_entity_timeline_counts_its_documents_and_its_mentions(corpus: list[Article], name: str) -> None:
    check(corpus, f"entity:{name.lower()}", Measure.ENTITIES, name=name)


@settings(max_examples=25, deadline=None)
@given(articles, st.sampled_from(sorted(set(LABELS.values()))))
def test_a_type_timeline_counts_the_mentions_of_every_entity_of_the_type(
    corpus: list[Article], label: str
) -> None:
    check(corpus, f"type:{label}", Measure.ENTITIES, label=label)


@settings(max_examples=25, deadline=None)
@given(articles)
def test_a_word_timeline_counts_the_words_hits(corpus: list[Article]) -> None:
    check(corpus, WORD, Measure.WORDS)
    check(corpus, WORD, Measure.WORDS, read_hits_at_most=0)  # read from the full-text index


def test_word_hits_from_the_index_are_those_highlight_marks(tmp_path: Path) -> None:
    """A query matching many documents has a plain word's hits counted from the full-text index,
    not its bodies: the same counts, whatever else the query says."""
    corpus = [
        Article(dt.date(2004, 1, 5), ("Lima", "Oslo"), 3),
        Article(dt.date(2004, 1, 20), ("Chen",), 1),
        Article(dt.date(2004, 3, 1), ("Lima",), 2),
        Article(None, ("Lima", "Chen"), 1),
        Article(dt.date(2004, 3, 2), ("Oslo",)),
    ]
    store = write_store(tmp_path / "corpus", corpus)
    try:
        for text in (WORD, f"{WORD} and", f"{WORD} OR oslo", f"{WORD} -chen", f"{WORD} date:2004-01",
                     f"{WORD.upper()} lima", f'"{WORD}"', f"{WORD}*", "lima OR café", f"{WORD} -{WORD}"):
            query = parse_query(text)
            read = timeline(store, query, Period.MONTH)
            indexed = timeline(store, query, Period.MONTH, read_hits_at_most=0)
            assert indexed == read, text
        assert timeline(store, parse_query(WORD), Period.YEAR, read_hits_at_most=0).counts == (
            Count("2004", 3, 6),)
    finally:
        store.close()


def test_a_date_filter_counts_every_entity_mention_and_negation_is_left_out(tmp_path: Path) -> None:
    corpus = [
        Article(dt.date(2004, 1, 5), ("Lima", "Oslo", "Lima"), 1),
        Article(dt.date(2004, 1, 20), ("Chen",), 2),
        Article(dt.date(2004, 3, 1), ("Lima",)),
        Article(None, ("Lima", "Chen")),
    ]
    store = write_store(tmp_path / "corpus", corpus)
    found = timeline(store, parse_query("date:2004-01"), Period.MONTH)
    assert found.measure is Measure.ALL_ENTITIES
    assert found.counts == (Count("2004-01", 2, 4),) and found.undated == Count(None, 0, 0)
    # "-entity:Chen" names Chen only to leave it out: Lima's mentions are counted.
    found = timeline(store, parse_query("entity:Lima -entity:Chen"), Period.MONTH)
    assert found.counts == (Count("2004-01", 1, 2), Count("2004-02", 0, 0), Count("2004-03", 1, 1))
    # Entities named beside words: their mentions, not the words' hits.
    assert timeline(store, parse_query(f"{WORD} entity:chen"), Period.YEAR).counts == (Count("2004", 1, 1),)
    everything = timeline(store, None)
    assert everything.documents == 4 and everything.undated == Count(None, 1, 2)
    assert timeline(store, parse_query("entity:nobody")).counts == ()
    store.close()


def test_a_span_lines_up_the_timelines_of_several_queries(tmp_path: Path) -> None:
    store = write_store(tmp_path / "corpus", [Article(dt.date(2004, 5, 5), ("Lima",)),
                                              Article(dt.date(2004, 8, 1), ("Oslo",))])
    span = (dt.date(2004, 1, 1), dt.date(2004, 12, 31))
    lima = timeline(store, parse_query("entity:Lima"), Period.MONTH, span)
    oslo = timeline(store, parse_query("entity:Oslo"), Period.MONTH, span)
    assert [c.period for c in lima.counts] == [c.period for c in oslo.counts] == [
        f"2004-{month:02d}" for month in range(1, 13)]
    assert [c.documents for c in lima.counts][4] == 1 and sum(c.documents for c in lima.counts) == 1
    store.close()


@pytest.mark.parametrize(
    ("day", "by", "label"),
    [
        (dt.date(2004, 1, 5), Period.DAY, "2004-01-05"),
        (dt.date(2004, 1, 5), Period.WEEK, "2004-W02"),
        (dt.date(2005, 1, 2), Period.WEEK, "2004-W53"),  # ISO: the week of 2004's last Thursday
        (dt.date(2008, 12, 29), Period.WEEK, "2009-W01"),
        (dt.date(2004, 1, 5), Period.MONTH, "2004-01"),
        (dt.date(2004, 1, 5), Period.YEAR, "2004"),
    ],
)
def test_period_labels(day: dt.date, by: Period, label: str) -> None:
    assert period_label(day, by) == label


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 5000), st.sampled_from(Period))
def test_periods_between_lists_each_period_once_in_order(first: dt.date, days: int, by: Period) -> None:
    last = first + dt.timedelta(days=days)
    labels = periods_between(first, last, by)
    assert len(labels) == len(set(labels)) == period_count(first, last, by)
    assert labels == sorted(labels)
    assert labels[0] == period_label(first, by) and labels[-1] == period_label(last, by)
    every_day = {period_label(first + dt.timedelta(days=n), by) for n in range(0, days + 1, 1)}
    assert every_day == set(labels)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 20000))
def test_the_period_chosen_is_the_shortest_that_fits(first: dt.date, days: int) -> None:
    last = first + dt.timedelta(days=days)
    by = choose_period(first, last)
    order = list(Period)
    assert by is Period.YEAR or period_count(first, last, by) <= MAX_PERIODS
    assert all(period_count(first, last, shorter) > MAX_PERIODS for shorter in order[: order.index(by)])
