"""Timings of the corpus entity index and full-text search on 2,000 generated articles.

Run: `.venv/bin/python benchmarks/index_search.py`. Prints medians of RUNS runs, each against a
baseline measured in the same run: the entity index against a bare count of entity texts, the
text index against bare tokenising, and each query against a regular-expression scan of every body.
The engine runs once, on the seed's distinct paragraphs; articles reuse those spans, shifted.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from gui.core.corpus import load_document
from gui.core.document import Entity
from gui.core.engine import load_engine
from gui.core.entity_index import EntityIndex
from gui.core.mentions import group_mentions
from gui.core.postprocess import postprocess
from gui.core.text_search import TextIndex

REPO = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("SEEDVIEW_BENCH_RUNS", "5"))
DOCUMENTS = 2_000
QUERIES = ["Haftar", "the State Department", "Russian mercenaries", "Schenker NATO", "drone"]
SEPARATOR = "\n\n"
Article = tuple[str, str, tuple[Entity, ...]]  # id, body, entities


def seed_paragraphs() -> list[str]:
    """The distinct paragraphs of the bundled seed articles, in order."""
    paragraphs = [
        paragraph.strip()
        for path in sorted((REPO / "seeds").glob("*.txt"))
        for paragraph in load_document(path).body.split(SEPARATOR)
        if paragraph.strip()
    ]
    return list(dict.fromkeys(paragraphs))


def generate_articles(count: int, seed: int = 7) -> list[Article]:
    """`count` articles of 2-20 KB of shuffled seed paragraphs, with the engine's spans shifted."""
    paragraphs = seed_paragraphs()
    spans = dict(zip(paragraphs, load_engine().annotate(paragraphs), strict=True))
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        size = rng.randint(2_000, 20_000)
        chosen: list[str] = []
        while sum(len(p) + len(SEPARATOR) for p in chosen) < size:
            chosen.append(rng.choice(paragraphs))
        entities: list[Entity] = []
        offset = 0
        for paragraph in chosen:
            entities.extend(Entity(e.start + offset, e.end + offset, e.label) for e in spans[paragraph])
            offset += len(paragraph) + len(SEPARATOR)
        body = SEPARATOR.join(chosen)
        articles.append((f"article_{i:04d}", body, postprocess(body, entities)))
    return articles


def median_seconds(work: Callable[[], object]) -> float:
    """The median wall time of RUNS calls."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build_entity_index(articles: list[Article]) -> EntityIndex:
    index = EntityIndex()
    for doc_id, body, entities in articles:
        index.add_document(doc_id, group_mentions(body, entities))
    return index


def count_entity_texts(articles: list[Article]) -> Counter[tuple[str, str]]:
    return Counter((e.label, body[e.start : e.end]) for _, body, entities in articles for e in entities)


def build_text_index(articles: list[Article]) -> TextIndex:
    index = TextIndex()
    for doc_id, body, _ in articles:
        index.add_document(doc_id, body)
    return index


def tokenise_only(articles: list[Article]) -> int:
    return sum(len(re.findall(r"\w+", body.casefold())) for _, body, _ in articles)


def scan(articles: list[Article], query: str) -> int:
    """Documents containing the query's words, by scanning every body: the search without index."""
    patterns = [re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE) for word in query.split()]
    return sum(all(p.search(body) for p in patterns) for _, body, _ in articles)


def main() -> int:
    articles = generate_articles(DOCUMENTS)
    kilobytes = sum(len(body) for _, body, _ in articles) / 1000
    mentions = sum(len(entities) for _, _, entities in articles)
    rows: list[tuple[str, float, float, str]] = []
    rows.append(("entity index: group + add, all", median_seconds(lambda: build_entity_index(articles)),
                 median_seconds(lambda: count_entity_texts(articles)), ""))
    rows.append(("text index: add, all", median_seconds(lambda: build_text_index(articles)),
                 median_seconds(lambda: tokenise_only(articles)), ""))
    entity_index = build_entity_index(articles)
    rows.append(("entity index: top 100 entities", median_seconds(lambda: entity_index.top_entities()),
                 float("nan"), f"{len(entity_index.top_entities(limit=None))} entities"))
    text_index = build_text_index(articles)
    for query in QUERIES:
        hits = text_index.search(query, limit=100)
        documents = len(text_index.matching_documents(query))
        assert documents == scan(articles, query), f"the index and a full scan disagree on {query!r}"
        rows.append((f"search {query!r}, 100 hits", median_seconds(partial(text_index.search, query)),
                     median_seconds(partial(scan, articles, query)), f"{len(hits)} hits, {documents} docs"))
    tracemalloc.start()
    kept = build_text_index(articles)
    text_index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept

    print(f"\n{DOCUMENTS} articles, {kilobytes / 1000:.1f} MB of text, {mentions} entity mentions; "
          f"medians of {RUNS} runs")
    print(f"{'figure':40} {'value':>10} {'baseline':>10} {'ratio':>7}  note")
    for name, value, baseline, note in rows:
        ratio = value / baseline if baseline == baseline else float("nan")
        shown = f"{baseline * 1000:8.1f}ms" if baseline == baseline else f"{'-':>10}"
        print(f"{name:40} {value * 1000:8.1f}ms {shown} {ratio:7.2f}  {note}")
    print("baselines: counting raw entity texts; casefold + findall of every body; a regular-expression "
          "scan of every body for the query's words.")
    print(f"text index memory, word positions only (the bodies are shared): {text_index_bytes / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
