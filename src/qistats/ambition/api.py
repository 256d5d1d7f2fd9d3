"""The entry point :func:`ambition`: arguments checked, the points prepared, the window laid out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from ..charts import get_chart
from ..errors import ArgumentError, DataError
from ..frame import prepare
from .counts import ambition_counts
from .means import ambition_mean
from .result import Ambition, AmbitionDefinition
from .trajectory import TRAJECTORIES
from .window import Window, first_after, scalar_time

KINDS = ("rate", "proportion", "mean")


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

    Means use t intervals, the ratio of means with Fieller's interval (Welch–Satterthwaite t),
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
    b0 = scalar_time(conv, baseline[0], "baseline")
    b1 = scalar_time(conv, baseline[1], "baseline")
    if b1 < b0:
        raise ArgumentError(f"baseline={baseline!r}: its end is before its start.")
    td = scalar_time(conv, deadline, "deadline")
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
        c0 = scalar_time(conv, compare[0], "compare")
        c1 = scalar_time(conv, compare[1], "compare")
        in_comp = (t >= c0) & (t <= c1)
    t0 = (
        first_after(t, lay, b1)
        if start is None
        else np.full(lay.n_seg, scalar_time(conv, start, "start"))
    )

    win = Window(p, lay, t, in_base, in_comp, n_base, b1, t0, td)
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
        return ambition_mean(
            win, change, target, trajectory, better, alpha, multiply, view, definition
        )
    return ambition_counts(
        win,
        kind,
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
