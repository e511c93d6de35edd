"""An extra: the corpus entity index and full-text search on 2,000 generated articles of 2-20 KB.

Each figure against a baseline measured in the same run: the entity index against a bare count
of entity texts, the text index against bare tokenising, each query against a regular-expression
scan of every body. The engine runs once, on the distinct paragraphs the articles are made of;
the articles reuse those spans, shifted.
Run: `.venv/bin/python benchmarks/index_search.py [--quick]`.
"""

from __future__ import annotations

import re
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.english_text import SEPARATOR, ArticleWriter, news_paragraphs, prose_paragraphs
from benchmarks.table import Row, measured, median, print_table, run_count
from gui.core.engine.engine import load_engine
from gui.core.entities.entity_index import EntityIndex
from gui.core.entities.mentions import group_mentions
from gui.core.entities.postprocess import postprocess
from gui.core.model.document import Entity
from gui.core.search.text_search import TextIndex

DOCUMENTS = 2_000
QUERIES = ["Haftar", "the State Department", "Russian mercenaries", "Schenker NATO", "drone"]
Article = tuple[str, str, tuple[Entity, ...]]  # id, body, entities


def generate_articles(count: int, seed: int = 7) -> list[Article]:
    """`count` articles of 2-20 KB of shuffled paragraphs, with the engine's spans shifted."""
    paragraphs = list(dict.fromkeys((*news_paragraphs(), *prose_paragraphs())))
    spans = dict(zip(paragraphs, load_engine().annotate(paragraphs), strict=True))
    writer = ArticleWriter(seed)
    articles = []
    for i in range(count):
        chosen = writer.paragraphs(writer.size_between(2_000, 20_000))
        entities: list[Entity] = []
        offset = 0
        for paragraph in chosen:
            entities.extend(Entity(e.start + offset, e.end + offset, e.label) for e in spans[paragraph])
            offset += len(paragraph) + len(SEPARATOR)
        body = SEPARATOR.join(chosen)
        articles.append((f"article_{i:04d}", body, postprocess(body, entities)))
    return articles


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return median(times)


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


def main(quick: bool = False) -> list[Row]:
    """Time the indexes and the searches against their bare baselines; return the rows."""
    runs = run_count(quick)
    articles = generate_articles(DOCUMENTS)
    megabytes = sum(len(body) for _, body, _ in articles) / 1e6
    mentions = sum(len(entities) for _, _, entities in articles)
    corpus = f"{DOCUMENTS:,} articles, {megabytes:.1f} MB, {mentions:,} entity mentions"
    rows = [
        measured("entity index: group and add every article",
                 median_seconds(lambda: build_entity_index(articles), runs),
                 baseline=median_seconds(lambda: count_entity_texts(articles), runs),
                 note=f"{corpus}; baseline: counting the raw entity texts"),
        measured("text index: add every article", median_seconds(lambda: build_text_index(articles), runs),
                 baseline=median_seconds(lambda: tokenise_only(articles), runs),
                 note="baseline: casefold and findall(r'\\w+') of every body"),
    ]
    entity_index = build_entity_index(articles)
    rows.append(measured("entity index: top 100 entities",
                         median_seconds(entity_index.top_entities, runs),
                         note=f"{len(entity_index.top_entities(limit=None)):,} distinct entities"))
    text_index = build_text_index(articles)
    for number, query in enumerate(QUERIES):
        hits = text_index.search(query, limit=100)
        documents = len(text_index.matching_documents(query))
        assert documents == scan(articles, query), f"the index and a full scan disagree on {query!r}"
        about_baseline = "" if number else "; baseline: a regular-expression scan of every body"
        rows.append(measured(f"search {query!r}, 100 hits",
                             median_seconds(partial(text_index.search, query), runs),
                             baseline=median_seconds(partial(scan, articles, query), runs),
                             note=f"{len(hits)} hits, {documents:,} documents{about_baseline}"))
    tracemalloc.start()
    kept = build_text_index(articles)
    text_index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    rows.append(measured("text index memory (word positions; bodies shared)", text_index_bytes / 1e6,
                         unit="MB"))
    return rows


if __name__ == "__main__":
    print_table("Extra: corpus index and search", main(quick="--quick" in sys.argv))
