"""Real English text this computer already has, and corpora made from it deterministically.

Three sources, no downloads: the bundled seed article (news, rich in names), spaCy's English
example sentences (headlines) and the docstrings of Python's standard library (prose with few
names). A generated article draws half of its paragraphs from the news and half from the prose,
unless told otherwise.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEPARATOR = "\n\n"
# Standard-library modules whose docstrings are read, in this order (the text must not depend on
# what else happens to be imported).
DOCUMENTED_MODULES = (
    "argparse", "asyncio", "calendar", "collections", "csv", "datetime", "decimal",
    "email.message", "fractions", "functools", "http.client", "json", "logging", "pathlib",
    "random", "shutil", "socket", "sqlite3", "statistics", "string", "subprocess", "tarfile",
    "tempfile", "textwrap", "threading", "typing", "unittest", "urllib.request",
    "xml.etree.ElementTree", "zipfile",
)
SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")


@functools.cache
def news_paragraphs() -> tuple[str, ...]:
    """The seed articles' paragraphs and spaCy's English example sentences."""
    from spacy.lang.en.examples import sentences

    from gui.core.corpus.corpus import load_document

    paragraphs = [
        paragraph.strip()
        for path in sorted((REPO / "seeds").glob("*.txt"))
        for paragraph in load_document(path).body.split(SEPARATOR)
    ]
    paragraphs.extend(sentence if sentence.endswith("?") else f"{sentence}." for sentence in sentences)
    return tuple(dict.fromkeys(p for p in paragraphs if p))


@functools.cache
def prose_paragraphs() -> tuple[str, ...]:
    """Paragraphs of prose from the docstrings of Python's standard library."""
    paragraphs: list[str] = []
    for text in _docstrings():
        for paragraph in text.split(SEPARATOR):
            paragraph = re.sub(r"\s+", " ", paragraph).strip()
            words = sum(c.isalpha() or c.isspace() for c in paragraph)
            # Prose, not examples or signatures: long enough, nearly all letters, no prompts.
            if len(paragraph) > 120 and words > 0.9 * len(paragraph) and ">>>" not in paragraph:
                paragraphs.append(paragraph)
    return tuple(dict.fromkeys(paragraphs))


def _docstrings() -> Iterator[str]:
    for name in DOCUMENTED_MODULES:
        module = importlib.import_module(name)
        yield inspect.getdoc(module) or ""
        for attribute, value in sorted(vars(module).items()):
            if attribute.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            yield inspect.getdoc(value) or ""
            if inspect.isclass(value):
                for method, function in sorted(vars(value).items()):
                    if not method.startswith("_") and callable(function):
                        yield inspect.getdoc(function) or ""


def sentences(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """Every sentence of the paragraphs, each once."""
    found = [sentence.strip() for paragraph in paragraphs for sentence in SENTENCE_END.split(paragraph)]
    return tuple(dict.fromkeys(s for s in found if len(s) > 20))


class ArticleWriter:
    """Writes seed-format articles (a date header, then paragraphs) from a seeded generator."""

    def __init__(self, seed: int = 7, news_share: float = 0.5) -> None:
        self._rng = random.Random(seed)
        self._news_share = news_share
        self._news = news_paragraphs()
        self._prose = prose_paragraphs()
        self._news_sentences = sentences(self._news)
        self._prose_sentences = sentences(self._prose)

    def _news_next(self) -> bool:
        return self._rng.random() < self._news_share

    def paragraph(self) -> str:
        """A paragraph: news (`news_share` of the time) or prose."""
        return self._rng.choice(self._news if self._news_next() else self._prose)

    def size_between(self, smallest: int, largest: int) -> int:
        """A size for the next article."""
        return self._rng.randint(smallest, largest)

    def paragraphs(self, characters: int) -> list[str]:
        """Paragraphs until, joined, they make at least `characters` characters."""
        chosen: list[str] = []
        size = 0
        while size < characters:
            chosen.append(self.paragraph())
            size += len(chosen[-1]) + len(SEPARATOR)
        return chosen

    def body(self, characters: int) -> str:
        """An article's body of at least `characters` characters."""
        return SEPARATOR.join(self.paragraphs(characters))

    def short_body(self, most_sentences: int = 2) -> str:
        """One or two sentences, each news or prose as `paragraph` chooses: a brief."""
        count = self._rng.randint(1, most_sentences)
        return " ".join(
            self._rng.choice(self._news_sentences if self._news_next() else self._prose_sentences)
            for _ in range(count)
        )

    def header(self, number: int) -> str:
        """The seed format's date line; the date varies with the article's number."""
        return f"date {2000 + number % 25}-{1 + number % 12:02d}-{1 + number % 28:02d}\n"

    def write_articles(self, folder: Path, count: int, smallest: int, largest: int) -> Path:
        """`count` different articles of `smallest` to `largest` characters in `folder`."""
        return self._write(folder, count, lambda: self.body(self.size_between(smallest, largest)))

    def write_briefs(self, folder: Path, count: int) -> Path:
        """`count` different briefs of one or two sentences in `folder`."""
        return self._write(folder, count, self.short_body)

    def _write(self, folder: Path, count: int, make_body: Callable[[], str]) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        width = len(str(count - 1))
        written: set[int] = set()  # hashes of the bodies written
        for number in range(count):
            for _ in range(100):  # a text already written is drawn again: each is annotated once
                body = make_body()
                if hash(body) not in written:
                    break
            written.add(hash(body))
            path = folder / f"article_{number:0{width}d}.txt"
            path.write_text(self.header(number) + body, encoding="utf-8")
        return folder
