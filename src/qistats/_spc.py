"""The one entry point for SPC: :func:`spc`."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _kernels as K
from .charts import ChartInput, get_chart
from .errors import ArgumentError, ShortPhaseWarning
from .frame import prepare
from .phases import baseline_mask, include_mask, is_column, segments
from .result import Evidence, SPCResult
from .rules import Rule, RuleContext, RuleSet, evaluate, get_rules

_LINES = ("lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s")


def _positive(value: Any, arg: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise ArgumentError(f"{arg}={value!r}: expected a positive number.")
    if not math.isfinite(value) or value <= 0:
        raise ArgumentError(f"{arg}={value!r}: expected a positive, finite number.")
    return float(value)


def _flag(value: Any, arg: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentError(f"{arg}={value!r}: expected True or False.")
    return bool(value)


def _per_point(value: Any, arg: str, column: np.ndarray | None, npts: int) -> np.ndarray:
    """A number or a column (already aggregated) as one float per point; NaN when None."""
    if value is None:
        return np.full(npts, np.nan)
    if column is not None:
        return column.astype(float)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise ArgumentError(f"{arg}={value!r}: expected a number or the name of a column.")
    if not math.isfinite(value):
        raise ArgumentError(f"{arg}={value!r}: expected a finite number.")
    return np.full(npts, float(value))


def _target_by_series(target: dict, p: Any) -> np.ndarray:
    """Targets given per series, {series key: number}, as one value per point."""
    if not p.by:
        raise ArgumentError("target: a dict of targets per series needs by=.")
    firsts = p.keys.iloc[p.series_starts]
    if len(p.by) == 1:
        keys = list(firsts[p.by[0]])
    else:
        keys = list(firsts[p.by].itertuples(index=False, name=None))
    unknown = [k for k in target if k not in set(keys)]
    if unknown:
        raise ArgumentError(
            f"target: {unknown[0]!r} is not a series (by={p.by!r}); the series are e.g. "
            f"{', '.join(map(repr, keys[:5]))}."
        )
    per_series = np.array([float(target.get(k, np.nan)) for k in keys])
    return per_series[p.series]


def _title(chart: str, y: str, n: str | None, multiply: float, proportion: bool) -> str:
    """``U chart of restraints per 1,000 bed_days``, ``P chart of felt_safe / asked (%)``."""
    title = f"{chart} of {y}"
    if n is not None and proportion:
        title += f" / {n}" + (" (%)" if multiply == 100 else "")
    elif n is not None:
        per = f"{multiply:,.0f} " if multiply != 1 and multiply == int(multiply) else ""
        title += f" per {per}{n}"
    elif multiply != 1:
        title += f" × {multiply:g}"
    return title


def spc(
    data: pd.DataFrame,
    y: str,
    *,
    x: str | None = None,
    n: str | None = None,
    by: str | Sequence[str] | None = None,
    chart: str = "run",
    freeze: Any = None,
    phase: Any = None,
    exclude: Any = None,
    cl: float | str | None = None,
    target: float | str | None = None,
    rules: str | RuleSet | Sequence[Rule] = "anhoej",
    screen_mr: bool = False,
    multiply: float = 1,
    agg: str = "mean",
    sigma: float = 3.0,
    allow_negative: bool = True,
    laney_floor: bool = False,
    improvement: str | None = None,
    min_points: int | None = None,
) -> SPCResult:
    r"""Statistical process control chart of one or many series.

    Computes the plotted value, centre line, limits and signals of a run chart or control chart
    for every series in ``data`` (all at once), and returns them as tidy DataFrames.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation. It is never modified.
    y : str
        Column of values (measurements, or numerators when ``n`` is given).
    x : str, optional
        Column giving time order: dates, numbers or an ordered Categorical. Rows sharing
        (by…, x) are aggregated into one point. Without ``x`` the row order is the time order
        and the points are numbered 1..N within each series (a column ``x`` in the output).
    n : str, optional
        Column of denominators. The plotted value is then Σy / Σn per point; a point with a
        zero or missing denominator is a gap.
    by : str or list of str, optional
        Column(s) naming the series; every series is computed independently.
    chart : str, default "run"
        ``"run"`` (median, no limits), ``"i"`` (individuals: CL ± 3 · MR̄/1.128), ``"xmr"``
        (Making Data Count: mean ± 2.66 · MR̄), ``"mr"``
        (moving ranges), ``"xbar"`` and ``"s"`` (subgroups = rows sharing x), ``"ip"`` (I′,
        normalised individuals), ``"c"`` (counts), ``"u"`` (rates y/n), ``"up"`` (Laney U′),
        ``"p"`` (proportions y/n), ``"np"`` (counts out of a constant n), ``"pp"`` (Laney
        P′), ``"g"`` (opportunities between events) and ``"t"`` (time between events). The
        formulas are in the documentation's "Charts" pages.
    freeze : int or x value, optional
        Baseline of every phase: its first ``freeze`` points (an int), or the points at or
        before an x value (a date, say). The centre and limits come from the baseline and are
        extended to the rest of the phase. Default: every point is baseline.
    phase : str or list of x values, optional
        A column of phase labels (a new phase wherever the label changes), or the x values at
        which new phases start (at the first point at or after each). Every phase has its own
        centre line, limits and runs analysis.
    exclude : list of x values or str, optional
        x values, or a boolean column, of points left out of the centre line, limits and runs
        analysis. Excluded points keep their phase's limits and are still flagged when outside.
    cl : float or str, optional
        A fixed centre line (in display units, i.e. after ``multiply``), or a column of them.
    target : float, str or dict, optional
        A target in display units: a number, a column, or ``{series key: number}`` (the key is
        the by-value, or a tuple of them). Carried into ``points`` as ``target``; with
        ``improvement`` it gives the summary's ``assurance``.
    rules : str, RuleSet or list of rules, default "anhoej"
        ``"anhoej"`` (points outside the limits and Anhøj's runs analysis), ``"ihi"``,
        ``"western_electric"``, ``"nelson"``, ``"mdc"``, a :class:`~qistats.rules.RuleSet`
        (e.g. ``qi.rules.mdc(shift=6)``) or a list of rule objects
        (e.g. ``[qi.rules.Shift(7), qi.rules.Trend(7)]``). Each rule adds a boolean column.
    screen_mr : bool, default False
        Drop moving ranges at or above 3.267 · MR̄ once before taking the mean moving range
        (Nelson [3]_). qicharts2 screens when the package is attached.
    multiply : float, default 1
        Multiplier of the value, centre and limits (e.g. 1000 for a rate per 1,000 bed days).
    agg : {"mean", "median", "sum", "sd"}, default "mean"
        How rows sharing (by…, x) are combined when there is no ``n`` (``"sd"``: their
        standard deviation, as qicharts2's ``agg.fun = sd``).
    sigma : float, default 3
        Multiple of sigma for ``lcl`` and ``ucl``. The 2σ and 1σ lines are always given.
    allow_negative : bool, default True
        When False and a series has no negative value, negative lower limits become 0.
    laney_floor : bool, default False
        P′ and U′ charts: raise Laney's σ_z to 1 when it is below 1, so that the limits are
        never narrower than the P or U limits.
    improvement : {"increase", "decrease"} or None
        Which direction is better. It labels each point's ``variation`` as improvement or
        concern (None: neutral) and, with a target, gives the ``assurance``.
    min_points : int, optional
        Phases with fewer points are flagged ``short_phase`` in the summary and give one
        :class:`~qistats.ShortPhaseWarning` (their limits are trial limits). Default 13 (the
        Making Data Count minimum) for charts with limits; no check for run charts.

    Returns
    -------
    SPCResult
        ``.points`` (one row per series × x) and ``.summary()`` (one row per series × phase).

    Notes
    -----
    The formulas are qicharts2's [1]_, which follow Montgomery [2]_. Per segment
    (series × phase), with B the baseline points that are not excluded:

    * run chart: :math:`CL = \mathrm{median}(y_B)`;
    * I chart: :math:`CL = \bar y_B`, :math:`\hat\sigma = \overline{MR}/1.128`, where
      :math:`\overline{MR}` is the mean of :math:`|y_i - y_{i-1}|` over successive points of B
      (an excluded point is stepped over; a missing one is not bridged), and the limits are
      :math:`CL \pm k\hat\sigma` for k = ``sigma``, 2 and 1;
    * MR chart: value :math:`|y_i - y_{i-1}|` within the phase, :math:`CL = \overline{MR}_B`,
      UCL :math:`= 3.267\,CL`, LCL = 0.

    Missing values: a point whose y (or n) is missing keeps its row with a missing value; it
    is skipped by the centre line, sigma and rules, and still gets its phase's limits where they
    do not depend on it.

    References
    ----------
    .. [1] Anhøj J (2025). qicharts2: Quality Improvement Charts. R package version 0.8.1.
    .. [2] Montgomery DC (2020). Introduction to Statistical Quality Control, 8th ed. Wiley.
    .. [3] Nelson LS (1982). Control charts for individual measurements. Journal of Quality
       Technology 14(3): 172–173.

    Examples
    --------
    >>> import pandas as pd
    >>> import qistats as qi
    >>> df = pd.DataFrame({"week": range(1, 11),
    ...                    "falls": [5, 7, 6, 8, 4, 6, 7, 5, 6, 9]})
    >>> res = qi.spc(df, y="falls", x="week", chart="i")

    By hand: CL = 63/10 = 6.3; the nine moving ranges sum to 18, so MR̄ = 2 and
    σ̂ = 2/1.128 = 1.773; the limits are 6.3 ± 3 × 1.773.

    >>> row = res.points.iloc[0]
    >>> print(f"CL {row.cl:.2f}, limits {row.lcl:.2f} to {row.ucl:.2f}")
    CL 6.30, limits 0.98 to 11.62
    >>> res.summary()[["phase", "n_useful", "longest_run", "n_crossings", "runs_signal"]]
       phase  n_useful  longest_run  n_crossings  runs_signal
    0      1        10            2            7        False
    """
    spec = get_chart(chart)
    rule_set = get_rules(rules)
    if improvement not in (None, "increase", "decrease"):
        raise ArgumentError(
            f"improvement={improvement!r}: expected 'increase', 'decrease' or None (neutral)."
        )
    if min_points is not None and (
        isinstance(min_points, bool)
        or not isinstance(min_points, (int, np.integer))
        or min_points < 0
    ):
        raise ArgumentError(
            f"min_points={min_points!r}: expected a whole number of points >= 0 (0: no check)."
        )
    screen = _flag(screen_mr, "screen_mr")
    floor = _flag(laney_floor, "laney_floor")
    allow_neg = _flag(allow_negative, "allow_negative")
    mult = _positive(multiply, "multiply")
    k = _positive(sigma, "sigma")

    phase_col = is_column(data, phase) if isinstance(data, pd.DataFrame) else False
    exclude_col = is_column(data, exclude) if isinstance(data, pd.DataFrame) else False
    extra: dict[str, tuple[str, str]] = {}
    if phase_col:
        extra["phase"] = ("phase", phase)
    if exclude_col:
        extra["exclude"] = ("exclude", exclude)
    if isinstance(cl, str):
        extra["cl"] = ("cl", cl)
    if isinstance(target, str):
        extra["target"] = ("target", target)

    p = prepare(data, y, x=x, n=n, by=by, agg=agg, chart=spec, extra_columns=extra)
    segs = segments(p, phase, phase_col)
    include = include_mask(p, exclude, exclude_col)
    baseline = baseline_mask(p, segs, freeze)
    npts = p.n_points
    cl_user = _per_point(cl, "cl", p.columns.get("cl"), npts) / mult
    target_pts = (
        _target_by_series(target, p)
        if isinstance(target, dict)
        else _per_point(target, "target", p.columns.get("target"), npts)
    )

    inp = ChartInput(
        value=p.value,
        y=p.y,
        n=p.n,
        count=p.stats["count"],
        mean=p.stats["mean"],
        sd=p.stats["sd"],
        lay=segs.lay,
        base=baseline & include,
        include=include,
        cl_user=cl_user,
        screen_mr=screen,
        laney_floor=floor,
        dots_only=p.dots_only,
    )
    with np.errstate(all="ignore"):
        out = spec.compute(inp)
        value = out.value * mult
        centre = K.inf_to_nan(out.cl * mult)
        lines: dict[str, np.ndarray] = {}
        for lo_name, hi_name, k_lines in (
            ("lcl", "ucl", k),
            ("lcl_2s", "ucl_2s", 2.0),
            ("lcl_1s", "ucl_1s", 1.0),
        ):
            if out.limits is None:
                lines[lo_name] = lines[hi_name] = np.full(npts, np.nan)
            else:
                lo, hi = out.limits(k_lines)
                lines[lo_name] = K.inf_to_nan(lo * mult)
                lines[hi_name] = K.inf_to_nan(hi * mult)

    lay = segs.lay

    cache = {
        k: (lines["lcl"], lines["ucl"]),
        2.0: (lines["lcl_2s"], lines["ucl_2s"]),
        1.0: (lines["lcl_1s"], lines["ucl_1s"]),
    }

    def band(k_band: float) -> tuple[np.ndarray, np.ndarray]:
        if k_band not in cache:
            if out.limits is None:
                cache[k_band] = (np.full(npts, np.nan), np.full(npts, np.nan))
            else:
                with np.errstate(all="ignore"):
                    lo_b, hi_b = out.limits(k_band)
                    cache[k_band] = (K.inf_to_nan(lo_b * mult), K.inf_to_nan(hi_b * mult))
        return cache[k_band]

    ctx = RuleContext(
        value=value,
        cl=centre,
        diff=out.value - out.cl,  # runs counted before `multiply`, as qicharts2
        lcl=lines["lcl"],
        ucl=lines["ucl"],
        band=band,
        include=include,
        lay=lay,
        runs_allowed=np.full(lay.n_seg, out.runs_signal and not p.dots_only),
    )
    ro = evaluate(rule_set, ctx, improvement)
    if not allow_neg:
        has_neg = K.seg_count(value < 0, K.Layout(p.series, p.series_starts)) > 0
        clamp = ~has_neg[p.series]
        for name in ("lcl", "lcl_2s", "lcl_1s"):
            lines[name] = np.where(clamp & (lines[name] < 0), 0.0, lines[name])

    cols: dict[str, Any] = {name: p.keys[name] for name in p.keys.columns}
    cols[_input_name(y, cols)] = p.y
    if n is not None:
        cols[_input_name(n, cols)] = p.n
    if spec.name in ("xbar", "s"):
        cols["subgroup_size"] = p.stats["count"].astype(np.int64)
    cols["value"] = value
    cols["phase"] = segs.labels[lay.seg]
    cols["baseline"] = baseline
    cols["excluded"] = ~include
    cols["cl"] = centre
    cols.update(lines)
    if target is not None:
        cols["target"] = target_pts
    cols.update(ro.points)
    points = pd.DataFrame(cols, copy=False)

    summary = p.keys.iloc[p.series_starts[segs.series], : len(p.by)].reset_index(drop=True)
    summary["phase"] = segs.labels
    summary["n_points"] = K.seg_count(include, lay).astype(np.int64)
    for name, stat in ro.segments.items():
        if name in ("longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
            arr = pd.array(stat, dtype="Int64")  # missing (-1) without useful points
            arr[stat < 0] = pd.NA
            summary[name] = arr
        else:
            summary[name] = stat
    summary["cl"] = centre[lay.starts]
    for name in ("lcl", "ucl"):
        summary[name] = K.seg_mean(lines[name], ~np.isnan(lines[name]), lay)
    threshold = (0 if out.limits is None else 13) if min_points is None else min_points
    short = lay.lengths() < threshold
    summary["short_phase"] = short
    last = np.append(lay.starts[1:], npts) - 1
    summary["variation"] = ro.points["variation"][last]
    summary["assurance"] = _assurance(
        improvement,
        target_pts[last],
        lines["lcl"][last],
        lines["ucl"][last],
        _latest_phase(segs.series),
    )
    if short.any():
        first = int(np.flatnonzero(short)[0])
        warnings.warn(
            f"{int(short.sum())} of {lay.n_seg} phases have fewer than {threshold} points "
            f"(the first: {p.describe_series(int(segs.series[first]))}, phase "
            f"{segs.labels[first]!r}, {int(lay.lengths()[first])} points): their limits are "
            f"trial limits. Making Data Count shows limits from 13 points; min_points= sets the "
            "threshold.",
            ShortPhaseWarning,
            stacklevel=2,
        )

    params = {
        "y": y,
        "x": x,
        "n": n,
        "by": by,
        "chart": spec.name,
        "freeze": freeze,
        "phase": phase,
        "exclude": exclude,
        "cl": cl,
        "target": target,
        "rules": rule_set.name,
        "screen_mr": screen,
        "multiply": multiply,
        "agg": agg,
        "sigma": sigma,
        "allow_negative": allow_neg,
        "laney_floor": floor,
        "improvement": improvement,
        "min_points": min_points,
    }
    return SPCResult(
        points,
        summary,
        params,
        _title(spec.title, y, n, mult, proportion=spec.proportion),
        evidence=Evidence(lay, include & ~np.isnan(value), p.x_name, ro.sustained),
    )


def _latest_phase(seg_series: np.ndarray) -> np.ndarray:
    """True for the last phase of each series."""
    latest = np.ones(seg_series.shape[0], dtype=bool)
    latest[:-1] = seg_series[1:] != seg_series[:-1]
    return latest


def _assurance(
    direction: str | None,
    target: np.ndarray,
    lcl: np.ndarray,
    ucl: np.ndarray,
    latest: np.ndarray,
) -> pd.Series:
    """MDC assurance of each phase: can the process be relied on to meet the target?

    Only the latest phase of each series gets one, and only with a target and a direction.
    Higher is better: target below LCL → "pass", above UCL → "fail", else "hit_or_miss";
    mirrored when lower is better (strict inequalities, as the MDC tools).
    """
    out = np.full(target.shape[0], None, dtype=object)
    if direction is not None:
        ok = latest & ~np.isnan(target) & ~np.isnan(lcl) & ~np.isnan(ucl)
        good_side = target < lcl if direction == "increase" else target > ucl
        bad_side = target > ucl if direction == "increase" else target < lcl
        out[ok] = "hit_or_miss"
        out[ok & good_side] = "pass"
        out[ok & bad_side] = "fail"
    return pd.Series(out, dtype="object")


_OUTPUT_COLUMNS = frozenset(
    (
        "subgroup_size",
        "value",
        "phase",
        "baseline",
        "excluded",
        "cl",
        "target",
        "outside_limits",
        "long_run",
        "few_crossings",
        "signal",
        *_LINES,
    )
)


def _input_name(name: str, taken: Mapping[str, Any]) -> str:
    """The user's column name for an input carried into ``points``, unless it would clash."""
    if name in _OUTPUT_COLUMNS or name in taken:
        return f"{name}_input"
    return name
