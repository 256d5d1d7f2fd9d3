"""The result object of :func:`~qistats.ambition`."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._interop import TablesOut
from ..frame import unshared
from ..plot.ambition import ambition_title, plot_ambition
from ..plot.formatting import number
from ..result import SPCResult
from .pooling import Pool
from .report import spc_chart

# the summary's columns in the printed view, the verdict last
_VIEW_COLUMNS = ("baseline_value", "target_value", "current_value", "percent_change", "verdict")


@dataclass(frozen=True)
class AmbitionDefinition:
    """What the ambition is; fixed when it is created and never re-baselined.

    Every attribute but ``y``, ``n`` and ``x`` is the argument of :func:`~qistats.ambition`
    of the same name, as given (``change``, ``multiply`` and ``confidence`` as floats); see
    there for what each means.

    Attributes
    ----------
    baseline : (start, end)
        The baseline period, inclusive x values.
    change : float or None
        The ambition as a fraction of the baseline (−0.5: reduce by 50 %); None for an
        absolute target given without it.
    deadline : x value
        When the target should be met.
    kind : {"rate", "proportion", "mean"}
        What is measured.
    target : {"relative", "shortfall"} or float
        How the target is set; a number is an absolute target in display units.
    trajectory : str
        "compound", "linear" or the column of per-period targets.
    start, compare, window, as_of : optional
        The trajectory's start, an explicit assessment window, the window's number of
        periods and the date judged, as given (``None``: the defaults).
    multiply : float
        The display multiplier (1000 for "per 1,000 bed days").
    confidence : float
        The confidence level of every interval.
    y, n, x : str or None
        The columns measured: events or numerators (``y``), exposure or denominators (``n``;
        ``None`` for means) and time (``x``), so that the measure can be named, as on the
        chart's y axis ("restraints per 1,000 bed days"). They come last, with the default
        ``None``, so code that builds a definition without them still works.
    calendar : list-like of x values or None
        The ``calendar`` argument as given (the x values that set the calendar of periods),
        so that the definition reproduces the run; ``None`` when not given.
    improvement : {"decrease", "increase"} or None
        Which direction is better: from the sign of ``change``, or, for an absolute target
        given without ``change`` (``change`` None), from the target and the baselines.

    Examples
    --------
    >>> import qistats as qi
    >>> bri3 = qi.datasets.restrictive_practice().query("ward == 'BRI3'")
    >>> amb = qi.ambition(bri3, y="restraints", n="bed_days", x="month",
    ...                   baseline=("2020-04-01", "2021-03-01"), change=-0.5,
    ...                   deadline="2024-03-01", multiply=1000)
    >>> d = amb.definition
    >>> d.baseline, d.change, d.deadline, d.kind, d.target
    (('2020-04-01', '2021-03-01'), -0.5, '2024-03-01', 'rate', 'relative')
    """

    baseline: tuple[Any, Any]
    change: float | None
    deadline: Any
    kind: str
    target: Any
    trajectory: Any
    start: Any
    compare: Any
    window: Any
    as_of: Any
    multiply: float
    confidence: float
    y: Any = None
    n: Any = None
    x: Any = None
    calendar: Any = None
    improvement: str | None = None


class Ambition(TablesOut):
    """The result of :func:`ambition`.

    ``to_polars(table)`` and ``to_arrow(table)`` convert :meth:`summary` (the default),
    ``"periods"`` or :meth:`pooled` (``pip install polars`` / ``pyarrow``).

    Attributes
    ----------
    definition : AmbitionDefinition
        The ambition as defined (baseline range, change, deadline, …).
    periods : pandas.DataFrame
        One row per series × period: the inputs, ``value``, ``period`` ("before",
        "baseline", "between", "comparison" (the assessment window), "gap" (missing, or no
        exposure and no events) or "later" (after ``as_of``, or after the deadline once it is
        reached: not used)), ``trajectory`` (the target for that period), ``expected``
        events under the trajectory, cumulative ``cum_observed`` and ``cum_expected`` since the
        trajectory starts, their ratio ``oe`` with ``oe_lower``/``oe_upper`` (with the
        baseline's uncertainty) and ``cumulative_status`` ("ahead", "as_expected", "behind":
        the interval wholly below, across or above 1, mirrored for increases). It compares the
        events since the trajectory's start, not the assessment window the verdict judges, so
        its words are never a verdict's: a ward "as_expected" to date may be "off_track".
    """

    _TABLES = ("summary", "periods", "pooled")
    #: The months a period holds before and after its date and what a period is called
    #: (:func:`qistats.ambition.window.cover`, ``period_word``), for the plot's words: set by
    #: :func:`~qistats.ambition`; calendar months by default.
    _periods: tuple[tuple[int, int], str] = ((0, 0), "month")

    def __init__(
        self,
        summary: pd.DataFrame,
        periods: pd.DataFrame | Callable[[], pd.DataFrame],
        pool: Pool,
        definition: AmbitionDefinition,
        chart_args: dict[str, Any],
    ) -> None:
        self._summary = summary
        # the table, or what builds it when first read (it is costly and often not read)
        self._period_table = periods
        self._pool = pool
        self._pooled = pool.pooled()
        self.definition = definition
        self._chart_args = chart_args

    @property
    def periods(self) -> pd.DataFrame:
        """The per-period table (see the class's attributes), built when first read: a copy,
        so that editing it leaves the result and its plot as computed."""
        if callable(self._period_table):
            # as qi.ambition computes: a series without baseline data divides 0 by 0 into the
            # missing values the table shows, and no RuntimeWarning reaches the user
            with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
                self._period_table = self._period_table()
        return unshared(self._period_table)

    @periods.setter
    def periods(self, value: pd.DataFrame) -> None:
        self._period_table = value

    def __getstate__(self) -> dict[str, Any]:
        """The state to pickle or copy, with the per-period table built."""
        self.periods  # noqa: B018 (built, so that no builder is pickled)
        return self.__dict__.copy()

    def summary(self) -> pd.DataFrame:
        """One row per series: change achieved, its uncertainty, the verdict and projection.

        Returns
        -------
        pandas.DataFrame
            A copy. Columns: the by-columns, ``baseline_value`` (λ₀ × multiply) with
            ``baseline_lower`` and ``baseline_upper``, ``target_value``, ``current_value`` (the
            level in the assessment window) with ``current_lower`` and ``current_upper``, the
            window's ``current_start``, ``current_end`` and ``window_periods``,
            ``deadline_reached``, ``estimand`` (what the ratio columns hold), ``rate_ratio`` with
            ``rate_ratio_lower``/``_upper`` (``rate_ratio`` and ``percent_change`` are missing
            against a baseline of zero, whose ratio is infinite; ``rate_ratio_upper`` is then
            ``inf``), ``percent_change``, ``p_improved``, ``p_value_target`` (the one-sided
            p-value of the test of the target: small means the target was met),
            ``prob_target_met``, ``clearly_met`` (the interval shown clears the target), ``verdict``
            ("insufficient_data", "met", "not_met", "on_track", "off_track") and its ``reason``,
            ``trajectory_ratio`` with ``trajectory_lower``/``_upper`` and ``trajectory_status`` (the
            window against the trajectory: "ahead", "as_expected" or "behind"; missing, None,
            where the baseline meets an absolute target already), ``projected_date``
            with ``projected_lower``/``_upper`` and ``projection`` ("projected", "open_ended",
            "not_projected", or "contradicted": an open-ended crossing before the deadline
            that the window's level contradicts; missing dates, as for an
            ``insufficient_data`` verdict), ``events_needed``,
            ``detectable_change``, ``overdispersion``, ``assurance``, ``prob_period_meets_target``
            and ``warnings``.

        Examples
        --------
        >>> import qistats as qi
        >>> two = qi.datasets.restrictive_practice().query("ward in ['BRI1', 'BRI3']")
        >>> amb = qi.ambition(two, y="restraints", n="bed_days", x="month", by="ward",
        ...                   baseline=("2020-04-01", "2021-03-01"), change=-0.5,
        ...                   deadline="2024-03-01", multiply=1000)
        >>> amb.summary()[["ward", "baseline_value", "current_value", "verdict"]].round(1)
           ward  baseline_value  current_value  verdict
        0  BRI1            16.5           18.3  not_met
        1  BRI3            30.4           13.2      met

        BRI3 more than halved its rate (30.4 to 13.2 per 1,000 bed days, below its target of
        15.2); BRI1's rose.
        """
        return self._summary.copy()

    def pooled(self) -> pd.DataFrame:
        """Programme level: the Mantel–Haenszel rate ratio over all series, each against its own
        baseline (Greenland & Robins 1985 interval), in one row — never "n of N improved".

        Returns
        -------
        pandas.DataFrame
            One row: ``n_series`` (the series pooled), ``series_excluded`` (those left out
            of every total and ratio: a relative target above 100 %, which has no target and
            is "insufficient_data"; no baseline; or no data in the assessment window, a ward
            that closed), ``series_zero_baseline`` (those pooled whose baseline had no events,
            or for ``target="shortfall"`` no shortfall from 100 %: no ratio of their own, so
            "insufficient_data" with no % change; their events stay in the totals and the
            Mantel–Haenszel ratio, as leaving them out would bias it towards a fall, but they
            are left out of the random-effects view below; the overview plot names them
            under the pooled row, with the series left out), the totals (``baseline_events``,
            ``baseline_exposure``, ``current_events``, ``current_exposure`` for counts;
            observations for means), ``baseline_value``, ``current_value``, ``estimand`` (the
            ratio pooled, as each series': for ``target="shortfall"`` the ratio of shortfalls
            1 − p, Mantel–Haenszel on the failures n − y), ``rate_ratio`` with ``rate_ratio_lower``/
            ``_upper``, ``percent_change``, ``p_improved``, ``p_value_target``, and how much
            the series differ: ``series_pooled`` (the series in it: those with a ratio of
            their own), ``heterogeneity_q``/``_df``/``_p``,
            ``i_squared``, ``tau_squared``, ``random_effects_ratio`` with its interval and the
            ``prediction_lower``/``_upper`` interval of a new series' ratio.

        Examples
        --------
        >>> import qistats as qi
        >>> two = qi.datasets.restrictive_practice().query("ward in ['BRI1', 'BRI3']")
        >>> amb = qi.ambition(two, y="restraints", n="bed_days", x="month", by="ward",
        ...                   baseline=("2020-04-01", "2021-03-01"), change=-0.5,
        ...                   deadline="2024-03-01", multiply=1000)
        >>> cols = ["n_series", "rate_ratio", "rate_ratio_lower", "rate_ratio_upper"]
        >>> amb.pooled()[cols].round(2)
           n_series  rate_ratio  rate_ratio_lower  rate_ratio_upper
        0         2        0.59               0.5              0.71

        Together the two wards fell by about 40 %: one ward's fall (BRI3, −57 %) outweighs the
        other's rise (BRI1, +11 %), and the interval excludes the ambition's 0.5.
        """
        return self._pooled.copy()

    def chart(self) -> SPCResult:
        """The SPC chart (Making Data Count rules) of every series up to ``as_of``, with the
        target drawn and a phase for the baseline and one for the periods after it.

        The limits of the last phase are those of the process since the baseline, so a
        sustained change shows as a step between the phases, and its ``assurance`` (the target
        against those limits) is the summary's.

        Returns
        -------
        SPCResult
            ``phase`` is "before" (points before the baseline's first), "baseline" or "after".

        Examples
        --------
        >>> import qistats as qi
        >>> bri3 = qi.datasets.restrictive_practice().query("ward == 'BRI3'")
        >>> amb = qi.ambition(bri3, y="restraints", n="bed_days", x="month",
        ...                   baseline=("2020-04-01", "2021-03-01"), change=-0.5,
        ...                   deadline="2024-03-01", multiply=1000)
        >>> spc = amb.chart().summary()
        >>> spc[["phase", "cl", "assurance"]].round(1)
              phase    cl    assurance
        0  baseline  30.4         None
        1     after  17.7  hit_or_miss
        >>> amb.summary().assurance.iloc[0]
        'hit_or_miss'

        The baseline's 12 points are too few for an assurance icon (13 by default); since
        then the mean has fallen to 17.7 per 1,000 bed days, and the target (15.2) lies
        within the limits: it will be met in some months and missed in others.
        """
        return spc_chart(self._chart_args)

    # Each series against its ambition, or the programme overview (matplotlib; returns the
    # Figure). Every argument is documented in :func:`qistats.plot.plot_ambition` (this is
    # that function).
    plot = plot_ambition

    def _header(self) -> str:
        """The ambition as the plot's title says it, the number of series and the verdicts."""
        counts = self._summary["verdict"].value_counts()
        verdicts = ", ".join(f"{n} {v}" for v, n in counts.items())
        return f"{ambition_title(self)}. {len(self._summary)} series: {verdicts}"

    def _view(self) -> pd.DataFrame:
        """The main columns of the summary, numbers rounded as the charts label them."""
        names = list(self._summary.columns)
        cols = names[: names.index("baseline_value")] + list(_VIEW_COLUMNS)
        view = self._summary[cols].copy()
        for c in _VIEW_COLUMNS[:-1]:
            view[c] = [number(v) for v in view[c].to_numpy(dtype=float, na_value=np.nan)]
        return view

    def __repr__(self) -> str:
        table = self._view().to_string(index=False, max_rows=10)
        return f"{self._header()}\n{table}\nEvery column and the reasons: .summary()"

    def _repr_html_(self) -> str:
        """The notebook's view: the header and the main columns of the summary (rounded)."""
        table = self._view().to_html(max_rows=20, index=False, escape=True)
        note = (
            "Every column, unrounded, and each verdict's reason: <code>.summary()</code>; per "
            "period: <code>.periods</code>; the chart: <code>.plot()</code>."
        )
        return f"<p><strong>{html.escape(self._header())}</strong></p>\n{table}\n<p>{note}</p>"
