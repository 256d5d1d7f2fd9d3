"""Making Data Count icons, drawn from one geometry as inline SVG or as a matplotlib artist.

Each icon is a white disc with a coloured ring. A *variation* icon holds a small run of seven
dots: grey for common cause; for special cause the last three dots step up (high) or down (low)
in the MDC colour, and an ``H`` or ``L`` sits on the other half. An *assurance* icon holds a
letter (``P`` pass, ``F`` fail, ``?`` hit or miss) above a short target line. The drawings are
the project's own, in a 100 × 100 box with y pointing up; :func:`icon_svg` and
:func:`draw_icon` render the same geometry, so a table and a chart show the same picture.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from .._args import fmt
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
            f"icon name={fmt(name)}: expected one of {', '.join(map(repr, ICON_NAMES))}."
        )
    return ICONS[name]


def icon_label(name: str) -> str:
    """What an icon means, in words (its SVG ``<title>`` and the legend text).

    Parameters
    ----------
    name : str
        A variation or assurance name, as for :func:`icon_svg`.

    Returns
    -------
    str
        A short phrase.

    Raises
    ------
    ArgumentError
        For an unknown name.

    Examples
    --------
    >>> from qistats.plot import icon_label
    >>> icon_label("pass")
    'Assurance: the process will consistently pass'
    """
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
        raise ArgumentError(f"size={fmt(size)}: expected a positive number of pixels.")
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


def draw_icon(
    ax: Any,
    name: str,
    xy: tuple[float, float] = (0.5, 0.5),
    size: float = 22,
    *,
    offset: tuple[float, float] = (0.0, 0.0),
    xycoords: str = "axes fraction",
    gid: str | None = None,
    zorder: float = 10,
) -> Any:
    """Draw icon ``name`` on a matplotlib axes, ``size`` points wide.

    The icon's centre is at ``xy`` (axes fractions, or data coordinates with
    ``xycoords="data"``) moved by ``offset`` points. It is one vector artist that draws the
    ring, the dots, the line and the letter (as an outline) as paths, so it stays sharp in
    SVG and PDF, costs little to make and draw, is not clipped by the axes, and looks the
    same at any dpi. Returns the artist; its ``label`` says what the icon means.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    name : str
        One of :data:`ICON_NAMES`.
    xy : (float, float), default (0.5, 0.5)
        The anchor point.
    size : float, default 22
        Width and height in points.
    offset : (float, float), default (0, 0)
        Offset of the centre from ``xy``, in points.
    xycoords : {"axes fraction", "data"}, default "axes fraction"
        How ``xy`` is read.
    gid : str, optional
        The artist's gid (the SPC plots use ``"icon_variation"`` and ``"icon_assurance"``).
    zorder : float, default 10
        Drawing order.

    Returns
    -------
    matplotlib.artist.Artist
        With ``get_paths()``, ``get_facecolors()`` and ``get_edgecolors()`` (RGBA rows) of
        its parts: the ring first.

    Examples
    --------
    An assurance icon in the top right corner of a chart of your own:

    >>> import matplotlib.pyplot as plt
    >>> from qistats.plot import draw_icon
    >>> fig, ax = plt.subplots()
    >>> icon = draw_icon(ax, "pass", xy=(0.95, 0.9), size=30)
    >>> icon.get_label()
    'Assurance: the process will consistently pass'
    >>> plt.close(fig)
    """
    if xycoords not in ("axes fraction", "data"):
        raise ArgumentError(f"xycoords={fmt(xycoords)}: expected 'axes fraction' or 'data'.")
    from .icon_artist import IconArtist  # needs matplotlib, so imported only when drawing

    icon = IconArtist(ax, _icon_paths(_spec(name), float(size)), xy, offset, xycoords)
    icon.set(gid=gid, zorder=zorder, label=icon_label(name))
    ax.add_artist(icon)
    return icon


@functools.lru_cache(maxsize=64)
def _icon_paths(icon: _Icon, size: float) -> tuple[list, list, list, list]:
    """The icon's outlines in points about its centre, with their colours and line widths."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    k = size / 100.0  # box units -> points

    def at(x: float, y: float) -> tuple[float, float]:
        return ((x - 50.0) * k, (y - 50.0) * k)

    none = (0.0, 0.0, 0.0, 0.0)
    ring = Path.circle(at(50, 50), _RING_R * k)
    paths, faces, edges, widths = [ring], ["white"], [icon.colour], [_RING_W * k]
    if icon.dots:
        paths.append(Path([at(x, y) for x, y, _ in icon.dots]))
        faces.append(none)
        edges.append(_GREY)
        widths.append(_LINE_W * k)
        for x, y, colour in icon.dots:
            paths.append(Path.circle(at(x, y), _DOT_R * k))
            faces.append(colour)
            edges.append(none)
            widths.append(0.0)
    if icon.line is not None:
        x0, x1, y = icon.line
        paths.append(Path([at(x0, y), at(x1, y)]))
        faces.append(none)
        edges.append(icon.colour)
        widths.append(5 * k)
    if icon.letter:
        prop = FontProperties(family="sans-serif", weight="bold")
        glyph = TextPath((0, 0), icon.letter, size=icon.letter_size * k * 1.36, prop=prop)
        box = glyph.get_extents()
        cx, cy = at(*icon.letter_xy)
        moved = glyph.vertices + (cx - (box.x0 + box.x1) / 2, cy - (box.y0 + box.y1) / 2)
        paths.append(Path(moved, glyph.codes))
        faces.append(icon.colour)
        edges.append(none)
        widths.append(0.0)
    from matplotlib.colors import to_rgba_array

    return paths, to_rgba_array(faces), to_rgba_array(edges), widths


__all__ = ["ICON_NAMES", "draw_icon", "icon_label", "icon_svg"]
