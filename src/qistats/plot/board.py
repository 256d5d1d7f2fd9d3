"""A board's small multiples: one Making Data Count panel per measure (× ``by`` group)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..frame import as_list, fmt
from .arguments import check_common, keywords

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..board import Board

#: Average advance of a character of the default sans-serif font, as a share of its size
#: (DejaVu Sans: about 0.55 em for mixed text; the test checks drawn titles clear the icons).
_CHAR_EM = 0.56
_TITLE_LINES = 2
#: Words a shortened name does not end on.
_DANGLING = frozenset(
    ("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "per", "the", "to")
)


def _unit_tail(name: str, unit: str) -> str:
    """``"(unit)"``, or nothing when there is no unit."""
    return f"({unit.strip()})" if unit.strip() else ""


def _says_unit(name: str, unit: str) -> bool:
    """Whether the name already says its unit ("Harm-free care (%)" with unit "%" is not
    titled "Harm-free care (%) (%)")."""
    unit = unit.strip()
    return bool(unit) and bool(
        re.search(rf"(?<!\w){re.escape(unit)}(?!\w)", name, flags=re.IGNORECASE)
    )


def _title(name: str, unit: str) -> str:
    tail = "" if _says_unit(name, unit) else _unit_tail(name, unit)
    return f"{name} {tail}" if tail else name


def _per_line(width_pt: float, fontsize: float) -> int:
    """How many characters of ``fontsize`` fit in ``width_pt`` points (at least 8)."""
    return max(8, int(width_pt / (_CHAR_EM * fontsize)))


def _wrap(tokens: list[str], per_line: int) -> list[str]:
    """Greedy wrap of whole tokens (a token is never split)."""
    lines: list[str] = []
    for token in tokens:
        if lines and len(lines[-1]) + 1 + len(token) <= per_line:
            lines[-1] += " " + token
        else:
            lines.append(token)
    return lines


def fit_title(
    name: str, width_pt: float, fontsize: float, lines: int = _TITLE_LINES, unit: str = ""
) -> str:
    """``name (unit)`` wrapped at spaces to at most ``lines`` lines of ``width_pt`` points.

    When it does not fit, whole words are dropped from the end of the name and "…" marks
    the cut, so a word or a number ("1,000") is never cut in the middle; the unit says what
    the numbers are, so it is kept whole after the "…" (also when the full name said it and
    so needed no unit after it). Only a single word longer than a
    line is broken. The width is estimated from the font size (no renderer pass), so a
    long measure name stays inside its panel and clear of the icons.
    """
    per_line = _per_line(width_pt, fontsize)
    words = [w[i : i + per_line] for w in name.split() for i in range(0, len(w), per_line)]
    tail = [_unit_tail(name, unit)] if _unit_tail(name, unit) else []
    if _says_unit(name, unit) and len(_wrap(words, per_line)) <= lines:
        return "\n".join(_wrap(words, per_line))
    for keep in range(len(words), 0, -1):
        body = words[:keep]
        if keep < len(words):
            if keep > 1 and body[-1].lower() in _DANGLING:
                continue  # not "Incidents per…"
            body = [*body[:-1], body[-1].rstrip(",;:-–—") + "…"]
        wrapped = _wrap(body + tail, per_line)
        if len(wrapped) <= lines:
            return "\n".join(wrapped)
    return "\n".join(_wrap(words[:1] + tail, per_line)[:lines])


def _share_y(axes: list[Axes]) -> None:
    """One y range over panels of the same measure (different groups are compared); a
    target outside it is marked at the edge again."""
    from .spc import mark_target_off_axis

    lows, highs = zip(*(a.get_ylim() for a in axes), strict=True)
    for a in axes:
        a.set_ylim(min(lows), max(highs))
        for t in [t for t in a.texts if t.get_gid() == "target_off_axis"]:
            t.remove()
        mark_target_off_axis(a, None)


def _share_x(axes: list[Axes]) -> None:
    """One x range, and the ticks of the panel that spans most of it, over the panels of
    one measure, so that the same month is at the same place in each (a ward that opened
    late or closed early keeps the shared range, its line starting or stopping inside)."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    lims = np.array([a.get_xlim() for a in axes])
    lo, hi = lims[:, 0].min(), lims[:, 1].max()
    widest = axes[int(np.argmax(lims[:, 1] - lims[:, 0]))]
    locator, formatter = widest.xaxis.get_major_locator(), widest.xaxis.get_major_formatter()
    fixed = isinstance(locator, FixedLocator) and isinstance(formatter, FixedFormatter)
    for a in axes:
        a.set_xlim(lo, hi)
        if fixed and a is not widest:
            a.xaxis.set_major_locator(FixedLocator(locator.locs))
            a.xaxis.set_major_formatter(FixedFormatter(formatter.seq))


@keywords
def plot_board(
    report: Board,
    measure: Any = None,
    *,
    ncols: int | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw a board: one Making Data Count panel per measure (× ``by`` group).

    Every panel is titled with the measure's ``name`` and ``unit`` (wrapped at spaces to two
    lines inside the panel, above the group's name when there are groups; a name too long for
    two lines loses whole words at its end, marked "…", and keeps its unit). When the
    panels show one measure over several groups, the measure goes in the figure title, each
    panel is titled with its group, and the panels share one y range so that groups are
    compared on one scale; panels of different measures keep their own scales. The panels of
    one measure share one x range (with the ticks of the panel spanning most of it), so a
    month is at the same place in each, also for a ward that opened late or closed early;
    their y ranges are shared only when the board shows that one measure. A stale series
    (its latest period is older than the report's) says so under its title:
    ``latest: Feb 2024 (stale)``.

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

    Examples
    --------
    >>> import pandas as pd
    >>> import qistats as qi
    >>> months = pd.date_range("2023-01-01", periods=14, freq="MS")
    >>> data = pd.DataFrame({"measure": ["falls"] * 14 + ["harm_free"] * 14,
    ...                      "month": list(months) * 2,
    ...                      "value": [9, 11] * 6 + [10, 30] + [95, 97] * 7})
    >>> measures = pd.DataFrame({"measure": ["falls", "harm_free"],
    ...                          "improvement": ["decrease", "increase"], "target": [12, 90]})
    >>> fig = qi.board(data, measures, x="month", y="value").plot(ncols=2)
    >>> [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    ['falls', 'harm_free']
    """
    from . import mdc, plot_spc
    from .layout import finish, new_page
    from .panel import trial_points

    check_common(ncols=ncols, figsize=figsize)
    table = report.table()
    key_col = report._measure
    by = [c for c in report._parts[0].result.by[1:]]
    keys = report._ms.keys
    if measure is not None:
        wanted = as_list(measure)
        if not wanted:
            raise ArgumentError(f"measure={fmt(measure)}: expected at least one measure (or None).")
        unknown = [m for m in wanted if m not in keys]
        if unknown:
            raise ArgumentError(
                f"measure={fmt(unknown[0])}: no such measure; the measures are e.g. "
                f"{', '.join(map(repr, list(keys[:5])))}."
            )
        table = table[table[key_col].isin(wanted)]
    latest = pd.Series(report._latest_text, index=report._table.index).loc[table.index]
    n = len(table)
    positions = keys.get_indexer(table[key_col])
    head = ""
    if len(set(positions.tolist())) == 1 and by and n > 1:
        first = table.iloc[0]
        head = _title(str(first["name"]), str(first["unit"]))
    drawn = [part for part in report._parts if np.isin(part.m, positions).any()]
    shown = [p.result.points[p.result.points[key_col].isin(table[key_col])] for p in drawn]
    trial = np.concatenate(
        [
            trial_points(s, p.result.summary(), p.result.by)
            for s, p in zip(shown, drawn, strict=True)
        ]
    )
    shown = pd.concat(shown) if len(shown) > 1 else shown[0]
    charts = [part.result.chart for part in drawn]
    keys_shown = mdc.entries(shown, trial=trial)
    handles = mdc.handles(mdc.name_centre(keys_shown, charts)) if n > 1 else []
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
    rows = zip(page.axes, positions, table.iterrows(), latest, strict=True)
    for a, m, (_, row), when in rows:  # panels
        key = tuple([keys[m], *(row[b] for b in by)]) if by else keys[m]
        # no legend or title in each panel; the unit in the title says what the values are
        plot_spc(
            part_of[int(m)].result,
            ax=a,
            series=key,
            legend=False,
            title="",
            ylabel="",
            percent=False,
        )
        groups = [str(row[b]) for b in by]
        group = fit_title(" — ".join(groups), width_pt, fontsize, lines=1)
        name, unit = str(row["name"]), str(row["unit"])
        if head:  # the measure is in the figure title
            text = group
        elif groups:  # the measure on up to two lines, the group (never cut off) below it
            text = fit_title(name, width_pt, fontsize, unit=unit) + "\n" + group
        else:
            text = fit_title(name, width_pt, fontsize, unit=unit)
        if bool(row["stale"]) and when:  # not this period's figure: say so on the chart too
            text += "\n" + fit_title(f"latest: {when} (stale)", width_pt, fontsize, lines=1)
        a.set_title(text, fontsize=fontsize, loc="left", pad=4)
    if head:
        _share_y(page.axes)
    for m in np.unique(positions):  # each measure's panels over one x range
        same = [a for a, p in zip(page.axes, positions, strict=True) if p == m]
        if len(same) > 1:
            _share_x(same)
    return finish(
        page, title=head or None, subtitle=None, xlabel=None, ylabel=None, handles=handles
    )
