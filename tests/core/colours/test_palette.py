"""Entity colours: every OntoNotes type has a readable style, described in spaCy's words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.glossary import explain  # what spacy.explain is

from gui.core.colours.palette import (
    BAR_MIN_CONTRAST,
    WCAG_AA_NORMAL_TEXT,
    Palette,
    bar_colour,
    contrast_ratio,
    load_variant,
    relative_luminance,
)

# The 18 labels of en_core_web_sm's `ner` (tests/core/engine/test_engine.py checks the model agrees).
ONTONOTES_LABELS = (
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY",
    "NORP", "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
)  # fmt: skip


@pytest.fixture
def palette() -> Palette:
    return Palette.load()


def test_contrast_ratio_known_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)  # order does not matter
    assert contrast_ratio("#86d3f2", "#86d3f2") == pytest.approx(1.0)
    # Mid grey on white is the classic near miss for AA: 4.48:1.
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)


def test_relative_luminance_known_values() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#ff0000") == pytest.approx(0.2126)
    assert relative_luminance("#00ff00") == pytest.approx(0.7152)
    assert relative_luminance("#0000ff") == pytest.approx(0.0722)


def test_every_ontonotes_label_has_a_style(palette: Palette) -> None:
    assert sorted(palette.labels) == sorted(ONTONOTES_LABELS)
    backgrounds = [palette.style(label).background for label in ONTONOTES_LABELS]
    assert len(set(backgrounds)) == len(backgrounds), "two types share a colour"


@pytest.mark.parametrize("label", ONTONOTES_LABELS)
def test_text_is_readable_on_every_background(palette: Palette, label: str) -> None:
    style = palette.style(label)
    assert contrast_ratio(style.text, style.background) >= WCAG_AA_NORMAL_TEXT


def test_text_is_readable_on_every_spare_colour(palette: Palette) -> None:
    for colour in palette.spare_colours:
        style_text = palette.style("UNKNOWN_" + colour).text
        assert contrast_ratio(style_text, colour) >= WCAG_AA_NORMAL_TEXT, colour


@pytest.mark.parametrize("label", ONTONOTES_LABELS)
def test_description_is_spacys_explanation(palette: Palette, label: str) -> None:
    assert palette.style(label).description == explain(label)


def test_unknown_labels_get_distinct_spare_colours_stable_on_repeat(palette: Palette) -> None:
    named = {palette.style(label).background for label in ONTONOTES_LABELS}
    first = palette.style("MEDICATION")
    second = palette.style("SHIP_CLASS")
    assert first.background != second.background
    assert {first.background, second.background} <= set(palette.spare_colours)
    assert not named & {first.background, second.background}
    assert palette.style("MEDICATION") == first
    assert palette.style("SHIP_CLASS") == second
    assert second.description == "Ship Class"
    assert sorted(palette.labels) == sorted(ONTONOTES_LABELS)  # the named types only


def test_a_palette_file_may_set_text_colour_per_type(tmp_path: Path) -> None:
    path = tmp_path / "palette.json"
    path.write_text(
        json.dumps(
            {
                "text": "#000000",
                "types": {
                    "GPE": {"background": "#ffd960", "description": "Countries"},
                    "ORG": {"background": "#202020", "text": "#ffffff", "description": "Companies"},
                },
                "spare": ["#eeeeee"],
            }
        ),
        encoding="utf-8",
    )
    palette = Palette.load(path)
    assert palette.labels == ["GPE", "ORG"]
    assert palette.style("GPE").text == "#000000"
    assert palette.style("ORG").text == "#ffffff"
    # One spare colour: the next type gets a colour made for it.
    assert palette.style("X").background == "#eeeeee" != palette.style("Y").background


def test_a_corpus_configuration_names_orders_and_colours_types(palette: Palette) -> None:
    from gui.core.colours.palette import TypeDisplay

    palette.configure(
        [
            TypeDisplay("Protein", "Protein molecule", "#1f3a93"),  # dark: the text turns white
            TypeDisplay("ORG", "Organisation"),  # a known type renamed, its colour kept
            TypeDisplay("Gene"),  # no colour: a spare one, readable
            TypeDisplay("Cell", "", "#808080"),  # mid grey: neither text reads, so it is lightened
        ]
    )
    assert palette.labels[:4] == ["Protein", "ORG", "Gene", "Cell"]
    assert set(ONTONOTES_LABELS) <= set(palette.labels)
    protein = palette.style("Protein")
    assert (protein.background, protein.text) == ("#1f3a93", "#ffffff")
    assert protein.description == "Protein molecule"
    assert palette.style("ORG").background == "#86d3f2"
    assert palette.style("ORG").description == "Organisation"
    assert palette.style("Gene").background in palette.spare_colours
    for label in ("Protein", "ORG", "Gene", "Cell", *ONTONOTES_LABELS):
        style = palette.style(label)
        assert contrast_ratio(style.background, style.text) >= WCAG_AA_NORMAL_TEXT, label
    # Configuring again starts from the palette file: the corpus's types are gone.
    palette.configure([])
    assert palette.style("ORG").description == explain("ORG")
    assert palette.labels[0] == "PERSON"


def test_readable_pair_keeps_the_hue() -> None:
    import colorsys

    from gui.core.colours.palette import readable_pair

    def hue(colour: str) -> float:
        return colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]

    for colour in ("#808080", "#2e8b57", "#c71585", "#ff0000", "#0000ff", "#ffff00"):
        background, text = readable_pair(colour, "#1b1b1b")
        assert contrast_ratio(background, text) >= WCAG_AA_NORMAL_TEXT
        assert abs(hue(background) - hue(colour)) < 0.02, colour


def alone(label: str) -> str:
    """The spare colour a label gets in a palette that has seen no other unknown label."""
    return Palette.load().style(label).background


def test_a_spare_colour_depends_on_the_label_when_no_other_label_picks_it() -> None:
    labels = ["Gene", "Protein", "Cell"]
    # The premise: alone, each of these labels picks a spare colour of its own.
    assert len({alone(label) for label in labels}) == 3
    forward, backward = Palette.load(), Palette.load()
    ahead = [forward.style(label).background for label in labels]
    behind = [backward.style(label).background for label in reversed(labels)][::-1]
    assert ahead == behind == [alone(label) for label in labels]


def test_labels_that_pick_the_same_spare_colour_get_them_in_order_of_use() -> None:
    # There are more labels than spare colours: two of these must pick the same one.
    seen: dict[str, str] = {}
    for number in range(len(Palette.load().spare_colours) + 1):
        label = f"TYPE_{number}"
        colour = alone(label)
        if colour in seen:
            first, second = seen[colour], label
            break
        seen[colour] = label
    forward, backward = Palette.load(), Palette.load()
    assert forward.style(first).background == colour == backward.style(second).background
    assert forward.style(second).background == backward.style(first).background != colour


# brat's BioNLP-ST 2011 ID task: its annotation.conf's types, none coloured by a visual.conf.
ID_TASK_TYPES = [
    "Protein", "Entity", "Chemical", "Organism", "Two-component-system", "Regulon-operon",
    "Gene_expression", "Transcription", "Protein_catabolism", "Localization", "Binding",
    "Phosphorylation", "Process", "Regulation", "Positive_regulation", "Negative_regulation",
]


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("colour_blind", [False, True])
def test_more_uncoloured_types_than_spare_colours_still_get_colours_of_their_own(
    dark: bool, colour_blind: bool
) -> None:
    from gui.core.colours.palette import TypeDisplay, colour_difference

    palette = load_variant(dark, colour_blind)
    assert len(ID_TASK_TYPES) > len(palette.spare_colours)
    palette.configure(TypeDisplay(label) for label in ID_TASK_TYPES)
    styles = [palette.style(label) for label in ID_TASK_TYPES]
    named = [palette.style(label).background for label in palette.labels if label not in ID_TASK_TYPES]
    for number, style in enumerate(styles):
        others = [other.background for other in styles if other is not style] + named
        nearest = min(colour_difference(style.background, other) for other in others)
        assert nearest >= 10, (style.label, style.background, nearest)
        assert contrast_ratio(style.background, style.text) >= WCAG_AA_NORMAL_TEXT, style.label
        if number < len(palette.spare_colours):
            assert style.background in palette.spare_colours  # the spare ones first
    assert palette.labels[: len(ID_TASK_TYPES)] == ID_TASK_TYPES


def test_bars_are_darker_and_stand_out_from_a_white_page(palette: Palette) -> None:
    for label in palette.labels:
        background = palette.style(label).background
        bar = bar_colour(background)
        assert contrast_ratio(bar, "#ffffff") >= BAR_MIN_CONTRAST, label
        assert relative_luminance(bar) < relative_luminance(background), label
    bars = {bar_colour(palette.style(label).background) for label in palette.labels}
    assert len(bars) == len(palette.labels)


@pytest.mark.parametrize("page", ["#ffffff", "#f5f5f5", "#1e1e1e", "#000000"])
def test_bars_stand_out_from_any_page(palette: Palette, page: str) -> None:
    for colour in [*(palette.style(label).background for label in palette.labels), *palette.spare_colours]:
        assert contrast_ratio(bar_colour(colour, page), page) >= BAR_MIN_CONTRAST, (colour, page)


def test_a_bar_is_the_viewers_darker_shade_when_that_stands_out() -> None:
    # A pale colour darkened as QColor.darker(150) does: its HSV value divided by 1.5.
    assert bar_colour("#ccccff") == "#8888aa"


def test_configuring_many_types_looks_at_each_style_a_few_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Configuring is linear in the types: picking each one's spare colour does not look at the
    colour of every type styled before it."""
    from gui.core.colours import palette as palette_module
    from gui.core.colours.palette import TypeDisplay, TypeStyle

    class CountedStyle(TypeStyle):
        looks = 0

        @property
        def background(self) -> str:
            CountedStyle.looks += 1
            return str(tuple.__getitem__(self, 1))

    monkeypatch.setattr(palette_module, "TypeStyle", CountedStyle)
    palette = Palette.load()
    types = [TypeDisplay(f"Type_{number}") for number in range(3_000)]  # spare colours, all of them
    CountedStyle.looks = 0
    palette.configure(types)
    assert CountedStyle.looks < 10 * len(types)
    assert palette.labels[: len(types)] == [display.label for display in types]
    assert palette.style("Type_0").background in palette.spare_colours
    assert palette.display_name("Type_7") == "Type_7"
