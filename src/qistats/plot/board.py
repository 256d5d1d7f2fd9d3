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


def _per_line(width_pt: float, fontsize: float) -> int:
    """How many characters of ``fontsize`` fit in ``width_pt`` points (at least 8)."""
    return max(8, int(width_pt / (_CHAR_EM * fontsize)))


def fit_title(text: str, width_pt: float, fontsize: float, lines: int = _TITLE_LINES) -> str:
    """``text`` wrapped to at most ``lines`` lines of ``width_pt`` points, the rest cut with "…".

    The width is estimated from the font size (no renderer pass), so a long measure name
    stays inside its panel and clear of the icons instead of running into the next panel.
    """
    per_line = _per_line(width_pt, fontsize)
    wrapped = textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False)
    if len(wrapped) > lines:
        last = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], last[: per_line - 1].rstrip() + "…"]
    return "\n".join(wrapped)


def _measure_line(name: str, unit: str, width_pt: float, fontsize: float) -> str:
    """The measure and its unit on one line: a long name is cut, the unit kept whole."""
    full = _title(name, unit, [])
    per_line = _per_line(width_pt, fontsize)
    if len(full) <= per_line or not unit or len(unit) + 4 > per_line // 2:
        return fit_title(full, width_pt, fontsize, lines=1)
    room = per_line - len(unit) - 4  # " (" + ")" and the "…"
    return f"{name[:room].rstrip()}… ({unit})"


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
    from . import mdc, plot_spc
    from .layout import finish, new_page

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
    head = ""
    if len(set(positions.tolist())) == 1 and by and n > 1:
        first = table.iloc[0]
        head = _title(str(first["name"]), str(first["unit"]), [])
    shown = report.points[report.points[key_col].isin(table[key_col])]
    charts = [part.result.chart for part in report._parts if np.isin(part.m, positions).any()]
    handles = mdc.handles(mdc.name_centre(mdc.entries(shown), charts)) if n > 1 else []
    cols = ncols or (1 if n == 1 else min(4, math.ceil(math.sqrt(n))))
    page = new_page(
        n,
        ax=None,
        ncols=cols,
        sharey=False,
        figsize=figsize,
        title=head or None,
        subtitle=None,
        legend_entries=[h.get_label() for h in handles],
        panel_in=(4.2, 3.0),
        single_in=(8.0, 4.5),
    )
    part_of = {}
    for part in report._parts:  # a few chart groups
        for m in np.unique(part.m):
            part_of[int(m)] = part
    fontsize = 9.5 if n > 1 else 11
    # the panel's width less the icons drawn at its top right (two icons and their gaps)
    width_pt = 72 * page.panel_width_in * 0.9 - 2 * (page.icon_pt + 3)
    for a, m, (_, row) in zip(page.axes, positions, table.iterrows(), strict=True):  # panels
        key = tuple([keys[m], *(row[b] for b in by)]) if by else keys[m]
        # no legend or title in each panel; the unit in the title says what the values are
        plot_spc(part_of[int(m)].result, ax=a, series=key, legend=False, title="", percent=False)
        groups = [str(row[b]) for b in by]
        group = fit_title(" — ".join(groups), width_pt, fontsize, lines=1)
        if head:  # the measure is in the figure title
            text = group
        elif groups:  # the measure on one line, the group (never cut off) below it
            text = _measure_line(str(row["name"]), str(row["unit"]), width_pt, fontsize)
            text += "\n" + group
        else:
            text = fit_title(_title(str(row["name"]), str(row["unit"]), []), width_pt, fontsize)
        a.set_title(text, fontsize=fontsize, loc="left", pad=4)
    if head:
        _share_y(page.axes)
    return finish(
        page, title=head or None, subtitle=None, xlabel=None, ylabel=None, handles=handles
    )
