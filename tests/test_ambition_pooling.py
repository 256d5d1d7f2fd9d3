"""The programme view: Mantel–Haenszel, Cochran's Q, I², τ² and the random-effects ratio."""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

# Colditz et al. (1994) BCG vaccine trials (metafor's dat.bcg): TB cases out of vaccinated
# (tpos, tpos + tneg) and unvaccinated (cpos, cpos + cneg) people
BCG = np.array(
    [
        [4, 119, 11, 128],
        [6, 300, 29, 274],
        [3, 228, 11, 209],
        [62, 13536, 248, 12619],
        [33, 5036, 47, 5761],
        [180, 1361, 372, 1079],
        [8, 2537, 10, 619],
        [505, 87886, 499, 87892],
        [29, 7470, 45, 7232],
        [17, 1699, 65, 1600],
        [186, 50448, 141, 27197],
        [5, 2493, 3, 2338],
        [27, 16886, 29, 17825],
    ]
)


def two_periods(k0, n0, k1, n1) -> pd.DataFrame:
    """One baseline period (x = 0) and one comparison period (x = 1) per series."""
    k = len(k0)
    return pd.DataFrame(
        {
            "g": np.repeat(np.arange(k), 2),
            "x": np.tile([0, 1], k),
            "y": np.column_stack([k0, k1]).ravel(),
            "n": np.column_stack([n0, n1]).ravel(),
        }
    )


def test_random_effects_risk_ratio_reproduces_metafor_on_the_bcg_trials():
    # metafor: rma(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg,
    # method="DL") gives Q(df = 12) = 152.2330, tau^2 = 0.3088, I^2 = 92.12 %, estimate
    # -0.7141 (95 % CI -1.0644 to -0.3638) on the log scale (Viechtbauer 2010)
    tpos, tneg, cpos, cneg = BCG.T
    df = two_periods(cpos, cpos + cneg, tpos, tpos + tneg)
    pooled = (
        qi.ambition(
            df,
            y="y",
            n="n",
            x="x",
            by="g",
            kind="proportion",
            baseline=(0, 0),
            change=-0.5,
            deadline=2,
            overdispersion=None,
        )
        .pooled()
        .iloc[0]
    )
    assert pooled.series_pooled == 13
    assert pooled.heterogeneity_df == 12
    assert pooled.heterogeneity_q == pytest.approx(152.2330, abs=5e-5)
    assert pooled.tau_squared == pytest.approx(0.3088, abs=5e-5)
    assert pooled.i_squared == pytest.approx(0.9212, abs=5e-5)
    assert np.log(pooled.random_effects_ratio) == pytest.approx(-0.7141, abs=5e-5)
    # the interval is Hartung–Knapp–Sidik–Jonkman's (session 14): t(12) and the scatter of the
    # trials about the estimate, never narrower than metafor's z interval (-1.0644 to -0.3638)
    y, v = bcg_log_risk_ratios()
    want = hand_dl(y, v)
    assert pooled.random_effects_lower == pytest.approx(want["random_effects_lower"], rel=1e-10)
    assert pooled.random_effects_upper == pytest.approx(want["random_effects_upper"], rel=1e-10)
    assert np.log(pooled.random_effects_lower) < -1.0644
    assert np.log(pooled.random_effects_upper) > -0.3638
    assert pooled.heterogeneity_p == pytest.approx(stats.chi2.sf(152.2330, 12), rel=1e-4)


def bcg_log_risk_ratios():
    """The 13 BCG trials' log risk ratios (vaccinated against not) and their variances."""
    tpos, tneg, cpos, cneg = BCG.T.astype(float)
    y = np.log(tpos / (tpos + tneg)) - np.log(cpos / (cpos + cneg))
    return y, 1 / tpos - 1 / (tpos + tneg) + 1 / cpos - 1 / (cpos + cneg)


def hand_dl(y, v, alpha=0.05):
    """DerSimonian–Laird by hand: Q, I², τ², the pooled log ratio, its Hartung–Knapp–Sidik–
    Jonkman interval (t(k − 1), se² = max(1, Σw*(y − μ)²/(k − 1))/Σw*; IntHout et al. 2014) and
    the Higgins–Thompson–Spiegelhalter prediction interval with t(k − 2)."""
    w = 1 / v
    k = len(y)
    fixed = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - fixed) ** 2)
    tau2 = max(0.0, (q - (k - 1)) / (np.sum(w) - np.sum(w**2) / np.sum(w)))
    ws = 1 / (v + tau2)
    mu = np.sum(ws * y) / np.sum(ws)
    se = 1 / np.sqrt(np.sum(ws))
    se_hk = se * np.sqrt(max(1.0, np.sum(ws * (y - mu) ** 2) / (k - 1)))
    t1 = stats.t.ppf(1 - alpha / 2, k - 1)
    half = stats.t.ppf(1 - alpha / 2, k - 2) * np.sqrt(tau2 + se**2)
    return {
        "heterogeneity_q": q,
        "i_squared": max(0.0, (q - (k - 1)) / q),
        "tau_squared": tau2,
        "random_effects_ratio": np.exp(mu),
        "random_effects_lower": np.exp(mu - t1 * se_hk),
        "random_effects_upper": np.exp(mu + t1 * se_hk),
        "prediction_lower": np.exp(mu - half),
        "prediction_upper": np.exp(mu + half),
    }


RP = {
    "y": "restraints",
    "n": "bed_days",
    "x": "month",
    "by": ["trust", "ward"],
    "baseline": ("2020-04-01", "2021-03-01"),
    "compare": ("2021-04-01", "2024-03-01"),
    "change": -0.5,
    "deadline": "2024-03-01",
    "multiply": 1000,
}


def test_the_bundled_wards_differ_q_179_on_48_df():
    # the restrictive-practice data, every month after the baseline: per-ward log rate ratios
    # with variance 1/K₀ + 1/K₁ (no overdispersion), pooled by hand
    df = qi.datasets.restrictive_practice()
    base = df.month <= "2021-03-01"
    k0, e0 = (df[base].groupby("ward")[c].sum() for c in ("restraints", "bed_days"))
    k1, e1 = (df[~base].groupby("ward")[c].sum() for c in ("restraints", "bed_days"))
    y = np.log(k1 / e1) - np.log(k0 / e0)
    want = hand_dl(y.to_numpy(), (1 / k0 + 1 / k1).to_numpy())
    got = qi.ambition(df, **RP, overdispersion=None).pooled().iloc[0]
    assert got.heterogeneity_df == 48
    assert round(got.heterogeneity_q) == 179
    assert round(got.i_squared, 2) == 0.73
    for name, value in want.items():
        assert got[name] == pytest.approx(value, rel=1e-10), name
    # the prediction interval for a new ward is far wider than the pooled interval
    assert got.prediction_lower < got.random_effects_lower < got.random_effects_upper
    assert got.random_effects_upper < got.prediction_upper


def test_overdispersion_widens_each_ward_and_the_mantel_haenszel_interval():
    # with overdispersion="auto" each ward's variance is φᵢ(1/K₀ + 1/K₁), φᵢ from the summary
    # where it is allowed for (the warning says so), else 1
    df = qi.datasets.restrictive_practice()
    amb = qi.ambition(df, **RP)
    s = amb.summary()
    used = s.warnings.str.contains("overdispersion φ").to_numpy()
    phi = np.where(used, s.overdispersion.to_numpy(), 1.0)
    assert (phi > 1).any() and not used.all()
    base = df.month <= "2021-03-01"
    key = ["trust", "ward"]
    k0, e0 = (df[base].groupby(key)[c].sum().to_numpy() for c in ("restraints", "bed_days"))
    k1, e1 = (df[~base].groupby(key)[c].sum().to_numpy() for c in ("restraints", "bed_days"))
    y = np.log(k1 / e1) - np.log(k0 / e0)
    want = hand_dl(y, phi * (1 / k0 + 1 / k1))
    got = amb.pooled().iloc[0]
    for name, value in want.items():
        assert got[name] == pytest.approx(value, rel=1e-10), name
    # Greenland–Robins with each ward's term scaled by its φ
    t = e0 + e1
    r, s = (k1 * e0 / t).sum(), (k0 * e1 / t).sum()
    var = (phi * e0 * e1 * (k0 + k1) / t**2).sum() / (r * s)
    assert got.rate_ratio == pytest.approx(r / s)
    assert got.rate_ratio_upper == pytest.approx(
        r / s * np.exp(stats.norm.ppf(0.975) * np.sqrt(var)), rel=1e-10
    )


def test_identical_wards_have_no_heterogeneity_and_two_wards_no_prediction():
    # three identical wards: Q = 0, I² = 0, τ² = 0, and the random-effects ratio is the ratio
    df = two_periods([40, 40, 40], [1000, 1000, 1000], [20, 20, 20], [1000, 1000, 1000])
    kw = {"y": "y", "n": "n", "x": "x", "by": "g", "baseline": (0, 0), "change": -0.5}
    got = qi.ambition(df, **kw, deadline=2, overdispersion=None).pooled().iloc[0]
    assert (got.heterogeneity_q, got.i_squared, got.tau_squared) == pytest.approx((0, 0, 0))
    assert got.random_effects_ratio == pytest.approx(0.5)
    se = np.sqrt((1 / 40 + 1 / 20) / 3)
    assert got.prediction_upper == pytest.approx(0.5 * np.exp(stats.t.ppf(0.975, 1) * se))
    # two wards: Q and τ² exist, a prediction interval (t with k − 2 = 0 df) does not
    two = df[df.g < 2]
    got = qi.ambition(two, **kw, deadline=2, overdispersion=None).pooled().iloc[0]
    assert got.heterogeneity_df == 1
    assert np.isnan(got.prediction_lower) and np.isnan(got.prediction_upper)


def test_a_ward_with_a_zero_cell_gets_a_half_and_a_ward_without_data_is_left_out():
    # ward 1 has no events after the baseline: log((0 + ½)/1000) − log((12 + ½)/1000) with
    # variance 1/12.5 + 1/0.5; ward 3's period after the baseline is closed (no exposure)
    df = two_periods([30, 12, 25, 9], [1000] * 4, [15, 0, 20, 0], [1000, 1000, 1000, 0])
    kw = {"y": "y", "n": "n", "x": "x", "by": "g", "baseline": (0, 0), "change": -0.5}
    got = qi.ambition(df, **kw, deadline=2, overdispersion=None).pooled().iloc[0]
    y = np.log([15 / 30, 0.5 / 12.5, 20 / 25])
    v = np.array([1 / 30 + 1 / 15, 1 / 12.5 + 1 / 0.5, 1 / 25 + 1 / 20])
    want = hand_dl(y, v)
    assert got.series_pooled == 3
    for name, value in want.items():
        assert got[name] == pytest.approx(value, rel=1e-10), name


def test_a_ward_whose_relative_target_is_above_100_percent_is_not_pooled():
    # trial 8 B2 follow-up: ward A at 92 % cannot rise 10 % (no target, insufficient_data);
    # it is left out of every total and ratio of the programme, as if not given, and counted
    # in series_excluded. Expected: the same call without ward A, and the totals by hand
    rng = np.random.default_rng(2)
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    d = pd.concat(
        [
            pd.DataFrame({"ward": w, "month": months, "y": rng.binomial(60, p, 36), "n": 60})
            for w, p in [("A", 0.92)] + [(f"W{i}", 0.6) for i in range(20)]
        ]
    )
    kw = dict(y="y", n="n", x="month", by="ward", kind="proportion", change=0.1,
              baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01")  # fmt: skip
    with pytest.warns(qi.TargetWarning, match="ward='A'"):
        amb = qi.ambition(d, **kw)
    assert amb.summary().set_index("ward").verdict["A"] == "insufficient_data"
    got = amb.pooled().iloc[0]
    want = qi.ambition(d[d.ward != "A"], **kw).pooled().iloc[0]
    assert (got.n_series, got.series_excluded, want.series_excluded) == (20, 1, 0)
    pd.testing.assert_series_equal(got.drop("series_excluded"), want.drop("series_excluded"))
    others = d[d.ward != "A"]
    assert got.baseline_events == others.y[others.month < "2022-04-01"].sum()
    assert got.current_events == others.y[others.month >= "2023-04-01"].sum()


def test_a_shortfall_ambition_pools_the_ratio_of_shortfalls():
    # trial 9 A2: each trust's rate_ratio is the ratio of shortfalls (1 - p); pooled() pooled
    # the ratio of proportions (1.18, p_value_target NaN). Expected: Mantel-Haenszel on the
    # failures n - y, computed here with numpy (MH risk ratio sum(F1 N0/T) / sum(F0 N1/T)),
    # with the Greenland-Robins variance, and the target ratio of shortfalls 0.5 tested
    k0, n0 = np.array([30, 45, 52, 20]), np.array([60, 80, 90, 50])
    k1, n1 = np.array([45, 60, 70, 25]), np.array([65, 75, 85, 45])
    df = two_periods(k0, n0, k1, n1)
    amb = qi.ambition(df, y="y", n="n", x="x", by="g", kind="proportion", baseline=(0, 0),
                      change=0.5, target="shortfall", deadline=2, multiply=100)  # fmt: skip
    got = amb.pooled().iloc[0]
    f0, f1, t = n0 - k0, n1 - k1, n0 + n1
    r, s = (f1 * n0 / t).sum(), (f0 * n1 / t).sum()
    mh = r / s
    var = ((n0 * n1 * (f0 + f1) - f0 * f1 * t) / t**2).sum() / (r * s)
    z = stats.norm.ppf(0.975)
    assert got.estimand == "ratio of shortfalls (1 − p)"
    assert np.isclose(got.rate_ratio, mh) and mh < 1  # the shortfall fell
    assert np.isclose(got.rate_ratio_lower, mh * np.exp(-z * np.sqrt(var)))
    assert np.isclose(got.rate_ratio_upper, mh * np.exp(z * np.sqrt(var)))
    # percent_change is the proportion's (trial 16): the change the pooled ratio of shortfalls
    # makes at the pooled baseline P0, (1 - P0)(1 - mh)/P0
    p0 = k0.sum() / n0.sum()
    assert np.isclose(got.percent_change, (1 - p0) * (1 - mh) / p0 * 100)
    # the target: a ratio of shortfalls of 0.5; met if the pooled shortfall ratio is below it
    want_met = stats.norm.cdf((np.log(mh) - np.log(0.5)) / np.sqrt(var))
    assert np.isclose(got.p_value_target, want_met)
    assert np.isclose(got.p_improved, stats.norm.cdf(np.log(mh) / np.sqrt(var)))
    # the totals and values stay the proportion's
    assert (got.baseline_events, got.current_events) == (k0.sum(), k1.sum())
    assert np.isclose(got.baseline_value, k0.sum() / n0.sum() * 100)
    # the same scale as each series': the proportions rose, and percent_change says so
    assert (amb.summary().percent_change > 0).all() and got.percent_change > 0
    # a relative ambition on the same data names the ratio of proportions
    rel = qi.ambition(df, y="y", n="n", x="x", by="g", kind="proportion", baseline=(0, 0),
                      change=0.2, deadline=2, multiply=100).pooled().iloc[0]  # fmt: skip
    assert rel.estimand == "ratio of proportions" and rel.rate_ratio > 1


def test_a_closed_ward_and_a_late_opener_are_in_no_total_of_the_programme():
    # session 15 trial F1: ward "Closed" stopped reporting after the baseline, before the
    # window; its baseline (30 per 1,000) was in the programme's baseline totals while the
    # current totals held "Open" alone: baseline 20 -> current 10 per 1,000 beside a rate
    # ratio of 1. A late opener (no baseline) with an absolute target likewise added to the
    # current totals only. Expected: the totals of "Open" alone, by hand, and the same row
    # as the call without the two wards; both counted in series_excluded
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    rows = [("Open", m, 10, 1000) for m in months]
    rows += [("Closed", m, 30, 1000) for m in months if m <= pd.Timestamp("2022-09-01")]
    rows += [("Late", m, 5, 1000) for m in months if m >= pd.Timestamp("2023-01-01")]
    df = pd.DataFrame(rows, columns=["ward", "month", "y", "n"])
    kw = dict(y="y", n="n", x="month", by="ward", baseline=("2021-04-01", "2022-03-01"),
              deadline="2024-03-01", multiply=1000)  # fmt: skip
    for target in [{"change": -0.5}, {"target": 8.0, "change": -0.5}]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the late opener's BaselineWarning
            got = qi.ambition(df, **kw, **target).pooled().iloc[0]
        want = qi.ambition(df[df.ward == "Open"], **kw, **target).pooled().iloc[0]
        assert (got.n_series, got.series_excluded) == (1, 2)
        assert (got.baseline_events, got.baseline_exposure) == (120, 12000)
        assert (got.current_events, got.current_exposure) == (120, 12000)
        assert (got.baseline_value, got.current_value, got.rate_ratio) == (10, 10, 1)
        pd.testing.assert_series_equal(got.drop("series_excluded"), want.drop("series_excluded"))
