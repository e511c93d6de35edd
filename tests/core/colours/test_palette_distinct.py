"""Entity colours must be told apart at a glance, and stand out from the page."""

from __future__ import annotations

import itertools

import pytest

from gui.core.colours.palette import Palette, colour_difference, contrast_ratio

# The types news articles are full of: these must never be confused with each other.
COMMON = ("PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL", "MONEY", "PERCENT", "ORDINAL",
          "TIME", "LOC", "EVENT", "FAC", "QUANTITY")


def test_colour_difference_of_known_colours() -> None:
    assert colour_difference("#000000", "#ffffff") == pytest.approx(100, abs=0.01)
    assert colour_difference("#86d3f2", "#86d3f2") == 0


def test_common_types_differ_by_at_least_20_lab_units() -> None:
    palette = Palette.load()
    for first, second in itertools.combinations(COMMON, 2):
        difference = colour_difference(palette.style(first).background, palette.style(second).background)
        assert difference >= 20, (first, second, round(difference, 1))


def test_all_types_differ_by_at_least_15_lab_units() -> None:
    palette = Palette.load()
    for first, second in itertools.combinations(palette.labels, 2):
        difference = colour_difference(palette.style(first).background, palette.style(second).background)
        assert difference >= 15, (first, second, round(difference, 1))


def test_every_highlight_stands_out_from_a_white_page() -> None:
    palette = Palette.load()
    for label in palette.labels:
        assert contrast_ratio(palette.style(label).background, "#ffffff") >= 1.25, label
