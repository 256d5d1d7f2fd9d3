"""qi.funnel: the maths checked by independent computation, the API and the errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special, stats

import qistats as qi
from qistats._funnel import binomial_count_limits, poisson_count_limits, poisson_limits, r_round
from tests import funnel_hand as hand


def _units(o, e, **extra) -> pd.DataFrame:
    return pd.DataFrame({"unit": [f"U{i:03d}" for i in range(len(o))], "o": o, "e": e, **extra})


# ---------------------------------------------------------------------------- R's round


def test_r_round_matches_the_examples_from_r():
    # R 4.2: round(c(90.095, 12.345, 2.675, 57.005, 66.825, 0.125, 2.5), 2)
    x = np.array([90.095, 12.345, 2.675, 57.005, 66.825, 0.125, 2.5, -12.345])
    want = np.array([90.1, 12.35, 2.67, 57.01, 66.83, 0.12, 2.5, -12.35])
    np.testing.assert_array_equal(r_round(x, 2), want)


# ------------------------------------------------------------------- exact Poisson limits


def _flags(lo, hi, mu, counts):
    """Which counts (rows) lie below / above the limits lo, hi of O/μ (columns: μ)."""
    o = counts[:, None]
    return o < lo[None, :] * mu[None, :], o > hi[None, :] * mu[None, :]


@pytest.mark.parametrize("level", [90, 95, 99, 99.8])
def test_count_limits_flag_exactly_the_counts_chance_rarely_gives(level):
    """A count O of a unit expecting μ events is below the lower limit exactly when
    P(X <= O) < α/2 and above the upper exactly when P(X >= O) < α/2, X ~ Poisson(μ)
    (scipy.stats): so 0 events at μ = 0.5 (P = 0.61) is not a low outlier, and 9 at μ = 2
    (P(X >= 9) = 0.0002) is a high one at 99.8 %."""
    mu = np.array([0.05, 0.5, 1.0, 2.0, 3.3, 6.9, 7.0, 20.0, 55.0, 140.0, 900.0, 4000.0])
    a = (1 - level / 100) / 2
    lo, hi = poisson_count_limits(mu, np.array([a]))
    counts = np.arange(0, 4400, dtype=float)
    low, high = _flags(lo[0], hi[0], mu, counts)
    want_low = stats.poisson.cdf(counts[:, None], mu[None, :]) < a
    want_high = stats.poisson.sf(counts[:, None] - 1, mu[None, :]) < a
    np.testing.assert_array_equal(low, want_low)
    np.testing.assert_array_equal(high, want_high)


def test_a_small_unit_with_no_events_is_not_an_outlier_and_nine_at_two_expected_is():
    """The trial's units (EYES 1): 0 events where 0.5 were expected is the likeliest count;
    FunnelPlotR's chi-square limits (compat) flag it as low at every expected count."""
    o = np.array([0.0, 9, 5, 10, 20, 3, 7, 12, 15, 8, 11, 6])
    e = np.array([0.5, 2, 5, 10, 20, 3, 7, 12, 15, 8, 11, 6])
    res = qi.funnel(_units(o, e), y="o", n="e", unit="unit", kind="sr", adjust=False)
    assert res.units["direction"].tolist()[:2] == [None, "high"]
    assert res.units["outlier"].sum() == 1
    old = qi.funnel(_units(o, e), y="o", n="e", unit="unit", adjust=False, compat="FunnelPlotR")
    assert old.units["direction"].tolist()[:2] == ["low", None]


def test_fast_poisson_quantiles_equal_the_direct_ones():
    rng = np.random.default_rng(3)
    e = np.concatenate([rng.uniform(0.5, 100, 3000), np.exp(rng.uniform(4, 20, 3000))])
    alphas = np.array([0.0005, 0.001, 0.025, 0.05, 0.2])
    lo, hi = poisson_limits(e, alphas)
    for j, a in enumerate(alphas):
        np.testing.assert_allclose(lo[j], stats.chi2.ppf(a, 2 * e) / (2 * e), rtol=1e-12)
        np.testing.assert_allclose(hi[j], stats.chi2.ppf(1 - a, 2 * e + 2) / (2 * e), rtol=1e-12)


def test_rate_limits_are_count_limits_around_the_pooled_rate():
    bed_days = np.array([1000.0, 2000, 5000, 12000])
    events = np.array([10.0, 20, 50, 120])  # pooled rate 0.01, μ = 10, 20, 50, 120
    df = _units(events, bed_days)
    res = qi.funnel(df, y="o", n="e", unit="unit", kind="rate", multiply=1000, adjust=False)
    assert res.target == pytest.approx(10.0)
    mu = bed_days * 0.01
    lo = res.units["lcl_95"].to_numpy() / 1000 * bed_days
    hi = res.units["ucl_95"].to_numpy() / 1000 * bed_days
    # the largest count flagged low and the smallest flagged high, by scipy's Poisson tails
    o = np.arange(0, 400, dtype=float)[:, None]
    low = stats.poisson.cdf(o, mu) < 0.025
    high = stats.poisson.sf(o - 1, mu) < 0.025
    np.testing.assert_array_equal(o < lo, low)
    np.testing.assert_array_equal(o > hi, high)
    np.testing.assert_allclose(res.units["value"], events / bed_days * 1000)


# ------------------------------------------------------------------ exact binomial limits


@pytest.mark.parametrize("level", [95, 99.8])
@pytest.mark.parametrize("p0", [0.002, 0.2, 0.5, 0.98])
def test_proportion_limits_flag_exactly_the_counts_chance_rarely_gives(level, p0):
    """Below the lower limit exactly when P(X <= O) < α/2, above the upper exactly when
    P(X >= O) < α/2, X ~ Binomial(n, p0) (scipy.stats), for every count O of each n: so 40 of
    40 against 98 % (P = 0.45) is not a high outlier (EYES 2)."""
    n = np.array([1.0, 5, 10, 25, 40, 50, 200, 1000, 5000])
    a = (1 - level / 100) / 2
    lo, hi = binomial_count_limits(
        n, np.zeros(n.size, dtype=np.intp), np.array([p0]), np.array([a])
    )
    for j, nj in enumerate(n):
        o = np.arange(0, nj + 1)
        np.testing.assert_array_equal(o / nj < lo[0, j], stats.binom.cdf(o, nj, p0) < a)
        np.testing.assert_array_equal(o / nj > hi[0, j], stats.binom.sf(o - 1, nj, p0) < a)


# ---------------------------------------------------------------------- φ and τ² by hand


def test_dersimonian_laird_tau2_by_hand():
    """Proportions, 10 % winsorisation: z, the quantiles, φ and τ² computed step by step."""
    y = np.array([12, 30, 8, 45, 60, 22, 90, 15, 40, 70, 5, 33], dtype=float)
    n = np.array([100, 150, 90, 300, 320, 160, 400, 110, 260, 330, 80, 190], dtype=float)
    res = qi.funnel(_units(y, n), y="o", n="e", unit="unit", kind="pr", phi="trim")
    p0 = y.sum() / n.sum()
    s = 1 / (2 * np.sqrt(n))
    z = (np.arcsin(np.sqrt(y / n)) - np.arcsin(np.sqrt(p0))) / s
    lz, uz = np.quantile(z, [0.1, 0.9])  # numpy's default is R's type 7
    wz = np.clip(z, lz, uz)
    c = stats.norm.ppf(0.9)
    factor = 0.8 - 2 * c * stats.norm.pdf(c) + 0.2 * c * c  # E[winsorised N(0,1)²]
    k = len(y)
    phi = np.mean(wz**2) / factor
    w = 1 / s**2
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    np.testing.assert_allclose(res.units["z"], z, rtol=1e-12)
    np.testing.assert_allclose(res.units["z_trimmed"], wz, rtol=1e-12)
    assert res.phi == pytest.approx(phi, rel=1e-12)
    assert res.tau2 == pytest.approx(tau2, rel=1e-12)
    assert res.adjusted == (phi > 1)
    # the compat value is FunnelPlotR's uncorrected mean square
    raw = qi.funnel(_units(y, n), y="o", n="e", unit="unit", kind="pr", compat="FunnelPlotR")
    assert raw.phi == pytest.approx(np.mean(wz**2), rel=1e-12)


def test_shmi_truncation_by_hand():
    """SHMI: ranks (ties averaged) into 1/trim groups; the two outer groups are dropped."""
    rng = np.random.default_rng(11)
    e = rng.uniform(20, 300, 25).round(2)
    o = rng.poisson(e * 1.1).astype(float)
    o[3] = o[4] = 0.0  # zero counts: half an event in the z-score
    res = qi.funnel(_units(o, e), y="o", n="e", unit="unit", phi="trim")
    z = np.sqrt(e) * np.log(np.where(o == 0, 0.5, o) / e)
    rank = stats.rankdata(z, method="average")
    sp = np.floor(rank * 10 / 26)
    keep = (sp > 0) & (sp < 9)
    np.testing.assert_allclose(res.units["z"], z, rtol=1e-12)
    np.testing.assert_array_equal(res.units["z_trimmed"].notna(), keep)
    # E[z² | |z| < c] for the share of each tail truncated in fact (2 of 25 units: 8 %)
    p = (~keep).sum() / (2 * keep.size)
    assert p == pytest.approx(0.08)
    c = stats.norm.ppf(1 - p)
    factor = 1 - 2 * c * stats.norm.pdf(c) / (1 - 2 * p)
    assert res.phi == pytest.approx(np.mean(z[keep] ** 2) / factor, rel=1e-12)
    assert np.isfinite(res.tau2)


def test_robust_phi_by_hand():
    """The default φ: a unit is set aside while z² > 3.5² φ, φ = Σ kept z² / (f Σ kept E[z²]),
    f the mean square of N(0, 1) within ±3.5; the scores are the mid-p normal scores of units
    expecting 100 or fewer events (E[z²] over the Poisson pmf) and the log z of the others;
    iterated from median z² / (0.455 median E[z²]). A loop over units (tests/funnel_hand.py)."""
    rng = np.random.default_rng(12)
    e = rng.uniform(20, 400, 30).round(2)
    o = rng.poisson(e * np.exp(rng.normal(0, 0.08, 30))).astype(float)
    o[:3] = np.round(e[:3] * [2.0, 1.9, 0.45])  # two high and one low true outlier
    o[5] = 0.0
    zlog = np.sqrt(e) * np.log(np.where(o == 0, 0.5, o) / e)
    z, e0 = hand.scores([stats.poisson(m) for m in e], o, zlog)
    assert 5 < (e0 < 1).sum() < 25  # both kinds of unit
    phi, keep = hand.robust_phi(z, e0)
    w = e  # 1 / se², se = 1 / sqrt(E)
    m = keep.sum()
    tau2 = max(0.0, (m * phi - (m - 1)) / (w[keep].sum() - (w[keep] ** 2).sum() / w[keep].sum()))
    res = qi.funnel(_units(o, e), y="o", n="e", unit="unit")
    # unit 2, 41 deaths where 91.9 were expected, has a mid-p score of -5.94 (log z -7.74):
    # within 3.5 sqrt(phi) of this overdispersed funnel (phi 3.0), so kept
    assert not keep[[0, 1, 5]].any() and keep.sum() >= 26 and 2.9 < phi < 3.1, (z[~keep], phi)
    assert z[2] == pytest.approx(-5.94, abs=0.01) and keep[2]
    np.testing.assert_array_equal(res.units["z_trimmed"].notna(), keep)
    np.testing.assert_allclose(res.units["z_trimmed"][keep], z[keep], rtol=1e-9)
    np.testing.assert_allclose(res.units["z"], zlog, rtol=1e-12)  # z: the log scale's
    assert res.phi == pytest.approx(phi, rel=1e-6)
    assert res.tau2 == pytest.approx(tau2, rel=1e-6)
    assert res.summary()["n_phi"][0] == m
    assert res.params["phi"] == "robust"
    # FunnelPlotR's truncation keeps the lopsided rest and gives a larger phi
    assert qi.funnel(_units(o, e), y="o", n="e", unit="unit", phi="trim").phi > phi
    assert qi.funnel(_units(o, e), y="o", n="e", unit="unit", compat="FunnelPlotR").params[
        "phi"
    ] == ("trim")


def _restricted_loglik(tau2, d, s):
    v = s**2 + tau2
    w = 1 / v
    mu = np.sum(w * d) / np.sum(w)
    return -0.5 * (np.sum(np.log(v)) + np.log(np.sum(w)) + np.sum(w * (d - mu) ** 2))


@pytest.mark.parametrize("kind", ["sr", "pr", "rc"])
def test_reml_tau2_maximises_the_restricted_likelihood(kind):
    rng = np.random.default_rng(5)
    n = rng.uniform(50, 2000, 60).round()
    if kind == "pr":
        y = rng.binomial(n.astype(int), 1 / (1 + np.exp(-(-1.5 + rng.normal(0, 0.3, 60)))))
    else:
        y = rng.poisson(n * np.exp(rng.normal(0, 0.25, 60)))
    res = qi.funnel(_units(y, n), y="o", n="e", unit="unit", kind=kind, tau2="reml")
    z = res.units["z"].to_numpy()
    if kind == "sr":
        s = 1 / np.sqrt(n)
    elif kind == "pr":
        s = 1 / (2 * np.sqrt(n))
    else:
        s = np.sqrt(y / (y + 0.5) ** 2 + n / (n + 0.5) ** 2)
    d = z * s
    best = optimize.minimize_scalar(
        lambda t: -_restricted_loglik(t, d, s),
        bounds=(0, 1),
        method="bounded",
        options={"xatol": 1e-12},
    )
    assert best.x > 1e-4  # the data are overdispersed, so this is an interior maximum
    assert res.tau2 == pytest.approx(best.x, rel=1e-6)


# --------------------------------------------------------------------- limits and flags


def test_cqc_default_limits_are_squared_and_clipped_at_zero():
    e = np.array([2.0, 10, 50, 400])
    df = _units(np.array([0.0, 25, 40, 500]), e)
    with pytest.warns(qi.OverdispersionWarning, match="only 4 units"):
        res = qi.funnel(df, y="o", n="e", unit="unit", method="cqc", adjust=True)
    z = stats.norm.ppf(0.999)
    # the default: the exact limits' distance from 1 on the square-root scale, combined in
    # quadrature with z·τ, squared back (the lower one 0 when negative)
    q_lo, q_hi = hand.poisson_limits(e, 0.001)
    ztau = z * np.sqrt(res.tau2)
    lo = np.maximum(0, hand.combined(1.0, np.sqrt(q_lo), ztau, -1)) ** 2
    hi = hand.combined(1.0, np.sqrt(q_hi), ztau, 1) ** 2
    np.testing.assert_allclose(res.units["lcl_99_8"], lo, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(res.units["ucl_99_8"], hi, rtol=1e-9)
    assert res.units["lcl_99_8"].iloc[0] == 0.0
    # adjusted_limits="normal": (1 ∓ z·se)², never narrower than the exact limits
    with pytest.warns(qi.OverdispersionWarning, match="only 4 units"):
        normal = qi.funnel(
            df, y="o", n="e", unit="unit", method="cqc", adjust=True, adjusted_limits="normal"
        )
    se = np.sqrt(1 / (4 * e) + res.tau2)
    np.testing.assert_allclose(
        normal.units["lcl_99_8"], np.fmin(np.maximum(0, 1 - z * se) ** 2, q_lo), atol=1e-12
    )
    np.testing.assert_allclose(normal.units["ucl_99_8"], np.fmax((1 + z * se) ** 2, q_hi))
    assert normal.params["adjusted_limits"] == "normal"
    assert res.params["adjusted_limits"] == "combined"


def test_cqc_default_robust_phi_and_squared_limits_by_hand():
    """Audit: the CQC method with the default phi="robust" and adjust="auto" against a hand
    computation (square-root scale z, robust φ, DerSimonian-Laird τ², squared limits)."""
    rng = np.random.default_rng(77)
    e = rng.uniform(20, 600, 25).round(1)
    o = rng.poisson(e * np.exp(rng.normal(0, 0.2, 25))).astype(float)
    o[0] = np.round(e[0] * 2.2)  # a true outlier
    z = (np.sqrt(o / e) - 1) * 2 * np.sqrt(e)
    phi, keep = hand.robust_phi(*hand.scores([stats.poisson(m) for m in e], o, z))
    w = 4 * e  # 1 / se², se = 1 / (2 sqrt(E))
    m = keep.sum()
    tau2 = max(0.0, (m * phi - (m - 1)) / (w[keep].sum() - (w[keep] ** 2).sum() / w[keep].sum()))
    assert phi > 1.5 and not keep[0]  # overdispersed, and the outlier set aside
    res = qi.funnel(_units(o, e), y="o", n="e", unit="unit", method="cqc")
    assert res.params["phi"] == "robust" and res.adjusted
    assert res.phi == pytest.approx(phi, rel=1e-6)
    assert res.tau2 == pytest.approx(tau2, rel=1e-6)
    for level in (95, 99.8):
        a = (1 - level / 100) / 2
        ztau = stats.norm.ppf(1 - a) * np.sqrt(tau2)
        q_lo, q_hi = hand.poisson_limits(e, a)
        lo = np.maximum(0, hand.combined(1.0, np.sqrt(q_lo), ztau, -1)) ** 2
        hi = hand.combined(1.0, np.sqrt(q_hi), ztau, 1) ** 2
        name = f"{level:g}".replace(".", "_")
        np.testing.assert_allclose(res.units[f"lcl_{name}"], lo, rtol=1e-9)
        np.testing.assert_allclose(res.units[f"ucl_{name}"], hi, rtol=1e-9)
    out = (o / e > hi) | (o / e < lo)  # (the last level, 99.8 %, decides)
    np.testing.assert_array_equal(res.units["outlier"], out)
    assert out[0]


# -------------------------------------------------------------------- the robust target


def test_robust_target_sets_aside_genuine_outliers_trial_6a():
    """Trial 6a A1: eight wards at exactly 20 %, two at 40 %, 300 cases each."""
    d = pd.DataFrame({"ward": [f"W{i}" for i in range(10)], "n": 300, "y": [60] * 8 + [120] * 2})
    kw = {"y": "y", "n": "n", "unit": "ward", "kind": "pr"}
    res = qi.funnel(d, **kw)
    assert res.target == pytest.approx(0.2)
    # the eight agree exactly: each has the mid-p score of 60 of 300 at 20 %
    z, e0 = hand.scores([stats.binom(300, 0.2)], [60], [0.0])
    assert res.phi == pytest.approx(z[0] ** 2 / (hand.F * e0[0]), rel=1e-9)
    assert res.phi < 0.001 and not res.adjusted
    assert res.units["direction"].tolist() == [None] * 8 + ["high"] * 2
    # FunnelPlotR's pooled target: 0.24, every in-control ward at z = -1.69 and phi 9.46
    pooled = qi.funnel(d, target="pooled", **kw)
    t = 720 / 3000
    z = 2 * np.sqrt(300) * (np.arcsin(np.sqrt(d.y / 300)) - np.arcsin(np.sqrt(t)))
    assert pooled.target == pytest.approx(t)
    np.testing.assert_allclose(pooled.units["z"], z, rtol=1e-12)
    assert (z**2).mean() / stats.truncnorm.var(-3.5, 3.5) == pytest.approx(9.46, abs=0.005)
    # the default phi, from the mid-p scores, as inflated: two of ten at one end keep all
    mid, e0 = hand.scores([stats.binom(300, t)] * 10, d.y, z)
    phi, keep = hand.robust_phi(mid, e0)
    assert keep.all() and pooled.phi == pytest.approx(phi, rel=1e-9)
    assert pooled.phi > 8 and not pooled.units["outlier"].any()
    # rates: eight wards at 5 per 1,000 bed days, two at 10
    r = pd.DataFrame({"ward": [f"W{i}" for i in range(10)], "n": 6000.0, "y": [30] * 8 + [60] * 2})
    rate = qi.funnel(r, y="y", n="n", unit="ward", kind="rate", multiply=1000)
    assert rate.target == pytest.approx(5.0)
    assert rate.units["direction"].tolist() == [None] * 8 + ["high"] * 2


def test_robust_target_by_hand_a_loop_over_units():
    """The robust target of a rate funnel: from the median rate, set aside units with z² >
    3.5² max(φ, 1) (φ the robust one of the z-scores against the current target, iterated from
    the previous round's), pool the rest, until the set stops changing; then φ around it."""
    rng = np.random.default_rng(31)
    n = rng.uniform(1000, 20000, 30).round()
    n[:4] = [30000, 25000, 20000, 40000]
    y = rng.poisson(n * 0.004 * np.exp(rng.normal(0, 0.1, 30))).astype(float)
    y[:4] = np.round(n[:4] * 0.004 * np.array([2.5, 2.2, 2.4, 0.2]))
    target = np.median(y / n)
    kept = phi = None
    for _ in range(100):
        e = target * n
        zlog = np.sqrt(e) * np.log(np.where(y == 0, 0.5, y) / e)
        z, _ = hand.scores([stats.poisson(m) for m in e], y, zlog)
        # the target's rule: beyond 3.5 sqrt(max(phi, 1)), phi of the scores alone
        phi, keep = hand.robust_phi(z, np.ones(z.size), floor=1.0, start=phi)
        keep = list(keep)
        if keep == kept:
            break
        kept = keep
        target = sum(yi for yi, k in zip(y, kept, strict=True) if k) / sum(
            ni for ni, k in zip(n, kept, strict=True) if k
        )
    assert not any(kept[:4]) and all(kept[4:])
    e = target * n
    z = np.sqrt(e) * np.log(np.where(y == 0, 0.5, y) / e)
    phi, _ = hand.robust_phi(*hand.scores([stats.poisson(m) for m in e], y, z), start=phi)
    res = qi.funnel(_units(y, n), y="o", n="e", unit="unit", kind="rate", multiply=1000)
    assert res.target == pytest.approx(1000 * target, rel=1e-12)
    assert res.phi == pytest.approx(phi, rel=1e-6)
    assert res.units["z"].to_numpy() == pytest.approx(z, rel=1e-12)
    assert res.units["outlier"][:4].all()
    assert res.params["target"] == "robust"


def test_target_argument():
    d = _units(np.array([30.0, 12, 60, 18]), np.array([250.0, 200, 500, 200]))
    kw = {"y": "o", "n": "e", "unit": "unit", "kind": "pr"}
    for bad, match in (
        ({"target": "mean"}, "target='mean': expected one of 'robust', 'pooled'"),
        ({"target": "pooled", "kind": "sr"}, "kind='sr': a standardised ratio O/E is compared"),
        ({"target": "robust", "compat": "FunnelPlotR"}, "FunnelPlotR's target is the pooled"),
    ):
        with pytest.raises(qi.ArgumentError, match=match):
            qi.funnel(d, **{**kw, **bad})
    with pytest.warns(qi.OverdispersionWarning):
        assert qi.funnel(d, **kw, phi="trim").params["target"] == "pooled"
        assert qi.funnel(d, **kw, compat="FunnelPlotR").params["target"] == "pooled"
        assert qi.funnel(d, **kw, target="POOLED").target == pytest.approx(120 / 1150)


def test_rc_adjusted_limits_use_the_standard_error_of_the_log_ratio():
    d = np.array([40.0, 100, 250, 800, 60, 90, 300, 500, 150, 700, 1200])
    y = np.array([50.0, 120, 300, 900, 40, 160, 330, 610, 150, 500, 1500])
    res = qi.funnel(_units(y, d), y="o", n="e", unit="unit", kind="rc", adjust=True)
    t = res.target
    z = stats.norm.ppf(0.975)
    # the default: the exact limits' distance from the target on the log scale, combined in
    # quadrature with z·τ
    q_lo, q_hi = hand.ratio_limits(d, t, 0.025)
    ztau = z * np.sqrt(res.tau2)
    with np.errstate(divide="ignore"):
        want_lo = np.exp(hand.combined(np.log(t), np.log(q_lo), ztau, -1))
    want_hi = np.exp(hand.combined(np.log(t), np.log(q_hi), ztau, 1))
    np.testing.assert_allclose(res.units["lcl_95"], want_lo, rtol=1e-9)
    np.testing.assert_allclose(res.units["ucl_95"], want_hi, rtol=1e-9)
    assert (want_lo <= q_lo).all() and (want_hi >= q_hi).all()
    res = qi.funnel(
        _units(y, d), y="o", n="e", unit="unit", kind="rc", adjust=True, adjusted_limits="normal"
    )
    half = z * np.sqrt(1 / (t * d) + 1 / d + res.tau2)
    lo, hi = res.units["lcl_95"].to_numpy(), res.units["ucl_95"].to_numpy()
    # never narrower than the exact limits: at least as wide as the normal ones, equal to them
    # where they are the wider (the large units)
    assert (lo <= t * np.exp(-half) * (1 + 1e-12)).all() and (
        hi >= t * np.exp(half) * (1 - 1e-12)
    ).all()
    big = d >= 500
    np.testing.assert_allclose(lo[big], t * np.exp(-half[big]), rtol=1e-12)
    np.testing.assert_allclose(hi[big], t * np.exp(half[big]), rtol=1e-12)


def test_rc_limits_flag_exactly_the_numerators_chance_rarely_gives():
    """Unadjusted ratio-of-counts limits: the exact comparison of two Poisson counts, O given
    O + D binomial with p0 = θ0/(1 + θ0), by scipy. The normal limits on the log scale put
    every unit with no events below its lower limit: 3.1 % of in-control units flagged at
    99.8 % (θ0 0.05, D 20-400) and 5.3 % (θ0 0.2, D 5-50), nearly all "low" (trial 13)."""
    rng = np.random.default_rng(13)
    d = rng.integers(5, 300, 400).astype(float)
    y = rng.poisson(0.2 * d * rng.choice([0.3, 1, 1, 1, 3], d.size)).astype(float)
    res = qi.funnel(
        _units(y, d), y="o", n="e", unit="unit", kind="rc", adjust=False, target="pooled"
    )
    u = res.units.set_index("unit").loc[[f"U{i:03d}" for i in range(d.size)]]
    t = y.sum() / d.sum()
    p0 = t / (1 + t)
    m = (y + d).astype(int)
    for level, col in ((95, "95"), (99.8, "99_8")):
        a = (1 - level / 100) / 2
        flag = (stats.binom.cdf(y, m, p0) < a) | (stats.binom.sf(y - 1, m, p0) < a)
        got = (u["value"] < u[f"lcl_{col}"]) | (u["value"] > u[f"ucl_{col}"])
        np.testing.assert_array_equal(got.to_numpy(), flag, err_msg=f"{level}")
    # the limits themselves, by root-finding on scipy's incomplete beta function
    for i in range(0, d.size, 40):
        a, k = 0.001, d[i]
        lo = (
            0.0
            if (1 - p0) ** k >= a
            else optimize.brentq(
                lambda o, k=k: special.betainc(k, o + 1, 1 - p0) - 0.001, 0, 20 * k
            )
        )
        hi = optimize.brentq(lambda o, k=k: special.betainc(o, k + 1, p0) - 0.001, 1e-9, 20 * k)
        assert u["lcl_99_8"].iloc[i] == pytest.approx(lo / k, rel=1e-9, abs=1e-12)
        assert u["ucl_99_8"].iloc[i] == pytest.approx(hi / k, rel=1e-9)
    # no events in 10 counts at θ0 ≈ 0.2: a chance of (1 - p0)^10 ≈ 0.16, no outlier
    small = _units(np.array([0.0, *y[:30]]), np.array([10.0, *d[:30]]))
    one = qi.funnel(small, y="o", n="e", unit="unit", kind="rc", adjust=False)
    assert not one.units["outlier"].iloc[0]


def test_outliers_and_direction_follow_the_limit_level():
    e = np.full(6, 100.0)
    o = np.array([100.0, 60, 140, 101, 99, 75])
    res = qi.funnel(_units(o, e), y="o", n="e", unit="unit", adjust=False, limit=95)
    u = res.units
    want = (u["value"] < u["lcl_95"]) | (u["value"] > u["ucl_95"])
    np.testing.assert_array_equal(u["outlier"], want)
    assert list(u["direction"]) == [None, "low", "high", None, None, "low"]
    s = res.summary()
    assert (s["n_outliers"].item(), s["n_high"].item(), s["n_low"].item()) == (3, 1, 2)


def test_any_levels_give_their_columns():
    df = _units(np.array([30.0, 45, 80]), np.array([40.0, 50, 70]))
    with pytest.warns(qi.OverdispersionWarning, match="only 3 units"):
        res = qi.funnel(df, y="o", n="e", unit="unit", levels=(80, 99.9, 95), limit=99.9)
    cols = [c for c in res.units.columns if c[:4] in ("lcl_", "ucl_")]
    assert cols == ["lcl_80", "ucl_80", "lcl_95", "ucl_95", "lcl_99_9", "ucl_99_9"]
    assert res.params["limit"] == 99.9


def test_adjust_true_uses_adjusted_limits_even_without_overdispersion():
    e = np.array([50.0, 100, 200, 400, 800])
    with pytest.warns(qi.OverdispersionWarning, match="only 5 units"):
        res = qi.funnel(_units(e, e), y="o", n="e", unit="unit", adjust=True)
    assert res.adjusted is True
    assert res.tau2 == 0.0
    # with τ² = 0 the adjusted limits are the exact ones (continuous in τ²)
    q_lo, q_hi = hand.poisson_limits(e, 0.001)
    np.testing.assert_allclose(res.units["lcl_99_8"], q_lo, rtol=1e-12)
    np.testing.assert_allclose(res.units["ucl_99_8"], q_hi, rtol=1e-12)
    # adjusted_limits="normal": the normal approximation exp(z/√E), wider here
    with pytest.warns(qi.OverdispersionWarning, match="only 5 units"):
        normal = qi.funnel(
            _units(e, e), y="o", n="e", unit="unit", adjust=True, adjusted_limits="normal"
        )
    z = stats.norm.ppf(0.999)
    np.testing.assert_allclose(normal.units["ucl_99_8"], np.exp(z / np.sqrt(e)))
    assert (normal.units["ucl_99_8"] > q_hi).all()
    with pytest.warns(qi.OverdispersionWarning, match="only 5 units"):
        auto = qi.funnel(_units(e, e), y="o", n="e", unit="unit")
    assert auto.adjusted is False and auto.phi < 1


def test_many_zero_counts_give_finite_phi_tau2_and_limits():
    rng = np.random.default_rng(2)
    e = rng.uniform(1, 15, 20)
    o = rng.poisson(e * np.exp(rng.normal(0, 0.5, 20))).astype(float)
    o[:6] = 0.0
    res = qi.funnel(_units(o, e), y="o", n="e", unit="unit")
    assert np.isfinite([res.phi, res.tau2]).all()
    assert np.isfinite(res.units.filter(like="cl_").to_numpy()).all()
    assert np.isfinite(res.units["z"]).all()
    compat = qi.funnel(_units(o, e), y="o", n="e", unit="unit", compat="FunnelPlotR")
    assert compat.phi == np.inf  # FunnelPlotR's behaviour, reproduced


# -------------------------------------------------------------------- data handling


def _wards(seed=0, n_groups=3, n_units=15):
    rng = np.random.default_rng(seed)
    k = n_groups * n_units
    n = rng.uniform(100, 3000, k).round()
    return pd.DataFrame(
        {
            "trust": np.repeat([f"T{g}" for g in range(n_groups)], n_units),
            "ward": [f"W{i:02d}" for i in range(n_units)] * n_groups,
            "events": rng.poisson(n * 0.02 * np.exp(rng.normal(0, 0.3, k))),
            "days": n,
        }
    )


@pytest.mark.parametrize("tau2", ["dl", "reml"])
def test_by_groups_equal_separate_calls(tau2):
    # to the last bit: REML's iterations stop per group (they ran until the last group
    # converged, moving the others in the last bits)
    df = _wards()
    kw = {"y": "events", "n": "days", "unit": "ward", "kind": "rate", "multiply": 1000}
    kw["tau2"] = tau2
    res = qi.funnel(df, by="trust", **kw)
    for trust, part in df.groupby("trust"):
        alone = qi.funnel(part, **kw)
        got = res.units[res.units["trust"] == trust].drop(columns="trust").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, alone.units, check_exact=True)
        assert res.phi[trust] == alone.phi
        assert res.tau2[trust] == alone.tau2
        assert res.adjusted[trust] == alone.adjusted


def test_rows_of_a_unit_are_summed_and_row_order_does_not_matter():
    df = _wards(n_groups=1)
    halves = pd.concat(
        [
            df.assign(events=df.events // 2, days=df.days / 2),
            df.assign(events=df.events - df.events // 2, days=df.days / 2),
        ]
    )
    shuffled = halves.sample(frac=1, random_state=1)
    kw = {"y": "events", "n": "days", "unit": "ward", "kind": "pr"}
    a = qi.funnel(df, **kw).units
    b = qi.funnel(shuffled, **kw).units
    pd.testing.assert_frame_equal(a.drop(columns="trust", errors="ignore"), b, rtol=1e-12)


def test_latest_period_or_a_window_of_long_data():
    data = qi.datasets.restrictive_practice()
    kw = {"y": "restraints", "n": "bed_days", "unit": "ward", "kind": "rate", "multiply": 1000}
    latest = qi.funnel(data, x="month", **kw)
    last = data[data["month"] == data["month"].max()]
    pd.testing.assert_frame_equal(latest.units, qi.funnel(last, **kw).units)
    window = qi.funnel(data, x="month", period=("2023-04-01", "2024-03-01"), **kw)
    year = data[data["month"].between("2023-04-01", "2024-03-01")]
    with pytest.warns(qi.PeriodsSummedWarning, match="'month' holds 12 periods"):
        summed = qi.funnel(year, **kw)  # without x: its twelve months are summed, and said
    pd.testing.assert_frame_equal(window.units, summed.units)
    one = qi.funnel(data, x="month", period="2022-01-01", **kw)
    assert one.units["n"].sum() == data.loc[data["month"] == "2022-01-01", "bed_days"].sum()


@pytest.mark.parametrize(
    "period",
    [
        ["2023-04-01", "2024-03-01"],
        np.array(["2023-04-01", "2024-03-01"], dtype="datetime64[D]"),
        pd.Index(pd.to_datetime(["2023-04-01", "2024-03-01"])),
    ],
)
def test_a_period_given_as_a_list_of_two_is_a_window(period):
    """A list (or array) of two dates is the window, as qi.ambition's baseline= reads one; it
    meant the first month alone, with no word (trial 13)."""
    data = qi.datasets.restrictive_practice()
    kw = {"y": "restraints", "n": "bed_days", "unit": "ward", "kind": "rate", "multiply": 1000}
    res = qi.funnel(data, x="month", period=period, **kw)
    year = data[data["month"].between("2023-04-01", "2024-03-01")]
    sums = year.groupby("ward")[["restraints", "bed_days"]].sum()
    got = res.units.set_index("ward").loc[sums.index]
    np.testing.assert_array_equal(got["y"], sums["restraints"])
    np.testing.assert_array_equal(got["n"], sums["bed_days"])
    with pytest.raises(qi.ArgumentError, match="expected one x value or a \\(first, last\\)"):
        qi.funnel(data, x="month", period=["2023-04-01", "2023-05-01", "2023-06-01"], **kw)


@pytest.mark.parametrize("period", [None, "2024-09-01", ("2024-08-01", "2024-09-01")])
def test_a_unit_with_no_row_in_the_period_is_named_in_a_warning(period):
    # found by a new-user trial: a late return silently dropped the ward from "all wards"
    months = pd.date_range("2024-01-01", periods=9, freq="MS")
    wards = ["Ash", "Birch", "Cedar", "Elm"]
    df = pd.DataFrame(
        {
            "trust": "T1",
            "ward": np.repeat(wards, 9),
            "month": np.tile(months, 4),
            "incidents": np.arange(36) % 7 + 3,
            "bed_days": 900,
        }
    )
    late = df[~((df.ward == "Elm") & (df.month >= "2024-08-01"))]
    kw = {"y": "incidents", "n": "bed_days", "unit": "ward", "kind": "rate", "x": "month"}
    kw["adjust"] = False  # four wards are too few to estimate overdispersion (that warns)
    with pytest.warns(qi.NoDataWarning, match=r"1 of 4 units has no row .* is left out .*'Elm'"):
        res = qi.funnel(late, period=period, by="trust", **kw)
    assert res.units["ward"].tolist() == ["Ash", "Birch", "Cedar"]
    # the same period of complete data: no warning (warnings are errors here)
    assert len(qi.funnel(df, period=period, by="trust", **kw).units) == 4
    # a window that reaches back to Elm's last return keeps it
    assert len(qi.funnel(late, period=("2024-07-01", "2024-09-01"), **kw).units) == 4


def test_polars_and_arrow_input_give_the_same_units():
    df = _wards()
    want = qi.funnel(df, y="events", n="days", unit="ward", by="trust", kind="pr").units
    pa = pytest.importorskip("pyarrow")
    got = qi.funnel(
        pa.Table.from_pandas(df), y="events", n="days", unit="ward", by="trust", kind="pr"
    ).units
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    pl = pytest.importorskip("polars")
    got = qi.funnel(
        pl.from_pandas(df), y="events", n="days", unit="ward", by="trust", kind="pr"
    ).units
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    with pytest.raises(qi.ArgumentError, match="data"):
        qi.funnel([1, 2], y="events", n="days", unit="ward")


def test_input_is_not_modified():
    df = _wards()
    before = df.copy(deep=True)
    qi.funnel(df, y="events", n="days", unit="ward", by="trust", kind="pr")
    pd.testing.assert_frame_equal(df, before)


def test_limits_grid_and_limits_at():
    df = _wards(n_groups=2)
    res = qi.funnel(df, y="events", n="days", unit="ward", by="trust", kind="rate")
    lim = res.limits
    assert list(lim.columns[:3]) == ["trust", "n", "target"]
    assert len(lim) == 2000
    at = res.limits_at([500, 1000], group="T1")
    grid = res.limits[res.limits["trust"] == "T1"]
    assert (at["ucl_99_8"] > at["ucl_95"]).all()
    assert grid["ucl_99_8"].is_monotonic_decreasing
    with pytest.raises(qi.ArgumentError, match="group='T9'"):
        res.limits_at([500], group="T9")


def test_reprs():
    res = qi.funnel(_wards(), y="events", n="days", unit="ward", by="trust", kind="pr")
    assert repr(res).startswith("FunnelResult: Funnel plot of events / days by ward — 45 units")
    assert "<table" in res._repr_html_()
    # trust H: 95 deaths where 60 were expected, above its 99.8 % limit of 1.467
    df = pd.DataFrame(
        {
            "trust": list("ABCDEFGHIJKL"),
            "deaths": [30, 12, 60, 18, 41, 25, 33, 95, 20, 52, 28, 47],
            "expected": [25, 20, 50, 20, 40, 27, 30, 60, 22, 50, 30, 45],
        }
    )
    html = qi.funnel(df, y="deaths", n="expected", unit="trust")._repr_html_()
    assert html.count("<table") == 2 and "<p>Outliers</p>" in html
    assert html.count("<tr") == 1 + 1 + 1 + 1  # two header rows, one summary row, trust H
    assert "12 units, 1 outlier at 99.8 %" in html


def test_html_repr_without_outliers_says_so_instead_of_an_empty_table():
    # twelve identical wards: nothing can be unusual
    df = pd.DataFrame({"ward": [f"W{i}" for i in range(12)], "y": 20, "n": 1000})
    res = qi.funnel(df, y="y", n="n", unit="ward", kind="rate")
    html = res._repr_html_()
    assert html.count("<table") == 1 and "Outliers" not in html
    assert "No unit is outside its 99.8 % limits." in html


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "match"),
    [
        (
            {"o": [1, -2, 3]},
            {},
            qi.DataError,
            r"y='o': row with index label 1 \(unit='U001'\) has a negative",
        ),
        ({"e": [1, 0, 3]}, {}, qi.DataError, r"unit unit='U001' has a total n of 0"),
        (
            {"e": [1, -1, 3]},
            {},
            qi.DataError,
            r"n='e': row with index label 1 \(unit='U001'\) has a negative",
        ),
        (
            {"e": [1, np.nan, 3]},
            {},
            qi.DataError,
            r"row with index label 1 \(unit='U001'\) has a missing",
        ),
        ({"o": [1, 5, 3]}, {"kind": "pr"}, qi.DataError, r"unit='U001' has y = 5 > n = 2"),
        ({"o": [0, 0, 0]}, {"kind": "rate"}, qi.DataError, "no events at all"),
        ({}, {"kind": "ratio"}, qi.ArgumentError, "kind='ratio'"),
        ({}, {"method": "x"}, qi.ArgumentError, "method='x'"),
        ({}, {"tau2": "pm"}, qi.ArgumentError, "tau2='pm'"),
        ({}, {"adjust": "yes"}, qi.ArgumentError, "adjust='yes'"),
        ({}, {"limit": 99}, qi.ArgumentError, r"limit=99: expected one of levels"),
        # FunnelPlotR's limit = 99 (docs/funnel.rst: it means 99.8 % there)
        ({}, {"limit": 99}, qi.ArgumentError, r"limit = 99 is its 99.8 % limits: write limit=99.8"),
        ({}, {"levels": (95, 95)}, qi.ArgumentError, "levels="),
        ({}, {"trim": 0.5}, qi.ArgumentError, "trim=0.5"),
        ({}, {"phi": "median"}, qi.ArgumentError, "phi='median'"),
        ({}, {"adjust": "test", "phi": "trim"}, qi.ArgumentError, "adjust='test' with phi='trim'"),
        ({}, {"adjust": "maybe"}, qi.ArgumentError, "expected 'auto', 'test', True or False"),
        ({}, {"phi": "robust", "compat": "FunnelPlotR"}, qi.ArgumentError, "phi='trim'"),
        ({}, {"multiply": 0}, qi.ArgumentError, "multiply=0"),
        ({}, {"compat": "R"}, qi.ArgumentError, "compat='R'"),
        ({}, {"compat": "FunnelPlotR", "kind": "rate"}, qi.ArgumentError, "no kind='rate'"),
        ({}, {"compat": "FunnelPlotR", "tau2": "reml"}, qi.ArgumentError, "'dl' only"),
        ({}, {"period": 3}, qi.ArgumentError, "needs x="),
        ({}, {"unit": "wrd"}, qi.ColumnError, "unit='wrd'"),
        ({}, {"n": "o"}, qi.ArgumentError, "same column"),
    ],
)
def test_bad_input_names_the_problem(change, kwargs, error, match):
    df = pd.DataFrame({"unit": ["U000", "U001", "U002"], "o": [1, 2, 3], "e": [1.0, 2, 3]})
    for col, values in change.items():
        df[col] = values
    kw = {"y": "o", "n": "e", "unit": "unit", **kwargs}
    with pytest.raises(error, match=match):
        qi.funnel(df, **kw)


def test_a_period_with_no_rows_is_refused():
    data = qi.datasets.restrictive_practice()
    with pytest.raises(qi.ArgumentError, match="period='someday'"):
        qi.funnel(data, y="restraints", n="bed_days", unit="ward", x="month", period="someday")
    with pytest.raises(qi.DataError, match="no row of data"):
        qi.funnel(data, y="restraints", n="bed_days", unit="ward", x="month", period="1999-01-01")


def test_a_reversed_period_is_refused_naming_both_ends():
    """Trial 13 F5: period=(last, first) said "no row of data has an x in that period" though
    both dates are x values of the data; it is refused as qi.ambition refuses a reversed
    baseline=, with the window written the right way round."""
    months = ["2024-01-01", "2024-02-01", "2024-03-01"]
    data = pd.DataFrame(
        {
            "month": pd.to_datetime(np.repeat(months, 4)),
            "ward": list("ABCD") * 3,
            "y": [3, 4, 5, 6] * 3,
            "n": [100, 120, 130, 90] * 3,
        }
    )
    kw = {"y": "y", "n": "n", "unit": "ward", "kind": "pr", "x": "month", "adjust": False}
    with pytest.raises(
        qi.ArgumentError,
        match=r"period=\('2024-03-01', '2024-01-01'\): its end, '2024-01-01', is before its "
        r"start, '2024-03-01'; write the window as \(first, last\): \('2024-01-01', '2024-03-01'\)",
    ):
        qi.funnel(data, period=("2024-03-01", "2024-01-01"), **kw)
    # the right way round: every ward's three months summed (9, 12, 15, 18 of 300, ...)
    res = qi.funnel(data, period=("2024-01-01", "2024-03-01"), **kw)
    assert res.units["y"].tolist() == [9, 12, 15, 18]
    assert res.units["n"].tolist() == [300, 360, 390, 270]


def test_a_proportion_funnel_refuses_fractional_cases_naming_the_row():
    # kind='pr' is binomial: y cases out of n cases, whole numbers as on a P chart; a rate
    # or a percentage given as y (3.5) is a silent wrong answer otherwise
    data = pd.DataFrame({"u": list("abcd"), "y": [3, 4.5, 5, 6], "n": [100, 120, 130, 90]})
    kw = {"y": "y", "n": "n", "unit": "u", "kind": "pr", "adjust": False}
    with pytest.raises(qi.DataError, match=r"y='y': unit u='b' has a fractional total \(4.5\)"):
        qi.funnel(data, **kw)
    halves = data.assign(y=[3, 4, 5, 6], n=[100, 120, 130.5, 90])
    with pytest.raises(qi.DataError, match=r"n='n': unit u='c' has a fractional total"):
        qi.funnel(halves, **kw)
    # rows may hold halves of a unit's cases: the unit's totals are what must be whole
    split = pd.concat([halves, halves.assign(n=[100, 120, 129.5, 90])])
    assert qi.funnel(split, **kw).units["n"].tolist() == [200.0, 240.0, 260.0, 180.0]
    # a sum of decimals a hair from a whole number is that number (as qi.spc)
    near = data.assign(y=[3, 4 + 1e-12, 5, 6])
    got = qi.funnel(near, **kw).units["y"].tolist()
    assert got == [3.0, 4.0, 5.0, 6.0]


def test_a_copied_row_of_long_data_gives_a_duplicate_rows_warning():
    """Trial 6b B4: a copied month of one ward is summed twice, as in qi.spc, with the same
    warning; records without x may repeat (two patients alike) and give none."""
    d = pd.DataFrame(
        {
            "ward": ["A", "B", "C", "A", "B", "C"],
            "month": pd.to_datetime(["2024-01-01"] * 3 + ["2024-02-01"] * 3),
            "y": [3, 5, 4, 2, 6, 4],
            "n": [300, 400, 350, 310, 390, 360],
        }
    )
    copied = pd.concat([d, d.iloc[[3]]], ignore_index=True)
    kw = {"y": "y", "n": "n", "unit": "ward", "kind": "rate", "x": "month", "adjust": False}
    with pytest.warns(qi.DuplicateRowsWarning, match=r"1 row of data repeats .*ward='A'") as w:
        res = qi.funnel(copied, **kw)
    assert "summed, so a copied row counts twice" in str(w[0].message)
    assert res.units[["y", "n"]].iloc[0].tolist() == [4, 620]  # as the data say: 2 + 2
    with pytest.warns(qi.DuplicateRowsWarning):
        qi.spc(copied, y="y", n="n", x="month", by="ward", chart="u")
    # two rows of one ward and month that differ are parts of it: summed, no warning
    parts = pd.concat([d, d.iloc[[3]].assign(y=1, n=20)], ignore_index=True)
    assert qi.funnel(parts, **kw).units[["y", "n"]].iloc[0].tolist() == [3, 330]
    # records without x: identical rows are separate cases
    records = pd.DataFrame({"ward": ["A", "A", "B", "B"], "died": [0, 0, 1, 0], "n": 1})
    kw = {"y": "died", "n": "n", "unit": "ward", "kind": "pr", "adjust": False}
    assert qi.funnel(records, **kw).units["n"].tolist() == [2, 2]


@pytest.mark.parametrize("dated", ["start", "end"])
def test_period_given_as_a_date_inside_a_month_means_that_month(dated):
    """Trial 6a C6: as qi.ambition reads it; monthly data dated on the 1st or on month ends."""
    months = pd.date_range("2023-04-01", periods=6, freq="MS")
    if dated == "end":
        months = months + pd.offsets.MonthEnd(0)
    d = pd.DataFrame(
        {
            "ward": np.tile(["A", "B", "C"], 6),
            "month": np.repeat(months, 3),
            "y": np.arange(18) + 1,
            "n": 100.0,
        }
    )
    kw = {"y": "y", "n": "n", "unit": "ward", "kind": "rate", "x": "month", "adjust": False}
    june = qi.funnel(d, period="2023-06-15", **kw)
    assert june.units["y"].tolist() == [7, 8, 9]  # the third month's rows
    window = qi.funnel(d, period=("2023-05-20", "2023-07-02"), **kw)
    assert window.units["y"].tolist() == [4 + 7 + 10, 5 + 8 + 11, 6 + 9 + 12]
    with pytest.raises(qi.DataError, match=r"x values run from 2023-04-\d\d to 2023-09-\d\d"):
        qi.funnel(d, period="2024-01-15", **kw)
