"""The corpus store (issue 14), each figure against a baseline from the same run.

On 100,000 generated full-length (2-3 KB) articles: `seedview search`, whole process, against
`grep -rli PHRASE FOLDER`; search p95 for words, phrase, entity: and date: queries (and words and
a phrase found in a few per cent of the articles, as typed queries are); `seedview
index` with nothing changed, whole process, against a Python process that scandirs and stats
every file; the first `seedview index` with a warm entity cache on 2 cores, against reading every
file in Python; the Ctrl+E filter (store_entities.mentioning) and the top-entities table
(store_entities.entities, top=500). On 2,000 articles: a reopen (a whole `seedview search` process
on an indexed corpus, staleness checked) against grep. On 1,000,000 short generated documents
written through the store's insert_document (no files): the store's size against the text's,
and search p95.

The generated corpora and their warm entity caches are kept under /tmp/seedview-bench and reused
by later runs (the first run writes them: about half an hour for the million). The entity cache
is warmed as the annotation benchmarks do: the engine runs once on the distinct paragraphs the
articles are made of, and each article's spans are those, shifted.
Run: `.venv/bin/python benchmarks/corpus_store.py [--quick] [--documents N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.english_text import SEPARATOR, ArticleWriter
from benchmarks.table import Row, measured, median, print_table, run_count
from gui.core.corpus.corpus import iter_document_paths, load_document
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_entities import entities, entity_documents, mentioning, same_person
from gui.core.corpus.store_query import predicate, search
from gui.core.corpus.store_schema import SCHEMA_VERSION
from gui.core.corpus.store_writes import insert_document
from gui.core.model.document import Document, Entity, Source
from gui.core.search.query import parse_query

REPOSITORY = Path(__file__).resolve().parents[1]
BENCH_FOLDER = Path(tempfile.gettempdir()) / "seedview-bench"
READY = "ready"  # written last in a prepared folder: one without it is made again
DOCUMENTS = 100_000
QUICK_DOCUMENTS = 10_000
REOPEN_DOCUMENTS = 2_000
BIG_DOCUMENTS = 1_000_000
QUICK_BIG_DOCUMENTS = 100_000
TOP_ENTITIES = 500
P95_RUNS = 40
PROCESSES = 2
PHRASE = "State Department"
QUERIES = {
    "words": "russia forces",
    "phrase": '"State Department"',
    "entity:": 'entity:"Khalifa Haftar"',
    "date:": "date:2019-11 libya",
}
BIG_QUERIES = {**QUERIES, "entity:": "entity:Entity00000"}  # the most mentioned name
# The rows above match most of the articles: the generator draws its news from a few paragraphs,
# so each of their words is in a third of the articles or more, which nobody searches for. These
# match a few per cent, as what people type does (prose words: rarer ones are in few paragraphs).
TYPICAL_QUERIES = {"words (typical)": "universal newlines", "phrase (typical)": '"backward compatibility"'}
BRIEF_ENTITIES = 20_000
BRIEF_VERBS = ("said", "agreed", "declined to comment", "denied it", "was not available")


def best(times: list[float]) -> float:
    """The fastest of the runs: the least disturbed by other work on a shared machine."""
    return min(times)


def p95(times: list[float]) -> float:
    """The 95th percentile of the runs."""
    return statistics.quantiles(times, n=20)[-1]


def timed(work: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def load() -> str:
    """The machine's load averages, for the notes: the machine is shared."""
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


# ---- the corpora, made once and kept ------------------------------------------------------------


def warm_cache(folder: Path, cache_folder: Path) -> None:
    """Put every article's entities in the entity cache, from one engine run per distinct paragraph."""
    from gui.core.engine.cache import CACHE_FILE_NAME, EntityCache, text_key
    from gui.core.engine.engine import load_engine, pipeline_name

    bodies = [load_document(path).body for path in iter_document_paths(folder)]
    paragraphs = sorted({p for body in bodies for p in body.split(SEPARATOR)})
    spans = dict(zip(paragraphs, load_engine().annotate(paragraphs), strict=True))
    cache_folder.mkdir(parents=True, exist_ok=True)
    cache = EntityCache(cache_folder / CACHE_FILE_NAME, pipeline_name())
    items = []
    for body in bodies:
        found: list[Entity] = []
        offset = 0
        for paragraph in body.split(SEPARATOR):
            found.extend(e._replace(start=e.start + offset, end=e.end + offset) for e in spans[paragraph])
            offset += len(paragraph) + len(SEPARATOR)
        items.append((text_key(body), found))
    cache.put_many(items)
    cache.close()


def prepared_corpus(count: int) -> Path:
    """A folder holding `corpus/` (`count` articles of 2-3 KB) and `cache/` (their warm entity
    cache), made once under BENCH_FOLDER and reused."""
    place = BENCH_FOLDER / f"articles-{count}"
    if not (place / READY).exists():
        shutil.rmtree(place, ignore_errors=True)
        print(f"writing {count:,} articles and their entity cache in {place} …", file=sys.stderr, flush=True)
        ArticleWriter().write_articles(place / "corpus", count, 2_000, 3_000)
        warm_cache(place / "corpus", place / "cache")
        (place / READY).touch()
    return place


@functools.cache
def brief_weights() -> list[float]:
    """Zipf-Mandelbrot cumulative weights of the briefs' names: rank r weighs 1 / (r + 10)."""
    return list(itertools.accumulate(1 / (rank + 10) for rank in range(BRIEF_ENTITIES)))


def short_document(number: int, writer: ArticleWriter, chance: random.Random) -> Document:
    """A brief: one to three sentences of the English text (a tenth of them news), and 4-8
    mentions of BRIEF_ENTITIES generated names (Zipf-like), each in a short sentence."""
    parts = [writer.short_body(3)]
    found: list[Entity] = []
    at = len(parts[0])
    for _ in range(chance.randint(4, 8)):
        name = f"Entity{chance.choices(range(BRIEF_ENTITIES), cum_weights=brief_weights())[0]:05d}"
        start = at + 1
        found.append(Entity(start, start + len(name), ("PERSON", "ORG", "GPE")[len(found) % 3]))
        sentence = f"{name} {chance.choice(BRIEF_VERBS)}."
        parts.append(sentence)
        at = start + len(sentence)
    date = dt.date(2015, 1, 1) + dt.timedelta(days=chance.randrange(6 * 365))
    return Document(Path(f"doc{number:07d}.txt"), f"doc{number:07d}", date, " ".join(parts), tuple(found),
                    entity_source=Source.BRAT)


def prepared_big_store(count: int) -> tuple[Path, int]:
    """The store file of `count` short generated documents, written in batched transactions
    through insert_document, made once under BENCH_FOLDER; and their text's size in bytes."""
    place = BENCH_FOLDER / f"store-{count}-schema-{SCHEMA_VERSION}"
    if not (place / READY).exists():
        shutil.rmtree(place, ignore_errors=True)
        place.mkdir(parents=True)
        print(f"writing a store of {count:,} documents in {place} …", file=sys.stderr, flush=True)
        store = CorpusStore(place / "store.sqlite3", place)
        writer = ArticleWriter(seed=14, news_share=0.1)
        chance = random.Random(14)
        text_bytes = 0
        for first in range(0, count, 5_000):
            store.db.execute("BEGIN IMMEDIATE")
            for number in range(first, min(first + 5_000, count)):
                document = short_document(number, writer, chance)
                text_bytes += len(document.body.encode())
                insert_document(store.db, (document.path.name.encode(), -1), (0, 0, -1, -1), document)
            store.db.execute("COMMIT")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        (place / "text_bytes").write_text(str(text_bytes))
        (place / READY).touch()
    return place / "store.sqlite3", int((place / "text_bytes").read_text())


# ---- what is timed -----------------------------------------------------------------------------


def seedview(args: list[str], home: Path) -> float:
    """Seconds a whole `seedview ARGS` process takes."""
    env = dict(os.environ, XDG_CACHE_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gui", *args], env=env, cwd=REPOSITORY, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


SCAN_AND_STAT = "import os, sys\nwith os.scandir(sys.argv[1]) as entries:\n    for entry in entries:\n" \
    "        entry.stat()\n"


def scan_and_stat_process(folder: Path) -> float:
    """Seconds a whole Python process takes to scandir the folder and stat every file."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", SCAN_AND_STAT, str(folder)], check=True)
    return time.perf_counter() - started


def scan_and_stat(folder: Path) -> float:
    """Seconds a scandir of the folder and a stat of every file take in this process."""
    started = time.perf_counter()
    with os.scandir(folder) as entries:
        for entry in entries:
            entry.stat()
    return time.perf_counter() - started


def read_every_file(folder: Path) -> float:
    """Seconds reading every file's text takes in this process (the floor of a first index)."""
    started = time.perf_counter()
    with os.scandir(folder) as entries:
        for entry in entries:
            with open(entry.path, encoding="utf-8") as file:
                file.read()
    return time.perf_counter() - started


def grep(folder: Path) -> float:
    """Seconds `grep -rli PHRASE FOLDER` takes."""
    started = time.perf_counter()
    subprocess.run(["grep", "-rli", PHRASE, str(folder)], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def count_rows(store: CorpusStore, sql: str, parameters: list[object]) -> int:
    """The count a bare `SELECT count(*) ...` gives."""
    return int(store.db.execute(sql, parameters).fetchone()[0])


def query_rows(store: CorpusStore, queries: dict[str, str], scale: str, limit: float, note: str) -> list[Row]:
    """A row per query: its p95 over P95_RUNS searches (20 results with their hits and snippets),
    against the p95 of a bare count of its matching documents (the same SQL predicate)."""
    rows = []
    for kind, text in queries.items():
        query = parse_query(text)
        where, parameters = predicate(query)
        count_sql = f"SELECT count(*) FROM documents d WHERE {where}"
        matches = store.db.execute(count_sql, parameters).fetchone()[0]
        search(store, query, 20)
        value = p95([timed(partial(search, store, query, 20)) for _ in range(P95_RUNS)])
        bare = p95([timed(partial(count_rows, store, count_sql, parameters)) for _ in range(P95_RUNS)])
        rows.append(measured(
            f"search p95, {kind} `{text}`, {scale}", value, baseline=bare, limit=limit,
            note=f"{note}; {matches:,} matching documents; p95 of {P95_RUNS}, 20 results with snippets "
            f"({load()}); baseline: a bare count of the matches"))
    return rows


def fresh_home(scratch: Path, place: Path) -> Path:
    """A cache home for seedview (XDG_CACHE_HOME) holding a copy of the warm entity cache."""
    from gui.core.engine.cache import CACHE_FILE_NAME

    home = Path(tempfile.mkdtemp(prefix="home-", dir=scratch))
    cache_folder = home / "Seedview" / "Seedview"
    cache_folder.mkdir(parents=True)
    shutil.copyfile(place / "cache" / CACHE_FILE_NAME, cache_folder / CACHE_FILE_NAME)
    return home


# ---- the rows ----------------------------------------------------------------------------------


def command_rows(count: int, runs: int, scratch: Path, size_note: str) -> list[Row]:
    """index (first, unchanged), search (whole process and p95), Ctrl+E and top entities."""
    place = prepared_corpus(count)
    folder = place / "corpus"
    home = fresh_home(scratch, place)
    cache_folder = home / "Seedview" / "Seedview"
    text_mb = sum(entry.stat().st_size for entry in os.scandir(folder)) / 1e6
    read_s = best([read_every_file(folder) for _ in range(2)])
    load_before = load()
    first = seedview(["index", str(folder), "--processes", str(PROCESSES)], home)
    rows = [measured(
        f"first `seedview index`, {count:,} articles, warm entity cache, {PROCESSES} processes",
        first, baseline=read_s, limit=120.0,
        note=f"{size_note}; one run ({load_before}); baseline: reading every file in Python "
        f"({text_mb:.0f} MB)")]

    store_file = next((cache_folder / "stores").glob("*.sqlite3"))
    store_mb = sum(Path(f"{store_file}{end}").stat().st_size for end in ("", "-wal")
                   if Path(f"{store_file}{end}").exists()) / 1e6
    rows.append(measured(
        f"store size, {count:,} articles", store_mb, baseline=text_mb, max_ratio=3.0, unit="MB",
        note=f"{size_note}; the store file and its write-ahead log after the first index; baseline: "
        "the articles' files"))

    scan_and_stat_process(folder)
    unchanged = [seedview(["index", str(folder)], home) for _ in range(runs)]
    stat_process = [scan_and_stat_process(folder) for _ in range(runs)]
    stat_in_process = best([scan_and_stat(folder) for _ in range(runs)])
    rows.append(measured(
        f"`seedview index`, nothing changed, {count:,} articles", median(unchanged),
        baseline=median(stat_process), max_ratio=3.0,
        note=f"{size_note}; medians of {runs}, whole processes both ({load()}); a scandir + stat "
        f"in this process takes {stat_in_process * 1000:.0f} ms"))

    cli_search = [seedview(["search", str(folder), f'"{PHRASE}"'], home) for _ in range(runs)]
    grep_s = [grep(folder) for _ in range(runs)]
    rows.append(measured(
        f"`seedview search '\"{PHRASE}\"'`, {count:,} articles, whole process", median(cli_search),
        baseline=median(grep_s), max_ratio=0.25,
        note=f"{size_note}; medians of {runs} ({load()}); baseline: grep -rli '{PHRASE}' FOLDER, "
        "page cache warm"))

    store = CorpusStore.for_corpus(cache_folder, folder)
    rows += query_rows(store, {**QUERIES, **TYPICAL_QUERIES}, f"{count:,} articles", 0.050, size_note)

    top = entities(store, top=TOP_ENTITIES)
    if not top:
        store.close()
        raise RuntimeError(f"the store of {folder} has no entities: was it rebuilt by another version?")
    person = next((entity for entity in top if entity.label == "PERSON"), top[0])
    names = same_person(store, person.label, person.key)
    marks = ",".join("?" * len(names))
    rows_sql = f"SELECT document, mentions FROM entity_documents WHERE entity IN ({marks})"
    bare = p95([timed(lambda: store.db.execute(rows_sql, names).fetchall()) for _ in range(P95_RUNS)])
    shown = len(entity_documents(store, person.label, person.key).documents)
    # What the window asks (Ctrl+E): the ids of the documents, without their counts.
    filter_p95 = p95([timed(lambda: mentioning(store, person.label, person.key)) for _ in range(P95_RUNS)])
    counted_p95 = p95([timed(lambda: entity_documents(store, person.label, person.key))
                       for _ in range(P95_RUNS)])
    rows.append(measured(
        f"Ctrl+E filter (mentioning) of {person.name}, {count:,} articles", filter_p95,
        baseline=bare, limit=0.100,
        note=f"{size_note}; p95 of {P95_RUNS}; the most frequent PERSON: {shown:,} documents with its "
        f"other names ({load()}); with each document's count, most first (entity_documents): "
        f"{counted_p95 * 1000:.0f} ms; baseline: a bare read of those names' document rows"))
    table_p95 = p95([timed(lambda: entities(store, top=TOP_ENTITIES)) for _ in range(P95_RUNS)])
    bare_top = p95([timed(lambda: store.db.execute(
        "SELECT id FROM entities ORDER BY documents DESC LIMIT ?", [TOP_ENTITIES]).fetchall())
        for _ in range(P95_RUNS)])
    rows.append(measured(
        f"top-entities table (entities, top={TOP_ENTITIES}), {count:,} articles", table_p95,
        baseline=bare_top, limit=0.100,
        note=f"{size_note}; p95 of {P95_RUNS} ({load()}); baseline: the top ids alone"))
    store.close()
    return rows


def reopen_row(runs: int, scratch: Path) -> Row:
    """A whole `seedview search` on 2,000 indexed articles: the store checked and searched."""
    place = prepared_corpus(REOPEN_DOCUMENTS)
    folder = place / "corpus"
    home = fresh_home(scratch, place)
    seedview(["index", str(folder), "--processes", str(PROCESSES)], home)
    reopen = [seedview(["search", str(folder), "russia"], home) for _ in range(runs)]
    checked = [seedview(["index", str(folder)], home) for _ in range(runs)]
    grep_s = [grep(folder) for _ in range(runs)]
    return measured(
        f"reopen of {REOPEN_DOCUMENTS:,} articles: whole `seedview search` process",
        median(reopen), baseline=median(grep_s), limit=1.0,
        note=f"median of {runs} ({load()}); the store is checked by the folder's stamp; a whole "
        f"`seedview index` process, which stats every file, takes {median(checked) * 1000:.0f} ms; "
        f"baseline: grep -rli '{PHRASE}' FOLDER")


def big_store_rows(count: int, scratch: Path, size_note: str) -> list[Row]:
    """The store's size against its text's, and search p95, on `count` short documents."""
    source, text_bytes = prepared_big_store(count)
    copy = scratch / "big.sqlite3"
    shutil.copyfile(source, copy)
    store_bytes = copy.stat().st_size
    store = CorpusStore(copy, scratch)
    rows = [measured(
        f"store size, {count:,} generated documents", store_bytes / 1e6, baseline=text_bytes / 1e6,
        max_ratio=3.0, unit="MB",
        note=f"{size_note}; written by insert_document in transactions of 5,000 (no files), "
        f"briefs of {text_bytes / count:,.0f} bytes on average with 4-8 mentions; baseline: the text's "
        "UTF-8 size")]
    rows += query_rows(store, BIG_QUERIES, f"{count:,} generated documents", 0.200, size_note)
    store.close()
    return rows


def main(quick: bool = False, documents: int | None = None) -> list[Row]:
    """Time the store's commands and questions; return the rows (printed when run as a script)."""
    runs = run_count(quick)
    count = documents or (QUICK_DOCUMENTS if quick else DOCUMENTS)
    big = QUICK_BIG_DOCUMENTS if quick else BIG_DOCUMENTS
    size_note = f"{count:,} articles" + (f" (quick: not {DOCUMENTS:,})" if count < DOCUMENTS else "")
    big_note = f"{big:,} documents" + (f" (quick: not {BIG_DOCUMENTS:,})" if big < BIG_DOCUMENTS else "")
    with tempfile.TemporaryDirectory(prefix="seedview-store-bench-") as name:
        scratch = Path(name)
        rows = command_rows(count, runs, scratch, size_note)
        rows.append(reopen_row(runs, scratch))
        rows += big_store_rows(big, scratch, big_note)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer runs and documents")
    parser.add_argument("--documents", type=int, help=f"articles (default: {DOCUMENTS:,})")
    options = parser.parse_args()
    print_table("The corpus store (issue 14)", main(options.quick, options.documents))
