"""Entity colours and descriptions, read from `resources/palette.json`, and WCAG contrast."""

from __future__ import annotations

import colorsys
import functools
import json
import math
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from gui.core.model.resource_files import resource_path

WCAG_AA_NORMAL_TEXT = 4.5
BAR_MIN_CONTRAST = 3.0  # WCAG 1.4.11: a bar must stand out from the page like any graphic
BAR_DARKEN = 1.5  # the first shade tried: the colour's HSV value divided by 1.5 (QColor.darker(150))
PALETTE_FILE = "palette.json"
LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#1b1b1b"
# Colours made when the spare ones are all taken: hues this many degrees apart, each in these
# (lightness, saturation) shades: light ones under dark text, dark ones under light text.
MADE_HUE_STEP = 10
MADE_SHADES_UNDER_DARK_TEXT = ((0.72, 0.85), (0.82, 0.70), (0.62, 0.60))
MADE_SHADES_UNDER_LIGHT_TEXT = ((0.30, 0.70), (0.22, 0.55), (0.38, 0.45))


class TypeStyle(NamedTuple):
    """How one entity type looks: background, text colour and a plain-words description."""

    label: str
    background: str
    text: str
    description: str


class TypeDisplay(NamedTuple):
    """How a corpus's own configuration wants a type shown (brat's annotation.conf/visual.conf)."""

    label: str
    name: str = ""  # the display name, e.g. brat's long label; "" keeps the palette's
    background: str | None = None  # '#rrggbb'; None keeps the palette's or a spare colour


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a '#rrggbb' colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _hex(red: float, green: float, blue: float) -> str:
    """'#rrggbb' of channels from 0 to 1."""
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


def bar_colour(background: str, page: str = "#ffffff") -> str:
    """The colour of a type's bars on `page`: a darker shade of its '#rrggbb' background (its
    HSV value divided by 1.5, then lower still) that reaches a 3:1 contrast with the page. On a
    page too dark for any darker shade to stand out, a lighter shade of the same hue instead."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    shades = []
    darker = value / BAR_DARKEN
    while True:
        shades.append(_hex(*colorsys.hsv_to_rgb(hue, saturation, darker)))
        if darker <= 0.05:  # all but black: as dark as it usefully gets
            break
        darker *= 0.9
    # Lighter: up to the full value, then less and less saturated, to white.
    shades += [_hex(*colorsys.hsv_to_rgb(hue, saturation, value + (1 - value) * n / 10)) for n in range(11)]
    shades += [_hex(*colorsys.hsv_to_rgb(hue, saturation * (1 - n / 10), 1.0)) for n in range(1, 11)]
    for shade in shades:
        if contrast_ratio(shade, page) >= BAR_MIN_CONTRAST:
            return shade
    return max(shades, key=lambda shade: contrast_ratio(shade, page))


class Palette:
    """Styles per entity type; labels it does not know get a spare colour, chosen by the label.

    A corpus may bring its own types, names and colours (`configure`); they last until the next
    `configure`, which starts again from the palette file.
    """

    def __init__(self, styles: dict[str, TypeStyle], spare: list[str], text: str) -> None:
        self._base = dict(styles)
        self._styles = dict(styles)
        # How many styles use each background: a spare colour is given to a new type only if no
        # type has it, and counting keeps that look-up from scanning every style.
        self._used = Counter(style.background for style in styles.values())
        self._spare = spare
        self._text = text
        self._order = list(styles)
        self._displays: tuple[TypeDisplay, ...] = ()
        self._names: dict[str, str] = {}  # the corpus's display names, by label
        # Once the spare colours are all taken: colours made for the page (see _made_colour),
        # each with how far (CIELAB) it is from the nearest background in use; None until needed.
        self._made: dict[str, float] | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Palette:
        """Read a palette file (the bundled one by default)."""
        data = json.loads((path or resource_path(PALETTE_FILE)).read_text(encoding="utf-8"))
        text = data["text"]
        styles = {
            label: TypeStyle(label, entry["background"], entry.get("text", text), entry["description"])
            for label, entry in data["types"].items()
        }
        return cls(styles, list(data["spare"]), text)

    @property
    def labels(self) -> list[str]:
        """The types in their display order: the corpus's own (if configured), then the file's."""
        return list(self._order)

    @property
    def spare_colours(self) -> list[str]:
        """Backgrounds for types the palette does not name."""
        return list(self._spare)

    def display_name(self, label: str) -> str:
        """What lists call a type: a corpus's own type by the name its configuration gives it
        ('Protein domain' for Protein_domain), a palette type by its label."""
        if label in self._base:
            return label
        return self._names.get(label) or label

    @property
    def text(self) -> str:
        """The palette's usual text colour (dark on light pages, light on dark ones)."""
        return self._text

    def use(self, other: Palette) -> None:
        """Take another palette's colours (another theme, the colour-blind-safe set) while keeping
        the corpus's own types configured."""
        self._base = dict(other._base)
        self._spare = list(other._spare)
        self._text = other._text
        self.configure(self._displays)

    def configure(self, displays: Iterable[TypeDisplay]) -> None:
        """Use a corpus's own types: their names and colours, in their order before the others.

        A colour keeps its hue; the text colour is chosen (or the colour lightened) so that the
        text on it still reaches WCAG AA.
        """
        self._displays = tuple(displays)
        self._styles = dict(self._base)
        self._used = Counter(style.background for style in self._styles.values())
        self._made = None
        self._names = {}
        own: dict[str, None] = {}  # the corpus's labels, in their first order, each once
        for display in self._displays:
            known = self._styles.get(display.label)
            if display.background is not None:
                background, text = readable_pair(display.background, self._text)
            elif known is not None:
                background, text = known.background, known.text
            else:
                background, text = readable_pair(self._spare_for(display.label), self._text)
            description = display.name or (known.description if known else _readable(display.label))
            self._put(TypeStyle(display.label, background, text, description))
            own.setdefault(display.label)
            if display.name:
                self._names.setdefault(display.label, display.name)
        self._order = [*own, *(label for label in self._base if label not in own)]

    def style(self, label: str) -> TypeStyle:
        """The style of a label; an unknown label gets a spare colour, kept from then on."""
        style = self._styles.get(label)
        if style is None:
            background, text = readable_pair(self._spare_for(label), self._text)
            style = TypeStyle(label, background, text, _readable(label))
            self._put(style)
        return style

    def _put(self, style: TypeStyle) -> None:
        """Give a label its style, keeping the count of backgrounds in use."""
        old = self._styles.get(style.label)
        if old is not None:
            self._used[old.background] -= 1
            if self._used[old.background] <= 0:
                self._made = None  # a colour freed: the distances are worked out again if needed
        self._styles[style.label] = style
        self._used[style.background] += 1
        if self._made is not None:
            lab = _lab(style.background)
            for colour, gap in self._made.items():
                self._made[colour] = min(gap, math.dist(_lab(colour), lab))

    def _spare_for(self, label: str) -> str:
        """A spare colour chosen by the label's hash; the next unused one if that is taken.

        A type gets the same colour in every session unless another type whose hash picks the
        same spare colour (or the one it moved on to) was styled before it: then which of the two
        gets which colour depends on the order they were first seen.
        """
        first = zlib.crc32(label.encode("utf-8")) % len(self._spare)
        for step in range(len(self._spare)):
            colour = self._spare[(first + step) % len(self._spare)]
            # Taken as it is, or as the shade that its text reads on.
            if self._used[colour] <= 0 and self._used[readable_pair(colour, self._text)[0]] <= 0:
                return colour
        return self._made_colour()

    def _made_colour(self) -> str:
        """The spare colours are all taken: of colours made for the page, the one furthest from
        every background in use, so that no two types look alike while that can be helped."""
        if self._made is None:
            in_use = [_lab(colour) for colour, count in self._used.items() if count > 0]
            self._made = {
                colour: min((math.dist(_lab(colour), lab) for lab in in_use), default=math.inf)
                for colour in _made_colours(self._text)
            }
        made = self._made
        return max(made, key=made.__getitem__)


@functools.cache
def _made_colours(text: str) -> tuple[str, ...]:
    """Backgrounds around the colour wheel that `text` reads on (see MADE_HUE_STEP)."""
    shades = MADE_SHADES_UNDER_LIGHT_TEXT if relative_luminance(text) > 0.5 else MADE_SHADES_UNDER_DARK_TEXT
    made = (
        readable_pair(_hex(*colorsys.hls_to_rgb(hue / 360, lightness, saturation)), text)[0]
        for lightness, saturation in shades
        for hue in range(0, 360, MADE_HUE_STEP)
    )
    return tuple(dict.fromkeys(made))


def _readable(label: str) -> str:
    return label.replace("_", " ").replace("-", " ").strip().title() or label


def readable_pair(background: str, text: str) -> tuple[str, str]:
    """A background of the same hue and a text colour that reach WCAG AA on each other.

    The palette's usual text if it reads, else the opposite one (white for dark text, near-black
    for light text); if neither does (a mid-tone colour), the background is lightened (for dark
    text) or darkened (for light text) step by step, keeping its hue and saturation.
    """
    light_text = relative_luminance(text) > 0.5
    for candidate in (text, DARK_TEXT if light_text else LIGHT_TEXT):
        if contrast_ratio(background, candidate) >= WCAG_AA_NORMAL_TEXT:
            return background, candidate
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    step = -0.02 if light_text else 0.02
    while 0.0 < lightness < 1.0:
        lightness = min(1.0, max(0.0, lightness + step))
        shade = _hex(*colorsys.hls_to_rgb(hue, lightness, saturation))
        if contrast_ratio(shade, text) >= WCAG_AA_NORMAL_TEXT:
            return shade, text
    return ("#000000" if light_text else "#ffffff"), text


@functools.lru_cache(maxsize=4096)  # made colours are measured against each new one
def _lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) coordinates of a '#rrggbb' colour."""
    red, green, blue = (_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def colour_difference(first: str, second: str) -> float:
    """How different two colours look: the CIE76 distance in CIELAB (about 2.3 is just noticeable)."""
    return math.dist(_lab(first), _lab(second))


# The palette file for each (dark page, colour-blind-safe) choice; the light default is PALETTE_FILE.
PALETTE_FILES: dict[tuple[bool, bool], str] = {
    (False, False): PALETTE_FILE,
    (True, False): "palette-dark.json",
    (False, True): "palette-colourblind.json",
    (True, True): "palette-colourblind-dark.json",
}


def load_variant(dark: bool, colour_blind: bool) -> Palette:
    """The bundled palette for a dark or light page, colour-blind-safe or not."""
    return Palette.load(resource_path(PALETTE_FILES[dark, colour_blind]))
