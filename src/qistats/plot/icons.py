"""Making Data Count icons, drawn from one geometry as inline SVG or as a matplotlib artist.

Each icon is a white disc with a coloured ring. A *variation* icon holds a small run of seven
dots: grey for common cause; for special cause the last three dots step up (high) or down (low)
in the MDC colour, and an ``H`` or ``L`` sits on the other half. An *assurance* icon holds a
letter (``P`` pass, ``F`` fail, ``?`` hit or miss) above a short target line. The drawings are
the project's own, in a 100 × 100 box with y pointing up; :func:`icon_svg` and
:func:`draw_icon` render the same geometry, so a table and a chart show the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from ..errors import ArgumentError
from .colours import MDC_COLOURS

_GREY = MDC_COLOURS["common_cause"]
_DOT_X = (20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0)
_FONT = "Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class _Icon:
    colour: str
    label: str  # what the icon means, for screen readers and tooltips
    dots: tuple[tuple[float, float, str], ...] = ()
    letter: str = ""
    letter_xy: tuple[float, float] = (50.0, 50.0)
    letter_size: float = 30.0  # height in box units
    line: tuple[float, float, float] | None = None  # target line: x0, x1, y


def _variation(kind: str, side: str) -> _Icon:
    colour = MDC_COLOURS[kind] if kind != "common_cause" else _GREY
    if kind == "common_cause":
        ys = (50.0, 56.0, 45.0, 54.0, 47.0, 55.0, 50.0)
        dots = tuple((x, y, _GREY) for x, y in zip(_DOT_X, ys, strict=True))
        return _Icon(colour, "Common cause variation", dots)
    up = side == "high"
    base = 38.0 if up else 62.0
    step = 7.0 if up else -7.0
    ys = (base, base + 3, base - 2, base + 1, base + step, base + 2 * step, base + 3 * step)
    dots = tuple(
        (x, y, colour if i >= 4 else _GREY) for i, (x, y) in enumerate(zip(_DOT_X, ys, strict=True))
    )
    meaning = {"improvement": "improvement", "concern": "concern", "neutral": "neither"}[kind]
    label = f"Special cause variation ({meaning}): {'higher' if up else 'lower'} values"
    letter_xy = (50.0, 74.0) if up else (50.0, 26.0)
    return _Icon(colour, label, dots, "H" if up else "L", letter_xy, 26.0)


def _assurance(name: str) -> _Icon:
    colour, letter, label = {
        "pass": (MDC_COLOURS["improvement"], "P", "Assurance: the process will consistently pass"),
        "fail": (MDC_COLOURS["concern"], "F", "Assurance: the process will consistently fail"),
        "hit_or_miss": (_GREY, "?", "Assurance: the process will hit and miss the target"),
    }[name]
    return _Icon(colour, label, (), letter, (50.0, 57.0), 40.0, (27.0, 73.0, 27.0))


ICONS: dict[str, _Icon] = {
    "common_cause": _variation("common_cause", ""),
    **{
        f"{kind}_{side}": _variation(kind, side)
        for kind in ("improvement", "concern", "neutral")
        for side in ("high", "low")
    },
    **{name: _assurance(name) for name in ("pass", "fail", "hit_or_miss")},
}
#: Every icon name: the ``variation`` values of a result and the ``assurance`` values.
ICON_NAMES: tuple[str, ...] = tuple(ICONS)

_RING_R, _RING_W, _DOT_R, _LINE_W = 43.0, 7.0, 4.6, 2.2


def _spec(name: Any) -> _Icon:
    if not isinstance(name, str) or name not in ICONS:
        raise ArgumentError(
            f"icon name={name!r}: expected one of {', '.join(map(repr, ICON_NAMES))}."
        )
    return ICONS[name]


def icon_label(name: str) -> str:
    """What an icon means, in words (its SVG ``<title>`` and the legend text)."""
    return _spec(name).label


def icon_svg(name: str, size: float = 32) -> str:
    """The Making Data Count icon ``name`` as inline SVG, for HTML tables and reports.

    Parameters
    ----------
    name : str
        A variation (``"common_cause"``, ``"improvement_high"``, ``"improvement_low"``,
        ``"concern_high"``, ``"concern_low"``, ``"neutral_high"``, ``"neutral_low"``: the values
        of ``SPCResult.summary().variation``) or an assurance (``"pass"``, ``"fail"``,
        ``"hit_or_miss"``: the values of ``assurance``).
    size : float
        Width and height in CSS pixels.

    Returns
    -------
    str
        One ``<svg>`` element (vector; no external files, fonts or scripts) with a ``<title>``
        saying what the icon means.

    Raises
    ------
    ArgumentError
        For an unknown name.

    Examples
    --------
    >>> import qistats as qi
    >>> svg = qi.plot.icon_svg("improvement_high")
    >>> svg.startswith("<svg") and "#00B0F0" in svg and ">H</text>" in svg
    True
    """
    icon = _spec(name)
    if not (isinstance(size, (int, float)) and size > 0):
        raise ArgumentError(f"size={size!r}: expected a positive number of pixels.")
    c = icon.colour
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:g}" height="{size:g}" '
        f'viewBox="0 0 100 100" role="img" class="qistats-icon qistats-icon-{name}">',
        f"<title>{escape(icon.label)}</title>",
        f'<circle cx="50" cy="50" r="{_RING_R:g}" fill="white" stroke="{c}" '
        f'stroke-width="{_RING_W:g}"/>',
    ]
    if icon.dots:
        path = " ".join(f"{x:g},{100 - y:g}" for x, y, _ in icon.dots)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{_GREY}" stroke-width="{_LINE_W:g}"/>'
        )
        parts += [
            f'<circle cx="{x:g}" cy="{100 - y:g}" r="{_DOT_R:g}" fill="{col}"/>'
            for x, y, col in icon.dots
        ]
    if icon.line is not None:
        x0, x1, y = icon.line
        parts.append(
            f'<line x1="{x0:g}" y1="{100 - y:g}" x2="{x1:g}" y2="{100 - y:g}" stroke="{c}" '
            f'stroke-width="5" stroke-linecap="round"/>'
        )
    if icon.letter:
        x, y = icon.letter_xy
        parts.append(
            f'<text x="{x:g}" y="{100 - y:g}" font-family="{_FONT}" font-weight="bold" '
            f'font-size="{icon.letter_size * 1.36:g}" fill="{c}" text-anchor="middle" '
            f'dominant-baseline="central">{escape(icon.letter)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def draw_icon(ax: Any, name: str, xy: tuple[float, float], size: float = 22, **kw: Any) -> Any:
    """Draw icon ``name`` on a matplotlib axes, ``size`` points wide, centred at ``xy``.

    ``xy`` is in axes fractions unless ``xycoords`` says otherwise (any
    :class:`~matplotlib.offsetbox.AnnotationBbox` keyword is passed on: ``gid``,
    ``box_alignment``, ``zorder``…). The icon is vector (patches, lines and text), so it stays
    sharp in SVG and PDF output. Returns the AnnotationBbox.
    """
    from matplotlib.lines import Line2D
    from matplotlib.offsetbox import AnnotationBbox, DrawingArea
    from matplotlib.patches import Circle
    from matplotlib.text import Text

    icon = _spec(name)
    k = size / 100.0  # box units -> points
    area = DrawingArea(size, size, 0, 0)
    area.add_artist(
        Circle(
            (50 * k, 50 * k),
            _RING_R * k,
            facecolor="white",
            edgecolor=icon.colour,
            linewidth=_RING_W * k,
        )
    )
    if icon.dots:
        xs = [x * k for x, _, _ in icon.dots]
        ys = [y * k for _, y, _ in icon.dots]
        area.add_artist(Line2D(xs, ys, color=_GREY, linewidth=_LINE_W * k))
        for x, y, col in icon.dots:
            area.add_artist(Circle((x * k, y * k), _DOT_R * k, facecolor=col, edgecolor="none"))
    if icon.line is not None:
        x0, x1, y = icon.line
        area.add_artist(
            Line2D(
                [x0 * k, x1 * k],
                [y * k, y * k],
                color=icon.colour,
                linewidth=5 * k,
                solid_capstyle="round",
            )
        )
    if icon.letter:
        x, y = icon.letter_xy
        area.add_artist(
            Text(
                x * k,
                y * k,
                icon.letter,
                color=icon.colour,
                fontsize=icon.letter_size * k * 1.36,
                fontweight="bold",
                ha="center",
                va="center",
                family="sans-serif",
            )
        )
    kw.setdefault("xycoords", "axes fraction")
    kw.setdefault("frameon", False)
    kw.setdefault("pad", 0)
    kw.setdefault("annotation_clip", False)
    box = AnnotationBbox(area, xy, **kw)
    ax.add_artist(box)
    return box


__all__ = ["ICON_NAMES", "draw_icon", "icon_label", "icon_svg"]
