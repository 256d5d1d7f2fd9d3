"""The programme view: series pooled, each against its own baseline, and how much they differ."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats


def pooled_counts(
    k0, e0, k1, e1, rho, better, alpha, multiply, kind, phi, shortfall=False
) -> pd.DataFrame:
    """Mantel–Haenszel rate (or risk) ratio over series, each against its own baseline, with the
    between-series heterogeneity and the random-effects ratio (:func:`random_effects`).

    With ``shortfall`` (``target="shortfall"``) the ratio pooled is that of the shortfalls
    1 − p, the scale of every series' ``rate_ratio``: the failures n − k are the events
    (Mantel–Haenszel on the complementary counts), ``rho`` is the target ratio of shortfalls
    and a fall is the improvement; the totals and values stay those of the proportion, and so
    does ``percent_change``: the change of the proportion the pooled ratio of shortfalls R
    makes at the pooled baseline P₀, 100(1 − P₀)(1 − R)/P₀ (the series' ``percent_change``
    is the change of their proportion too).

    The variance of its logarithm is Greenland & Robins' (1985): for rates
    Σ φᵢE₀E₁(K₀+K₁)/T² / (R·S); for proportions Σ φᵢ(E₀E₁(K₀+K₁) − K₀K₁T)/T² / (R·S), with
    T = E₀ + E₁, R = Σ K₁E₀/T and S = Σ K₀E₁/T, and each series' term scaled by its
    overdispersion φᵢ ≥ 1 (1 without ``overdispersion="auto"``). For the random-effects view,
    series i has the log ratio yᵢ = log(λ̂₁/λ̂₀) with variance φᵢ(1/K₀ + 1/K₁) for rates and
    φᵢ((1 − p̂₀)/K₀ + (1 − p̂₁)/K₁) for proportions; a series with no events after the
    baseline (or, for proportions, every one an event) gets ½ added to its counts (and 1 to its
    denominators, for proportions); a series with no data after the baseline is left out.

    A series with no events in its baseline (of a shortfall, no failures: 100 %) has no ratio
    of its own (its ``rate_ratio`` is infinite, its verdict "insufficient_data"). It stays in
    the Mantel–Haenszel ratio and the totals, where it adds to R (its K₁E₀/T) and nothing to S:
    the programme's events are all counted, and leaving such series out, chosen by their
    baseline count, biases the pooled ratio towards a fall (30 simulated wards with no change
    and 1.5 baseline events each, a fifth of them with none: ratio 0.78, "improved" at the
    one-sided 2.5 % level in 17 % of programmes instead of 2.4 %). It is left out of
    the random-effects view (``series_pooled``, Q, I², τ², the random-effects and prediction
    intervals), where the ½ added to its empty baseline made a log ratio of about +5 that set
    the between-series spread (a prediction interval of 0.0001–3,820 beside two wards that fell
    by half); ``series_zero_baseline`` counts them. When every series pooled has one, S = 0:
    ``rate_ratio`` and ``percent_change`` are infinite, and ``rate_ratio_lower``,
    ``p_improved`` and ``p_value_target`` missing (the overview says "no pooled % change").
    """
    values = (
        k0.sum() / e0.sum() * multiply,
        k1.sum() / e1.sum() * multiply if e1.sum() else np.nan,
    )
    totals = (k0.sum(), e0.sum(), k1.sum(), e1.sum())
    if shortfall:
        k0, k1, better = e0 - k0, e1 - k1, -1
    zero_base = k0 == 0  # no ratio of its own: in the totals and R, not the random effects
    tot = e0 + e1
    r = k1 * e0 / tot
    s = k0 * e1 / tot
    rr = r.sum() / s.sum()
    cov = e0 * e1 * (k0 + k1)
    if kind == "proportion":
        cov = cov - k0 * k1 * tot
    var = (phi * cov / tot**2).sum() / (r.sum() * s.sum())
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
            "series_zero_baseline": [int(zero_base.sum())],
            "baseline_events": [totals[0]],
            "baseline_exposure": [totals[1]],
            "current_events": [totals[2]],
            "current_exposure": [totals[3]],
            "baseline_value": [values[0]],
            "current_value": [values[1]],
            "rate_ratio": [rr],
            "rate_ratio_lower": [lo],
            "rate_ratio_upper": [hi],
            "percent_change": [_percent(rr, totals, shortfall)],
            "p_improved": [p_imp],
            "p_value_target": [p_met],
            **_as_row(random_effects(*_log_ratios(k0, e0, k1, e1, kind, phi), alpha)),
        }
    )


def _percent(rr: float, totals, shortfall: bool) -> float:
    """The pooled ``percent_change``: of the rate or proportion, 100(R − 1); for a ratio of
    shortfalls R, the change of the proportion it makes at the pooled baseline P₀ = K₀/E₀,
    100(1 − P₀)(1 − R)/P₀ (R = 0.5 at P₀ = 0.8: 0.2 × 0.5/0.8 = a 12.5 % rise).

    >>> round(_percent(0.5, (80, 100), True), 6), round(_percent(0.5, (80, 100), False), 6)
    (12.5, -50.0)
    """
    if not shortfall:
        return (rr - 1) * 100
    p0 = totals[0] / totals[1] if totals[1] else np.nan
    return (1 - p0) * (1 - rr) / p0 * 100 if p0 > 0 else np.nan


def _log_ratios(k0, e0, k1, e1, kind, phi):
    """Per-series log ratio and its variance, ½ added to the counts of a series with a zero cell
    (no data after the baseline, or no events in the baseline: missing)."""
    zero = (k0 == 0) | (k1 == 0)
    if kind == "proportion":
        zero |= (k0 == e0) | (k1 == e1)
    c = np.where(zero, 0.5, 0.0)
    d = 2 * c if kind == "proportion" else 0.0
    a0, a1, n0, n1 = k0 + c, k1 + c, e0 + d, e1 + d
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where((e1 > 0) & (k0 > 0), np.log(a1 / n1) - np.log(a0 / n0), np.nan)
        v = 1 / a0 + 1 / a1
        if kind == "proportion":
            v = v - 1 / n0 - 1 / n1
    return y, phi * v


def _as_row(values: dict[str, float]) -> dict[str, list[float]]:
    return {k: [v] for k, v in values.items()}


def random_effects(log_ratio: np.ndarray, var: np.ndarray, alpha: float) -> dict[str, float]:
    r"""How much the series differ, and the DerSimonian–Laird random-effects pooled ratio.

    With yᵢ the log ratio of series i, vᵢ its variance and wᵢ = 1/vᵢ, over the k series that have
    both:

    * Cochran's :math:`Q = \sum w_i (y_i - \bar y)^2`, :math:`\bar y = \sum w_i y_i / \sum w_i`,
      on k − 1 degrees of freedom, and its p-value;
    * :math:`I^2 = \max(0, (Q - (k - 1))/Q)`, the share of the spread that is real differences
      between series rather than chance (Higgins & Thompson 2002);
    * :math:`\tau^2 = \max(0, (Q - (k - 1)) / (\sum w_i - \sum w_i^2 / \sum w_i))`, the variance
      of the true log ratios between series (DerSimonian & Laird 1986);
    * the random-effects pooled ratio :math:`\exp(\mu)`, :math:`\mu = \sum w_i^* y_i / \sum
      w_i^*` with :math:`w_i^* = 1/(v_i + \tau^2)`, and its Hartung–Knapp–Sidik–Jonkman
      interval :math:`\mu \pm t_{k-1,\,1-\alpha/2}\,se_{HK}`,
      :math:`se_{HK}^2 = se^2 \max(1, \sum w_i^*(y_i - \mu)^2/(k - 1))` and
      :math:`se^2 = 1/\sum w_i^*` (never narrower than the DerSimonian–Laird
      :math:`\mu \pm z\,se`, which covered the mean ratio of 10 wards of differing change,
      τ = 0.3, for 0.91 and of 5 for 0.85; this one 0.95 and 0.94);
    * the prediction interval for the ratio of a new series,
      :math:`\mu \pm t_{k-2,\,1-\alpha/2} \sqrt{\tau^2 + se^2}` (Higgins, Thompson &
      Spiegelhalter 2009; needs k ≥ 3). It takes τ² as known, so where each series' own
      variance dwarfs τ² it covers a new series' ratio for 0.87–0.92 rather than 0.95, with
      5 series or 40 (docs: "The programme view").

    Statistics that need more series than there are are missing (NaN).

    References
    ----------
    * DerSimonian R, Laird N (1986). Meta-analysis in clinical trials. Controlled Clinical
      Trials 7:177–188.
    * Higgins JPT, Thompson SG (2002). Quantifying heterogeneity in a meta-analysis. Statistics
      in Medicine 21:1539–1558.
    * Higgins JPT, Thompson SG, Spiegelhalter DJ (2009). A re-evaluation of random-effects
      meta-analysis. J R Stat Soc A 172:137–159.

    Examples
    --------
    Three series with log ratios −0.7, −0.2 and −0.5, each with variance 0.01: ȳ = −0.4667,
    Q = (0.0544 + 0.0711 + 0.0011)/0.01 = 12.67 on 2 df, τ² = (12.67 − 2)/(300 − 100) = 0.0533,
    and with k − 2 = 1 degree of freedom the prediction interval is very wide:

    >>> out = random_effects(np.array([-0.7, -0.2, -0.5]), np.full(3, 0.01), 0.05)
    >>> round(out["heterogeneity_q"], 2), round(out["i_squared"], 3), round(out["tau_squared"], 4)
    (12.67, 0.842, 0.0533)
    >>> round(out["random_effects_ratio"], 3), round(out["prediction_upper"], 2)
    (0.627, 20.09)

    The three log ratios lie about μ as their variances say (Σw*(yᵢ − μ)²/(k − 1) = 1), so
    se_HK = se = 1/√Σw* = 0.145, and the interval is −0.467 ± t₂·0.145 = −0.467 ± 0.625:

    >>> round(out["random_effects_lower"], 3), round(out["random_effects_upper"], 3)
    (0.336, 1.172)
    """
    ok = np.isfinite(log_ratio) & np.isfinite(var) & (var > 0)
    y, v = log_ratio[ok], var[ok]
    k = int(y.size)
    out = {
        "series_pooled": k,
        "heterogeneity_q": np.nan,
        "heterogeneity_df": max(k - 1, 0),
        "heterogeneity_p": np.nan,
        "i_squared": np.nan,
        "tau_squared": np.nan,
        "random_effects_ratio": np.nan,
        "random_effects_lower": np.nan,
        "random_effects_upper": np.nan,
        "prediction_lower": np.nan,
        "prediction_upper": np.nan,
    }
    if k < 2:
        return out
    w = 1 / v
    fixed = (w * y).sum() / w.sum()
    q = float((w * (y - fixed) ** 2).sum())
    df = k - 1
    tau2 = max(0.0, float((q - df) / (w.sum() - (w * w).sum() / w.sum())))
    ws = 1 / (v + tau2)
    mu = (ws * y).sum() / ws.sum()
    se = np.sqrt(1 / ws.sum())
    spread = float((ws * (y - mu) ** 2).sum() / df)  # Hartung–Knapp: the scatter about μ
    half = stats.t.ppf(1 - alpha / 2, df) * se * np.sqrt(max(1.0, spread))
    out.update(
        heterogeneity_q=q,
        heterogeneity_p=float(stats.chi2.sf(q, df)),
        i_squared=max(0.0, (q - df) / q) if q > 0 else 0.0,
        tau_squared=tau2,
        random_effects_ratio=float(np.exp(mu)),
        random_effects_lower=float(np.exp(mu - half)),
        random_effects_upper=float(np.exp(mu + half)),
    )
    if k >= 3:
        half = stats.t.ppf(1 - alpha / 2, k - 2) * np.sqrt(tau2 + se * se)
        out.update(
            prediction_lower=float(np.exp(mu - half)), prediction_upper=float(np.exp(mu + half))
        )
    return out


def pooled_log_ratios(ratio, se_log, rho, better, alpha, n0, n1, m0, m1, multiply):
    """Inverse-variance pooled ratio of means (log scale) over series, with the between-series
    heterogeneity and the random-effects ratio (:func:`random_effects`) from each series' log
    ratio and its delta-method variance. ``series_zero_baseline`` is 0: a baseline mean of 0
    is refused (``kind="mean"`` needs positive measurements)."""
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
            "series_zero_baseline": [0],
            "baseline_observations": [n0.sum()],
            "current_observations": [n1.sum()],
            "baseline_value": [(m0 * n0).sum() / n0.sum() * multiply],
            "current_value": [np.nansum(m1 * n1) / n1.sum() * multiply if n1.sum() else np.nan],
            "rate_ratio": [np.exp(log_r)],
            "rate_ratio_lower": [np.exp(log_r - z * se)],
            "rate_ratio_upper": [np.exp(log_r + z * se)],
            "percent_change": [(np.exp(log_r) - 1) * 100],
            "p_improved": [stats.norm.cdf(zs) if better < 0 else stats.norm.sf(zs)],
            "p_value_target": [p_met],
            **_as_row(
                random_effects(
                    np.log(np.where(ok, ratio, 1.0)), np.where(ok, se_log, np.nan) ** 2, alpha
                )
            ),
        }
    )


#: The per-series columns each pooled view reads, in its function's argument order.
_POOL_COLUMNS = {
    "counts": ("k0", "e0", "k1", "e1", "rho", "phi"),
    "means": ("ratio", "se_log", "rho", "n0", "n1", "m0", "m1"),
}


@dataclass(frozen=True)
class Pool:
    """What the programme view needs: one row per series (``series``) and the settings shared
    by every series (``fixed``). Pools of disjoint sets of series combine by concatenation,
    so the pooled view of series computed apart (Spark buckets) is computed once, here."""

    kind: str  # "counts" or "means"
    series: pd.DataFrame
    fixed: dict[str, Any] = field(default_factory=dict)

    def pooled(self) -> pd.DataFrame:
        """The programme's row, over the series that have a target, a baseline and data in the
        assessment window; the others (column ``excluded``: a relative target above 100 % or
        no baseline; or no exposure in the baseline or the window: a ward opened late or
        closed) are left out of every total and ratio, and counted in ``series_excluded``
        after ``n_series``, so that the baseline and current totals cover the same wards.
        A series with a baseline of zero (no events; of a shortfall, no failures) is pooled,
        but has no ratio of its own for the random-effects view: ``series_zero_baseline``
        (:func:`pooled_counts`)."""
        out = self._pooled()
        out.insert(1, "series_excluded", int(self._excluded().sum()))
        if "estimand" in self.fixed:
            out.insert(out.columns.get_loc("rate_ratio"), "estimand", self.fixed["estimand"])
        return out

    def _excluded(self) -> np.ndarray:
        base, window = ("e0", "e1") if self.kind == "counts" else ("n0", "n1")
        size = self.series[[base, window]].to_numpy(dtype=float)
        out = ~(size > 0).all(axis=1)  # nothing to compare: no baseline, or none in the window
        if "excluded" in self.series:
            out |= self.series["excluded"].to_numpy(dtype=bool)
        return out

    def _pooled(self) -> pd.DataFrame:
        keep = self.series[~self._excluded()]
        c = {name: keep[name].to_numpy(dtype=float) for name in _POOL_COLUMNS[self.kind]}
        f = self.fixed
        if self.kind == "counts":
            with np.errstate(divide="ignore", invalid="ignore"):  # no events: NaN, as documented
                return pooled_counts(
                    c["k0"],
                    c["e0"],
                    c["k1"],
                    c["e1"],
                    c["rho"],
                    f["better"],
                    f["alpha"],
                    f["multiply"],
                    f["kind"],
                    c["phi"],
                    f.get("shortfall", False),
                )
        return pooled_log_ratios(
            c["ratio"],
            c["se_log"],
            c["rho"],
            f["better"],
            f["alpha"],
            c["n0"],
            c["n1"],
            c["m0"],
            c["m1"],
            f["multiply"],
        )

    @staticmethod
    def combine(pools: list[Pool]) -> Pool:
        first = pools[0]
        series = pd.concat([p.series for p in pools], ignore_index=True)
        return Pool(first.kind, series, first.fixed)
