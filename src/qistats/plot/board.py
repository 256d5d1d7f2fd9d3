"""A board's small multiples: one Making Data Count panel per measure (× ``by`` group)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ArgumentError
from ..frame import as_list

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..board import Board


def _title(name: str, unit: str, groups: list[str]) -> str:
    title = f"{name} ({unit})" if unit else name
    return " — ".join([title, *groups]) if groups else title


def plot_board(
    report: Board,
    measure: Any = None,
    *,
    ncols: int | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw ``report`` (see :meth:`qistats.Board.plot`); returns the Figure."""
    import matplotlib.pyplot as plt

    from . import plot_spc

    table = report.table()
    key_col = report._measure
    by = [c for c in report._parts[0].result.by[1:]]
    keys = report._ms.keys
    if measure is not None:
        wanted = as_list(measure)
        unknown = [m for m in wanted if m not in keys]
        if unknown:
            raise ArgumentError(
                f"measure={unknown[0]!r}: no such measure; the measures are e.g. "
                f"{', '.join(map(repr, list(keys[:5])))}."
            )
        table = table[table[key_col].isin(wanted)]
    n = len(table)
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
    positions = keys.get_indexer(table[key_col])
    for a, m, (_, row) in zip(flat, positions, table.iterrows(), strict=False):  # panels
        key = tuple([keys[m], *(row[b] for b in by)])
        # no legend or title in each panel; the unit in the title says what the values are
        plot_spc(part_of[int(m)].result, ax=a, series=key, legend=False, title="", percent=False)
        a.set_title(
            _title(str(row["name"]), str(row["unit"]), [str(row[b]) for b in by]),
            fontsize=10 if n > 1 else 12,
            loc="left",
        )
    fig.suptitle("")
    return fig
