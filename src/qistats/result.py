"""SPCResult: the points, the per-phase summary, and the arguments of the call."""

from __future__ import annotations

import html
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from ._args import count_arg, fmt
from ._interop import to_arrow, to_polars
from .errors import ArgumentError
from .frame import unshared
from .plot.spc import plot_spc


@dataclass(frozen=True)
class Evidence:
    """What :meth:`SPCResult.suggest_phases` needs besides the points."""

    lay: K.Layout
    sequence: np.ndarray  # points the sequence rules look at (included, not missing)
    x_name: str
    sustained: Mapping[str, str]  # rule columns that flag sustained shifts, and what they seek


class ReadOnlyParams:
    """Pickling and deep copies for a result whose ``params`` is a read-only mapping.

    A :class:`types.MappingProxyType` cannot be pickled, so the state stores ``params`` as a
    plain dict and loading wraps it again: the copy's ``params`` is read-only too. Results then
    go through :mod:`pickle`, :func:`copy.deepcopy`, :mod:`multiprocessing` and
    :class:`concurrent.futures.ProcessPoolExecutor`, and caches that pickle.
    """

    params: Mapping[str, Any]

    def __getstate__(self) -> dict[str, Any]:
        """The attributes, with ``params`` as a plain dict."""
        state = self.__dict__.copy()
        if "params" in state:
            state["params"] = dict(state["params"])
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore the attributes, ``params`` read-only again."""
        state = dict(state)
        if "params" in state:
            state["params"] = MappingProxyType(dict(state["params"]))
        self.__dict__.update(state)


#: The summary's columns a notebook shows (after the by-columns).
_HTML_COLUMNS = (
    "phase",
    "n_points",
    "cl",
    "lcl",
    "ucl",
    "n_outside",
    "runs_signal",
    "short_phase",
    "variation",
    "assurance",
)


class SPCResult(ReadOnlyParams):
    """The result of :func:`qistats.spc`.

    Attributes
    ----------
    points : pandas.DataFrame
        One row per series × x: the by-columns and x (with the user's names), the aggregated
        inputs, ``value`` (the plotted statistic × multiply), ``phase``, ``baseline``,
        ``excluded``, ``cl``, ``lcl``, ``ucl``, ``lcl_2s``, ``ucl_2s``, ``lcl_1s``, ``ucl_1s``,
        ``target`` (when given), one boolean column per rule (``outside_limits``, ``long_run``,
        ``few_crossings`` for the default rules), ``signal`` (their union) and ``variation``
        (``common_cause``, ``improvement_high``/``_low``, ``concern_high``/``_low``,
        ``neutral_high``/``_low``: the Making Data Count icon names).
    chart : str
        The chart name.
    rules : str
        The rule set used.
    by : list of str
        The columns naming the series (empty for a single series).
    title : str
        What the chart shows, in words: ``"I chart of restraints per 1,000 bed days"``.
    params : Mapping
        Every argument of the call except ``data`` (read-only). The result pickles and
        deep-copies (to return it from a worker process, or cache it).
    """

    def __init__(
        self,
        points: pd.DataFrame,
        summary: pd.DataFrame,
        params: Mapping[str, Any],
        title: str,
        evidence: Evidence,
        dates: tuple[Any, ...] = (),
    ) -> None:
        self._points = points
        self._dates = dates  # the caller's date columns, given back as dates by to_polars
        self._summary = summary
        self.params = MappingProxyType(dict(params))
        self.title = title
        self._evidence = evidence

    @property
    def points(self) -> pd.DataFrame:
        """One row per series × x (see the class's attributes): a copy, so that editing it
        leaves the result, its summary and its plot as computed."""
        return unshared(self._points)

    @property
    def chart(self) -> str:
        """The chart's name as given to :func:`qistats.spc` (``"xmr"``, ``"u"``, …)."""
        return str(self.params["chart"])

    @property
    def rules(self) -> str:
        """The name of the rule set applied (``"anhoej"``, ``"mdc"``, …; an ``"xmr"`` chart
        defaults to ``"mdc"``), or the name of the :class:`~qistats.rules.RuleSet` given."""
        return str(self.params["rules"])

    @property
    def by(self) -> list[Hashable]:
        """The by-columns as a list (one label, which may be an int or a tuple, or several)."""
        by = self.params["by"]
        if by is None:
            return []
        if isinstance(by, Hashable) and by in self._points.columns:
            return [by]
        return list(by)

    def summary(self) -> pd.DataFrame:
        """One row per series × phase.

        Returns
        -------
        pandas.DataFrame
            A copy (changing it leaves the result unchanged). Columns: the by-columns,
            ``phase``, ``n_points`` (included points with a value; qicharts2's ``n.obs`` also
            counts missing ones), ``n_useful`` (included points not on the centre line and not
            missing), ``longest_run``, ``longest_run_max``, ``n_crossings``,
            ``n_crossings_min``, ``runs_signal`` (Anhøj's runs analysis; always False unless
            the rule set includes it), ``n_outside`` (points outside the limits, excluded points
            counted) and ``n_<rule>`` for every other rule column, ``cl``, ``lcl`` and ``ucl``
            (limits averaged over the phase's points, as qicharts2's aLCL/aUCL),
            ``short_phase``, ``variation`` (of the phase's last observed point; missing without
            one, and with the ``"mdc"`` rules for a phase of 1 or 2 observed points: too few to
            judge) and ``assurance`` (on the phase holding the series' last observed point, from
            the limits at that point: "pass", "fail", "hit_or_miss", or missing without a
            target or direction). Runs statistics are missing (``<NA>``) for a phase with no
            useful points. See "Missing values and gaps" in the docs.

        Examples
        --------
        An I chart of 8 points: the mean 39/8 = 4.875; the mean moving range 12/7, so the
        limits are 4.875 ∓ 2.66 · 12/7 = 0.316 and 9.434.

        >>> import pandas as pd
        >>> import qistats as qi
        >>> res = qi.spc(pd.DataFrame({"y": [3, 5, 4, 6, 5, 4, 7, 5]}), y="y", chart="i")
        >>> res.summary()[["n_points", "cl", "lcl", "ucl", "runs_signal"]].round(3)
           n_points     cl    lcl    ucl  runs_signal
        0         8  4.875  0.316  9.434        False
        """
        return self._summary.copy()

    def _table(self, table: str) -> pd.DataFrame:
        if table == "points":
            return self.points
        if table == "summary":
            return self._summary
        raise ArgumentError(f'table: expected "points" or "summary", got {fmt(table)}.')

    def to_arrow(self, table: str = "points") -> Any:
        """A table of the result as a :class:`pyarrow.Table` (``pip install pyarrow``).

        Categorical columns (``variation``) become strings. Results are pandas DataFrames
        whatever the input's library; this and :meth:`to_polars` convert on request.

        Parameters
        ----------
        table : {"points", "summary"}, default "points"
            Which table: :attr:`points` or :meth:`summary`.

        Returns
        -------
        pyarrow.Table

        Examples
        --------
        >>> import pandas as pd
        >>> import qistats as qi
        >>> res = qi.spc(pd.DataFrame({"y": [3, 5, 4, 6, 5, 4, 7, 5]}), y="y", chart="i")
        >>> t = res.to_arrow("summary")
        >>> t.num_rows, str(t.schema.field("cl").type), t["cl"][0].as_py()
        (1, 'double', 4.875)
        """
        return to_arrow(self._table(table), self._dates)

    def to_polars(self, table: str = "points") -> Any:
        """A table of the result as a :class:`polars.DataFrame` (``pip install polars``).

        Parameters
        ----------
        table : {"points", "summary"}, default "points"
            Which table: :attr:`points` or :meth:`summary`.

        Returns
        -------
        polars.DataFrame

        Examples
        --------
        >>> import qistats as qi, polars as pl
        >>> df = pl.DataFrame({"y": [3, 5, 4, 6, 5, 4, 7, 5]})
        >>> out = qi.spc(df, y="y", chart="i").to_polars()
        >>> type(out).__name__, out["cl"][0]
        ('DataFrame', 4.875)
        """
        return to_polars(self._table(table), self._dates)

    # Draw the chart with matplotlib (``pip install 'qistats[plot]'``); returns the Figure.
    # Every argument is documented in :func:`qistats.plot.plot_spc` (this is that function).
    plot = plot_spc

    def suggest_phases(self, min_length: int = 12) -> pd.DataFrame:
        """Where a sustained shift suggests a new phase — for you to confirm, never applied.

        A run of at least ``min_length`` successive points flagged by a sustained-shift rule of
        the active rule set (``shift``, or Anhøj's ``long_run``) is evidence that the process
        has moved. Each such run proposes a new phase starting at its first point, or, when the
        run opens its phase (the process was there first), at the point after it. Whether to
        start one is a judgement: a new phase should match a known change (an intervention, a
        new way of counting), not only a signal.

        Parameters
        ----------
        min_length : int, default 12
            The shortest run (in points) that proposes a phase; a whole number >= 1.

        Returns
        -------
        pandas.DataFrame
            One row per proposal: the by-columns, the current ``phase``, the x where the new
            phase would start (with the x column's name), ``rule``, ``n_points`` (run length),
            ``side`` ("above" or "below" the centre line), ``cl``, ``run_mean`` and
            ``evidence`` (a sentence).

        Examples
        --------
        Twelve months around 5, then fourteen around 9: the last fourteen are one run above
        the centre line (189/26 = 7.269), their mean 128/14 = 9.143.

        >>> import pandas as pd
        >>> import qistats as qi
        >>> y = [5, 6, 4, 5, 6, 5, 4, 6, 5, 5, 4, 6, 9, 10, 8, 9, 10, 9, 8, 10, 9, 9, 10, 8, 9, 10]
        >>> data = pd.DataFrame({"month": pd.date_range("2023-01-01", periods=26, freq="MS"),
        ...                      "y": y})
        >>> res = qi.spc(data, y="y", x="month", chart="i")
        >>> res.suggest_phases().round({"run_mean": 3})[["month", "rule", "n_points", "run_mean"]]
               month      rule  n_points  run_mean
        0 2024-01-01  long_run        14     9.143

        Confirmed (a change made in January 2024), it becomes a phase:

        >>> two = qi.spc(data, y="y", x="month", chart="i", phase=["2024-01-01"])
        >>> two.summary()["cl"].round(3).tolist()
        [5.083, 9.143]
        """
        min_length = count_arg(min_length, "min_length", 1, "a whole number of points >= 1")
        ev = self._evidence
        pts = self._points
        seq = ev.sequence
        idx = np.flatnonzero(seq)
        seg = ev.lay.seg[idx]
        rows = []
        for rule, seeks in ev.sustained.items():
            flagged = pts[rule].to_numpy()[idx]
            side = np.sign(pts["value"].to_numpy()[idx] - pts["cl"].to_numpy()[idx])
            key = np.where(flagged, side, 0)
            new = np.ones(idx.size, dtype=bool)
            new[1:] = (key[1:] != key[:-1]) | (seg[1:] != seg[:-1])
            start = np.flatnonzero(new)
            length = np.diff(np.append(start, idx.size))
            keep = (key[start] != 0) & (length >= min_length)
            for s0, ln in zip(start[keep], length[keep], strict=True):
                run = idx[s0 : s0 + ln]
                mean = float(pts["value"].to_numpy()[run].mean())
                where = "above" if key[s0] > 0 else "below"
                said = (
                    f"{ln} points in a row {where} the centre line {pts['cl'].iloc[run[0]]:.4g} "
                    f"(their mean {mean:.4g}), flagged by {fmt(rule)} ({seeks})"
                )
                at = s0
                if s0 == 0 or seg[s0] != seg[s0 - 1]:
                    # a run that opens the phase: the process moved where the run ends
                    at = s0 + ln
                    if at == idx.size or seg[at] != seg[s0]:
                        continue  # the whole phase (its centre line is the run's own)
                    said = f"the phase opens with {said}; the process moved after them"
                row = pts.iloc[idx[at]]
                rows.append(
                    {
                        **{b: row[b] for b in self.by},
                        "phase": row["phase"],
                        ev.x_name: row[ev.x_name],
                        "rule": rule,
                        "n_points": int(ln),
                        "side": where,
                        "cl": float(row["cl"]),
                        "run_mean": mean,
                        "evidence": said,
                    }
                )
        columns = [
            *self.by,
            "phase",
            ev.x_name,
            "rule",
            "n_points",
            "side",
            "cl",
            "run_mean",
            "evidence",
        ]
        out = pd.DataFrame(rows, columns=columns)
        # a run that opens a phase and the next run propose the same point: say it once
        keys = out[[*self.by, "phase", ev.x_name, "rule"]]
        return out[~keys.duplicated(keep="last").to_numpy()].reset_index(drop=True)

    def _header(self) -> str:
        n_series = len(self._summary.drop_duplicates(self.by)) if self.by else 1
        return (
            f"SPCResult: {self.title} — {n_series} series, {len(self._points)} points, "
            f"rules={fmt(self.rules)}"
        )

    def __repr__(self) -> str:
        with pd.option_context("display.max_rows", 20, "display.width", 120):
            return f"{self._header()}\n{self._summary.to_string(max_rows=20)}"

    def _repr_html_(self) -> str:
        """The notebook's view: the header and the main columns of the summary, numbers
        rounded as the charts label them (``summary()`` has every column, unrounded)."""
        from .plot.formatting import number

        cols = [c for c in (*self.by, *_HTML_COLUMNS) if c in self._summary]
        view = self._summary[cols].copy()
        for c in ("cl", "lcl", "ucl"):
            if c in view:
                view[c] = [number(v) for v in view[c].to_numpy(dtype=float, na_value=np.nan)]
        for c in ("runs_signal", "short_phase"):
            if c in view:
                view[c] = view[c].map({True: "yes", False: ""})
        view = view.astype(object).where(view.notna(), "")  # no "None" for no assurance
        table = view.to_html(max_rows=20, index=False, escape=True)
        note = "All columns, unrounded: <code>.summary()</code>; every point: <code>.points</code>."
        return f"<p><strong>{html.escape(self._header())}</strong></p>\n{table}\n<p>{note}</p>"
