"""What the charts ask the corpus store, run in its question thread (StoreLink.ask): plain data in,
plain data out. The core (gui/core/insight) counts; this only lines its answers up for a chart and
turns a chosen period, node or edge into the ids of its documents for the document list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gui.core.corpus.store import CorpusStore
from gui.core.insight.query_scope import matching
from gui.core.insight.timeline import Period, Timeline, bin_days, daily_counts, date_span, measure_of
from gui.core.search.query import And, DateFilter, EntityFilter, Query


@dataclass(frozen=True)
class Series:
    """One query of a timeline chart: what was typed and what it parsed to (None: every document)."""

    text: str
    query: Query | None


def lined_up_timelines(store: CorpusStore, series: tuple[Series, ...], by: Period | None) -> list[Timeline]:
    """Each series' timeline over the span of them all, by `by` or the period chosen for that
    span, so that their periods line up bar for bar."""
    days = [daily_counts(store, one.query) for one in series]
    span = date_span([day for found in days for day in found])
    return [bin_days(found, measure_of(one.query), by, span) for found, one in zip(days, series, strict=True)]


def period_dates(label: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a timeline's period: 2004-01-05, 2004-W02, 2004-01 or 2004."""
    if "-W" in label:
        year, week = label.split("-W")
        first = dt.date.fromisocalendar(int(year), int(week), 1)
        return first, first + dt.timedelta(days=6)
    parts = [int(part) for part in label.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _with(query: Query | None, extra: Query) -> Query:
    return extra if query is None else And((query, extra))


def _doc_ids(store: CorpusStore, where: str, parameters: list[object]) -> frozenset[str]:
    rows = store.db.execute(f"SELECT d.doc_id FROM documents d WHERE {where}", parameters)
    return frozenset(doc_id for (doc_id,) in rows)


def period_documents(
    store: CorpusStore, queries: tuple[Query | None, ...], first: str | None, last: str | None
) -> frozenset[str]:
    """The ids of the documents any of the queries matches from period `first` to period `last`
    (both None: the undated ones)."""
    found: set[str] = set()
    for query in queries:
        if first is None or last is None:
            where, parameters = matching(query)
            found |= _doc_ids(store, f"d.date IS NULL AND {where}", parameters)
        else:
            dated = DateFilter(period_dates(first)[0], period_dates(last)[1])
            found |= _doc_ids(store, *matching(_with(query, dated)))
    return frozenset(found)


def shared_documents(store: CorpusStore, first: str, second: str, within: Query | None) -> frozenset[str]:
    """The ids of the documents (of those `within` matches) that mention both entities, by name."""
    both = And((EntityFilter(first), EntityFilter(second)))
    return _doc_ids(store, *matching(_with(within, both)))
