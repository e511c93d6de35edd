"""How a colour looks to someone with a colour-vision deficiency (dichromacy).

The simulation is Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation
of Color Vision Deficiency", IEEE TVCG 15(6), at severity 1.0: one 3×3 matrix per deficiency, applied
to linear RGB. The palette tests use it to check that the colour-blind palettes keep the common entity
types apart.
"""

from __future__ import annotations

KINDS = ("protanopia", "deuteranopia", "tritanopia")

Matrix = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]

# The paper's published severity-1.0 matrices (its Table 1), for linear RGB.
_MATRICES: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _to_linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _to_srgb(value: float) -> float:
    value = min(1.0, max(0.0, value))  # the matrices can leave the gamut a little: clamp
    return value * 12.92 if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055


def simulate(colour: str, kind: str) -> str:
    """The '#rrggbb' colour that `colour` ('#rrggbb') looks like under one of `KINDS`."""
    try:
        matrix = _MATRICES[kind]
    except KeyError:
        raise ValueError(f"unknown colour-vision deficiency {kind!r}; expected one of {KINDS}") from None
    linear = [_to_linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5)]
    seen = (sum(weight * channel for weight, channel in zip(row, linear, strict=True)) for row in matrix)
    return "#" + "".join(f"{round(_to_srgb(channel) * 255):02x}" for channel in seen)
