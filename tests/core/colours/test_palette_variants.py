"""The dark and colour-blind-safe palettes: readable, told apart, and described in spaCy's words."""

from __future__ import annotations

import itertools
import json

import pytest
from spacy.glossary import explain  # what spacy.explain is

from gui.core.colours.colour_vision import KINDS, simulate
from gui.core.colours.palette import (
    PALETTE_FILE,
    PALETTE_FILES,
    WCAG_AA_NORMAL_TEXT,
    Palette,
    colour_difference,
    contrast_ratio,
    load_variant,
)
from gui.core.model.resource_files import resource_path
from tests.core.colours.test_palette_distinct import COMMON

DARK_PAGE = "#1e1f22"  # the text view's background in dark mode
# The types a news article is full of: a colour-blind reader must still tell these apart.
COMMON_NEWS = ("PERSON", "NORP", "ORG", "GPE", "DATE", "CARDINAL", "MONEY")

VARIANTS = sorted(PALETTE_FILES.items())  # ((dark, colour_blind), file name)
DARK = [name for (dark, _), name in VARIANTS if dark]
LIGHT = [name for (dark, _), name in VARIANTS if not dark]
COLOUR_BLIND = [name for (_, colour_blind), name in VARIANTS if colour_blind]


def load(name: str) -> Palette:
    return Palette.load(resource_path(name))


def backgrounds(palette: Palette, labels: tuple[str, ...], kind: str | None = None) -> dict[str, str]:
    """The labels' backgrounds, as seen with normal vision or under one deficiency."""
    return {
        label: simulate(palette.style(label).background, kind) if kind else palette.style(label).background
        for label in labels
    }


def closest_pair(colours: dict[str, str]) -> tuple[float, str, str]:
    """The two most alike colours: their CIELAB distance and labels."""
    pairs = itertools.combinations(colours, 2)
    return min((colour_difference(colours[a], colours[b]), a, b) for a, b in pairs)


@pytest.mark.parametrize("name", [name for _, name in VARIANTS])
class TestEveryPalette:
    def test_has_the_default_palettes_types_in_its_order(self, name: str) -> None:
        assert load(name).labels == Palette.load().labels

    def test_text_reaches_wcag_aa_on_every_type_and_spare_colour(self, name: str) -> None:
        palette = load(name)
        for label in palette.labels:
            style = palette.style(label)
            assert contrast_ratio(style.text, style.background) >= WCAG_AA_NORMAL_TEXT, label
        text = json.loads(resource_path(name).read_text(encoding="utf-8"))["text"]
        assert palette.spare_colours
        for colour in palette.spare_colours:
            assert contrast_ratio(text, colour) >= WCAG_AA_NORMAL_TEXT, colour

    def test_descriptions_are_spacys_explanations(self, name: str) -> None:
        palette = load(name)
        for label in palette.labels:
            assert palette.style(label).description == explain(label), label

    def test_common_types_differ_by_20_and_all_types_by_15_lab_units(self, name: str) -> None:
        palette = load(name)
        difference, first, second = closest_pair(backgrounds(palette, COMMON))
        assert difference >= 20, (first, second, round(difference, 1))
        difference, first, second = closest_pair(backgrounds(palette, tuple(palette.labels)))
        assert difference >= 15, (first, second, round(difference, 1))


@pytest.mark.parametrize("name", DARK)
def test_dark_highlights_stand_out_from_the_dark_page(name: str) -> None:
    palette = load(name)
    for colour in [palette.style(label).background for label in palette.labels] + palette.spare_colours:
        assert colour_difference(colour, DARK_PAGE) >= 15, colour


@pytest.mark.parametrize("name", LIGHT)
def test_light_highlights_stand_out_from_a_white_page(name: str) -> None:
    palette = load(name)
    for label in palette.labels:
        assert contrast_ratio(palette.style(label).background, "#ffffff") >= 1.25, label


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", COLOUR_BLIND)
def test_colour_blind_readers_tell_the_common_types_apart(name: str, kind: str) -> None:
    difference, first, second = closest_pair(backgrounds(load(name), COMMON_NEWS, kind))
    assert difference >= 12, (kind, first, second, round(difference, 1))


def test_the_default_palette_confuses_common_types_under_deuteranopia() -> None:
    # Why the colour-blind option exists: PERSON's lilac and ORG's sky blue look alike.
    difference, _, _ = closest_pair(backgrounds(Palette.load(), COMMON_NEWS, "deuteranopia"))
    assert difference < 12


@pytest.mark.parametrize(("dark", "colour_blind"), PALETTE_FILES)
def test_load_variant_reads_the_file_for_the_choice(dark: bool, colour_blind: bool) -> None:
    palette = load_variant(dark, colour_blind)
    data = json.loads(resource_path(PALETTE_FILES[dark, colour_blind]).read_text(encoding="utf-8"))
    assert {label: palette.style(label).background for label in palette.labels} == {
        label: entry["background"] for label, entry in data["types"].items()
    }
    assert palette.spare_colours == data["spare"]


def test_the_four_variants_differ_and_the_light_default_is_the_usual_file() -> None:
    assert PALETTE_FILES[False, False] == PALETTE_FILE
    persons = {load_variant(*choice).style("PERSON").background for choice in PALETTE_FILES}
    assert len(persons) == 4


@pytest.mark.parametrize("kind", KINDS)
def test_greys_look_the_same_under_every_deficiency(kind: str) -> None:
    for grey in ("#000000", "#ffffff", "#808080", "#1b1b1b", "#e6e6e6"):
        assert colour_difference(simulate(grey, kind), grey) < 1, grey
    assert simulate("#000000", kind) == "#000000"
    assert simulate("#ffffff", kind) == "#ffffff"


def test_pure_red_looks_dark_yellowish_to_a_protanope() -> None:
    red, green, blue = (int(simulate("#ff0000", "protanopia")[i : i + 2], 16) for i in (1, 3, 5))
    assert blue < 10 and 80 < green < red < 130  # a dark olive yellow, far darker than red looks
    assert simulate("#ff0000", "protanopia") == "#6d5f00"  # Machado et al. (2009), severity 1


def test_red_and_green_merge_under_deuteranopia_but_not_under_tritanopia() -> None:
    red, green = "#d62728", "#2ca02c"  # a chart's red and green, far apart with normal vision
    assert colour_difference(red, green) > 100
    assert colour_difference(simulate(red, "deuteranopia"), simulate(green, "deuteranopia")) < 12
    assert colour_difference(simulate(red, "tritanopia"), simulate(green, "tritanopia")) > 100


def test_simulation_is_stable_and_rejects_unknown_kinds() -> None:
    assert [simulate("#86d3f2", kind) for kind in KINDS] == [simulate("#86d3f2", kind) for kind in KINDS]
    with pytest.raises(ValueError, match="achromatopsia"):
        simulate("#86d3f2", "achromatopsia")


def test_a_corpus_colour_stays_readable_on_the_dark_palette_too() -> None:
    from gui.core.colours.palette import TypeDisplay, contrast_ratio, load_variant, readable_pair

    dark = load_variant(dark=True, colour_blind=False)
    dark.configure([TypeDisplay("Cell", "", "#808080"), TypeDisplay("Protein", "", "#ffd0d0")])
    for label in ("Cell", "Protein", "Gene"):  # Gene: a spare colour
        style = dark.style(label)
        assert contrast_ratio(style.background, style.text) >= 4.5, label
    # Mid grey with light text: darkened, keeping the light text (the dark page's reading).
    background, text = readable_pair("#808080", "#f2f2f2")
    assert text == "#f2f2f2" and contrast_ratio(background, text) >= 4.5


def test_switching_palettes_keeps_the_corpus_types() -> None:
    from gui.core.colours.palette import Palette, TypeDisplay, load_variant

    palette = Palette.load()
    palette.configure([TypeDisplay("Protein", "Protein molecule", "#1f3a93")])
    light_org = palette.style("ORG").background
    palette.use(load_variant(dark=True, colour_blind=False))
    assert palette.style("ORG").background != light_org
    assert palette.style("Protein").description == "Protein molecule"
    assert palette.labels[0] == "Protein"
    assert palette.text == load_variant(dark=True, colour_blind=False).text


@pytest.mark.parametrize("name", ["palette.json", "palette-dark.json", "palette-colourblind.json",
                                  "palette-colourblind-dark.json"])
def test_spare_colours_stand_apart_from_every_type_and_each_other(name: str) -> None:
    """A corpus's own types (brat's Protein, Gene…) must not pass for PERSON or for each other."""
    import json

    from gui.core.colours.palette import colour_difference
    from gui.core.model.resource_files import resource_path

    data = json.loads(resource_path(name).read_text(encoding="utf-8"))
    named = [entry["background"] for entry in data["types"].values()]
    spare = data["spare"]
    for colour in spare:
        others = named + [other for other in spare if other != colour]
        assert min(colour_difference(colour, other) for other in others) >= 20, colour
