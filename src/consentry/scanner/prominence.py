"""Is "reject" as prominent as "accept"? (R14: same font, size within 10 %, same colours.)

A pure comparison of two measured buttons; the driver measures them with computed styles and
bounding boxes. Tolerances follow the shared test conventions ("within 10 %" means
|a - b| <= 0.10 x max(a, b)).
"""

from __future__ import annotations

from consentry.scanner.observations import ButtonBox

_TOLERANCE = 0.10


def within(a: float, b: float, tolerance: float = _TOLERANCE) -> bool:
    return abs(a - b) <= tolerance * max(a, b)


def compare_buttons(accept: ButtonBox, reject: ButtonBox) -> list[str]:
    """The ways reject is styled differently from accept; empty when they are equivalent."""
    differences = []
    if not within(accept.width, reject.width):
        differences.append(f"width {reject.width:.0f}px against {accept.width:.0f}px")
    if not within(accept.height, reject.height):
        differences.append(f"height {reject.height:.0f}px against {accept.height:.0f}px")
    for label, a, r in (
        ("font size", accept.font_size, reject.font_size),
        ("font weight", accept.font_weight, reject.font_weight),
        ("text colour", accept.color, reject.color),
        ("background", accept.background, reject.background),
        ("border", accept.border, reject.border),
    ):
        if a != r:
            differences.append(f"{label} {r} against {a}")
    if (accept.tag == "a") != (reject.tag == "a"):
        differences.append(f"reject is a <{reject.tag}> while accept is a <{accept.tag}>")
    return differences
