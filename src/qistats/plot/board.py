"""A board's small multiples: one Making Data Count panel per measure (× ``by`` group)."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ArgumentError
from ..frame import as_list
from .arguments import check_common, keywords

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..board import Board

#: Average advance of a character of the default sans-serif font, as a share of its size
#: (DejaVu Sans: about 0.55 em for mixed text; the test checks drawn titles clear the icons).
_CHAR_EM = 0.56
_TITLE_LINES = 2


def _title(name: str, unit: str, groups: list[str]) -> str:
    title = f"{name} ({unit})" if unit else name
    return " — ".join([title, *groups]) if groups else title


def fit_title(text: str, width_pt: float, fontsize: float, lines: int = _TITLE_LINES) -> str:
    """``text`` wrapped to at most ``lines`` lines of ``width_pt`` points, the rest cut with "…".

    The width is estimated from the font size (no renderer pass), so a long measure name
    stays inside its panel and clear of the icons instead of running into the next panel.
    """
    per_line = max(8, int(width_pt / (_CHAR_EM * fontsize)))
    wrapped = textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False)
    if len(wrapped) > lines:
        last = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], last[: per_line - 1].rstrip() + "…"]
    return "\n".join(wrapped)


def _share_y(axes: list[Axes]) -> None:
    """One y range over panels of the same measure (different groups are compared)."""
    lows, highs = zip(*(a.get_ylim() for a in axes), strict=True)
    for a in axes:
        a.set_ylim(min(lows), max(highs))


@keywords
def plot_board(
    report: Board,
    measure: Any = None,
    *,
    ncols: int | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw a board: one Making Data Count panel per measure (× ``by`` group).

    Every panel is titled with the measure's ``name`` and ``unit`` (wrapped to two lines
    inside the panel, or one line above the group's name when there are groups). When the
    panels show one measure over several groups, the measure goes in the figure title, each
    panel is titled with its group, and the panels share one y range so that groups are
    compared on one scale; panels of different measures keep their own scales.

    Parameters
    ----------
    report : Board
        What :func:`qistats.board` returned.
    measure : key or list of keys, optional
        The measures to draw. Default: all.
    ncols : int, optional
        Columns of the grid. Default: one for one panel, else about square, at most 4.
    figsize : (float, float), optional
        Width and height in inches. Default: 8 × 4.5 for one panel, 4.2 × 3 a panel.

    Returns
    -------
    matplotlib.figure.Figure
        Never written to a file: call ``fig.savefig(...)``.
    """
    import matplotlib.pyplot as plt

    from . import plot_spc

    check_common(ncols=ncols, figsize=figsize)
    table = report.table()
    key_col = report._measure
    by = [c for c in report._parts[0].result.by[1:]]
    keys = report._ms.keys
    if measure is not None:
        wanted = as_list(measure)
        if not wanted:
            raise ArgumentError(f"measure={measure!r}: expected at least one measure (or None).")
        unknown = [m for m in wanted if m not in keys]
        if unknown:
            raise ArgumentError(
                f"measure={unknown[0]!r}: no such measure; the measures are e.g. "
                f"{', '.join(map(repr, list(keys[:5])))}."
            )
        table = table[table[key_col].isin(wanted)]
    n = len(table)
    positions = keys.get_indexer(table[key_col])
    one_measure = len(set(positions.tolist())) == 1
    cols = ncols or (1 if n == 1 else min(4, math.ceil(math.sqrt(n))))
    rows = math.ceil(n / cols)
    size = figsize or ((8, 4.5) if n == 1 else (4.2 * cols, 3.0 * rows))
    fig, axes = plt.subplots(
        rows, cols, figsize=size, squeeze=False, layout="constrained" if n <= 16 else None
    )
    flat = list(axes.ravel())
    for extra in flat[n:]:
        extra.set_visible(False)
    part_of = {}
    for part in report._parts:  # a few chart groups
        for m in np.unique(part.m):
            part_of[int(m)] = part
    fontsize = 10 if n > 1 else 12
    # the panel's width less the icons drawn at its top right (two icons and their gaps)
    width_pt = 72 * size[0] / cols * 0.82 - 2 * (24 if n == 1 else 21)
    head = ""
    if one_measure and by and n > 1:
        first = table.iloc[0]
        head = _title(str(first["name"]), str(first["unit"]), [])
    for a, m, (_, row) in zip(flat, positions, table.iterrows(), strict=False):  # panels
        key = tuple([keys[m], *(row[b] for b in by)])
        # no legend or title in each panel; the unit in the title says what the values are
        plot_spc(part_of[int(m)].result, ax=a, series=key, legend=False, title="", percent=False)
        groups = [str(row[b]) for b in by]
        group = fit_title(" — ".join(groups), width_pt, fontsize, lines=1)
        if head and groups:  # the measure is in the figure title
            text = group
        elif groups:  # the measure on one line, the group (never cut off) below it
            name = _title(str(row["name"]), str(row["unit"]), [])
            text = fit_title(name, width_pt, fontsize, lines=1) + "\n" + group
        else:
            text = fit_title(_title(str(row["name"]), str(row["unit"]), []), width_pt, fontsize)
        a.set_title(text, fontsize=fontsize, loc="left")
    if head:
        _share_y(flat[:n])
        fig.suptitle(fit_title(head, 72 * size[0] * 0.9, 13), fontsize=13, x=0.01, ha="left")
        if n > 16:  # no layout engine on large grids: leave room for the title
            fig.subplots_adjust(top=1 - 0.7 / size[1])
    else:
        fig.suptitle("")
    return fig
