"""Entity colours and descriptions, read from `resources/palette.json`, and WCAG contrast."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from gui.core.resource_files import resource_path

WCAG_AA_NORMAL_TEXT = 4.5
PALETTE_FILE = "palette.json"


@dataclass(frozen=True, slots=True)
class TypeStyle:
    """How one entity type looks: background, text colour and a plain-words description."""

    label: str
    background: str
    text: str
    description: str


@dataclass(frozen=True, slots=True)
class TypeDisplay:
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


class Palette:
    """Styles per entity type; labels it does not know get a spare colour, stable per label."""

    def __init__(self, styles: dict[str, TypeStyle], spare: list[str], text: str) -> None:
        self._styles = dict(styles)
        self._spare = spare
        self._text = text
        self._named = len(self._styles)

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
        """The entity types the palette was written for, in file order."""
        return list(self._styles)[: self._named]

    @property
    def spare_colours(self) -> list[str]:
        """Backgrounds for types the palette does not name."""
        return list(self._spare)

    def style(self, label: str) -> TypeStyle:
        """The style of a label; an unknown label gets the next spare colour, kept from then on."""
        style = self._styles.get(label)
        if style is None:
            background = self._spare[(len(self._styles) - self._named) % len(self._spare)]
            style = TypeStyle(label, background, self._text, label.replace("_", " ").title())
            self._styles[label] = style
        return style


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
