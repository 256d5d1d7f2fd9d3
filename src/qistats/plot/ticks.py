"""The y (and funnel x) tick labels: plain rounded numbers that tell the ticks apart.

A module of its own because it subclasses matplotlib's ``Formatter`` (a class at module level,
so that figures pickle), while :mod:`~qistats.plot.formatting` is imported without matplotlib.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.ticker import Formatter

from .formatting import number


class PlainTicks(Formatter):
    """Tick labels as :func:`~qistats.plot.formatting.number` writes them (three significant
    figures, whole numbers from 100, thousands separators, trailing zeros dropped), with as
    many more decimals as the ticks need to read as the values they stand at: ticks 0.2
    apart on an axis of 99.8 to 101 read "100.2", "100.4", not "100", "100", "101" (a single
    point's axis read "12" at five ticks)."""

    def __init__(self, percent_of: float | None = None, suffix: str = "") -> None:
        self.percent_of = percent_of
        self.suffix = suffix
        self._ticks: list[float] = []

    def set_locs(self, locs: Any) -> None:
        """Keep the ticks' values (matplotlib calls this before labelling them)."""
        self._ticks = list(locs)

    def _scaled(self, value: float) -> float:
        return value if self.percent_of is None else value * 100.0 / self.percent_of

    def _decimals(self) -> int:
        """The fewest decimals at which every tick reads exactly (0.25 needs two)."""
        locs = np.array([self._scaled(v) for v in self._ticks], dtype=float)
        locs = locs[np.isfinite(locs)]
        if locs.size < 2:
            return 0
        step = float(np.min(np.diff(np.sort(locs))))
        if step <= 0:
            return 0
        for d in range(13):
            if np.all(np.abs(np.round(locs, d) - locs) <= 1e-6 * step):
                return d
        return 12

    def __call__(self, x: float, pos: Any = None) -> str:
        text = number(x, self.percent_of)
        if not text:
            return text + self.suffix
        v = self._scaled(x)
        want = self._decimals()
        have = len(text.rstrip("%").partition(".")[2])
        if want > have and v != 0:
            # more decimals than number() gives: as many as the ticks need, zeros dropped
            text = f"{v:,.{want}f}".rstrip("0").rstrip(".")
            text = "0" if text in ("-0", "") else text
            if self.percent_of is not None:
                text += "%"
        return text + self.suffix
