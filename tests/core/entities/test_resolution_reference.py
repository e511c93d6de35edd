"""The fast resolution gives exactly what the plain one it replaced gave (reference_resolution.py):
the same entities with the same names, labels, counts, aliases and reasons, and the same entity for
every mention, on generated corpora full of the cases its rules tell apart."""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.alias_resolution import generated, gold_mentions
from gui.core.entities.resolution import Row, collector_paused, resolve
from tests.core.entities import reference_resolution

FIRSTS = ["Tony", "Cherie", "John", "Michael", "Alex", "Kelly", "Osama", "Serena"]
SURNAMES = ["Blair", "Howard", "Smith", "Bin Laden", "Laden", "Holmes", "Williams", "Tony"]
TITLES = ["", "", "", "Mr ", "Mrs ", "Ms ", "Sir ", "Dame ", "Lord ", "Dr ", "President ", "Prime Minister "]
VARIANTS = ["{}", "{}", "{}'s", "the {}", "{}’s", " {} ", "{}".upper()]
LABELS = ["PERSON", "PERSON", "PERSON", "ORG", "GPE"]


def corpus_rows(rng: random.Random, documents: int, people: int) -> list[Row]:
    """Rows of news-like documents: full names, titled and bare surnames and first names, in
    variants, among people sharing surnames and first names, with organisations that share a
    surname's text and a few mislabelled mentions."""
    pool = [(rng.choice(FIRSTS), rng.choice(SURNAMES)) for _ in range(people)]
    rows: list[Row] = []
    for doc in range(documents):
        for _ in range(rng.randint(0, 5)):
            # Some people are in the news far more than others: they settle what a surname means.
            first, last = pool[min(int(rng.paretovariate(1.2)) - 1, people - 1)] if rng.random() < 0.5 else \
                rng.choice(pool)
            shapes = [f"{first} {last}", last, f"{rng.choice(TITLES)}{last}", f"{rng.choice(TITLES)}{first}",
                      f"{rng.choice(TITLES)}{first} {last}", last.lower(), f"{first}  {last}"]
            for text in rng.sample(shapes, rng.randint(1, len(shapes))):
                text = rng.choice(VARIANTS).format(text)
                label = "PERSON" if rng.random() < 0.85 else rng.choice(LABELS)
                rows.append((doc, text, label, rng.randint(1, 4)))
        for _ in range(rng.randint(0, 4)):
            text = rng.choice(["BBC", "Yukos", "the Yukos", "Chelsea", rng.choice(SURNAMES), "Blair's"])
            rows.append((doc, text, rng.choice(LABELS), rng.randint(1, 3)))
    rng.shuffle(rows)
    return rows


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 60), st.integers(1, 25))
def test_the_fast_resolution_equals_the_plain_one(seed: int, documents: int, people: int) -> None:
    rows = corpus_rows(random.Random(seed), documents, people)
    assert resolve(rows) == reference_resolution.resolve(rows)


def test_the_fast_resolution_equals_the_plain_one_on_a_larger_corpus() -> None:
    for seed, people in ((0, 300), (1, 40), (2, 12)):
        rows = corpus_rows(random.Random(seed), 1_500, people)
        assert resolve(rows) == reference_resolution.resolve(rows)


def test_the_fast_resolution_equals_the_plain_one_given_rows_once_as_an_iterator() -> None:
    rows = corpus_rows(random.Random(7), 200, 40)
    assert resolve(iter(rows)) == reference_resolution.resolve(rows)


def test_the_fast_resolution_equals_the_plain_one_on_the_benchmarks_corpora() -> None:
    snippets, _ = gold_mentions()
    assert resolve(snippets) == reference_resolution.resolve(snippets)
    news = generated(2_000, seed=5)
    assert resolve(news) == reference_resolution.resolve(news)


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    """Automatic collection on (a window's tests switch it off), as it was afterwards."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


@pytest.mark.usefixtures("collector_enabled")
def test_resolving_leaves_the_cycle_collector_as_it_found_it() -> None:
    rows = corpus_rows(random.Random(1), 20, 5)
    assert gc.isenabled()
    try:
        resolve(rows)
        assert gc.isenabled()
        gc.disable()
        resolve(rows)
        assert not gc.isenabled()
        with pytest.raises(ValueError), collector_paused():
            raise ValueError
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
