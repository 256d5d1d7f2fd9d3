"""Ambition tracking: a fixed baseline, a target, a trajectory, and honest progress statistics.

An *ambition* such as "reduce restrictive practice by 50 % by March 2024" has a baseline period,
a change and a deadline. :func:`ambition` measures every series against its own fixed baseline:
how much has changed, with what uncertainty, whether it is on course along a trajectory to the
target, when it is projected to get there, and whether there are enough data to tell.

Notation (rates): K₀ events over exposure E₀ in the baseline, K₁ over E₁ in the comparison
window; λ = K/E; the target ratio ρ = T/λ₀ (``change=-0.5`` gives ρ = 0.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from . import _kernels as K
from .charts import get_chart
from .errors import ArgumentError, DataError
from .frame import prepare

KINDS = ("rate", "proportion", "mean")
TRAJECTORIES = ("compound", "linear")
MIN_PROJECTION_PERIODS = 12


# ------------------------------------------------------------------------ intervals


def garwood(k: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) interval for a Poisson count k: [χ²(α/2; 2k)/2, χ²(1−α/2; 2k+2)/2].

    >>> lo, hi = garwood(np.array([0, 10]), 0.05)
    >>> [round(float(v), 3) for v in (*lo, *hi)]
    [0.0, 4.795, 3.689, 18.39]
    """
    k = np.asarray(k, dtype=float)
    lo = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(k, 1e-300)) / 2, 0.0)
    hi = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return lo, hi


def clopper_pearson(k: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Clopper–Pearson 1934) interval for a binomial proportion k/n.

    >>> lo, hi = clopper_pearson(np.array([3]), np.array([10]), 0.05)
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.0667, 0.6525)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(k > 0, stats.beta.ppf(alpha / 2, np.maximum(k, 1e-300), n - k + 1), 0.0)
        hi = np.where(k < n, stats.beta.ppf(1 - alpha / 2, k + 1, np.maximum(n - k, 1e-300)), 1.0)
    return lo, hi


def rate_ratio_exact(
    k0: np.ndarray, e0: np.ndarray, k1: np.ndarray, e1: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Exact conditional interval for the rate ratio (λ₁/λ₀).

    Given N = K₀ + K₁, K₁ is Binomial(N, π) with π = E₁·RR / (E₀ + E₁·RR); the Clopper–Pearson
    bounds on π map to RR = π/(1 − π) · E₀/E₁.
    """
    lo_p, hi_p = clopper_pearson(k1, k0 + k1, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = lo_p / (1 - lo_p) * e0 / e1
        hi = np.where(hi_p < 1, hi_p / (1 - hi_p) * e0 / e1, np.inf)
    return lo, hi


def rate_ratio_tail(
    k0: np.ndarray, e0: np.ndarray, k1: np.ndarray, e1: np.ndarray, ratio: np.ndarray, lower: bool
) -> np.ndarray:
    """One-sided exact conditional p-value of H₀: RR = ``ratio``.

    ``lower=True``: evidence that RR < ratio, P(X ≤ K₁); else that RR > ratio, P(X ≥ K₁); with
    X ~ Binomial(K₀ + K₁, E₁·ratio / (E₀ + E₁·ratio)).
    """
    pi = e1 * ratio / (e0 + e1 * ratio)
    n = k0 + k1
    if lower:
        return stats.binom.cdf(k1, n, pi)
    return stats.binom.sf(k1 - 1, n, pi)


# ---------------------------------------------------------------------- the window


@dataclass(frozen=True)
class _Window:
    """The prepared points and where the baseline, the comparison and the trajectory lie."""

    p: Any  # frame.Prepared
    lay: K.Layout  # one segment per series
    t: np.ndarray  # x of every point as a number
    in_base: np.ndarray
    in_comp: np.ndarray
    n_base: np.ndarray  # baseline periods per series
    b1: float  # last x of the baseline
    t0: np.ndarray  # start of the trajectory, per series
    td: float  # the deadline


# ---------------------------------------------------------------------- the result


@dataclass(frozen=True)
class AmbitionDefinition:
    """What the ambition is; fixed when it is created and never re-baselined."""

    baseline: tuple[Any, Any]
    change: float
    deadline: Any
    kind: str
    target: Any
    trajectory: Any
    start: Any
    compare: Any
    multiply: float
    confidence: float


class Ambition:
    """The result of :func:`ambition`.

    Attributes
    ----------
    definition : AmbitionDefinition
        The ambition as defined (baseline range, change, deadline, …).
    periods : pandas.DataFrame
        One row per series × period: the inputs, ``value``, ``period`` ("before",
        "baseline", "between" or "comparison"), ``trajectory`` (the target for that period),
        ``expected`` events under the trajectory, cumulative ``observed`` and ``expected``
        since the trajectory starts, their ratio ``oe`` with ``oe_lower``/``oe_upper`` and
        ``status`` ("ahead", "on_track", "behind").
    """

    def __init__(
        self,
        summary: pd.DataFrame,
        periods: pd.DataFrame,
        pooled: pd.DataFrame,
        definition: AmbitionDefinition,
        chart_args: dict[str, Any],
    ) -> None:
        self._summary = summary
        self.periods = periods
        self._pooled = pooled
        self.definition = definition
        self._chart_args = chart_args

    def summary(self) -> pd.DataFrame:
        """One row per series: change achieved, its uncertainty, the verdict and projection.

        Columns: the by-columns, ``baseline_value`` (λ₀ × multiply) with ``baseline_lower`` and
        ``baseline_upper``, ``target_value``, ``current_value`` with ``current_lower`` and
        ``current_upper``, ``rate_ratio`` with ``rate_ratio_lower``/``_upper``,
        ``percent_change``, ``p_improved``, ``p_target_met``, ``prob_target_met``, ``verdict``,
        ``projected_date`` with ``projected_lower``/``_upper``, ``events_needed``,
        ``detectable_change``, ``overdispersion``, ``assurance``, ``prob_period_meets_target``
        and ``warnings``.
        """
        return self._summary.copy()

    def pooled(self) -> pd.DataFrame:
        """Programme level: the Mantel–Haenszel rate ratio over all series, each against its own
        baseline (Greenland & Robins 1985 interval), in one row — never "n of N improved"."""
        return self._pooled.copy()

    def chart(self):
        """The SPC chart of every series with the ambition's baseline frozen (MDC rules)."""
        from ._spc import spc

        return spc(**self._chart_args)

    def plot(self, series: Any = None, **kwargs: Any):
        """Observed rate with baseline, target and trajectory, and the cumulative O/E with its
        interval, per series (matplotlib; returns the Figure)."""
        from .plot import plot_ambition

        return plot_ambition(self, series=series, **kwargs)

    def __repr__(self) -> str:
        cols = ["baseline_value", "current_value", "percent_change", "verdict"]
        names = list(self._summary.columns)
        by = names[: names.index("baseline_value")]
        d = self.definition
        head = (
            f"Ambition: {d.change:+.0%} from baseline {d.baseline[0]} – {d.baseline[1]} by "
            f"{d.deadline} ({d.kind}); {len(self._summary)} series"
        )
        return f"{head}\n{self._summary[by + cols].to_string(max_rows=20)}"

    def _repr_html_(self) -> str:
        return f"<pre>{self!r}</pre>"


# ------------------------------------------------------------------------ the call


def _scalar_time(conv: Any, value: Any, arg: str) -> float:
    return float(conv.keys(value, arg)[0])


def ambition(
    data: pd.DataFrame,
    y: str,
    *,
    x: str,
    n: str | None = None,
    by: str | Sequence[str] | None = None,
    baseline: tuple[Any, Any],
    change: float,
    deadline: Any,
    kind: str = "rate",
    target: str | float = "relative",
    trajectory: str = "compound",
    start: Any = None,
    compare: tuple[Any, Any] | None = None,
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
        Events (rates) or numerators (proportions).
    x : str
        Time: dates or numbers. Rows sharing (by…, x) are summed.
    n : str
        Exposure (bed days, …) or denominators (patients asked, …). Required for rates and
        proportions; not used for means.
    by : str or list of str, optional
        Series; each is measured against its own baseline.
    baseline : (start, end)
        The baseline period, inclusive x values. Fixed: it never moves.
    change : float
        The ambition, relative to baseline: −0.5 for "reduce by 50 %", 0.5 for "improve by
        50 %". Must be above −1. Its sign says which direction is better.
    deadline : x value
        When the target should be met.
    kind : {"rate", "proportion", "mean"}
        Events per exposure (Poisson), successes out of trials (binomial), or a mean of
        measurements (one per row, e.g. length of stay; no ``n``).
    target : {"relative", "shortfall"} or float
        ``"relative"``: T = λ₀(1 + change). ``"shortfall"`` (proportions): close that share of
        the gap to 100 %, T = 1 − (1 − p₀)(1 − r) with r = abs(change). A number: an absolute
        target in display units (after ``multiply``).
    trajectory : {"compound", "linear"} or str
        Path from the baseline to the target: compound T_t = λ₀ρ^s, linear
        T_t = λ₀(1 − (1 − ρ)s), with s = clip((t − t₀)/(t_d − t₀), 0, 1); or a column of
        per-period targets (display units).
    start : x value, optional
        Start of the trajectory (t₀). Default: the first period after the baseline.
    compare : (start, end), optional
        The comparison window. Default: every period after the baseline.
    multiply : float, default 1
        Display multiplier (1000 for "per 1,000 bed days").
    confidence : float, default 0.95
        Confidence level of the intervals (α = 1 − confidence for the tests).
    overdispersion : {"auto"} or None
        ``"auto"``: estimate φ from the baseline periods (Pearson χ² / df) and widen the
        intervals by √φ (on the log scale) when φ > 1.

    Returns
    -------
    Ambition
        ``.summary()``, ``.periods``, ``.pooled()``, ``.chart()``.

    Notes
    -----
    Rates (ρ = T/λ₀):

    * baseline and current values K/E with exact Garwood intervals;
    * the rate ratio RR = (K₁/E₁)/(K₀/E₀) with the exact conditional interval (K₁ | K₀ + K₁ is
      binomial); ``p_improved`` and ``p_target_met`` are one-sided exact conditional tests of
      RR = 1 and RR = ρ; ``prob_target_met`` is the Jeffreys posterior probability
      P(RR ≤ ρ) = F_{2a₁, 2a₀}(ρ E₁ a₀ / (E₀ a₁)), aᵢ = Kᵢ + ½ (mirrored for increases);
    * per period: expected events under the trajectory, cumulative observed O and expected E,
      O/E with the exact interval; "ahead" when the interval is wholly on the good side of 1,
      "behind" when P(X ≥ O | Poisson(E)) < 0.05 (mirrored), else "on_track";
    * projection: a Poisson log-linear fit (offset log exposure, IRLS) to the comparison periods
      (at least 12); the projected date is when the fitted rate reaches T, with the interval of
      t where :math:`|\hat a + \hat b t - \log T| \le z\,se(t)`; not projected unless the
      slope points to the target at one-sided 0.05.

    Proportions use Clopper–Pearson intervals, the ratio p₁/p₀ with a log (Katz) interval and
    z-tests, and Jeffreys Beta posteriors for ``prob_target_met``; the per-period status and the
    projection treat the successes as counts (Poisson), which is conservative.

    Means use t intervals, the ratio of means with a log-scale (delta-method) interval,
    Welch's tests, a normal approximation for ``prob_target_met``, the baseline's standard
    deviation for the trajectory status, and weighted least squares of the period means for
    the projection.

    References
    ----------
    * Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28:437–442.
    * Clopper CJ, Pearson ES (1934). The use of confidence or fiducial limits illustrated in the
      case of the binomial. Biometrika 26:404–413.
    * Breslow NE, Day NE (1987). Statistical Methods in Cancer Research II, chapters 2 and 3.
    * Greenland S, Robins JM (1985). Estimation of a common effect parameter from sparse
      follow-up data. Biometrics 41:55–68.

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
    30.4 -> 17.7 per 1,000 bed days, target 15.2; rate ratio 0.58 (0.50 to 0.68); on_track
    """
    if kind not in KINDS:
        raise ArgumentError(f"kind={kind!r}: expected one of {', '.join(map(repr, KINDS))}.")
    if (
        isinstance(change, bool)
        or not isinstance(change, (int, float, np.number))
        or not (np.isfinite(change) and change > -1 and change != 0)
    ):
        raise ArgumentError(
            f"change={change!r}: expected a number above -1 and not 0 (-0.5 for 'reduce by "
            "50%', 0.5 for 'improve by 50%')."
        )
    if not 0 < confidence < 1:
        raise ArgumentError(f"confidence={confidence!r}: expected a number between 0 and 1.")
    if overdispersion not in ("auto", None):
        raise ArgumentError(f"overdispersion={overdispersion!r}: expected 'auto' or None.")
    if n is None and kind != "mean":
        raise ArgumentError("n=None: an ambition needs the exposure or denominator column (n=...).")
    if n is not None and kind == "mean":
        raise ArgumentError(
            f"n={n!r}: kind='mean' takes one measurement per row (no denominator); rows sharing "
            "an x are the observations of that period."
        )
    if not (isinstance(baseline, (tuple, list)) and len(baseline) == 2):
        raise ArgumentError(f"baseline={baseline!r}: expected (first x, last x), inclusive.")
    alpha = 1 - confidence
    better = -1 if change < 0 else 1  # -1: lower is better
    extra = {}
    if isinstance(trajectory, str) and trajectory not in TRAJECTORIES:
        extra["trajectory"] = ("trajectory", trajectory)
    chart = get_chart({"proportion": "p", "rate": "u", "mean": "xbar"}[kind])
    p = prepare(data, y, x=x, n=n, by=by, agg="mean", chart=chart, extra_columns=extra)
    bad = np.flatnonzero(~(p.n > 0)) if p.n is not None else np.zeros(0, dtype=int)
    if bad.size:
        raise DataError(
            f"n={n!r}: the point {p.describe_point(int(bad[0]))} has exposure {p.n[bad[0]]:g}; "
            "an ambition needs exposure > 0 in every period (drop empty periods first)."
        )

    conv = p.x_converter
    b0 = _scalar_time(conv, baseline[0], "baseline")
    b1 = _scalar_time(conv, baseline[1], "baseline")
    if b1 < b0:
        raise ArgumentError(f"baseline={baseline!r}: its end is before its start.")
    td = _scalar_time(conv, deadline, "deadline")
    if td <= b1:
        raise ArgumentError(
            f"deadline={deadline!r}: it is not after the end of the baseline ({baseline[1]})."
        )
    t = p.xkey.astype(float)
    lay = K.Layout(p.series, p.series_starts)
    in_base = (t >= b0) & (t <= b1)
    n_base = K.seg_count(in_base, lay)
    if (n_base == 0).any():
        s = int(np.flatnonzero(n_base == 0)[0])
        raise DataError(
            f"baseline={baseline!r}: {p.describe_series(s)} has no data in the baseline period."
        )
    if compare is None:
        in_comp = t > b1
    else:
        c0 = _scalar_time(conv, compare[0], "compare")
        c1 = _scalar_time(conv, compare[1], "compare")
        in_comp = (t >= c0) & (t <= c1)
    t0 = (
        _first_after(t, lay, b1)
        if start is None
        else np.full(lay.n_seg, _scalar_time(conv, start, "start"))
    )

    win = _Window(p, lay, t, in_base, in_comp, n_base, b1, t0, td)
    definition = AmbitionDefinition(
        baseline=tuple(baseline),
        change=float(change),
        deadline=deadline,
        kind=kind,
        target=target,
        trajectory=trajectory,
        start=start,
        compare=compare,
        multiply=float(multiply),
        confidence=float(confidence),
    )
    view = {
        "y": y,
        "x": x,
        "n": n,
        "by": by,
        "freeze": baseline[1],
        "multiply": multiply,
        "improvement": "decrease" if better < 0 else "increase",
    }
    if kind == "mean":
        return _ambition_mean(
            win, change, target, trajectory, better, alpha, multiply, view, definition
        )

    k0 = K.seg_sum(p.y, in_base, lay)
    e0 = K.seg_sum(p.n, in_base, lay)
    k1 = K.seg_sum(p.y, in_comp, lay)
    e1 = K.seg_sum(p.n, in_comp, lay)
    lam0, lam1 = k0 / e0, K.divide(k1, e1)

    tgt = _target_value(target, change, lam0, kind, better, multiply, p)
    rho = K.divide(tgt, lam0)

    # overdispersion from the baseline periods: Pearson χ² / df around the baseline value, with
    # the Poisson variance nλ for rates and the binomial variance np(1 − p) for proportions
    expected_base = p.n * lam0[p.series]
    variance = expected_base * (1 - lam0[p.series]) if kind == "proportion" else expected_base
    chi = np.where(in_base, K.divide((p.y - expected_base) ** 2, variance), 0.0)
    phi = K.divide(K.seg_sum(chi, in_base, lay), (n_base - 1).astype(float))
    widen = np.sqrt(np.fmax(phi, 1.0)) if overdispersion == "auto" else np.ones(lay.n_seg)

    z = stats.norm.ppf(1 - alpha / 2)
    if kind == "rate":
        b_lo, b_hi = (v / e0 for v in garwood(k0, alpha))
        c_lo, c_hi = (v / e1 for v in garwood(k1, alpha))
        rr = K.divide(lam1, lam0)
        rr_lo, rr_hi = rate_ratio_exact(k0, e0, k1, e1, alpha)
        p_improved = rate_ratio_tail(k0, e0, k1, e1, np.ones_like(rr), lower=better < 0)
        p_met = rate_ratio_tail(k0, e0, k1, e1, rho, lower=better < 0)
        a0, a1 = k0 + 0.5, k1 + 0.5
        cdf = stats.f.cdf(rho * e1 * a0 / (e0 * a1), 2 * a1, 2 * a0)
        prob_met = cdf if better < 0 else 1 - cdf
        with np.errstate(divide="ignore"):
            se = np.sqrt(1 / k0 + 1 / k1)  # of log RR, for the power of the data
    else:
        b_lo, b_hi = clopper_pearson(k0, e0, alpha)
        c_lo, c_hi = clopper_pearson(k1, e1, alpha)
        rr = K.divide(lam1, lam0)
        se = np.sqrt(K.divide(1 - lam0, k0) + K.divide(1 - lam1, k1))
        rr_lo, rr_hi = rr * np.exp(-z * se), rr * np.exp(z * se)
        zs = lambda ratio: (np.log(rr) - np.log(ratio)) / se  # noqa: E731
        p_improved = stats.norm.cdf(zs(1.0)) if better < 0 else stats.norm.sf(zs(1.0))
        p_met = stats.norm.cdf(zs(rho)) if better < 0 else stats.norm.sf(zs(rho))
        prob_met = _beta_ratio_prob(k0, e0, k1, e1, rho, better)
    # widen the intervals for overdispersion (log scale)
    for est, (lo, hi) in ((lam0, (b_lo, b_hi)), (lam1, (c_lo, c_hi)), (rr, (rr_lo, rr_hi))):
        lo[:] = np.where(est > 0, est * (lo / est) ** widen, lo)
        hi[:] = np.where(est > 0, est * (hi / est) ** widen, hi)

    periods = _periods(win, lam0, rho, trajectory, multiply, better, alpha)
    latest_status = _latest_status(periods, lay)

    proj, proj_lo, proj_hi, slope_ok = _project(
        p, lay, t, in_comp, tgt, better, phi, overdispersion
    )

    point_met = (rr <= rho) if better < 0 else (rr >= rho)
    verdict = _verdict(
        (k0 == 0) | (e1 == 0), p_met, alpha, point_met, latest_status, se * widen, rho
    )

    z_a, z_b = stats.norm.ppf(0.95), stats.norm.ppf(0.80)
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.log(rho) ** 2 / (z_a + z_b) ** 2 - 1 / np.maximum(k0, 1)
        needed = np.where(room > 0, np.ceil(1 / room), np.inf)
        detectable = 1 - np.exp(
            -(z_a + z_b) * np.sqrt(1 / np.maximum(k0, 1) + 1 / np.maximum(k1, 1))
        )

    # MDC-style assurance, and the probability that a future period meets the target
    n_bar = K.divide(e1, K.seg_count(in_comp, lay).astype(float))
    if kind == "rate":
        mu = lam1 * n_bar
        cut = tgt * n_bar
        prob_period = (
            stats.poisson.cdf(np.floor(cut), mu)
            if better < 0
            else stats.poisson.sf(np.ceil(cut) - 1, mu)
        )
    else:
        nb = np.round(n_bar)
        cut = tgt * nb
        prob_period = (
            stats.binom.cdf(np.floor(cut), nb, lam1)
            if better < 0
            else stats.binom.sf(np.ceil(cut) - 1, nb, lam1)
        )

    chart_args = _spc_view(win, view, "p" if kind == "proportion" else "u", p.y, p.n, tgt)

    summary = _summary(
        win,
        multiply,
        chart_args,
        base=(lam0, b_lo, b_hi),
        target=tgt,
        current=(lam1, c_lo, c_hi),
        ratio=(rr, rr_lo, rr_hi),
        tests=(p_improved, p_met, prob_met),
        verdict=verdict,
        projection=(proj, proj_lo, proj_hi, slope_ok),
        sufficiency=(needed, detectable, phi, prob_period),
        warnings=_warnings(n_base, k0, p, lay, in_comp, phi, overdispersion),
    )
    pooled = _pooled(k0, e0, k1, e1, rho, better, alpha, multiply, kind)
    return Ambition(summary, periods, pooled, definition, chart_args)


# ------------------------------------------------------------------ means (kind="mean")


def _ambition_mean(
    win: _Window, change, target, trajectory, better, alpha, multiply, view, definition
) -> Ambition:
    """Ambition statistics for a mean of measurements (length of stay, waiting time, …).

    Each period holds the rows' measurements; baseline and current means come with t intervals,
    the ratio of means with a log-scale (delta-method) interval, the tests are Welch's, and the
    trajectory status and projection use the normal approximation.
    """
    p, lay, t, in_base, in_comp = win.p, win.lay, win.t, win.in_base, win.in_comp
    n_base, t0 = win.n_base, win.t0
    seg = lay.seg
    cnt, mean = p.stats["count"], p.stats["mean"]
    ok = cnt > 0
    total = np.where(ok, cnt * mean, 0.0)
    within = np.where(cnt > 1, (cnt - 1) * p.stats["sd"] ** 2, 0.0)

    def moments(mask):
        mask = mask & ok
        n_obs = K.seg_sum(cnt, mask, lay)
        mu = K.divide(K.seg_sum(total, mask, lay), n_obs)
        dev = np.where(mask, mean - mu[seg], 0.0)
        ss = K.seg_sum(within + cnt * dev * dev, mask, lay)
        return n_obs, mu, np.sqrt(K.divide(ss, n_obs - 1))

    n0, m0, s0 = moments(in_base)
    n1, m1, s1 = moments(in_comp)
    if (m0 <= 0).any():
        raise DataError(
            f"y: {p.describe_series(int(np.flatnonzero(m0 <= 0)[0]))} has a baseline mean of "
            f"{m0[m0 <= 0][0]:g}; kind='mean' measures change as a ratio, so it needs positive "
            "measurements."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        t0q = stats.t.ppf(1 - alpha / 2, n0 - 1)
        t1q = stats.t.ppf(1 - alpha / 2, n1 - 1)
        b_lo, b_hi = m0 - t0q * s0 / np.sqrt(n0), m0 + t0q * s0 / np.sqrt(n0)
        c_lo, c_hi = m1 - t1q * s1 / np.sqrt(n1), m1 + t1q * s1 / np.sqrt(n1)
        tgt = _target_value(target, change, m0, "mean", better, multiply, p)
        rho = tgt / m0
        ratio = m1 / m0
        z = stats.norm.ppf(1 - alpha / 2)
        se_log = np.sqrt(s1**2 / (n1 * m1**2) + s0**2 / (n0 * m0**2))
        r_lo, r_hi = ratio * np.exp(-z * se_log), ratio * np.exp(z * se_log)
        v0, v1 = s0**2 / n0, s1**2 / n1

        def welch(r):
            """Welch's t statistic and df for H0: m1 = r · m0."""
            var = v1 + r * r * v0
            tstat = (m1 - r * m0) / np.sqrt(var)
            df = var**2 / (v1**2 / (n1 - 1) + (r * r * v0) ** 2 / (n0 - 1))
            return tstat, df

        t_imp, df_imp = welch(np.ones_like(m0))
        t_met, df_met = welch(rho)
        lower = better < 0
        p_improved = stats.t.cdf(t_imp, df_imp) if lower else stats.t.sf(t_imp, df_imp)
        p_met = stats.t.cdf(t_met, df_met) if lower else stats.t.sf(t_met, df_met)
        prob_met = stats.norm.cdf(-t_met) if lower else stats.norm.cdf(t_met)

    # trajectory: cumulative sum of measurements against the trajectory's expected sum
    traj = _trajectory(win, m0, rho, trajectory, multiply)
    on = (t >= t0[seg]) & ok
    expected = np.where(on, traj * cnt, 0.0)
    cum_o = _seg_cumsum(np.where(on, total, 0.0), lay)
    cum_e = _seg_cumsum(expected, lay)
    cum_n = _seg_cumsum(np.where(on, cnt, 0.0), lay)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = s0[seg] * np.sqrt(cum_n)
        zc = (cum_o - cum_e) / se
        oe = K.divide(cum_o, cum_e)
        oe_lo, oe_hi = K.divide(cum_o - z * se, cum_e), K.divide(cum_o + z * se, cum_e)
    crit = stats.norm.ppf(0.95)
    ahead = (oe_hi < 1) if lower else (oe_lo > 1)
    behind = (zc > crit) if lower else (zc < -crit)
    periods = _periods_frame(
        win,
        on,
        traj,
        expected,
        cum_o,
        cum_e,
        oe,
        oe_lo,
        oe_hi,
        ahead,
        behind,
        multiply,
    )
    latest_status = _latest_status(periods, lay)

    # projection: weighted least squares of the period means on time
    count_periods = K.seg_count(in_comp & ok, lay)
    ok_seg = count_periods >= MIN_PROJECTION_PERIODS
    use = in_comp & ok & ok_seg[seg]
    scale, centre = _time_scale(p, t, use, lay)
    tt = np.where(use, (t - centre[seg]) / scale, 0.0)
    w = np.where(use, cnt, 0.0)
    yv = np.where(use, mean, 0.0)
    s_0, s_1, s_2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
    r_0, r_1 = K.seg_sum(w * yv, use, lay), K.seg_sum(w * tt * yv, use, lay)
    det = s_0 * s_2 - s_1 * s_1
    a = K.divide(s_2 * r_0 - s_1 * r_1, det)
    b = K.divide(s_0 * r_1 - s_1 * r_0, det)
    resid = np.where(use, yv - a[seg] - b[seg] * tt, 0.0)
    sigma2 = K.divide(K.seg_sum(w * resid**2, use, lay), (count_periods - 2).astype(float))
    vaa, vbb, vab = (
        sigma2 * K.divide(s_2, det),
        sigma2 * K.divide(s_0, det),
        sigma2 * K.divide(-s_1, det),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        zb = b / np.sqrt(vbb)
    slope_ok = ok_seg & ((zb < -crit) if lower else (zb > crit))
    proj, proj_lo, proj_hi, slope_ok = _crossing(a, b, vaa, vbb, vab, tgt, slope_ok, scale, centre)

    point_met = (ratio <= rho) if lower else (ratio >= rho)
    verdict = _verdict(n1 == 0, p_met, alpha, point_met, latest_status, se_log, rho)

    # sufficiency: observations needed for 80 % power (one-sided 5 %) at the baseline's spread
    z_a, z_b = stats.norm.ppf(0.95), stats.norm.ppf(0.80)
    cv2 = (s0 / m0) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.log(rho) ** 2 / (z_a + z_b) ** 2 - cv2 / n0
        needed = np.where(room > 0, np.ceil(cv2 / room), np.inf)
        detectable = 1 - np.exp(-(z_a + z_b) * np.sqrt(cv2 / n0 + cv2 / np.maximum(n1, 1)))
        # a future period's mean, from the spread of the period means since the baseline
        spread = K.seg_std(mean, in_comp & ok, lay)
        below = stats.norm.cdf((tgt - m1) / spread)
    prob_period = below if lower else 1 - below

    chart_args = _spc_view(win, {**view, "n": None}, "xmr", mean, None, tgt)
    summary = _summary(
        win,
        multiply,
        chart_args,
        base=(m0, b_lo, b_hi),
        target=tgt,
        current=(m1, c_lo, c_hi),
        ratio=(ratio, r_lo, r_hi),
        tests=(p_improved, p_met, prob_met),
        verdict=verdict,
        projection=(proj, proj_lo, proj_hi, slope_ok),
        sufficiency=(needed, detectable, np.full(lay.n_seg, np.nan), prob_period),
        warnings=_warnings(n_base, None, p, lay, in_comp, None, None),
    )
    pooled = _pooled_log_ratios(ratio, se_log, rho, better, alpha, n0, n1, m0, m1, multiply)
    return Ambition(summary, periods, pooled, definition, chart_args)


def _pooled_log_ratios(ratio, se_log, rho, better, alpha, n0, n1, m0, m1, multiply):
    """Inverse-variance pooled ratio of means (log scale) over series."""
    ok = np.isfinite(ratio) & (ratio > 0) & np.isfinite(se_log) & (se_log > 0)
    w = 1 / se_log[ok] ** 2
    log_r = (w * np.log(ratio[ok])).sum() / w.sum()
    se = 1 / np.sqrt(w.sum())
    z = stats.norm.ppf(1 - alpha / 2)
    zs = log_r / se
    common = np.unique(np.round(rho[np.isfinite(rho)], 12))
    p_met = np.nan
    if common.size == 1:
        zt = (log_r - np.log(common[0])) / se
        p_met = float(stats.norm.cdf(zt) if better < 0 else stats.norm.sf(zt))
    return pd.DataFrame(
        {
            "n_series": [ratio.size],
            "baseline_observations": [n0.sum()],
            "current_observations": [n1.sum()],
            "baseline_value": [(m0 * n0).sum() / n0.sum() * multiply],
            "current_value": [np.nansum(m1 * n1) / n1.sum() * multiply if n1.sum() else np.nan],
            "rate_ratio": [np.exp(log_r)],
            "rate_ratio_lower": [np.exp(log_r - z * se)],
            "rate_ratio_upper": [np.exp(log_r + z * se)],
            "percent_change": [(np.exp(log_r) - 1) * 100],
            "p_improved": [stats.norm.cdf(zs) if better < 0 else stats.norm.sf(zs)],
            "p_target_met": [p_met],
        }
    )


# ------------------------------------------------------------------------ helpers


def _target_value(target, change, base, kind, better, multiply, p) -> np.ndarray:
    """The target per series (raw units) from the target rule and the baseline values."""
    if not isinstance(target, str):
        return np.full(base.shape, float(target) / multiply)
    if target == "relative":
        tgt = base * (1 + change)
        if kind == "proportion" and (tgt > 1).any():
            raise ArgumentError(
                f"target='relative': {change:+.0%} of the baseline proportion is above 1 "
                f"for {p.describe_series(int(np.flatnonzero(tgt > 1)[0]))}; for 'improve "
                "by x%' of a proportion use target='shortfall' (close x% of the gap to 100%)."
            )
        return tgt
    if target == "shortfall":
        if kind != "proportion":
            raise ArgumentError("target='shortfall' is for proportions (kind='proportion').")
        r = abs(change)
        return 1 - (1 - base) * (1 - r) if better > 0 else base * (1 - r)
    raise ArgumentError(
        f"target={target!r}: expected 'relative', 'shortfall' or a number (display units)."
    )


def _verdict(no_data, p_met, alpha, point_met, latest_status, se_log, rho) -> np.ndarray:
    """The verdict per series, in this order: no data → "insufficient_data"; target shown →
    "met"; estimate meets it → "met_point_estimate"; significantly behind the trajectory →
    "off_track"; the data could not show a change of the target's size with 80 % power
    (one-sided 5 %) → "insufficient_data"; else "on_track"."""
    z = stats.norm.ppf(0.95) + stats.norm.ppf(0.80)
    with np.errstate(invalid="ignore", divide="ignore"):
        underpowered = ~(z * se_log <= np.abs(np.log(rho)))
    return np.select(
        [no_data, p_met < alpha, point_met, latest_status == "behind", underpowered],
        ["insufficient_data", "met", "met_point_estimate", "off_track", "insufficient_data"],
        "on_track",
    )


def _latest_status(periods: pd.DataFrame, lay: K.Layout) -> np.ndarray:
    """The status of each series' latest period that has one."""
    status = periods["status"].to_numpy()
    last = np.maximum.reduceat(np.where(pd.notna(status), np.arange(status.size), -1), lay.starts)
    return np.where(last >= 0, status[np.maximum(last, 0)], None)


def _first_after(t: np.ndarray, lay: K.Layout, b1: float) -> np.ndarray:
    after = np.where(t > b1, t, np.inf)
    first = np.minimum.reduceat(after, lay.starts)
    return np.where(np.isfinite(first), first, b1)


def _to_x(conv: Any, t: np.ndarray) -> Any:
    kind = conv.kind()
    if kind == "datetime":
        out = np.full(t.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
        ok = np.isfinite(t) & (np.abs(t) < 9e18)
        out[ok] = t[ok].astype(np.int64).astype("datetime64[ns]")
        return pd.to_datetime(out).normalize()
    return t


def _beta_ratio_prob(k0, e0, k1, e1, rho, better) -> np.ndarray:
    """P(p₁/p₀ ≤ ρ) (or ≥, for increases) under Jeffreys Beta posteriors, by quadrature.

    The integral over p₀ is a midpoint rule on 400 points spanning the central
    1 − 2·10⁻⁹ of p₀'s posterior, 1,024 series at a time.
    """
    m = 400
    u = (np.arange(m) + 0.5) / m
    out = np.empty(k0.shape[0])
    for lo in range(0, k0.shape[0], 1024):  # blocks of series, not single series
        sl = slice(lo, lo + 1024)
        a0, b0 = k0[sl] + 0.5, e0[sl] - k0[sl] + 0.5
        a1, b1 = (k1[sl] + 0.5)[:, None], (e1[sl] - k1[sl] + 0.5)[:, None]
        left, right = stats.beta.ppf(1e-9, a0, b0), stats.beta.isf(1e-9, a0, b0)
        grid = left[:, None] + (right - left)[:, None] * u[None, :]
        w = stats.beta.pdf(grid, a0[:, None], b0[:, None])
        w /= w.sum(axis=1, keepdims=True)
        f1 = stats.beta.cdf(np.clip(rho[sl, None] * grid, 0, 1), a1, b1)
        out[sl] = (w * f1).sum(axis=1)
    return out if better < 0 else 1 - out


def _trajectory(win: _Window, base, rho, trajectory, multiply) -> np.ndarray:
    """The target of every period (raw units): compound T_t = λ₀ρ^s or linear
    T_t = λ₀(1 − (1 − ρ)s) with s = clip((t − t₀)/(t_d − t₀), 0, 1), or the user's column."""
    if not (isinstance(trajectory, str) and trajectory in TRAJECTORIES):
        return win.p.columns["trajectory"].astype(float) / multiply
    seg = win.lay.seg
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.clip((win.t - win.t0[seg]) / (win.td - win.t0[seg]), 0.0, 1.0)
    if trajectory == "compound":
        return base[seg] * rho[seg] ** s
    return base[seg] * (1 - (1 - rho[seg]) * s)


def _periods(win: _Window, lam0, rho, trajectory, multiply, better, alpha) -> pd.DataFrame:
    """Per period, counts: cumulative observed against expected on the trajectory (Poisson)."""
    p, lay, t, t0 = win.p, win.lay, win.t, win.t0
    seg = lay.seg
    traj = _trajectory(win, lam0, rho, trajectory, multiply)
    on = t >= t0[seg]
    expected = np.where(on, traj * p.n, 0.0)
    observed = np.where(on, p.y, 0.0)
    # cumulative sums within each series
    cum_o = _seg_cumsum(observed, lay)
    cum_e = _seg_cumsum(expected, lay)
    lo, hi = garwood(cum_o, alpha)
    oe = K.divide(cum_o, cum_e)
    oe_lo, oe_hi = K.divide(lo, cum_e), K.divide(hi, cum_e)
    if better < 0:
        ahead = oe_hi < 1
        behind = stats.poisson.sf(cum_o - 1, cum_e) < 0.05
    else:
        ahead = oe_lo > 1
        behind = stats.poisson.cdf(cum_o, cum_e) < 0.05
    return _periods_frame(
        win,
        on,
        traj,
        expected,
        cum_o,
        cum_e,
        oe,
        oe_lo,
        oe_hi,
        ahead,
        behind,
        multiply,
    )


def _periods_frame(
    win: _Window,
    on,
    traj,
    expected,
    cum_o,
    cum_e,
    oe,
    oe_lo,
    oe_hi,
    ahead,
    behind,
    multiply,
) -> pd.DataFrame:
    """The per-period table, from the cumulative comparison with the trajectory."""
    p, t, in_base, in_comp, b1 = win.p, win.t, win.in_base, win.in_comp, win.b1
    status = np.where(ahead, "ahead", np.where(behind, "behind", "on_track")).astype(object)
    status[~on | (cum_e <= 0)] = None
    period = np.where(
        in_base, "baseline", np.where(in_comp, "comparison", np.where(t < b1, "before", "between"))
    )
    out = p.keys.copy()
    out["y"] = p.y
    out["n"] = p.n if p.n is not None else p.stats["count"]
    out["value"] = p.value * multiply
    out["period"] = period
    out["trajectory"] = np.where(on, traj * multiply, np.nan)
    out["expected"] = np.where(on, expected, np.nan)
    out["cum_observed"] = np.where(on, cum_o, np.nan)
    out["cum_expected"] = np.where(on, cum_e, np.nan)
    out["oe"] = np.where(on, oe, np.nan)
    out["oe_lower"] = np.where(on, oe_lo, np.nan)
    out["oe_upper"] = np.where(on, oe_hi, np.nan)
    out["status"] = status
    return out


def _seg_cumsum(v: np.ndarray, lay: K.Layout) -> np.ndarray:
    c = np.cumsum(v)
    before = np.concatenate(([0.0], c))[lay.starts]
    return c - before[lay.seg]


def _project(p, lay, t, in_comp, tgt, better, phi, overdispersion):
    """Poisson log-linear fit per series over the comparison periods (IRLS, all at once)."""
    n_seg = lay.n_seg
    nan = np.full(n_seg, np.nan)
    count = K.seg_count(in_comp, lay)
    ok_seg = (count >= MIN_PROJECTION_PERIODS) & (K.seg_sum(p.y, in_comp, lay) > 0)
    if not ok_seg.any():
        return nan, nan, nan, np.zeros(n_seg, dtype=bool)
    use = in_comp & ok_seg[lay.seg]
    scale, centre = _time_scale(p, t, use, lay)
    tt = np.where(use, (t - centre[lay.seg]) / scale, 0.0)
    off = np.log(np.where(use, p.n, 1.0))
    y = np.where(use, p.y, 0.0)
    a = np.log(K.divide(K.seg_sum(y, use, lay), K.seg_sum(p.n, use, lay)))
    b = np.zeros(n_seg)
    a = np.where(ok_seg, a, 0.0)
    for _ in range(30):
        eta = a[lay.seg] + b[lay.seg] * tt + off
        mu = np.exp(eta)
        zr = eta - off + (y - mu) / mu
        w = np.where(use, mu, 0.0)
        s0, s1, s2 = (K.seg_sum(w * tt**k, use, lay) for k in (0, 1, 2))
        r0, r1 = K.seg_sum(w * zr, use, lay), K.seg_sum(w * tt * zr, use, lay)
        det = s0 * s2 - s1 * s1
        a_new = K.divide(s2 * r0 - s1 * r1, det)
        b_new = K.divide(s0 * r1 - s1 * r0, det)
        done = np.nanmax(np.abs(np.r_[a_new - a, b_new - b])[np.r_[ok_seg, ok_seg]], initial=0)
        a, b = np.where(ok_seg, a_new, 0.0), np.where(ok_seg, b_new, 0.0)
        if done < 1e-10:
            break
    det = s0 * s2 - s1 * s1
    vaa, vbb, vab = K.divide(s2, det), K.divide(s0, det), K.divide(-s1, det)
    if overdispersion == "auto":
        f = np.fmax(phi, 1.0)
        vaa, vbb, vab = vaa * f, vbb * f, vab * f
    se_b = np.sqrt(vbb)
    zb = b / se_b
    slope_ok = ok_seg & (
        (zb < -stats.norm.ppf(0.95)) if better < 0 else (zb > stats.norm.ppf(0.95))
    )
    return _crossing(a, b, vaa, vbb, vab, np.log(tgt), slope_ok, scale, centre)


def _crossing(a, b, vaa, vbb, vab, level, slope_ok, scale, centre):
    """When the fitted line a + b·t reaches ``level``, with the interval of t where
    |a + b·t − level| ≤ z·se(t) (a Fieller-type interval); in the units of x."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t_star = (level - a) / b
        zc = stats.norm.ppf(0.975)
        qa = b * b - zc * zc * vbb
        qb = 2 * ((a - level) * b - zc * zc * vab)
        qc = (a - level) ** 2 - zc * zc * vaa
        disc = np.sqrt(qb * qb - 4 * qa * qc)
        r1, r2 = (-qb - disc) / (2 * qa), (-qb + disc) / (2 * qa)
    lo = np.where(qa > 0, np.fmin(r1, r2), np.nan)
    hi = np.where(qa > 0, np.fmax(r1, r2), np.nan)
    back = lambda v: np.where(slope_ok, v * scale + centre, np.nan)  # noqa: E731
    return back(t_star), back(lo), back(hi), slope_ok


def _time_scale(p, t, use, lay):
    """Centre and scale of time for a fit: years for dates, the x units otherwise."""
    scale = 365.25 * 86400e9 if p.x_converter.kind() == "datetime" else 1.0
    centre = K.divide(K.seg_sum(t, use, lay), K.seg_count(use, lay).astype(float))
    return scale, centre


def _summary(
    win: _Window,
    multiply,
    chart_args,
    *,
    base,
    target,
    current,
    ratio,
    tests,
    verdict,
    projection,
    sufficiency,
    warnings,
) -> pd.DataFrame:
    """One row per series, the same columns for every kind (values × ``multiply``)."""
    p, m = win.p, multiply
    proj, proj_lo, proj_hi, slope_ok = projection
    needed, detectable, phi, prob_period = sufficiency
    to_x = p.x_converter
    cols = {
        "baseline_value": base[0] * m,
        "baseline_lower": base[1] * m,
        "baseline_upper": base[2] * m,
        "target_value": target * m,
        "current_value": current[0] * m,
        "current_lower": current[1] * m,
        "current_upper": current[2] * m,
        "rate_ratio": ratio[0],
        "rate_ratio_lower": ratio[1],
        "rate_ratio_upper": ratio[2],
        "percent_change": (ratio[0] - 1) * 100,
        "p_improved": tests[0],
        "p_target_met": tests[1],
        "prob_target_met": tests[2],
        "verdict": verdict,
        "projected_date": _to_x(to_x, proj),
        "projected_lower": _to_x(to_x, proj_lo),
        "projected_upper": _to_x(to_x, proj_hi),
        "projection": np.where(slope_ok, "projected", "not_projected"),
        "events_needed": needed,
        "detectable_change": detectable * 100,
        "overdispersion": phi,
        "assurance": _assurance_from_chart(chart_args),
        "prob_period_meets_target": prob_period,
        "warnings": warnings,
    }
    summary = p.keys.iloc[p.series_starts, : len(p.by)].reset_index(drop=True)
    for name, col in cols.items():
        summary[name] = col
    return summary


def _spc_view(win: _Window, view: dict[str, Any], chart: str, y_values, n_values, tgt):
    """Arguments of the SPC view of the aggregated points: the ambition's baseline frozen, its
    target drawn, and a column of periods (before, baseline, after) for the assurance."""
    data = win.p.keys.copy()
    data[view["y"]] = y_values
    if n_values is not None:
        data[view["n"]] = n_values
    data["ambition_target"] = tgt[win.lay.seg] * view["multiply"]
    data["ambition_period"] = np.where(
        win.in_base, "baseline", np.where(win.t < win.b1, "before", "after")
    )
    return {**view, "data": data, "chart": chart, "rules": "mdc", "target": "ambition_target"}


def _assurance_from_chart(chart_args: dict[str, Any]) -> np.ndarray:
    """The MDC assurance of each series: the target against the limits of the process since the
    baseline (a phase of its own), from the last summary row of each series."""
    import warnings

    from ._spc import spc
    from .errors import ShortPhaseWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortPhaseWarning)
        s = spc(**{**chart_args, "freeze": None, "phase": "ambition_period"}).summary()
    latest = s.assurance.to_numpy()
    # the summary is ordered by series then phase; keep each series' last row
    by = chart_args["by"]
    if by is None:
        return latest[-1:]
    keys = s[[by] if isinstance(by, str) else list(by)]
    last = ~keys.duplicated(keep="last").to_numpy()
    return latest[last]


def _warnings(n_base, k0, p, lay, in_comp, phi, overdispersion) -> np.ndarray:
    """Data-sufficiency warnings per series, joined by "; " ("" when there are none)."""
    n_comp = K.seg_count(in_comp, lay)
    per_period = K.divide(K.seg_sum(p.y, in_comp, lay), n_comp.astype(float))
    nb = pd.Series(n_base).astype(str)
    parts = [
        np.where(n_base < 12, "only " + nb + " baseline periods (fewer than 12)", ""),
        np.where(
            (n_base >= 12) & (n_base < 20),
            nb + " baseline periods: SPC limits are trial limits (fewer than 20)",
            "",
        ),
        np.where(n_comp == 0, "no data after the baseline", ""),
    ]
    if k0 is not None:  # counts (rates and proportions)
        parts.append(
            np.where(
                k0 < 40,
                "only "
                + pd.Series(k0).map("{:g}".format)
                + " baseline events (fewer than 40): wide intervals",
                "",
            )
        )
        parts.append(
            np.where(
                per_period < 2,
                "fewer than 2 events per period: use quarters, or G or T charts",
                "",
            )
        )
    if overdispersion == "auto":
        parts.append(
            np.where(
                phi > 1,
                "overdispersion φ = "
                + pd.Series(phi).map("{:.2f}".format)
                + ": intervals widened by √φ",
                "",
            )
        )
    out = np.full(lay.n_seg, "", dtype=object)
    for part in parts:  # a handful of messages, each for all series at once
        part = np.asarray(part, dtype=object)
        joined = np.where(out == "", part, out + "; " + part)
        out = np.where(part == "", out, joined)
    return out


def _pooled(k0, e0, k1, e1, rho, better, alpha, multiply, kind) -> pd.DataFrame:
    """Mantel–Haenszel rate (or risk) ratio over series, each against its own baseline.

    The variance of its logarithm is Greenland & Robins' (1985): for rates
    Σ E₀E₁(K₀+K₁)/T² / (R·S); for proportions Σ (E₀E₁(K₀+K₁) − K₀K₁T)/T² / (R·S), with
    T = E₀ + E₁, R = Σ K₁E₀/T and S = Σ K₀E₁/T.
    """
    tot = e0 + e1
    r = k1 * e0 / tot
    s = k0 * e1 / tot
    rr = r.sum() / s.sum()
    cov = e0 * e1 * (k0 + k1)
    if kind == "proportion":
        cov = cov - k0 * k1 * tot
    var = (cov / tot**2).sum() / (r.sum() * s.sum())
    z = stats.norm.ppf(1 - alpha / 2)
    se = np.sqrt(var)
    lo, hi = rr * np.exp(-z * se), rr * np.exp(z * se)
    zs = np.log(rr) / se
    p_imp = stats.norm.cdf(zs) if better < 0 else stats.norm.sf(zs)
    common = np.unique(np.round(rho[np.isfinite(rho)], 12))
    if common.size == 1:
        zt = (np.log(rr) - np.log(common[0])) / se
        p_met = float(stats.norm.cdf(zt) if better < 0 else stats.norm.sf(zt))
    else:
        p_met = np.nan
    return pd.DataFrame(
        {
            "n_series": [k0.size],
            "baseline_events": [k0.sum()],
            "baseline_exposure": [e0.sum()],
            "current_events": [k1.sum()],
            "current_exposure": [e1.sum()],
            "baseline_value": [k0.sum() / e0.sum() * multiply],
            "current_value": [k1.sum() / e1.sum() * multiply if e1.sum() > 0 else np.nan],
            "rate_ratio": [rr],
            "rate_ratio_lower": [lo],
            "rate_ratio_upper": [hi],
            "percent_change": [(rr - 1) * 100],
            "p_improved": [p_imp],
            "p_target_met": [p_met],
        }
    )
