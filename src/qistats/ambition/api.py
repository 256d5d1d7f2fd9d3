"""The entry point :func:`ambition`: arguments checked, the points prepared, the window laid out."""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from .._args import (
    choose,
    fmt,
    is_label,
    label,
    name_key,
    number_arg,
    period_end,
    positive_arg,
)
from .._calendar import WEEK_NS, Distinct, Months, Steps, data_calendar
from .._interop import as_pandas, date_columns, time_unit
from .._stale import FAR_SPACINGS  # the rule of qi.board's DateWarning for a far date
from .._warn import warn
from .._xaxis import iso_text_x
from ..charts import get_chart
from ..errors import ArgumentError, BaselineWarning, DataError, DateWarning
from ..frame import prepare
from .counts import ambition_counts
from .means import ambition_mean
from .part import current
from .projection import baseline_periods, trend_periods
from .report import refuse_output_names
from .result import Ambition, AmbitionDefinition
from .targets import TARGET_RULES, check_target, direction
from .trajectory import TRAJECTORIES
from .window import (
    Window,
    assessment_window,
    compare_window,
    cover,
    judged_window,
    own_step,
    period_word,
    scalar_time,
    to_x,
    wall_time,
    window_bounds,
    window_length,
)

KINDS = ("rate", "proportion", "mean")
#: The chart of each kind's SPC view (``Ambition.chart()``): the period means of a mean.
VIEW_CHARTS = {"proportion": "p", "rate": "u", "mean": "xmr"}


def ambition(
    data: pd.DataFrame,
    y: str,
    *,
    x: str,
    n: str | None = None,
    by: str | Sequence[str] | None = None,
    baseline: tuple[Any, Any],
    change: float | None = None,
    deadline: Any,
    kind: str = "rate",
    target: str | float = "relative",
    trajectory: str = "compound",
    start: Any = None,
    compare: tuple[Any, Any] | None = None,
    window: int | None = None,
    calendar: Any = None,
    as_of: Any = None,
    multiply: float = 1,
    confidence: float = 0.95,
    overdispersion: str | None = "auto",
) -> Ambition:
    r"""Track an ambition: change from a fixed baseline, towards a target, by a deadline.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation (never modified).
    y : str
        Events (rates) or numerators (proportions): whole counts, since the intervals and tests
        are exact Poisson and binomial ones (a fractional count such as 3.5 is refused, naming
        its row; a value within 1e-9 of a whole number, such as 3.0000000000000004 from a sum
        of decimals, is that number). Measurements (kind="mean") may be any number.
    x : str
        Time: dates or numbers. Rows sharing (by…, x) are summed. Record-level data (one row
        per incident with y = 1, or per patient's stay for ``kind="mean"``) are judged by
        month when x is their month, ``df["date"].dt.to_period("M").dt.to_timestamp()``; on
        dates of single days the periods are days (or the distinct dates), and a baseline or
        deadline written as the 1st of a month ("2022-03-01") gives a
        :class:`~qistats.DateWarning` saying how many days it holds.
    n : str
        Exposure (bed days, …) or denominators (patients asked, …). Required for rates and
        proportions; not used for means.
    by : str or list of str, optional
        Series; each is measured against its own baseline.
    baseline : (start, end)
        The baseline period, inclusive x values. Fixed: it never moves. On monthly or
        quarterly dates any date inside a period means that period (as for ``deadline``,
        ``start``, ``compare`` and ``as_of``): ``("2021-04-01", "2022-03-01")`` is April 2021
        to March 2022 for data dated on month ends too. A month written as one
        (``("2021-04", "2022-03")``, or ``pd.Period``) names the whole month on any data: on
        weeks, the weeks dated in it (a day there is taken as given), for ``deadline`` and
        ``as_of`` too (the last week dated in that month).
    change : float, optional
        The ambition as a fraction of the baseline: −0.5 for "reduce by 50 %", 0.5 for
        "increase by 50 %", 1 for "double". −1 < change ≤ 1, not 0 (below 1 for proportions);
        ``change=50`` is refused with a hint (−0.5 or 0.5 was probably meant), and an ambition
        of more than doubling is an absolute ``target=``. Its sign says which direction is
        better. Required for ``target="relative"`` and ``"shortfall"``. With an absolute
        ``target=`` (a number) it may be left out, and only its sign is used: without it the
        direction is from the target and the baselines (lower is better for a target below
        every series' baseline, higher for one above every baseline, with a
        :class:`~qistats.TargetWarning` saying which was taken, since a ceiling every series
        already meets would read as a rise to it; a target between the baselines of two
        series is refused, asking for ``change``); a ``change`` whose
        direction would take every series away from the target (``change=0.5`` with a target
        below every baseline) gives a :class:`~qistats.TargetWarning`, and its direction is
        used.
    deadline : x value
        When the target should be met.
    kind : {"rate", "proportion", "mean"}
        Events per exposure (Poisson), successes out of trials (binomial), or a mean of
        measurements (one per row, e.g. length of stay; no ``n``).
    target : {"relative", "shortfall"} or float
        ``"relative"``: T = λ₀(1 + change), judged on the ratio λ₁/λ₀ against ρ = 1 + change.
        ``"shortfall"`` (proportions where higher is better, ``change`` > 0): close that
        share of the gap to 100 %, T = 1 − (1 − p₀)(1 − change), judged on the failure ratio
        (1 − p₁)/(1 − p₀) against 1 − change (a negative ``change`` is refused: it would say
        that lower is better). A positive number: an absolute target in display
        units (after ``multiply``), judged on the level λ₁ against T.
    trajectory : {"compound", "linear"} or str
        Path from the baseline to the target: compound T_t = λ₀(T/λ₀)^s, linear
        T_t = λ₀ + (T − λ₀)s, with s = clip((t − t₀)/(t_r − t₀), 0, 1) and t_r the first
        period of the window judged at the deadline (the ``window`` periods ending there; the
        deadline itself when ``start`` is at or after it): the path reaches the target where
        the window that "met" is judged on begins, and stays there, so that a series on it is
        at the target over that whole window. Or a column of per-period targets (display
        units), used as given; a blank, or a value at or below 0, on a period with data from
        the trajectory's start on is refused, naming the point (before it, values are not
        read): a target of 0 ("zero tolerance") cannot be judged, since the trajectory is
        judged by the ratio of the events observed to those it expects; a column whose
        first value is more than 50 times above or below a series' baseline (rates per bed
        day beside ``multiply=1000``) gives a TargetWarning. The two names ignore case and
        win over a column of the same name.
    start : x value, optional
        Start of the trajectory (t₀), between the baseline's start and the deadline. Default:
        the first period after the baseline.
    compare : (start, end), optional
        An explicit assessment window (inclusive x values) instead of the default; it must lie
        after the baseline and end by the deadline (and by ``as_of`` when given). The ambition
        is judged as of the window's end, as with ``as_of``: data after it are not used (the
        projection of a window before the deadline is fitted on the data up to its end).
    window : int, optional
        Periods in the assessment window. Default: as many as the baseline has, counted on
        the calendar of the data's step (months for dates on one day of the month or on month
        ends, else a fixed step), inferred from the distinct x of the whole data, so a series
        missing periods, even a late opener, is counted alike alone and among others.
        Irregular x (no common step): the baseline's distinct x values in the data. Dates
        that no series has two of in one month (monthly rows dated on different days, by
        ward or by month: month ends, last working days) are counted in months, even where
        every series' dates together are a day apart. A ``window`` longer than the periods
        from the baseline to the deadline is cut to them, and the summary's ``warnings`` say
        so ("window=100 cut to 36 months").
    calendar : list-like of x values, optional
        x values that say what the periods are. Their own step is the calendar when every x
        of the data lies on its grid: a ward alone that reports every other month has a step
        of 2 months, unless ``calendar=["2021-04-01", "2021-05-01"]`` (two consecutive
        months are enough) or ``pd.date_range("2021-04-01", "2024-03-01", freq="MS")`` says
        the periods are months. Otherwise the calendar is inferred from these values and the
        data's together: pass the x of the whole data when judging part of it, so that one
        ward taken out of a trust's data is counted as among the others
        (:func:`qistats.spark.ambition` passes the x of the whole Spark DataFrame to every
        bucket). Any array of them: a list, a numpy array, a pandas Series, Index or
        extension array (``df["month"].unique()``, a DatetimeArray under pandas 3), a polars
        Series or a pyarrow array. Kept, as given, in ``definition.calendar``. Values that
        cannot be compared with x are refused, naming the argument.
    as_of : x value, optional
        When the ambition is judged. Default: the latest x at which some series has a usable
        value (rows whose ``y`` or ``n`` is missing, such as a template's future months, do
        not set it); a :class:`~qistats.DateWarning` when that x is more than 12 periods after
        every other point of the data (a mistyped date, as ``qi.board`` warns). Data after it
        are not used (``period`` "later"). When ``as_of`` is on or after the
        deadline every series is judged at the deadline, on the window ending there, even a
        series whose data stop short of it. After the baseline's end.
    multiply : float, default 1
        Display multiplier (1000 for "per 1,000 bed days").
    confidence : float, default 0.95
        Confidence level of every interval; the tests are one-sided at α/2 = (1 − confidence)/2,
        so a test and the interval shown always agree.
    overdispersion : {"auto"} or None
        ``"auto"``: estimate φ̂ from every period up to the end of the window (successive
        differences of the Pearson residuals around the baseline's level and a log-linear
        trend after it, X̃² = ½Σ(rₜ − rₜ₋₁)², the difference at a detected step of the level
        set aside, so that an intervention's step is not read as overdispersion, and so the
        differences at a spike, a period far from both neighbours (one month with a very
        disturbed patient: a special cause, not month-to-month variation); solved for φ
        from the Dirichlet-multinomial expectation Σⱼ νⱼKⱼφ/(Kⱼ + φ − 1) so that few events do
        not hide it); when ⅔X̃² > χ²₀.₇₅(2ν/3) (a test at 25 %; with fewer than about 10
        differences a lower threshold, so that a one-sided miss stays within 1.2·α/2 whatever
        φ is), divide every count and exposure by f = max(1, φ̂·(t_{2ν/3}/z)²) before the
        exact methods, so that intervals, tests, posteriors, the trajectory comparison, the
        power checks and ``events_needed`` all allow for it. The summary's
        ``overdispersion`` is φ̂; ``warnings`` says when it is allowed for. Means: φ̂ is the
        between- over the within-period mean square of the period means (one-way
        analysis of variance); when it exceeds F₀.₇₅ (with 8 periods or fewer in
        the baseline and the window together a lower threshold, as for counts), each mean's
        variance has a between-period component, with t on about the periods less one,
        where its interval is the wider, in the same places
        (:mod:`qistats.ambition.clustered`).

    Returns
    -------
    Ambition
        ``.summary()``, ``.periods``, ``.pooled()``, ``.chart()``, ``.plot()``.

    Notes
    -----
    **The estimand** is the level in the *assessment window*: the last ``window`` periods
    after the baseline (never overlapping it) up to ``as_of``; once ``as_of`` reaches the
    deadline, the ``window`` periods ending at the deadline. The periods are the steps of the
    data's calendar (the most common difference between consecutive distinct x of the whole
    data, in calendar months for monthly dates, when at least half are that step and every x
    lies on its grid; else the distinct x values), so every series is judged on the same
    stretch, alone or among others, and a period a series lacks is a gap in its window.
    ``current_value`` and every comparison use it; the summary gives ``current_start`` and
    ``current_end``. A series without usable baseline data (a ward that opened after the
    baseline period) gets a :class:`~qistats.BaselineWarning`; under a relative or shortfall
    target its statistics are missing and its verdict ``"insufficient_data"`` (the target is
    a change of the baseline). Under an absolute target its window's level is judged against
    the target alone: at the deadline ``"met"`` or ``"not_met"`` where the window's interval
    clears the target on that side, before it ``"on_track"`` where the interval is wholly on
    the good side, else ``"insufficient_data"`` (never ``"off_track"``: with no baseline
    there is no trajectory); ``current_*``, ``target_value``, ``p_value_target``,
    ``prob_target_met``, ``clearly_met`` and ``prob_period_meets_target`` are given, and
    every column that needs a baseline (the change, its tests, the trajectory, the pace) is
    missing. ``pooled()`` leaves it out, as every series without a baseline.

    **The verdict**, the first that applies: ``"insufficient_data"`` (no data in the window, or
    a change of the ambition's size could not be shown with 80 % power:
    (z₁₋α/₂ + z₀.₈)·se > ``|ln ρ|``, se² = φ(1/K₀ + 1/μ₁), μ₁ the window's events were the target
    met, *and* none shown: the ratio's interval includes 1 and, at the deadline, does not clear
    the target, before it the window is not clearly behind the trajectory); the deadline
    reached: ``"met"`` when the observed level in the window is on the good side of the
    target, else ``"not_met"``; before it: ``"off_track"`` when the window is behind
    the trajectory (a baseline that meets an absolute target already has none: its window's
    interval wholly on the target's bad side) or the series' pace along the trajectory since
    the baseline (a fit of its level on the trajectory's), carried to the window judged at
    the deadline, clearly falls short of the target there (``deadline_projection``; flat and
    rising trends too; where its slope since the latest year's periods began is clearly
    slower than the trajectory's and misses the target, that recent pace decides once it
    spans a year's periods (18 months after a monthly baseline): a fall spread over months
    that then stalled; before that it withholds ``"on_track"``), then
    ``"insufficient_data"`` when it is too early to tell the trajectory from no change or,
    the window not yet at the target, stalling from the pace needed (before 12 periods with
    data after the baseline, 6 of quarterly data, there is no pace: too early), else
    ``"on_track"``. The evidence is reported beside it: the interval, ``prob_target_met``,
    ``clearly_met`` (the interval shown clears the target) and a one-line ``reason``.

    Rates:

    * baseline and current values K/E with exact Garwood intervals;
    * the rate ratio RR = (K₁/E₁)/(K₀/E₀) with the exact conditional interval (K₁ | K₀ + K₁ is
      binomial); ``p_improved`` and ``p_value_target`` are one-sided exact conditional tests of
      RR = 1 and RR = ρ; ``prob_target_met`` is the Jeffreys posterior probability
      P(RR ≤ ρ) = F_{2a₁, 2a₀}(ρ E₁ a₀ / (E₀ a₁)), aᵢ = Kᵢ + ½ (mirrored for increases). An
      absolute target uses the one-sample exact test of λ₁ = T and P(λ₁ ≤ T) under the
      Jeffreys posterior Gamma(K₁ + ½, E₁). All are defined for K₀ = 0;
    * the trajectory, with the baseline's uncertainty: the window's K₁ against K₀ over the
      trajectory exposure Σ nₜTₜ/λ₀ (exact conditional); "behind" when the interval of O/E lies
      above 1 (mirrored); per period the same, cumulatively from t₀;
    * projection: a Poisson log-linear fit to the periods after the baseline (at least 12);
      the pace: a Poisson fit of the log rate on the trajectory's log level over them, and
      the same with the slope free to change where the latest year's periods begin (the
      recent pace, a broken line: slowed when its recent slope is below 1 at one-sided α/2
      and it misses the target; it decides only over a year's periods, before that it
      withholds "on_track").

    Proportions use Clopper–Pearson intervals, Koopman's score interval and tests for the
    ratio (defined with zero cells), Jeffreys Beta posteriors, and a binomial variance for the
    trajectory comparison. Means use t intervals, Fieller's interval for the ratio of means
    (Welch–Satterthwaite t), Welch's tests (relative targets) or
    one-sample t tests (absolute), a t comparison with the trajectory, and weighted least
    squares of the period means for the projection.

    References
    ----------
    * Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28:437–442.
    * Clopper CJ, Pearson ES (1934). The use of confidence or fiducial limits illustrated in the
      case of the binomial. Biometrika 26:404–413.
    * Breslow NE, Day NE (1987). Statistical Methods in Cancer Research II, chapters 2 and 3.
    * Greenland S, Robins JM (1985). Estimation of a common effect parameter from sparse
      follow-up data. Biometrics 41:55–68.
    * Koopman PAR (1984). Confidence intervals for the ratio of two binomial proportions.
      Biometrics 40:513–517.

    Examples
    --------
    >>> import qistats as qi
    >>> df = qi.datasets.restrictive_practice()
    >>> amb = qi.ambition(df[df.ward == "BRI3"], y="restraints", n="bed_days", x="month",
    ...                   baseline=("2020-04-01", "2021-03-01"), change=-0.5,
    ...                   deadline="2024-03-01", multiply=1000)
    >>> s = amb.summary().iloc[0]
    >>> print(f"{s.baseline_value:.1f} -> {s.current_value:.1f} per 1,000 bed days, "
    ...       f"target {s.target_value:.1f}; rate ratio {s.rate_ratio:.2f} "
    ...       f"({s.rate_ratio_lower:.2f} to {s.rate_ratio_upper:.2f}); {s.verdict}")
    30.4 -> 13.2 per 1,000 bed days, target 15.2; rate ratio 0.43 (0.34 to 0.55); met
    """
    kind = choose(kind, "kind", KINDS)  # names ignore case, as everywhere
    if isinstance(target, str) and name_key(target) in TARGET_RULES:
        target = name_key(target)
    if isinstance(trajectory, str) and name_key(trajectory) in TRAJECTORIES:
        trajectory = name_key(trajectory)  # a rule's name, any case, is the rule (not a column)
    if isinstance(overdispersion, str):
        overdispersion = choose(overdispersion, "overdispersion", ("auto",), none=True)
    if change is None and isinstance(target, str) and target in TARGET_RULES:
        raise ArgumentError(
            f"change=None: target={fmt(target)} needs change=, the ambition as a fraction of "
            "the baseline (-0.5 for 'reduce by 50%', 0.5 for 'increase by 50%'); only an "
            "absolute target= (a number, display units) may leave it out."
        )
    _check_arguments(kind, change, confidence, multiply, overdispersion, n, baseline, window)
    check_target(target, kind, multiply, change)
    if not (isinstance(trajectory, str) and trajectory):
        raise ArgumentError(
            f"trajectory={fmt(trajectory)}: expected 'compound', 'linear' or the name of a column "
            "of per-period targets."
        )
    alpha = 1 - float(confidence)
    extra = {}
    data = iso_text_x(as_pandas(data), x)
    if trajectory not in TRAJECTORIES:
        _check_trajectory_column(data, trajectory)
        extra["trajectory"] = ("trajectory", trajectory)
    chart = get_chart({"proportion": "p", "rate": "u", "mean": "xbar"}[kind])
    p = prepare(
        data,
        y,
        x=x,
        n=n,
        by=by,
        agg="mean",
        chart=chart,
        extra_columns=extra,
        context=f"for qi.ambition(kind={kind!r})",
        whole=kind == "rate",  # the exact Poisson methods count events
    )
    refuse_output_names(p, VIEW_CHARTS[kind])
    p = wall_time(p)  # months of a time-zone-aware x are its zone's months
    win = _window(
        p,
        n,
        kind,
        baseline,
        deadline,
        start,
        compare,
        window,
        as_of,
        calendar,
        absolute=not isinstance(target, str),
    )
    better = direction(target, multiply, change, _baseline_levels(win, kind), p)
    p.release()  # float copies of y and n the user's columns give again on use: not held
    definition = AmbitionDefinition(
        baseline=tuple(baseline),
        change=None if change is None else float(change),
        deadline=deadline,
        kind=kind,
        target=target,
        trajectory=trajectory,
        start=start,
        compare=compare,
        window=window,
        as_of=as_of,
        multiply=float(multiply),
        confidence=float(confidence),
        y=y,
        n=n,
        x=x,
        calendar=calendar,
        improvement="decrease" if better < 0 else "increase",
    )
    view = {
        "y": y,
        "x": x,
        "n": n,
        "by": by,
        "multiply": multiply,
        "improvement": "decrease" if better < 0 else "increase",
    }
    # Statistics of empty or degenerate cells (no baseline data, no events, an empty window,
    # one observation) are missing by construction, and say so in the reason: numpy's warnings
    # about them are not the user's business.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        args = (
            change,
            target,
            trajectory,
            better,
            alpha,
            multiply,
            overdispersion,
            view,
            definition,
        )
        mean = kind == "mean"
        result = ambition_mean(win, *args) if mean else ambition_counts(win, kind, *args)
    if date_columns(data, [x]):  # the caller's dates come back as dates from to_polars
        result._dates = (x, "current_start", "current_end")
    result._unit = time_unit(data, x)  # the summary's dates in the caller's unit
    # what a period is, for the plot's words: a quarter names its months, not its first one
    result._periods = (win.cover, win.unit)
    return result


def _baseline_levels(win: Window, kind: str) -> np.ndarray:
    """Per series, the baseline's level in raw units (events per exposure, the proportion or
    the mean; NaN without baseline data), for the direction of an absolute target."""
    p, lay = win.p, win.lay
    if kind == "mean":
        cnt = np.where(win.ok, p.stats["count"], 0.0)
        total = np.where(win.ok, cnt * p.stats["mean"], 0.0)
    else:
        total, cnt = np.where(win.ok, p.y, 0.0), np.where(win.ok, p.n, 0.0)
    return K.divide(K.seg_sum(total, win.in_base, lay), K.seg_sum(cnt, win.in_base, lay))


def _check_trajectory_column(data: Any, trajectory: str) -> None:
    """A ``trajectory`` that is neither a named rule nor a column of ``data``: say what it may
    be, with the rule or column whose name is closest."""
    if not isinstance(data, pd.DataFrame) or is_label(data, trajectory):
        return  # (data that is no DataFrame is refused by prepare)
    columns = [label(c) for c in data.columns]
    near = difflib.get_close_matches(trajectory.lower(), TRAJECTORIES, n=1, cutoff=0.6)
    near = near or difflib.get_close_matches(trajectory, columns, n=1, cutoff=0.75)
    hint = f" Did you mean {fmt(near[0])}?" if near else ""
    raise ArgumentError(
        f"trajectory={fmt(trajectory)}: expected 'compound' (the same percentage fall each "
        "period), 'linear' (the same fall in level each period) or the name of a column of "
        f"per-period targets; data has no column {fmt(trajectory)}.{hint} The columns are: "
        f"{', '.join(columns)}."
    )


def _percent_hint(change: float, kind: str) -> str:
    """ " Did you mean …?" for a change written as a percentage (2 for 2%) or as a multiple of
    the baseline (1.5 for 1.5 times), offering only valid fractions; both signs when no sign
    was written (reductions are the usual ambition)."""
    if not 1 < abs(change) <= 100:
        return ""
    pct = abs(change)
    options = [(-pct / 100, f"reduce by {pct:g}%")]
    if change > 0:
        options.append((pct / 100, f"increase by {pct:g}%"))
        options.append((change - 1, f"{change:g} times the baseline"))
    top = 1 - 1e-12 if kind == "proportion" else 1  # a proportion cannot double
    words = [f"{v:g} ({what})" for v, what in options if -1 < v <= top]
    if not words:
        return " A reduction of 100% (to zero) is outside that range."
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    return f" Did you mean {listed}?"


def _text_hint(text: str, kind: str) -> str:
    """ " Did you mean …?" for a change given as text: "-50%" is -0.5 (as a percentage is
    read by :func:`_percent_hint`), "-0.5" the number it spells; "" for other text."""
    spelled = text.strip().replace(" ", "")
    percent = spelled.endswith("%")
    try:
        value = float(spelled.removesuffix("%"))
    except ValueError:
        return ""
    if not math.isfinite(value) or value == 0:
        return ""
    if percent and 1 < abs(value) <= 100:
        # a per cent sign is no multiple of the baseline, and a sign written is the direction
        if value < 0:
            return _percent_hint(value, kind)  # "reduce by 50%" (or why no reduction can be)
        top = 1 - 1e-12 if kind == "proportion" else 1  # a proportion cannot double
        signs = (1,) if spelled.startswith("+") else (-1, 1)
        words = [
            f"{s * value / 100:g} ({'reduce' if s < 0 else 'increase'} by {value:g}%)"
            for s in signs
            if -1 < s * value / 100 <= top
        ]
        return f" Did you mean {' or '.join(words)}?" if words else ""
    if percent:  # "0.5%" is 0.005; "-150%" no change the ambition can have
        return f" Did you mean {value / 100:g}?" if abs(value) <= 1 else ""
    return f" Did you mean {value:g}?" if -1 < value <= 1 else _percent_hint(value, kind)


def _check_arguments(kind, change, confidence, multiply, overdispersion, n, baseline, window):
    """Refuse arguments of the wrong type or range, naming the argument and what was expected."""
    if kind not in KINDS:
        raise ArgumentError(f"kind={fmt(kind)}: expected one of {', '.join(map(repr, KINDS))}.")
    expected = (
        "a fraction of the baseline, above -1 and at most 1, not 0: -0.5 for 'reduce by 50%', "
        "0.5 for 'increase by 50%', 1 for 'double'"
    )
    if change is not None:  # None: an absolute target's direction is from the baselines
        given = change
        if isinstance(change, str):  # "-50%", as a spreadsheet or a brief writes it
            raise ArgumentError(
                f"change={fmt(change)}: expected a number, not text: {expected}."
                f"{_text_hint(change, kind)}"
            )
        change = number_arg(change, "change", expected)
        if not (-1 < change <= 1 and change != 0):
            raise ArgumentError(
                f"change={fmt(given)}: expected {expected}.{_percent_hint(change, kind)} For "
                "more than double give an absolute target= (display units)."
            )
        if kind == "proportion" and change >= 1:
            raise ArgumentError(
                f"change={fmt(change)}: for a proportion that is a target of 100% or more; "
                "expected a fraction below 1. For 'improve by x%' of a proportion use "
                "target='shortfall' (change=0.5 closes half the gap to 100%)."
            )
    if not 0 < number_arg(confidence, "confidence", "a number between 0 and 1") < 1:
        raise ArgumentError(
            f"confidence={fmt(confidence)}: expected a number between 0 and 1 (0.95 for 95%)."
        )
    positive_arg(multiply, "multiply")
    if overdispersion not in ("auto", None):
        raise ArgumentError(f"overdispersion={fmt(overdispersion)}: expected 'auto' or None.")
    if n is None and kind != "mean":
        raise ArgumentError(
            f"n=None: kind={fmt(kind)} needs the exposure or denominator column (n=..., e.g. bed "
            "days or patients asked); for a mean of per-patient measurements (length of stay, "
            "waits) use kind='mean', which takes no n."
            + (
                " For counts per period with no exposure (falls a month), give every period an "
                "exposure of 1, data.assign(months=1) with n='months', on one row per series "
                "and period (summed first if the rows are incidents)."
                if kind == "rate"
                else ""
            )
        )
    if n is not None and kind == "mean":
        raise ArgumentError(
            f"n={fmt(n)}: kind='mean' takes one measurement per row (no denominator); rows sharing "
            "an x are the observations of that period."
        )
    if isinstance(baseline, (str, bytes)) or not (
        isinstance(baseline, (tuple, list)) and len(baseline) == 2
    ):
        raise ArgumentError(f"baseline={fmt(baseline)}: expected (first x, last x), inclusive.")
    if window is not None and (
        not isinstance(window, (int, np.integer))
        or isinstance(window, (bool, np.bool_))
        or window < 1
    ):
        raise ArgumentError(
            f"window={fmt(window)}: expected a whole number of periods (at least 1), or None for "
            "as many periods as the baseline has."
        )


def _window(
    p, n, kind, baseline, deadline, start, compare, size, as_of, calendar, absolute=False
) -> Window:
    """Check the points and the x values given, and lay out the baseline, the assessment window
    and the trajectory's start for every series."""
    lay = K.Layout(p.series, p.series_starts)
    if kind == "mean":
        ok = p.stats["count"] > 0
    else:
        closed = (p.n == 0) & (p.y == 0)  # a closed period (no exposure, no events): a gap
        bad = np.flatnonzero((p.n < 0) | ((p.n == 0) & (p.y > 0)) | (p.y < 0))
        if bad.size:
            i = int(bad[0])
            raise DataError(
                f"n={fmt(n)}: the point {p.describe_point(i)} has {p.y[i]:g} events over exposure "
                f"{p.n[i]:g}; expected events >= 0 and exposure > 0 (or both 0 for a closed "
                "period, which is left out)."
            )
        ok = np.isfinite(p.y) & np.isfinite(p.n) & (p.n > 0) & ~closed
    conv = p.x_converter
    t = p.xkey.astype(float)
    given = None
    if calendar is not None:  # x values that set the calendar (a whole data's, months)
        given = conv.keys(calendar, "calendar").astype(float)
    cal, t = data_calendar(conv.kind(), t, p.series, given)
    # an x given as any date inside a period of calendar months means that period
    when = lambda value, arg, end=True: _when(conv, cal, value, arg, end)  # noqa: E731
    b0 = when(baseline[0], "baseline", False)
    b1 = when(baseline[1], "baseline")
    if b1 < b0:
        raise ArgumentError(f"baseline={fmt(baseline)}: its end is before its start.")
    _baseline_between(p, cal, baseline, b0, b1)
    td = _between(p, cal, deadline, when(deadline, "deadline"))
    if td <= b1:
        raise ArgumentError(
            f"deadline={fmt(deadline)}: it is not after the end of the baseline "
            f"({fmt(baseline[1])})."
        )
    if as_of is None:  # the latest x with a usable value: not blank template rows
        now = float(np.max(t[ok])) if ok.any() else b1
        _warn_far(p, lay, t, ok, cal, now)
    else:
        now = when(as_of, "as_of")
        if now <= b1:
            raise ArgumentError(
                f"as_of={fmt(as_of)}: it is not after the end of the baseline "
                f"({fmt(baseline[1])}); "
                "expected the date the ambition is judged at (default: the latest x with data)."
            )
    if compare is not None:  # judged as of the window's end, as with as_of
        in_compare = compare_window(conv, compare, t, b1, cal.snap, when)
        now = _compare_end(compare, when(compare[1], "compare"), td, deadline, as_of, now)
    reached = now >= td
    end = td if reached else now
    later = t > end
    ok = ok & ~later
    in_base = ok & (t >= b0) & (t <= b1)
    n_base = K.seg_count(in_base, lay)
    _warn_no_baseline(p, n_base, baseline, absolute)
    t0 = np.full(lay.n_seg, cal.point(int(cal.last(b1)) + 1, b1))
    if start is not None:
        t0 = np.full(lay.n_seg, when(start, "start"))
        if t0[0] > td or t0[0] < b0:
            raise ArgumentError(
                f"start={fmt(start)}: the trajectory must start between the baseline's start "
                f"({baseline[0]}) and the deadline ({deadline})."
            )
    after = ok & (t > b1)
    base_length = int(cal.last(b1) - cal.last(b0, strict=True)) or 1  # calendar periods
    _warn_days(p, cal, t, baseline, deadline, (b0, b1, td), base_length)
    asked = size
    if size is None:  # as many periods as the baseline has (in the data's calendar)
        size = base_length
    judged, reach = judged_window(cal, b1, td, size, t0[0])
    length = 0
    if compare is None:
        in_win = assessment_window(cal, t, ok, b1, end, size)
        length = window_length(cal, b1, end, size)
    else:
        in_win = ok & in_compare
    first_x, last_x = window_bounds(t, in_win, lay)
    return Window(
        p,
        lay,
        t,
        ok,
        later,
        in_base,
        after,
        in_win,
        n_base,
        b1,
        t0,
        td,
        np.full(lay.n_seg, reached),
        first_x,
        last_x,
        cal.point(int(cal.last(end)), end),
        reach,
        judged,
        length,
        trend_periods(cal, conv.kind() == "datetime"),
        own_step(cal, t, ok, lay),
        period_word(cal, conv.kind() == "datetime"),
        base_length,
        cover(cal) if conv.kind() == "datetime" else (0, 0),
        np.asarray(cal.last(end), dtype=float)
        - np.asarray(cal.last(np.where(np.isfinite(last_x), last_x, end)), dtype=float),
        # window=100 with 36 periods from the baseline to the deadline: said in the summary
        # (periods of a calendar; irregular x have the data's own, which a series alone lacks)
        size
        if asked and compare is None and isinstance(cal, (Months, Steps)) and judged.size < size
        else 0,
        # the window's first period by the calendar, which names its span where a series has
        # no data there ("Aug 2022–Jun 2023 (11 of 12 months with data)")
        cal.point(max(int(cal.last(end)) - size + 1, int(cal.last(b1)) + 1), end)
        if compare is None and length
        else np.nan,
        base_wanted=baseline_periods(cal, conv.kind() == "datetime"),
    )


def _compare_end(compare, c1: float, td: float, deadline, as_of, now: float) -> float:
    """The date an explicit ``compare=`` window is judged at: its end ``c1``, so that data
    after it are not used (as with ``as_of``; a window a year before the deadline
    was judged on a projection fitted on the data after it). A window ending after the
    deadline is refused (the ambition is judged by the deadline: it reported "no data … the
    latest is" the deadline's month beside a year of data), as is one ending after a given
    ``as_of`` (whose later data are not used)."""
    if c1 > td:
        raise ArgumentError(
            f"compare={fmt(compare)}: the window ends after the deadline ({fmt(deadline)}); "
            "the ambition is judged by the deadline, so the comparison window must end by it "
            "(leave compare out to judge the periods ending at the deadline)."
        )
    if as_of is not None and c1 > now:
        raise ArgumentError(
            f"compare={fmt(compare)}: the window ends after as_of={fmt(as_of)}, and data after "
            "as_of are not used; give a window that ends by as_of, or leave as_of out (a "
            "compare= window is judged as of its end)."
        )
    return c1


def _warn_far(p, lay, t, ok, cal, now) -> None:
    """A DateWarning when the latest usable x, which sets the default ``as_of``, lies more than
    ``FAR_SPACINGS`` periods (of the calendar, :mod:`qistats._calendar`) after every other
    usable point of the data (each series' last one left out, as in ``qi.board``): a mistyped
    date (2032 for 2023) would judge every series at the deadline, months early."""
    last = np.maximum.reduceat(np.where(ok, t, -np.inf), lay.starts)
    inner = ok & (t < last[lay.seg])  # every usable point but each series' last
    second = np.maximum.reduceat(np.where(inner, t, -np.inf), lay.starts)
    spacing = float(np.median(np.diff(np.unique(t[ok])))) if ok.sum() > 1 else 1.0
    warn_far(
        last,
        second,
        cal,
        spacing,
        p.x_name,
        lambda s: p.describe_series(int(s)),
        lambda key: _show(p, key),
    )


def warn_far(last, second, cal, spacing, x_name, name, show) -> None:
    """The DateWarning of :func:`_warn_far` from each series' last and second-last usable x
    (``-inf`` for none; :func:`qistats.spark.ambition` collects just these two per series):
    ``spacing`` is the typical step of irregular x; ``name(s)`` and ``show(key)`` say a series
    and an x in words."""
    top = np.sort(last)[::-1]
    inner_top = float(np.max(second)) if second.size else -np.inf
    if top.size < 2 and not np.isfinite(inner_top):
        return
    # the latest other point for each series: its own earlier ones and the others' last ones
    runner_up = top[1] if top.size > 1 else -np.inf
    others = np.where((last == top[0]) & (runner_up < top[0]), runner_up, top[0])
    ref = np.fmax(others, inner_top)
    with np.errstate(invalid="ignore"):
        if isinstance(cal, (Months, Steps)):
            ok_ref = np.isfinite(ref) & np.isfinite(last)
            periods = np.where(
                ok_ref,
                cal.last(np.where(ok_ref, last, 0.0)) - cal.last(np.where(ok_ref, ref, 0.0)),
                0,
            )
        else:  # irregular x: in typical spacings
            periods = (last - ref) / spacing
    far_last = np.isfinite(last) & np.isfinite(ref) & (periods > FAR_SPACINGS)
    if not far_last.any():
        return
    far = np.flatnonzero(far_last)
    rest_end = float(np.max(np.r_[second, last[~far_last]]))
    names = "; ".join(f"{name(s)} at {show(last[s])}" for s in far[:3])
    more = f" and {far.size - 3} more" if far.size > 3 else ""
    warn(
        f"x={fmt(x_name)}: the latest x with data ({names}{more}) is more than "
        f"{FAR_SPACINGS} periods after every other point of the data, which ends at "
        f"{show(rest_end)}: a mistyped date? It sets as_of (the date judged), so every "
        "series is judged as of then (at the deadline, if it is later). Correct the date, or "
        "pass as_of= the date to judge at.",
        DateWarning,
    )


def _when(conv: Any, cal: Distinct | Steps | Months, value: Any, arg: str, end: bool) -> float:
    """The x key of a date given (a bound, a deadline, as_of): the period of the calendar
    ``cal`` that holds it (:meth:`snap`). A month written as one (``'2023-06'``, a
    ``pd.Period``; :func:`~qistats._args.period_end`) names the whole month, also on data a
    fixed step apart (weeks), where a day is taken as given: as an ``end`` (the baseline's
    end, the deadline, as_of) its last x, the week dated 25 June 2023 on weeks dated Sundays,
    and as a start its first, so that ``baseline=('2023-01', '2023-06')`` is the weeks dated
    in January to June on any weekday, as it is the months on month starts or month ends
    (it was 1 January to 1 June, with a DateWarning). A month with no x on
    the grid in it is taken as its first day, as before."""
    key = scalar_time(conv, value, arg)
    after = period_end(value) if conv.kind() == "datetime" else None
    if after is None:
        return cal.snap(key)
    stop = scalar_time(conv, after, arg)
    if isinstance(cal, Steps):
        i = cal.last(stop, strict=True) if end else cal.last(key, strict=True) + 1
        v = float(cal.point(int(i), key))
        return v if key <= v < stop else key
    return cal.snap(float(np.nextafter(stop, -np.inf)) if end else key)


def _between(p, cal, deadline: Any, key: float) -> float:
    """The deadline's x key ``key``, after a DateWarning when the data's x are dates a fixed step
    apart (weeks) and it falls strictly between two steps: a date is taken as given there (no
    calendar period names it), so a deadline of 31 March on weekly data dated Mondays is
    reached only by data (or ``as_of``) on or after 31 March, and the week of 25 March, which
    holds it, is judged before the deadline. The message names the two x values
    and what to write."""
    if not (isinstance(cal, Steps) and p.x_converter.kind() == "datetime"):
        return key
    r = (key - cal.a) / cal.s
    if abs(r - round(r)) < 1e-6:
        return key
    lo, hi = (_show(p, cal.point(int(i), key)) for i in (np.floor(r), np.ceil(r)))
    warn(
        f"deadline={fmt(deadline)} falls between the x values {lo} and {hi} (x={fmt(p.x_name)}, "
        f"dates {cal.s / 86_400e9:g} days apart), not on one: on such data a date is taken as "
        f"given, so the deadline is reached only when the data or as_of reach it, and the "
        f"period of {lo}, which holds it, is judged before the deadline. Write "
        f"deadline='{lo}' to judge at the deadline with that period the last, or '{hi}' for "
        "the next.",
        DateWarning,
    )
    return key


def _baseline_between(p, cal, baseline: Any, b0: float, b1: float) -> None:
    """A DateWarning when the data's x are dates a fixed step apart (weeks) and a bound of the
    baseline falls strictly between two steps (months written for weekly data): the bounds
    are taken as given, so the baseline holds the steps between them, which the message
    names and counts (48 weeks for "2021-04-01" to "2022-03-01" on Mondays, not a year)."""
    if not (isinstance(cal, Steps) and p.x_converter.kind() == "datetime"):
        return
    r0, r1 = ((b - cal.a) / cal.s for b in (b0, b1))
    if abs(r0 - round(r0)) < 1e-6 and abs(r1 - round(r1)) < 1e-6:
        return
    first, last = int(np.ceil(r0 - 1e-6)), int(np.floor(r1 + 1e-6))
    lo, hi = (_show(p, cal.point(i, b0)) for i in (first, last))
    warn(
        f"baseline={fmt(baseline)}: a bound falls between the x values (x={fmt(p.x_name)}, "
        f"dates {cal.s / 86_400e9:g} days apart); the bounds are taken as given, so the "
        f"baseline holds the {last - first + 1} periods from {lo} to {hi}. Give the first and "
        "last x of the baseline to say which periods it holds.",
        DateWarning,
    )


#: Irregular dates are of single days when at least this share of the months in which a series
#: has dates hold two or more of its dates: record-level incidents at one a fortnight or so
#: (a median of a week or more apart), not monthly data with a correction dated on its day.
TWO_IN_A_MONTH = 0.25


def days(cal: Distinct | Steps | Months, t: np.ndarray, series: np.ndarray) -> bool:
    """Whether dates (ns keys ``t`` of every point, ``series`` each point's series, in the
    calendar ``cal`` of :func:`data_calendar`) are of single days: a fixed step under a week,
    or irregular dates whose distinct values are a median of under a week apart, or of which
    a series has two or more in a month, in at least :data:`TWO_IN_A_MONTH` of the months
    with any (one row per incident or per admission). Months, weeks and longer steps are not.

    >>> day = 86_400e9
    >>> one = np.zeros(3, dtype=np.intp)
    >>> days(Steps(0.0, day), np.arange(3) * day, one), days(Steps(0.0, 7 * day), one, one)
    (True, False)
    >>> t = np.array([0.0, 12, 60]) * day  # 1, 13 January and 2 March 1970: 1 of 2 months
    >>> days(Distinct(t), t, one)
    True
    """
    if isinstance(cal, Steps):
        return cal.s < WEEK_NS
    if not isinstance(cal, Distinct):
        return False
    u = np.unique(t)
    if u.size <= 2:
        return False
    if float(np.median(np.diff(u))) < WEEK_NS:
        return True
    ok = np.isfinite(t)
    month = t[ok].astype(np.int64).astype("datetime64[ns]").astype("datetime64[M]")
    month = month.astype(np.int64)
    cell = np.asarray(series)[ok].astype(np.int64) * (np.ptp(month) + 1) + (month - month.min())
    count = np.unique(cell, return_counts=True)[1]  # the dates of each series' months
    return bool(np.mean(count >= 2) >= TWO_IN_A_MONTH)


def weeks_apart(cal: Distinct | Steps | Months, t: np.ndarray, series: np.ndarray) -> bool:
    """Whether dates judged single days (:func:`days`) are weekly data dated on different days
    of the week in different series: every series' dates (``t``, points sorted by ``series``
    then x) are whole weeks apart, with at least two such gaps.

    >>> day = 86_400e9
    >>> t = np.array([0.0, 7, 14, 6, 13, 20]) * day  # Mondays beside Sundays
    >>> weeks_apart(Steps(0.0, day), t, np.r_[0, 0, 0, 1, 1, 1])
    True
    >>> weeks_apart(Steps(0.0, day), np.arange(6) * day, np.zeros(6, dtype=np.intp))
    False
    """
    if not days(cal, t, series):
        return False
    series = np.asarray(series)
    gap = np.diff(t)[(series[1:] == series[:-1]) & np.isfinite(t[1:]) & np.isfinite(t[:-1])]
    weeks = gap / WEEK_NS
    return bool(gap.size >= 2 and np.all(weeks >= 1) and np.all(weeks == np.round(weeks)))


def _warn_days(p, cal, t, baseline, deadline, keys, base_length: int) -> None:
    """A DateWarning when the data's x are dates of single days (:func:`days`: a daily step, or
    irregular dates of one row per incident or per admission) and the baseline's
    end or the deadline is the 1st of a month, as monthly data are written: on days,
    ``baseline=("2021-04-01", "2022-03-01")`` holds the 335 days to 1 March 2022, not April
    2021 to March 2022, and the window judged at a deadline of 1 March 2024 is as many days
    ending that day, with March's later days not used. The message counts the
    days and says how to give months (or the baseline's last day, if days were meant)."""
    if p.x_converter.kind() != "datetime" or not days(cal, t, p.series):
        return
    b0, b1, td = keys
    stamps = to_x(p.x_converter, np.array([b1, td]))
    monthly = [
        s.day == 1 and s.hour == s.minute == s.second == 0 if isinstance(s, pd.Timestamp) else False
        for s in stamps
    ]
    weekly = weeks_apart(cal, t, p.series)
    if not (any(monthly) or weekly):
        return
    x = fmt(p.x_name)
    if isinstance(cal, Steps):
        what = f"{base_length} {'days' if cal.s == 86_400e9 else 'periods'}"
    else:
        what = f"{base_length} periods (the distinct dates of the data)"
    said = []
    if monthly[0]:
        said.append(
            f"baseline={fmt(baseline)} holds the {what} from {_show(p, b0)} to {_show(p, b1)}, "
            "not the whole of its last month"
        )
    said.append(
        f"the window judged is the latest {what} up to the deadline ({_show(p, td)}), and data "
        "after that day are not used"
        if monthly[1]
        else f"the window judged is the latest {what}"
    )
    periods = "days" if isinstance(cal, Steps) else "its distinct dates"
    if weekly:
        warn(
            f"x={x} holds weekly dates on different days of the week: each series' dates are "
            "whole weeks apart, but every series' together are days apart (weeks dated by "
            f"their Monday beside weeks dated by their Sunday?), so the ambition's periods are "
            f"{periods}, and each series has rows on only some of them: {'; '.join(said)}. "
            "Date every series' weeks alike: "
            f"df['week'] = df[{x}].dt.to_period('W').dt.start_time (the Monday of each week, "
            "Monday to Sunday) and x='week'; or give months: "
            f"df['month'] = df[{x}].dt.to_period('M').dt.to_timestamp() and x='month'.",
            DateWarning,
        )
        return
    warn(
        f"x={x} holds dates of single days (one row per incident or admission?), so the "
        f"ambition's periods are {periods}: {'; '.join(said)}. If months were meant, give x as "
        f"months: df['month'] = df[{x}].dt.to_period('M').dt.to_timestamp() and x='month' "
        "(rows sharing a month are summed; with kind='mean' each row stays one measurement of "
        "its month), which is what record-level data need: with days as periods, a day without "
        "a row is a missing period, and a window with rows on fewer than two thirds of its days "
        "is 'insufficient_data'. Only if days were meant (a row every day), give the baseline's "
        f"last day and the deadline's day (baseline=({fmt(baseline[0])}, "
        f"'{_month_end(stamps[0])}')).",
        DateWarning,
    )


def _month_end(stamp: Any) -> str:
    """The last day of a Timestamp's month, as 2022-03-31."""
    return str((pd.Timestamp(stamp) + pd.offsets.MonthEnd(0)).date())


def _show(p, key: float) -> str:
    """An x key as the user's x value (a date as 2023-09-01)."""
    value = to_x(p.x_converter, np.array([key]))[0]
    return fmt(value.date() if isinstance(value, pd.Timestamp) else value)


def _warn_no_baseline(p, n_base, baseline, absolute: bool = False) -> None:
    """A BaselineWarning naming the series without usable data in the baseline (their
    statistics are missing and their verdict "insufficient_data"; under an ``absolute``
    target their level in the window is judged against it alone)."""
    empty = np.flatnonzero(n_base == 0)
    if not empty.size:
        return
    if empty.size == n_base.size and current() is None:  # the baseline is wrong, not a series
        raise DataError(
            f"baseline={fmt(baseline)}: no series has data in the baseline period; expected "
            "(first x, last x) of a stretch the data cover."
        )
    names = "; ".join(p.describe_series(int(s)) for s in empty[:5])
    more = f" and {empty.size - 5} more" if empty.size > 5 else ""
    warn(
        f"baseline={fmt(baseline)}: {names}{more} {no_baseline_words(int(empty.size), absolute)}",
        BaselineWarning,
    )


#: The words of :func:`no_baseline_words` under an absolute target, by which a merge of
#: Spark buckets' warnings tells them (:mod:`qistats._spark_warnings`).
LEVEL_ALONE_WORDS = "judged against the absolute target alone"


def no_baseline_words(count: int, absolute: bool = False) -> str:
    """The words after the series named in the BaselineWarning of ``count`` series without
    usable baseline data (also those of :mod:`qistats.spark`'s warning merged from buckets).
    Under an ``absolute`` target such a series' level in the window is still judged
    (:func:`qistats.ambition.verdict.level_alone`).

    >>> no_baseline_words(1, absolute=True)  # doctest: +NORMALIZE_WHITESPACE
    'has no usable data in the baseline period; its change, trajectory and pace statistics
    are missing, and its level in the assessment window is judged against the absolute
    target alone.'
    """
    one = count == 1
    if absolute:
        its = "its" if one else "their"
        return (
            f"{'has' if one else 'have'} no usable data in the baseline period; {its} change, "
            f"trajectory and pace statistics are missing, and {its} level in the assessment "
            f"window is {LEVEL_ALONE_WORDS}."
        )
    return (
        f"{'has' if one else 'have'} no usable data in the baseline period; "
        f"{'its' if one else 'their'} statistics are missing and "
        f"{'its verdict is' if one else 'their verdicts are'} 'insufficient_data'."
    )
