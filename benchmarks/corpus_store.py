"""The corpus store (issue 14) on N generated full-length (2-3 KB) articles, each figure against a
baseline from the same run: `seedview index` first build with a warm entity cache; an update with
nothing changed against a Python os.scandir + stat of every file; `seedview search`, whole
process, against `grep -rli PHRASE FOLDER`; search p95 for word, phrase, entity: and date: queries.

The entity cache is warmed as the annotation benchmarks do: the engine runs once on the distinct
paragraphs the articles are made of, and each article's spans are those, shifted.
Run: `.venv/bin/python benchmarks/corpus_store.py [--documents N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.english_text import SEPARATOR, ArticleWriter
from gui.core.corpus.corpus import iter_document_paths, load_document
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_query import search
from gui.core.corpus.store_upkeep import update
from gui.core.engine.cache import CACHE_FILE_NAME, EntityCache, text_key
from gui.core.engine.engine import load_engine, pipeline_name
from gui.core.model.document import Entity
from gui.core.search.query import parse_query

REPOSITORY = Path(__file__).resolve().parents[1]
PHRASE = "State Department"
QUERIES = {
    "words": "russia forces",
    "phrase": '"State Department"',
    "entity:": 'entity:"Khalifa Haftar"',
    "date:": "date:2019-11 libya",
}


def warm_cache(folder: Path, cache_folder: Path) -> None:
    """Put every article's entities in the entity cache, from one engine run per distinct paragraph."""
    bodies = [load_document(path).body for path in iter_document_paths(folder)]
    paragraphs = sorted({p for body in bodies for p in body.split(SEPARATOR)})
    spans = dict(zip(paragraphs, load_engine().annotate(paragraphs), strict=True))
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


def seedview(args: list[str], home: Path) -> float:
    """Seconds a whole `seedview ARGS` process takes."""
    env = dict(os.environ, XDG_CACHE_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gui", *args], env=env, cwd=REPOSITORY, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def scan_and_stat(folder: Path) -> float:
    started = time.perf_counter()
    with os.scandir(folder) as entries:
        for entry in entries:
            entry.stat()
    return time.perf_counter() - started


def grep(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["grep", "-rli", PHRASE, str(folder)], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def best(times: list[float]) -> float:
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    count = parser.parse_args().documents
    with tempfile.TemporaryDirectory(prefix="seedview-store-bench-") as scratch:
        folder = ArticleWriter().write_articles(Path(scratch) / "corpus", count, 2_000, 3_000)
        home = Path(scratch) / "cache"
        cache_folder = home / "Seedview" / "Seedview"
        warm_cache(folder, cache_folder)
        text_mb = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
        first = seedview(["index", str(folder), "--processes", "2"], home)
        store_file = next((cache_folder / "stores").glob("*.sqlite3"))
        store_mb = sum(Path(f"{store_file}{s}").stat().st_size for s in ("", "-wal")
                       if Path(f"{store_file}{s}").exists()) / 1e6
        unchanged = best([seedview(["index", str(folder)], home) for _ in range(3)])
        stat_s = best([scan_and_stat(folder) for _ in range(5)])
        store = CorpusStore.for_corpus(cache_folder, folder)
        in_process = []
        for _ in range(3):
            started = time.perf_counter()
            update(store, folder, lambda documents: documents)
            in_process.append(time.perf_counter() - started)
        cli_search = best([seedview(["search", str(folder), f'"{PHRASE}"'], home) for _ in range(3)])
        grep_s = best([grep(folder) for _ in range(3)])
        print(f"{count:,} documents, {text_mb:.0f} MB of text, store {store_mb:.0f} MB "
              f"({store_mb / text_mb:.1f}x the text)")
        print(f"seedview index, first build, warm cache: {first:.1f} s")
        print(f"seedview index, nothing changed: {unchanged:.2f} s whole process; update() in process "
              f"{best(in_process):.3f} s; scandir+stat {stat_s:.3f} s -> {best(in_process) / stat_s:.1f}x "
              f"(whole process {unchanged / stat_s:.1f}x)")
        print(f"seedview search '\"{PHRASE}\"': {cli_search:.2f} s whole process; grep -rli {grep_s:.2f} s "
              f"-> {cli_search / grep_s:.2f}x")
        for kind, text in QUERIES.items():
            query = parse_query(text)
            times = []
            for _ in range(30):
                started = time.perf_counter()
                search(store, query, 20)
                times.append(time.perf_counter() - started)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"search p95 {kind:<8} {text!r}: {p95 * 1000:.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
