"""SPCResult: the points, the per-phase summary, and the arguments of the call."""

from __future__ import annotations

import html
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd


class SPCResult:
    """The result of :func:`qistats.spc`.

    Attributes
    ----------
    points : pandas.DataFrame
        One row per series × x: the by-columns and x (with the user's names), the aggregated
        inputs, ``value`` (the plotted statistic × multiply), ``phase``, ``baseline``,
        ``excluded``, ``cl``, ``lcl``, ``ucl``, ``lcl_2s``, ``ucl_2s``, ``lcl_1s``, ``ucl_1s``,
        ``target`` (when given), one boolean column per rule (``outside_limits``, ``long_run``,
        ``few_crossings``) and ``signal``, their union.
    chart : str
        The chart name.
    rules : str
        The rule set used.
    params : Mapping
        Every argument of the call except ``data``.
    """

    def __init__(
        self,
        points: pd.DataFrame,
        summary: pd.DataFrame,
        params: Mapping[str, Any],
        title: str,
    ) -> None:
        self.points = points
        self._summary = summary
        self.params = MappingProxyType(dict(params))
        self.title = title

    @property
    def chart(self) -> str:
        return str(self.params["chart"])

    @property
    def rules(self) -> str:
        return str(self.params["rules"])

    @property
    def by(self) -> list[str]:
        by = self.params["by"]
        return [by] if isinstance(by, str) else list(by or [])

    def summary(self) -> pd.DataFrame:
        """One row per series × phase.

        Columns: the by-columns, ``phase``, ``n_points`` (included points, as qicharts2's
        ``n.obs``), ``n_useful`` (included points not on the centre line and not missing),
        ``longest_run``, ``longest_run_max``, ``n_crossings``, ``n_crossings_min``,
        ``runs_signal``, ``n_outside`` (points outside the limits, excluded points counted),
        ``cl``, ``lcl`` and ``ucl`` (limits averaged over the phase's points, as qicharts2's
        aLCL/aUCL). Runs statistics are missing (``<NA>``) for a phase with no useful points.
        """
        return self._summary.copy()

    def _header(self) -> str:
        n_series = len(self._summary.drop_duplicates(self.by)) if self.by else 1
        return (
            f"SPCResult: {self.title} — {n_series} series, {len(self.points)} points, "
            f"rules={self.rules!r}"
        )

    def __repr__(self) -> str:
        with pd.option_context("display.max_rows", 20, "display.width", 120):
            return f"{self._header()}\n{self._summary.to_string(max_rows=20)}"

    def _repr_html_(self) -> str:
        table = self._summary.to_html(max_rows=20, index=False, na_rep="")
        return f"<p><strong>{html.escape(self._header())}</strong></p>\n{table}"
