"""An extra: insight into a corpus store (issue 16) on 100,000 generated dated documents with
about 25 entity mentions each, over a Zipf-like distribution of 20,000 entities
(the most mentioned in about a quarter of the documents).

The store is written directly through its public write function (no files, no engine), then
resolved and corrected as the window leaves it (a merge of the most mentioned entity, a relabel,
a reject and a mention relabelled alone): every question then reads the corrected entities, as
the app's do. Each figure against a baseline from the same run: the timeline and the connections
of an entity against a bare count of its documents; the network of the top 100 entities (query
and layout) against a bare count of those entities' document rows; `type:` timelines; the corpus
overview; each network also from query to painted (the query, then drawing it in the chart's
view and painting it, offscreen), and the drawing and painting alone, which the UI thread does
(the query runs in the store's thread).
Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/insight.py [--quick] [--documents N]
[--keep FOLDER]` (--keep: write, resolve and correct the store in FOLDER once, and reuse it
while it has the current schema and N documents).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.table import Row, measured, median_time, print_table, run_count
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections, corrections_current
from gui.core.corpus.store_resolution import resolution_current, resolve_store
from gui.core.corpus.store_writes import insert_document
from gui.core.desk.correction_log import add_correction, logged_corrections
from gui.core.desk.corrections import Correction, Merge, Reject, Relabel, RelabelMention
from gui.core.insight.connections import connections
from gui.core.insight.network import Network, network, spring_layout
from gui.core.insight.overview import overview
from gui.core.insight.timeline import timeline
from gui.core.model.document import Document, Entity, Source
from gui.core.search.query import EntityFilter, Query, TypeFilter, parse_query

DOCUMENTS = 100_000
ENTITIES = 20_000
MENTIONS = (20, 30)  # per document
LABELS = ("PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL")
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 6 * 365
UNDATED_SHARE = 0.03
BATCH = 2_000
TOP = 100
# Zipf-Mandelbrot: the weight of rank r is 1 / (r + ZIPF_SHIFT); the shift flattens the head, so
# that the most mentioned entity is in about a quarter of the documents, as "US" is in the news.
ZIPF_SHIFT = 10
# The entities timed: the most mentioned (the worst case) and a typical one of the top hundred.
RANKS = (0, 50)
VIEW_SIZE = (660, 300)  # the network's part of a chart dock in a full-HD window


def entity_name(rank: int) -> str:
    """A one-word name per entity, so that every mention of it is grouped as one."""
    return f"Entity{rank:05d}"


def generate_document(number: int, chance: random.Random, weights: list[float]) -> Document:
    """A document whose body is its mentions' names between filler words, each one an entity."""
    count = chance.randint(*MENTIONS)
    ranks = chance.choices(range(ENTITIES), cum_weights=weights, k=count)
    words: list[str] = []
    entities: list[Entity] = []
    at = 0
    for rank in ranks:
        filler = "the report said that"
        name = entity_name(rank)
        start = at + len(filler) + 1
        entities.append(Entity(start, start + len(name), LABELS[rank % len(LABELS)]))
        words += [filler, name]
        at = start + len(name) + 1
    body = " ".join(words) + "."
    date = None if chance.random() < UNDATED_SHARE else FIRST_DAY + dt.timedelta(days=chance.randrange(DAYS))
    return Document(Path(f"doc{number:06d}.txt"), f"doc{number:06d}", date, body, tuple(entities),
                    entity_source=Source.BRAT)


def write_store(folder: Path, documents: int) -> CorpusStore:
    """A store of `documents` generated documents, in batched transactions."""
    folder.mkdir(parents=True, exist_ok=True)
    store = CorpusStore(folder / "store.sqlite3", folder)
    chance = random.Random(16)
    weights = list(itertools.accumulate(1 / (rank + ZIPF_SHIFT) for rank in range(ENTITIES)))
    for first in range(0, documents, BATCH):
        store.db.execute("BEGIN IMMEDIATE")
        for number in range(first, min(first + BATCH, documents)):
            document = generate_document(number, chance, weights)
            insert_document(store.db, (document.path.name.encode(), -1), (0, 0, -1, -1), document)
        store.db.execute("COMMIT")
    store.db.execute("ANALYZE")
    return store


def corrections(store: CorpusStore) -> list[Correction]:
    """What the benchmark corrects: the most mentioned entity merged with another (so that the
    entity timed is a corrected one), an entity of the top relabelled everywhere, one rejected,
    and the first mention of the first document relabelled alone."""
    start, end, text = store.db.execute(
        'SELECT start, "end", text FROM mentions WHERE document = (SELECT min(id) FROM documents)'
        " ORDER BY seq LIMIT 1").fetchone()
    first = (b"doc000000.txt", "doc000000")
    return [Merge((entity_name(0), entity_name(7))), Relabel(entity_name(3), "ORG"),
            Reject(entity_name(4)), RelabelMention(first, start, end, "EVENT", text)]


def resolved_store(store: CorpusStore) -> float:
    """Resolve the store and apply the corrections, unless it is so already (a kept store); the
    seconds it took (0 if it was)."""
    started = time.perf_counter()
    done = resolution_current(store) and corrections_current(store)
    if not resolution_current(store):
        assert resolve_store(store), "the store changed while it was resolved"
    if not logged_corrections(store.db, active_only=True):
        for correction in corrections(store):
            add_correction(store.db, correction)
    if not corrections_current(store):
        apply_corrections(store)
    return 0.0 if done else time.perf_counter() - started


def cpu(work: Callable[[], object], runs: int) -> str:
    """The median CPU time of `runs` calls of `work`, as a note: what a question costs the
    store's thread on an idle machine, where the wall time grows with the load of a shared one."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return f"CPU {median(times) * 1000:.0f} ms"


def kept_store(folder: Path, documents: int) -> tuple[CorpusStore, float]:
    """The store in `folder` if it has `documents` documents (of this schema: another is rebuilt,
    empty), else one written anew there, resolved and corrected; and the seconds it took to write
    (0 if kept)."""
    started = time.perf_counter()
    if folder.exists():
        store = CorpusStore(folder / "store.sqlite3", folder)
        if store.document_count() == documents:
            return store, resolved_store(store)
        store.close()
        shutil.rmtree(folder)
    store = write_store(folder, documents)
    resolved_store(store)
    return store, time.perf_counter() - started


class NetworkPainter:
    """The connections chart's network view, offscreen, drawing networks and painting them."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QApplication

        from gui.core.colours.palette import Palette
        from gui.widgets.charts.chart_colours import ChartColours
        from gui.widgets.charts.network_view import NetworkView

        self.app = QApplication.instance() or QApplication([])
        self.view = NetworkView()
        self.view.resize(*VIEW_SIZE)
        self.wider = False  # whether the view is a pixel wider than VIEW_SIZE now
        self.view.show()
        self.app.processEvents()
        self.colours = ChartColours.of(self.view, Palette.load())

    def paint(self, picture: Network) -> None:
        """Draw the network and paint it, as the UI thread does when the store answers: each time
        a pixel wider or narrower, so that it is spread over the view afresh (redrawn at the same
        size, the nodes it had keep their places, which costs less)."""
        self.wider = not self.wider
        self.view.resize(VIEW_SIZE[0] + self.wider, VIEW_SIZE[1])
        self.view.set_network(picture, self.colours)
        self.view.viewport().repaint()

    def query_and_paint(self, store: CorpusStore, query: Query | None) -> None:
        """Ask the store for the network of the query's top entities, then draw and paint it."""
        self.paint(network(store, query, TOP))

    def close(self) -> None:
        """Close the view."""
        self.view.close()
        self.view.deleteLater()




def entity_documents(store: CorpusStore, name: str) -> int:
    """The baseline: a bare count of an entity's documents."""
    return int(store.db.execute(
        "SELECT count(*) FROM entity_documents"
        " WHERE entity IN (SELECT entity FROM aliases WHERE alias_key = ?)", [name.casefold()],
    ).fetchone()[0])


def top_rows(store: CorpusStore) -> int:
    """The baseline of the network: a bare count of the top entities' document rows."""
    return int(store.db.execute(
        "SELECT count(*) FROM entity_documents WHERE entity IN"
        " (SELECT id FROM entities ORDER BY documents DESC LIMIT ?)", [TOP]
    ).fetchone()[0])


def main(quick: bool = False, documents: int = DOCUMENTS, keep: Path | None = None) -> list[Row]:
    """Build the store, time the timelines, connections and networks; return the rows."""
    runs = run_count(quick)
    with tempfile.TemporaryDirectory(prefix="seedview-insight-bench-") as scratch:
        store, built = kept_store((keep or Path(scratch)) / f"corpus-{documents}", documents)
        mentions, distinct = store.db.execute(
            "SELECT count(*), count(DISTINCT entity) FROM mentions").fetchone()
        (finals,) = store.db.execute("SELECT count(*) FROM final_entities").fetchone()
        corpus = (f"{documents:,} documents, {mentions:,} mentions of {distinct:,} entities"
                  f" ({finals:,} once resolved and corrected), "
                  + (f"made in {built:.0f} s" if built else "kept from an earlier run"))
        rows: list[Row] = []
        for rank in RANKS:
            name = entity_name(rank)
            charted = partial(timeline, store, EntityFilter(name))
            count = charted().documents
            baseline = median_time(partial(entity_documents, store, name), runs, warm=True)
            rows.append(measured(
                f"timeline of entity:{name} ({count:,} documents)",
                median_time(charted, runs, warm=True), baseline=baseline, limit=0.100,
                note=(corpus + "; " if rank == 0 else "") + f"{cpu(charted, runs)}; baseline: SELECT "
                "count(*) of its per-document entity's documents"
                + (f" (merged with {entity_name(7)} by a correction)" if rank == 0 else ""),
            ))
            connected = partial(connections, store, name)
            rows.append(measured(
                f"connections of {name}, top 20 by score",
                median_time(connected, runs, warm=True), baseline=baseline, limit=0.200,
                note=f"{cpu(connected, runs)}; {len(connections(store, name, top=None)):,} entities share"
                " its documents",
            ))
        for label in ("ORG", "EVENT"):
            typed = TypeFilter(label)
            found = timeline(store, typed)
            rows.append(measured(
                f"timeline of type:{label} ({found.documents:,} documents)",
                median_time(partial(timeline, store, typed), runs, warm=True),
                limit=0.100 if label == "EVENT" else None,
                note=f"{cpu(partial(timeline, store, typed), runs)}; every entity of the label, as corrected"
                + ("; one mention relabelled alone" if label == "EVENT" else ""),
            ))
        baseline = median_time(partial(top_rows, store), runs, warm=True)
        picture = network(store, None, TOP)
        sizes = [node.documents for node in picture.nodes]
        rows.append(measured(
            f"network of the top {TOP} entities (query and layout)",
            median_time(partial(network, store, None, TOP), runs, warm=True), baseline=baseline, limit=0.300,
            note=f"{cpu(partial(network, store, None, TOP), runs)}; {len(picture.edges):,} edges; baseline:"
            f" SELECT count(*) of their {top_rows(store):,} document rows; the target is from query to"
            " painted",
        ))
        rows.append(measured(
            f"  of which the layout ({TOP} nodes)",
            median_time(partial(spring_layout, sizes, list(picture.edges)), runs, warm=True),
        ))
        rows.append(measured(
            "the corpus overview (documents and mentions per period, top entities per type, sources)",
            median_time(partial(overview, store), runs, warm=True),
            note="asked of the store's thread when a folder opens with no document chosen",
        ))
        year = parse_query("date:2019")
        rows.append(measured(
            f"network of the top {TOP} entities of date:2019",
            median_time(partial(network, store, year, TOP), runs, warm=True), limit=0.300,
            note=cpu(partial(network, store, year, TOP), runs),
        ))
        painter = NetworkPainter()
        try:
            for label, query in (("", None), (" of date:2019", year)):
                rows.append(measured(
                    f"network of the top {TOP} entities{label}, from query to painted",
                    median_time(partial(painter.query_and_paint, store, query), runs, warm=True),
                    limit=0.300, note=f"in a {VIEW_SIZE[0]}×{VIEW_SIZE[1]} view, offscreen",
                ))
                picture = network(store, query, TOP)
                rows.append(measured(
                    "  of which drawing and painting it (the UI thread's part)",
                    median_time(partial(painter.paint, picture), runs, warm=True), limit=0.100,
                ))
        finally:
            painter.close()
        store.close()
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--keep", type=Path, help="write the store here once and reuse it")
    options = parser.parse_args()
    print_table("Corpus insight (issue 16)", main(options.quick, options.documents, options.keep))
