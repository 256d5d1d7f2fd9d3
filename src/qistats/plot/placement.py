"""Place a label next to a point where it covers no line, marker or other label of the panel.

The label is tried at rings of increasing distance around its point (16 directions a ring,
the text beside the point in each), in the display coordinates of the drawn figure: the first
position whose box (with a small pad and the markers' radius) crosses no line segment of the
panel, overlaps no label already there and stays inside the panel wins. A label placed away
from its point gets a thin leader line. When nothing inside the panel is free, the label goes
into the panel's title row, between the panel's title and its verdict, if that is free; else
to the nearest position inside the panel clear of other labels, across a line (at its point
it could run past the panel's edge).
Every candidate is tested at once against every segment (numpy; Liang–Barsky clipping).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .layout import renderer_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.text import Text

_RINGS_PT = (4.0, 8.0, 13.0, 20.0, 30.0, 42.0, 56.0, 74.0, 96.0)
_LEADER_FROM_PT = 13.0  # a label this far from its point or further gets a leader line
_PAD_PX = 2.0


def _directions() -> np.ndarray:
    """16 unit vectors, above first, then alternating right and left of it, below last."""
    order = [90, 67.5, 112.5, 45, 135, 22.5, 157.5, 0, 180, -22.5, 202.5, -45, 225, -67.5, 247.5]
    angles = np.radians([*order, 270.0])
    return np.column_stack([np.cos(angles), np.sin(angles)])


_DIRS = _directions()


def segments(
    ax: Axes, skip: tuple[str, ...] = ("grid",), only: tuple[str, ...] | None = None
) -> tuple[np.ndarray, float]:
    """Every segment of the visible lines of ``ax`` (``only``: of the lines with these gids)
    in display coordinates (rows x0, y0, x1, y1; a lone point is a segment of length 0), and
    the largest marker radius in pixels."""
    out, radius = [], 0.0
    dpi = ax.figure.dpi
    for line in ax.lines:
        if not line.get_visible() or line.get_gid() in skip:
            continue
        if only is not None and line.get_gid() not in only:
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        ok = np.isfinite(xy).all(axis=1)
        marker = line.get_marker() not in (None, "None", "none", "", " ")
        if marker:
            radius = max(radius, line.get_markersize() / 2 * dpi / 72)
            pts = xy[ok]
            out.append(np.column_stack([pts, pts]))
        if line.get_linestyle() not in ("None", "none", "", " ") and len(xy) > 1:
            pairs = np.column_stack([xy[:-1], xy[1:]])
            out.append(pairs[ok[:-1] & ok[1:]])
    if not out:
        return np.empty((0, 4)), radius
    return np.concatenate(out), radius


def hits(boxes: np.ndarray, segs: np.ndarray) -> np.ndarray:
    """Whether each box (rows x0, y0, x1, y1) meets any segment (rows x0, y0, x1, y1)."""
    if not len(segs) or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    bx0, by0, bx1, by1 = (boxes[:, i, None] for i in range(4))
    px, py = segs[None, :, 0], segs[None, :, 1]
    dx, dy = segs[None, :, 2] - px, segs[None, :, 3] - py
    t0 = np.zeros(np.broadcast_shapes(bx0.shape, px.shape))
    t1 = np.ones_like(t0)
    inside = np.ones_like(t0, dtype=bool)
    for p, q in ((-dx, px - bx0), (dx, bx1 - px), (-dy, py - by0), (dy, by1 - py)):
        p = np.broadcast_to(p, t0.shape)
        q = np.broadcast_to(q, t0.shape)
        flat = p == 0
        inside &= ~(flat & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(flat, 0.0, q / np.where(flat, 1.0, p))
        t0 = np.where(~flat & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~flat & (p > 0), np.minimum(t1, r), t1)
    return (inside & (t0 <= t1)).any(axis=1)


def overlaps(boxes: np.ndarray, others: list[Any]) -> np.ndarray:
    """Whether each box overlaps any of the matplotlib Bboxes ``others``."""
    out = np.zeros(len(boxes), dtype=bool)
    for b in others:
        out |= (
            (boxes[:, 0] < b.x1)
            & (boxes[:, 2] > b.x0)
            & (boxes[:, 1] < b.y1)
            & (boxes[:, 3] > b.y0)
        )
    return out


def place_label(
    ax: Axes,
    text: str,
    anchor: tuple[float, float],
    *,
    coords: str = "data",
    side: int = 0,
    leader: bool = True,
    taken: list[Any] | None = None,
    title_row: list[Any] | None = None,
    cross_lines: bool = False,
    below: bool = False,
    accept: Any = None,
    **style: Any,
) -> Text:
    """An annotation of ``anchor`` reading ``text``, placed where it covers nothing (see the
    module's docstring). ``coords``: ``"data"``; ``"edge"``, x a fraction of the axes width
    and y data; ``"axes"``, both fractions of the axes.

    ``taken`` lists the Bboxes (display) of labels to avoid too, ``title_row`` those of the
    texts in the panel's title row; ``side`` -1 (+1) allows only positions wholly left (right)
    of the anchor, for a point beyond the right (left) edge; ``leader=False``: never a leader
    line (a label that says where its point is); ``cross_lines``: when every position inside
    the panel crosses a line, take the nearest one clear of ``taken`` rather than the title
    row. ``below``: below the point first (then beside it, above last), for a point whose
    free side is below (a low outlier). ``accept``: a function of the candidate boxes
    (display rows x0, y0, x1, y1) saying which may be taken. ``style``: Text properties.
    """
    from matplotlib.text import Text

    fig = ax.figure
    renderer = renderer_of(fig)
    transform = {"data": ax.transData, "edge": ax.get_yaxis_transform(), "axes": ax.transAxes}[
        coords
    ]
    px, py = (float(v) for v in transform.transform(anchor))
    probe = Text(0, 0, text, figure=fig, **{k: v for k, v in style.items() if k != "gid"})
    ext = probe.get_window_extent(renderer)
    w, h = ext.width + 2 * _PAD_PX, ext.height + 2 * _PAD_PX
    segs, radius = segments(ax)
    frame = ax.get_window_extent(renderer)
    scale = fig.dpi / 72
    r = np.repeat(np.array(_RINGS_PT), len(_DIRS))
    d = np.tile(_DIRS * (1.0, -1.0) if below else _DIRS, (len(_RINGS_PT), 1))
    cx, cy = px + d[:, 0] * r * scale, py + d[:, 1] * r * scale
    # the box beside the offset point, on the side the direction points to
    x0 = np.where(d[:, 0] > 0.3, cx, np.where(d[:, 0] < -0.3, cx - w, cx - w / 2))
    y0 = np.where(d[:, 1] > 0.3, cy, np.where(d[:, 1] < -0.3, cy - h, cy - h / 2))
    boxes = np.column_stack([x0, y0, x0 + w, y0 + h])
    ok = (
        (boxes[:, 0] >= frame.x0 + 1)
        & (boxes[:, 2] <= frame.x1 - 1)
        & (boxes[:, 1] >= frame.y0 + 1)
        & (boxes[:, 3] <= frame.y1 - 1)
    )
    if side < 0:
        ok &= boxes[:, 2] <= px
    elif side > 0:
        ok &= boxes[:, 0] >= px
    ok &= ~overlaps(boxes, taken or [])
    if accept is not None:
        ok &= accept(boxes)
    idx = free = np.flatnonzero(ok)
    if idx.size:
        grown = boxes[idx] + np.array([-radius, -radius, radius, radius])
        idx = idx[~hits(grown, segs)]
    if cross_lines and not idx.size:
        idx = free
    where, far = None, False
    if idx.size:
        where, far = boxes[int(idx[0])], r[int(idx[0])] >= _LEADER_FROM_PT
    else:  # centred in the title row, between the panel's title and its verdict, if free
        row = np.array([[frame.x0 + (frame.width - w) / 2, frame.y1 + 1, 0.0, 0.0]])
        row[:, 2:] = row[:, :2] + (w, h)
        if not overlaps(row, title_row or [])[0]:
            where = row[0]
            style = {**style, "gid": f"{style.get('gid', 'label')}_title_row"}
        elif free.size:  # inside the panel across a line, rather than past its edge
            where, far = boxes[int(free[0])], r[int(free[0])] >= _LEADER_FROM_PT
    offset = (0.0, 0.0)
    if where is not None:
        offset = ((where[0] + _PAD_PX - px) / scale, (where[1] + _PAD_PX - py) / scale)
    arrow = None
    if leader and far:
        arrow = {"arrowstyle": "-", "color": style.get("color"), "lw": 0.6, "shrinkB": 3}
    return ax.annotate(
        text,
        xy=anchor,
        xycoords=transform,
        xytext=offset,
        textcoords="offset points",
        ha="left",
        va="bottom",
        arrowprops=arrow,
        **style,
    )


__all__ = ["hits", "overlaps", "place_label", "segments"]
