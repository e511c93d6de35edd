"""Small generated corpora for the insight tests: articles with a date or none, a list of entity
names mentioned (each mention an entity of its own, as a brat file would give them) and some
occurrences of the word "trade", written as `.txt` files and put in a store through its upkeep."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_upkeep import update
from gui.core.model.document import Document, Entity, Source

# One word each, so that no mention joins another (no surname of a longer name).
LABELS = {
    "Alvarez": "PERSON", "Brandt": "PERSON", "Chen": "PERSON", "Reuters": "ORG", "Nato": "ORG",
    "Unesco": "ORG", "Lima": "GPE", "Oslo": "GPE", "Paris": "GPE", "Quito": "GPE",
}  # fmt: skip
NAMES = tuple(LABELS)
WORD = "trade"
FILLER = "and"


@dataclass(frozen=True)
class Article:
    """A generated article: its date, the names it mentions in order, and its count of WORD."""

    date: dt.date | None
    names: tuple[str, ...]
    words: int = 0
    source: Source | None = Source.BRAT

    def body(self) -> str:
        """The text: each name and each WORD, with filler between them."""
        return " ".join([FILLER, *self.names, *[WORD] * self.words, FILLER]) + "."

    def file_text(self) -> str:
        """The `.txt` file: a date header if dated, then the body."""
        header = f"date {self.date.isoformat()}\n" if self.date else ""
        return header + self.body() + "\n"


def dated_or_not(first: dt.date, last: dt.date) -> st.SearchStrategy[dt.date | None]:
    """A date from `first` to `last`, or none."""
    return st.one_of(st.none(), st.dates(first, last))


def article_lists(
    dates: st.SearchStrategy[dt.date | None], most_words: int = 0, most_articles: int = 12
) -> st.SearchStrategy[list[Article]]:
    """Lists of 1 to `most_articles` articles, each dated by `dates`, naming up to six of NAMES
    and saying WORD up to `most_words` times."""
    return st.lists(
        st.builds(
            Article,
            dates,
            st.lists(st.sampled_from(NAMES), max_size=6).map(tuple),
            st.integers(0, most_words),
        ),
        min_size=1,
        max_size=most_articles,
    )


def spans(body: str) -> tuple[Entity, ...]:
    """Every known name in a body, labelled."""
    found: list[Entity] = []
    at = 0
    for word in body.rstrip(".").split(" "):
        if word in LABELS:
            found.append(Entity(at, at + len(word), LABELS[word]))
        at += len(word) + 1
    return tuple(found)


def write_store(folder: Path, articles: Iterable[Article]) -> CorpusStore:
    """The articles as files in `folder` (article_000.txt, ...) and an in-memory store of them,
    each document with its own entities and entity source."""
    folder.mkdir(parents=True, exist_ok=True)
    sources: dict[str, Source | None] = {}
    for number, article in enumerate(articles):
        name = f"article_{number:03d}"
        (folder / f"{name}.txt").write_text(article.file_text(), encoding="utf-8")
        sources[name] = article.source

    def annotate(documents: Iterable[Document]) -> Iterable[Document]:
        for document in documents:
            yield dataclasses.replace(document, entities=spans(document.body),
                                      entity_source=sources[document.id])

    store = CorpusStore(None, folder)
    update(store, folder, annotate)
    return store
