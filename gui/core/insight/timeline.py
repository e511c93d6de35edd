"""A query's timeline: how many documents it matches per day, ISO week, month or year, and how
many mentions they hold, with the undated documents counted apart.

What "mentions" counts depends on the query, and the timeline says which (`Measure`):
- a query naming entities (`entity:`, `type:`, not negated) counts the mentions of those
  entities in the matching documents, whatever else it asks for (those `entity:` names are the
  corpus-level ones, as the desk's corrections leave them, while the resolution is current);
- else a query with words or phrases counts their hits (as `seedview search` highlights them);
- else (a date filter, no query) it counts every entity mention of the matching documents, as
  the desk's corrections leave them while the resolution is current.

One timeline is of one query; a chart of several asks for each with the same `by` and `span`, so
that their periods line up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import numpy as np

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import relabelled_alone, relabels_alone
from gui.core.corpus.store_entities import CORRECTED_CHANGES
from gui.core.corpus.store_resolution import resolution_current
from gui.core.corpus.store_schema import INSTANCES
from gui.core.insight.final_days import Ids, day_counts, final_rows, label_documents, matching_documents
from gui.core.insight.query_scope import (
    index_terms,
    matching,
    named_entities,
    named_labels,
    named_resolved,
    positive_words,
)
from gui.core.search.query import EntityFilter, Or, Query, TypeFilter

MAX_PERIODS = 120  # the most bars a chosen period gives: ten years of months, four months of days
# What highlight() puts around each hit of a word, to be counted (characters of Unicode's
# private use area, which news text does not hold).
_HIT_MARK = "\ue002"
_MENTIONS_BY_DAY = "entity_documents ed JOIN documents d ON d.id = ed.document"
# Matches up to which a query's word hits are counted in their bodies (highlight()): past it, a
# plain word's are read from the index's every occurrence of it, a scan of the whole corpus's
# (100 ms for a word in 72,000 of 100,000 articles, where highlight() took 2.3 s of CPU).
READ_HITS_AT_MOST = 1_000


class Period(Enum):
    """How long one bar of a timeline is."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Measure(Enum):
    """What a timeline's mentions count."""

    ENTITIES = "mentions of the entities the query names"
    WORDS = "hits of the query's words and phrases"
    ALL_ENTITIES = "every entity mention of the documents"


@dataclass(frozen=True)
class Count:
    """The documents of one period (`period` None: the undated ones) and their mentions."""

    period: str | None
    documents: int
    mentions: int


@dataclass(frozen=True)
class Timeline:
    """A query's counts per period, every period from its first to its last dated match (or the
    span asked for) in order, empty ones included; the undated documents apart."""

    by: Period
    counts: tuple[Count, ...]
    undated: Count
    measure: Measure

    @property
    def documents(self) -> int:
        """How many documents the query matches, dated or not."""
        return sum(count.documents for count in self.counts) + self.undated.documents


def period_label(day: dt.date, by: Period) -> str:
    """The period a day is in: 2004-01-05, 2004-W02 (ISO week), 2004-01 or 2004."""
    if by is Period.DAY:
        return day.isoformat()
    if by is Period.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by is Period.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _period_start(day: dt.date, by: Period) -> dt.date:
    if by is Period.DAY:
        return day
    if by is Period.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if by is Period.MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_start(start: dt.date, by: Period) -> dt.date:
    if by is Period.DAY:
        return start + dt.timedelta(days=1)
    if by is Period.WEEK:
        return start + dt.timedelta(days=7)
    if by is Period.MONTH:
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return dt.date(start.year + 1, 1, 1)


def period_count(first: dt.date, last: dt.date, by: Period) -> int:
    """How many periods it takes from `first` to `last`, both included."""
    if by is Period.DAY:
        return (last - first).days + 1
    if by is Period.WEEK:
        return (_period_start(last, by) - _period_start(first, by)).days // 7 + 1
    if by is Period.MONTH:
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def periods_between(first: dt.date, last: dt.date, by: Period) -> list[str]:
    """Every period from the one of `first` to the one of `last`, in order."""
    labels: list[str] = []
    start = _period_start(first, by)
    while start <= last:
        labels.append(period_label(start, by))
        if start >= dt.date.max - dt.timedelta(days=366):
            break  # the calendar ends here
        start = _next_start(start, by)
    return labels


def choose_period(first: dt.date, last: dt.date) -> Period:
    """The shortest period that draws the span in at most MAX_PERIODS bars."""
    for by in (Period.DAY, Period.WEEK, Period.MONTH):
        if period_count(first, last, by) <= MAX_PERIODS:
            return by
    return Period.YEAR


def measure_of(query: Query | None) -> Measure:
    """What a timeline of the query counts as mentions (see the module's docstring)."""
    if named_entities(query) is not None:
        return Measure.ENTITIES
    if positive_words(query) is not None:
        return Measure.WORDS
    return Measure.ALL_ENTITIES


def daily_counts(
    store: CorpusStore, query: Query | None, read_hits_at_most: int = READ_HITS_AT_MOST
) -> dict[dt.date | None, tuple[int, int]]:
    """The documents the query matches and their mentions (see Measure), per day (None: undated);
    a query matching more than `read_hits_at_most` documents has a plain word's hits read from the
    full-text index (see _word_hits)."""
    where, parameters = matching(query)
    named = named_entities(query)
    resolved = named_resolved(query)
    if resolved is not None and resolution_current(store):
        return _final_counts(store, query, resolved, where, parameters)
    if named is not None and _only_names(query):
        # The documents are those with a row in entity_documents for the entities: one walk.
        return {_day(date): (count, int(total)) for date, count, total in store.db.execute(
            f"SELECT d.date, count(DISTINCT d.id), total(ed.mentions) FROM {_MENTIONS_BY_DAY}"
            f" WHERE ed.entity IN ({named[0]}) GROUP BY d.date", named[1]
        )}
    documents = store.db.execute(
        f"SELECT d.date, count(*) FROM documents d WHERE {where} GROUP BY d.date", parameters
    ).fetchall()
    if named is None and positive_words(query) is not None:
        many = sum(count for _, count in documents) > read_hits_at_most
        mentions = _word_hits(store, query, many)
    elif named is not None:
        mentions = {_day(date): int(total) for date, total in store.db.execute(
            f"SELECT d.date, total(ed.mentions) FROM {_MENTIONS_BY_DAY} WHERE {where}"
            f" AND ed.entity IN ({named[0]}) GROUP BY d.date", [*parameters, *named[1]]
        )}
    else:
        mentions = _every_mention(store, where, parameters)
    return {_day(date): (count, mentions.get(_day(date), 0)) for date, count in documents}


def _final_counts(
    store: CorpusStore, query: Query | None, resolved: tuple[str, list[object]], where: str,
    parameters: list[object],
) -> dict[dt.date | None, tuple[int, int]]:
    """daily_counts of a query naming entities (`entity:`, `type:`) while the resolution is
    current: the final entities it names across the corpus, as corrected (as the query matches
    them), their rows read by final_days. A query of names alone matches the documents of their
    rows; another, those its SQL selects. With mentions relabelled alone, a `type:`'s documents
    are its label's in label_documents, as search finds them (a document whose every mention of
    the label was relabelled away is not one; one given the label by a mention alone is)."""
    ids = [entity_id for (entity_id,) in store.db.execute(*resolved)]
    rows = final_rows(store, ids)
    labels = named_labels(query)
    relabels = bool(labels) and relabels_alone(store)
    if _only_names(query) and relabels:
        own = named_resolved(query, types=False)
        named = [entity for (entity,) in store.db.execute(*own)] if own is not None else []
        documents = np.unique(np.concatenate([final_rows(store, named)[0], label_documents(store, labels)]))
    elif _only_names(query):
        documents = np.unique(rows[0])
    else:
        documents = matching_documents(store, where, parameters)
    changes = _relabelled_changes(store, query, set(ids)) if relabels else {}
    return day_counts(store, documents, rows if _only_names(query) else _within(rows, documents), changes)


def _within(rows: tuple[Ids, Ids], documents: Ids) -> tuple[Ids, Ids]:
    """The rows of these documents alone."""
    kept = np.isin(rows[0], documents)
    return rows[0][kept], rows[1][kept]


def _relabelled_changes(store: CorpusStore, query: Query | None, counted: set[int]) -> dict[int, int]:
    """What the mentions relabelled alone change in the mentions the final entities' rows give
    (`counted`: those entities), by document: each is of its own type, not its entity's."""
    own = named_resolved(query, types=False)
    named = {entity for (entity,) in store.db.execute(*own)} if own is not None else set()
    labels = named_labels(query)
    changes: Counter[int] = Counter()
    for mention in relabelled_alone(store):
        is_named = mention.label.upper() in labels or mention.entity in named
        changes[mention.document] += is_named - (mention.entity in counted)
    return {document: change for document, change in changes.items() if change}


def _every_mention(store: CorpusStore, where: str, parameters: list[object]) -> dict[dt.date | None, int]:
    """Every entity mention of the documents matching `where`, per day, as the corrections leave
    them while the resolution is current (a rejected entity's mentions are not counted, those an
    `add` correction found are; a relabel, a merge or a split moves mentions, changing none)."""
    # A document's count is in its row of document_entities (a row per document and entity,
    # read through the index by document, cost a seek per row).
    mentions = {_day(date): int(total) for date, total in store.db.execute(
        f"SELECT d.date, total(de.mentions) FROM document_entities de JOIN documents d"
        f" ON d.id = de.document WHERE {where} GROUP BY d.date", parameters
    )}
    if not resolution_current(store):
        return mentions
    # The corrections' changes: only the rows of the entities they touch are read.
    for date, change in store.db.execute(
        f"SELECT d.date, total(c.mentions) FROM ({CORRECTED_CHANGES}) c JOIN documents d"
        f" ON d.id = c.document WHERE {where} GROUP BY d.date", parameters
    ):
        day = _day(date)
        mentions[day] = max(mentions.get(day, 0) + int(change), 0)
    return mentions


def _only_names(query: Query | None) -> bool:
    """Whether a query only asks for entities (`entity:`, `type:`, or some of them with OR)."""
    match query:
        case EntityFilter() | TypeFilter():
            return True
        case Or(items=items):
            return all(map(_only_names, items))
    return False


def _day(date: str | None) -> dt.date | None:
    return None if date is None else dt.date.fromisoformat(date)


def _word_hits(store: CorpusStore, query: Query | None, many: bool) -> dict[dt.date | None, int]:
    """The hits of the query's words and phrases in the documents it matches (`many` of them),
    per day."""
    where, parameters = matching(query)
    terms = index_terms(query)
    if terms is not None and many:
        # Plain words: each occurrence is one the index holds (as highlight() marks them), read
        # from it rather than from the bodies, which are unpacked and tokenized for highlight().
        marks = ",".join("?" * len(terms))
        return {_day(date): count for date, count in store.db.execute(
            f"SELECT d.date, count(*) FROM {INSTANCES} i JOIN documents d ON d.id = i.doc"
            f" WHERE i.term IN ({marks}) AND {where} GROUP BY d.date", [*terms, *parameters])}
    hits: dict[dt.date | None, int] = {}
    highlighted = store.db.execute(
        f"SELECT d.date, highlight(bodies, 0, '{_HIT_MARK}', '') FROM bodies"
        f" JOIN documents d ON d.id = bodies.rowid WHERE bodies MATCH ? AND {where}",
        [positive_words(query), *parameters],
    )
    for date, text in highlighted:
        day = _day(date)
        hits[day] = hits.get(day, 0) + text.count(_HIT_MARK)
    return hits


def date_span(days: Iterable[dt.date | None]) -> tuple[dt.date, dt.date] | None:
    """The first and last of the days (None left out), or None if none is a date."""
    dated = [day for day in days if day is not None]
    return (min(dated), max(dated)) if dated else None


def timeline(
    store: CorpusStore,
    query: Query | None,
    by: Period | None = None,
    span: tuple[dt.date, dt.date] | None = None,
    read_hits_at_most: int = READ_HITS_AT_MOST,
) -> Timeline:
    """The timeline of `query` (None: every document), by the period given or else the one
    chosen for its span; over `span` as well if given (to line up several queries' timelines).
    `read_hits_at_most` as for daily_counts."""
    days = daily_counts(store, query, read_hits_at_most)
    return bin_days(days, measure_of(query), by, span)


def bin_days(
    days: dict[dt.date | None, tuple[int, int]],
    measure: Measure,
    by: Period | None = None,
    span: tuple[dt.date, dt.date] | None = None,
) -> Timeline:
    """Daily counts (None: undated) as a timeline: summed per period, every period of their span
    (and of `span`) listed."""
    found = date_span([*days, *(span or ())])
    if by is None:
        by = choose_period(*found) if found else Period.MONTH
    totals: dict[str, tuple[int, int]] = {}
    if found is not None:
        totals = dict.fromkeys(periods_between(*found, by), (0, 0))
    for day, (documents, mentions) in days.items():
        if day is not None:
            label = period_label(day, by)
            before = totals[label]
            totals[label] = (before[0] + documents, before[1] + mentions)
    undated = days.get(None, (0, 0))
    return Timeline(
        by,
        tuple(Count(label, documents, mentions) for label, (documents, mentions) in totals.items()),
        Count(None, *undated),
        measure,
    )
