"""Ambition tracking: the worked example by hand, interval coverage, trajectories, bad input."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi
from qistats.errors import ArgumentError, DataError


def two_period_frame(k0, e0, k1, e1, series=None):
    """One baseline period and one comparison period per series."""
    rows = {
        "month": pd.to_datetime(["2021-01-01", "2022-01-01"] * len(np.atleast_1d(k0))),
        "events": np.ravel(np.column_stack([np.atleast_1d(k0), np.atleast_1d(k1)])),
        "days": np.ravel(np.column_stack([np.atleast_1d(e0), np.atleast_1d(e1)])),
    }
    df = pd.DataFrame(rows)
    if series is not None:
        df["ward"] = np.repeat(series, 2)
    return df


KW = {
    "y": "events",
    "n": "days",
    "x": "month",
    "baseline": ("2021-01-01", "2021-01-01"),
    "change": -0.5,
    "deadline": "2024-03-01",
    "overdispersion": None,
}


def test_worked_example_by_hand():
    # K₀ = 60 events over 3,600 bed days; K₁ = 22 over 1,860
    amb = qi.ambition(two_period_frame(60, 3600, 22, 1860), **KW)
    s = amb.summary().iloc[0]
    # RR = (22/1860) / (60/3600) = 0.7097
    assert s.rate_ratio == pytest.approx((22 / 1860) / (60 / 3600))
    assert s.rate_ratio == pytest.approx(0.71, abs=0.005)
    # exact conditional interval: K₁ | 82 ~ Bin(82, π); Clopper–Pearson on π = 22/82, mapped by
    # RR = π/(1 − π) · 3600/1860
    lo_pi = stats.beta.ppf(0.025, 22, 82 - 22 + 1)
    hi_pi = stats.beta.ppf(0.975, 22 + 1, 82 - 22)
    assert s.rate_ratio_lower == pytest.approx(lo_pi / (1 - lo_pi) * 3600 / 1860)
    assert s.rate_ratio_upper == pytest.approx(hi_pi / (1 - hi_pi) * 3600 / 1860)
    assert (round(s.rate_ratio_lower, 2), round(s.rate_ratio_upper, 2)) == (0.41, 1.17)
    # Jeffreys: P(RR ≤ 0.5) = F(0.5 · 1860 · 60.5 / (3600 · 22.5); 45, 121) ≈ 0.08
    assert s.prob_target_met == pytest.approx(
        stats.f.cdf(0.5 * 1860 * 60.5 / (3600 * 22.5), 45, 121)
    )
    assert s.prob_target_met == pytest.approx(0.08, abs=0.01)
    # p_improved: P(X ≤ 22), X ~ Bin(82, 1860/5460); p_value_target: π at RR = 0.5
    assert s.p_improved == pytest.approx(stats.binom.cdf(22, 82, 1860 / 5460))
    assert s.p_value_target == pytest.approx(stats.binom.cdf(22, 82, 930 / (3600 + 930)))
    # Garwood: baseline 60/3600 with [χ²(0.025; 120)/2, χ²(0.975; 122)/2] / 3600
    assert s.baseline_lower == pytest.approx(stats.chi2.ppf(0.025, 120) / 2 / 3600)
    assert s.baseline_upper == pytest.approx(stats.chi2.ppf(0.975, 122) / 2 / 3600)
    assert s.target_value == pytest.approx(60 / 3600 * 0.5)
    assert s.percent_change == pytest.approx(((22 / 1860) / (60 / 3600) - 1) * 100)
    # power: se² = 1/60 + 1/15.5 (15.5 = 60 · 0.5 · 1860/3600 events expected in the window
    # were the target met); (1.96 + 0.84) · 0.285 = 0.80 > |ln 0.5| = 0.69
    assert s.verdict == "insufficient_data"
    assert "60 in the baseline, 15.5 expected" in s.reason


@pytest.mark.parametrize(("rate0", "exposure"), [(0.01, 600), (0.02, 20_000)])
def test_intervals_cover_the_true_value(rate0, exposure):
    # small counts (about 6 events per period) and large ones (about 400); 2,000 series of 12
    # baseline and 12 comparison periods with a true rate ratio of 0.7
    rng = np.random.default_rng(11)
    n_series, periods = 2000, 24
    t = pd.date_range("2020-01-01", periods=periods, freq="MS")
    rate = np.where(np.arange(periods) < 12, rate0, 0.7 * rate0)
    df = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(n_series), periods),
            "month": np.tile(t, n_series),
            "days": exposure,
            "events": rng.poisson(np.tile(rate, n_series) * exposure),
        }
    )
    amb = qi.ambition(
        df,
        y="events",
        n="days",
        x="month",
        by="ward",
        baseline=("2020-01-01", "2020-12-01"),
        change=-0.5,
        deadline="2022-12-01",
        overdispersion=None,
    )
    s = amb.summary()
    cover_rr = ((s.rate_ratio_lower <= 0.7) & (s.rate_ratio_upper >= 0.7)).mean()
    cover_b = ((s.baseline_lower <= rate0) & (rate0 <= s.baseline_upper)).mean()
    # exact intervals are conservative: at least 95 % less 3 standard errors of the simulation
    floor = 0.95 - 3 * np.sqrt(0.95 * 0.05 / n_series)
    assert cover_rr >= floor and cover_b >= floor
    # and the test of "improved" has power: most series show the 30 % fall when counts are large
    if exposure > 1000:
        assert (s.p_improved < 0.05).mean() > 0.99


def test_trajectory_compound_and_linear_by_hand():
    # baseline rate 10/1000 over 12 months; deadline Jan 2022 judged on the 6 months Aug 2021–
    # Jan 2022 (window=6): the trajectory runs from 2021-01 (s = 0) to the start of that window,
    # 2021-08 (s = 1), so that a ward on it is at the target over the whole judged window
    months = pd.date_range("2020-01-01", periods=25, freq="MS")
    df = pd.DataFrame({"month": months, "events": 10, "days": 1000})
    t0, reach = pd.Timestamp("2021-01-01"), pd.Timestamp("2021-08-01")
    for traj in ("compound", "linear"):
        amb = qi.ambition(
            df,
            y="events",
            n="days",
            x="month",
            baseline=("2020-01-01", "2020-12-01"),
            change=-0.5,
            deadline="2022-01-01",
            trajectory=traj,
            window=6,
        )
        per = amb.periods.set_index("month")
        s = (pd.Timestamp("2021-05-01") - t0) / (reach - t0)  # 120 of 212 days
        assert s == pytest.approx(120 / 212)
        expected = 0.01 * 0.5**s if traj == "compound" else 0.01 * (1 - 0.5 * s)
        assert per.loc["2021-05-01", "trajectory"] == pytest.approx(expected)
        for month in ("2021-08-01", "2021-11-01", "2022-01-01"):  # the judged window
            assert per.loc[month, "trajectory"] == pytest.approx(0.005)
        assert per.loc["2021-01-01", "trajectory"] == pytest.approx(0.01)
        assert np.isnan(per.loc["2020-06-01", "trajectory"])  # before the trajectory starts
        # flat at the baseline rate: behind the trajectory by the end, and at the deadline
        # (reached) the level 10 per 1,000 against the target 5 is not met
        assert per.loc["2022-01-01", "cumulative_status"] == "behind"
        assert amb.summary().verdict.iloc[0] == "not_met"


def test_status_ahead_when_well_below_the_trajectory():
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    events = np.r_[np.full(12, 20), np.full(12, 2)]
    df = pd.DataFrame({"month": months, "events": events, "days": 1000})
    amb = qi.ambition(
        df,
        y="events",
        n="days",
        x="month",
        baseline=("2020-01-01", "2020-12-01"),
        change=-0.5,
        deadline="2022-01-01",
    )
    assert amb.periods.cumulative_status.iloc[-1] == "ahead"
    s = amb.summary().iloc[0]
    # before the deadline: ahead of the trajectory is on track (met is judged at the deadline)
    assert s.verdict == "on_track" and s.p_value_target < 0.05 and s.clearly_met
    assert s.trajectory_status == "ahead"


def test_proportion_shortfall_target():
    # baseline 60 % feel safe; improve by 50 % of the shortfall: 1 − 0.4 · 0.5 = 0.8
    df = pd.DataFrame(
        {
            "month": pd.date_range("2022-01-01", periods=4, freq="QS"),
            "safe": [30, 30, 40, 41],
            "asked": [50, 50, 50, 50],
        }
    )
    kw = {
        "y": "safe",
        "n": "asked",
        "x": "month",
        "kind": "proportion",
        "baseline": ("2022-01-01", "2022-04-01"),
        "change": 0.5,
        "deadline": "2023-01-01",
    }
    s = qi.ambition(df, target="shortfall", **kw).summary().iloc[0]
    assert s.target_value == pytest.approx(0.8)
    assert s.baseline_value == pytest.approx(0.6)
    lo, hi = stats.beta.ppf([0.025, 0.975], [60, 61], [41, 40])
    assert (s.baseline_lower, s.baseline_upper) == pytest.approx((lo, hi))
    # "improve by 100 %" of 60 % as a relative target would be 120 %: an error that suggests
    # the shortfall definition
    with pytest.raises(ArgumentError, match="use target='shortfall'"):
        qi.ambition(df, target="relative", **{**kw, "change": 1.0})
    # "reduce the shortfall by 50 %" written change=-0.5 used to become "halve the proportion"
    # (target 30 %, a ward at 97 % "not met"; new-user trial): refused, with both readings
    with pytest.raises(ArgumentError, match=r"change=0\.5 to close 50% of the gap, or "):
        qi.ambition(df, target="shortfall", **{**kw, "change": -0.5})


def test_pooled_mantel_haenszel_by_hand():
    # two wards, each against its own baseline
    df = pd.concat(
        [
            two_period_frame(60, 3600, 22, 1860).assign(ward="A"),
            two_period_frame(30, 1000, 20, 1000).assign(ward="B"),
        ]
    )
    pooled = qi.ambition(df, by="ward", **KW).pooled().iloc[0]
    # RR_MH = Σ K₁E₀/T / Σ K₀E₁/T, T = E₀ + E₁
    num = 22 * 3600 / 5460 + 20 * 1000 / 2000
    den = 60 * 1860 / 5460 + 30 * 1000 / 2000
    assert pooled.rate_ratio == pytest.approx(num / den)
    var = (3600 * 1860 * 82 / 5460**2 + 1000 * 1000 * 50 / 2000**2) / (num * den)
    assert pooled.rate_ratio_upper == pytest.approx(
        num / den * np.exp(1.959964 * np.sqrt(var)), rel=1e-6
    )
    assert pooled.n_series == 2


def test_the_definition_is_kept():
    amb = qi.ambition(two_period_frame(60, 3600, 22, 1860), **KW)
    assert amb.definition.baseline == ("2021-01-01", "2021-01-01")
    assert amb.definition.change == -0.5
    # the ambition in words, the series and their verdicts, then the main columns
    text = repr(amb)
    assert text.startswith(
        "Ambition: a 50% reduction from the baseline (2021) by 2024; verdicts as of 2022."
    ), text
    assert "1 series: 1 " in text and "baseline_value" in text and "<pre>" not in text
    assert "<pre>" not in amb._repr_html_() and "<table" in amb._repr_html_()


def test_chart_has_the_baseline_frozen_and_the_target():
    df = qi.datasets.restrictive_practice(n_trusts=1)
    amb = qi.ambition(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        multiply=1000,
    )
    res = amb.chart()
    pts = res.points
    assert (pts.phase == "baseline").sum() == 12 * pts.ward.nunique()
    base = amb.summary().set_index("ward").target_value
    assert (pts.groupby("ward").target.first() == base).all()


# ------------------------------------------------------------------------ bad input


def test_bad_input():
    df = two_period_frame(60, 3600, 22, 1860)
    with pytest.raises(DataError, match="no series has data in the baseline"):
        qi.ambition(df, **{**KW, "baseline": ("2019-01-01", "2019-06-01")})
    with pytest.raises(ArgumentError, match="deadline='2020-01-01'"):
        qi.ambition(df, **{**KW, "deadline": "2020-01-01"})
    with pytest.raises(DataError, match="exposure 0"):
        qi.ambition(df.assign(days=[3600, 0]), **KW)
    for change in (-1, -1.5, 0, "half"):
        with pytest.raises(ArgumentError, match="change="):
            qi.ambition(df, **{**KW, "change": change})
    with pytest.raises(DataError, match="missing 'ward'"):
        qi.ambition(df.assign(ward=["A", None]), by="ward", **KW)
    with pytest.raises(ArgumentError, match="kind='median'"):
        qi.ambition(df, kind="median", **KW)


@pytest.mark.parametrize("kind", ["rate", "proportion"])
def test_overdispersion_is_near_one_for_plain_counts_and_above_for_extra_variation(kind):
    # Pearson χ²/df of the baseline periods has expectation 1 for Poisson (or binomial) counts
    rng = np.random.default_rng(5)
    n_series, periods = 400, 24
    df = pd.DataFrame(
        {
            "month": np.tile(pd.date_range("2020-01-01", periods=periods, freq="MS"), n_series),
            "g": np.repeat(np.arange(n_series), periods),
            "n": 200,
        }
    )
    if kind == "rate":
        plain = rng.poisson(20, len(df))
        extra = rng.poisson(rng.gamma(4, 5, len(df)))  # mean 20, variance 20 + 100
    else:
        plain = rng.binomial(200, 0.3, len(df))
        extra = rng.binomial(200, rng.beta(6, 14, len(df)))  # mean 0.3, extra variation
    kw = {
        "y": "y",
        "n": "n",
        "x": "month",
        "by": "g",
        "kind": kind,
        "change": -0.3,
        "baseline": ("2020-01-01", "2020-12-01"),
        "deadline": "2022-12-01",
    }
    phi_plain = qi.ambition(df.assign(y=plain), **kw).summary().overdispersion.mean()
    phi_extra = qi.ambition(df.assign(y=extra), **kw).summary().overdispersion.mean()
    assert phi_plain == pytest.approx(1.0, abs=0.05)
    assert phi_extra > 2


def test_mean_kind_by_hand():
    # length of stay: baseline 8, 10, 12 days (mean 10, sd 2); since then 6, 8, 7 (mean 7, sd 1)
    df = pd.DataFrame(
        {
            "month": pd.to_datetime(["2021-01-01"] * 3 + ["2022-01-01"] * 3),
            "los": [8.0, 10.0, 12.0, 6.0, 8.0, 7.0],
        }
    )
    amb = qi.ambition(
        df,
        y="los",
        x="month",
        kind="mean",
        baseline=("2021-01-01", "2021-01-01"),
        change=-0.25,
        deadline="2023-01-01",
    )
    s = amb.summary().iloc[0]
    t2 = stats.t.ppf(0.975, 2)
    assert (s.baseline_value, s.baseline_lower, s.baseline_upper) == pytest.approx(
        (10, 10 - t2 * 2 / np.sqrt(3), 10 + t2 * 2 / np.sqrt(3))
    )
    assert (s.current_lower, s.current_upper) == pytest.approx(
        (7 - t2 / np.sqrt(3), 7 + t2 / np.sqrt(3))
    )
    assert s.target_value == pytest.approx(7.5)
    assert s.rate_ratio == pytest.approx(0.7)
    # Fieller: (7 − 10R)² = t²(1/3 + 4R²/3), t on Welch's df at R = 0.7
    df_r = (1 / 3 + 0.49 * 4 / 3) ** 2 / ((1 / 3) ** 2 / 2 + (0.49 * 4 / 3) ** 2 / 2)
    tq = stats.t.ppf(0.975, df_r)
    roots = np.roots([100 - tq**2 * 4 / 3, -140, 49 - tq**2 / 3])
    assert (s.rate_ratio_lower, s.rate_ratio_upper) == pytest.approx(sorted(roots), rel=1e-9)
    # Welch: H0 m1 = m0, and m1 = 0.75 m0
    v1, v0 = 1 / 3, 4 / 3
    t_imp = (7 - 10) / np.sqrt(v1 + v0)
    df_imp = (v1 + v0) ** 2 / (v1**2 / 2 + v0**2 / 2)
    assert s.p_improved == pytest.approx(stats.t.cdf(t_imp, df_imp))
    var = v1 + 0.75**2 * v0
    t_met = (7 - 7.5) / np.sqrt(var)
    df_met = var**2 / (v1**2 / 2 + (0.75**2 * v0) ** 2 / 2)
    assert s.p_value_target == pytest.approx(stats.t.cdf(t_met, df_met))
    assert s.prob_target_met == pytest.approx(stats.t.cdf(-t_met, df_met))
    # 3 observations a side: cv 0.2, se = 0.2 · √(2/3) = 0.163; (1.96 + 0.84) · 0.163 = 0.46
    # > |ln 0.75| = 0.29
    assert s.verdict == "insufficient_data"
    with pytest.raises(ArgumentError, match="kind='mean' takes one measurement per row"):
        qi.ambition(
            df.assign(n=1),
            y="los",
            n="n",
            x="month",
            kind="mean",
            baseline=("2021-01-01", "2021-01-01"),
            change=-0.25,
            deadline="2023-01-01",
        )


def test_mean_kind_coverage_of_the_ratio():
    # 1,000 series of 12 + 12 months of 20 gamma-distributed stays with a true ratio of 0.8
    rng = np.random.default_rng(2)
    n_series, months, per = 1000, 24, 20
    t = pd.date_range("2021-01-01", periods=months, freq="MS")
    mu = np.where(np.arange(months) < 12, 10.0, 8.0)
    df = pd.DataFrame(
        {
            "g": np.repeat(np.arange(n_series), months * per),
            "month": np.tile(np.repeat(t, per), n_series),
            "los": rng.gamma(4, np.tile(np.repeat(mu, per), n_series) / 4),
        }
    )
    s = qi.ambition(
        df,
        y="los",
        x="month",
        by="g",
        kind="mean",
        baseline=("2021-01-01", "2021-12-01"),
        change=-0.25,
        deadline="2023-12-01",
    ).summary()
    cover = ((s.rate_ratio_lower <= 0.8) & (s.rate_ratio_upper >= 0.8)).mean()
    assert abs(cover - 0.95) < 3 * np.sqrt(0.95 * 0.05 / n_series) + 0.01


def test_jeffreys_probability_for_proportions_against_adaptive_quadrature():
    # P(p1/p0 <= rho) with p_i ~ Beta(k_i + 1/2, n_i - k_i + 1/2), by scipy's adaptive quad
    from scipy import integrate

    from qistats.ambition.intervals import beta_ratio_prob

    def integrand(p0, a0, b0, a1, b1, rho):
        return stats.beta.pdf(p0, a0, b0) * stats.beta.cdf(min(rho * p0, 1), a1, b1)

    cases = [(30, 50, 40, 50, 1.2), (3, 10, 6, 10, 1.5), (2000, 4000, 2300, 4000, 1.1)]
    for k0, e0, k1, e1, rho in cases:
        shape = (k0 + 0.5, e0 - k0 + 0.5, k1 + 0.5, e1 - k1 + 0.5, rho)
        ref = integrate.quad(integrand, 0, 1, args=shape, limit=200, points=[k0 / e0])[0]
        got = beta_ratio_prob(*(np.array([float(v)]) for v in (k0, e0, k1, e1, rho)), -1)[0]
        assert got == pytest.approx(ref, abs=1e-6)


def test_input_is_never_modified():
    df = qi.datasets.restrictive_practice(n_trusts=2).sample(frac=1.0, random_state=3)
    before = df.copy(deep=True)
    amb = qi.ambition(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by=["trust", "ward"],
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        multiply=1000,
    )
    amb.chart()
    pd.testing.assert_frame_equal(df, before)


def test_pooled_risk_ratio_for_proportions_by_hand():
    # two trusts, "felt safe" out of asked: Greenland-Robins variance for the risk ratio
    df = pd.concat(
        [
            two_period_frame(30, 50, 40, 50).assign(ward="A"),
            two_period_frame(20, 40, 30, 45).assign(ward="B"),
        ]
    )
    kw = {**KW, "change": 0.2, "kind": "proportion"}
    pooled = qi.ambition(df, by="ward", **kw).pooled().iloc[0]
    r = 40 * 50 / 100 + 30 * 40 / 85
    s_ = 30 * 50 / 100 + 20 * 45 / 85
    var = ((50 * 50 * 70 - 30 * 40 * 100) / 100**2 + (40 * 45 * 50 - 20 * 30 * 85) / 85**2) / (
        r * s_
    )
    assert pooled.rate_ratio == pytest.approx(r / s_)
    assert pooled.rate_ratio_lower == pytest.approx(
        r / s_ * np.exp(-1.959964 * np.sqrt(var)), rel=1e-6
    )


def test_projection_of_an_exact_exponential_decline():
    # numeric x: months 0..47; baseline 0..11 at 10 per 1,000; then the rate falls 3 % a month,
    # exactly: 10 · 0.97^(x − 11). Half the baseline is reached at x = 11 + ln 0.5 / ln 0.97.
    # (Events are whole counts: 10¹² exposure makes rounding them a 10⁻¹⁰ relative change.)
    x = np.arange(48)
    rate = np.where(x <= 11, 0.01, 0.01 * 0.97 ** (x - 11.0))
    df = pd.DataFrame({"m": x, "n": 1e12, "y": np.round(rate * 1e12)})
    s = (
        qi.ambition(df, y="y", n="n", x="m", baseline=(0, 11), change=-0.5, deadline=40)
        .summary()
        .iloc[0]
    )
    expected = 11 + np.log(0.5) / np.log(0.97)
    assert s.projection == "projected"
    assert s.projected_date == pytest.approx(expected, abs=1e-6)
    assert s.projected_lower < expected < s.projected_upper


def test_projection_of_a_linear_decline_in_means():
    # two measurements per month around a mean falling 0.1 a month from 10 (months 12 on):
    # the target 7.5 (−25 %) is reached at month 11 + 2.5 / 0.1 = 36
    x = np.repeat(np.arange(48), 2)
    mean = np.where(x <= 11, 10.0, 10.0 - 0.1 * (x - 11.0))
    df = pd.DataFrame({"m": x, "y": mean + np.tile([-0.5, 0.5], 48)})
    s = (
        qi.ambition(df, y="y", x="m", kind="mean", baseline=(0, 11), change=-0.25, deadline=40)
        .summary()
        .iloc[0]
    )
    assert s.projected_date == pytest.approx(36.0, abs=1e-9)


def test_too_few_events_to_tell_is_insufficient_data():
    # 5 events, then 3: log RR has se sqrt(1/5 + 1/3) = 0.73, so even a true 50 % fall would
    # be shown with 80 % power only if (1.645 + 0.842) · 0.73 <= |ln 0.5| = 0.69 — it is not
    s = qi.ambition(two_period_frame(5, 1000, 3, 1000), **KW).summary().iloc[0]
    assert s.verdict == "insufficient_data"
    # with 120 baseline events over 3,600 days and 1 comparison period of 3,600 days (60
    # expected at the target): se = √(1/120 + 1/60) = 0.158; 2.80 · 0.158 = 0.44 <= 0.69
    # — enough for the ambition, but a year after the baseline the trajectory (starting at
    # the first period after it) expects no change yet: too early to tell, unless the window
    # already shows a significant fall (44 against 120: exact conditional P(X ≤ 44),
    # X ~ Bin(164, ½), is far below 0.025; 110 against 120 is not)
    s = qi.ambition(two_period_frame(120, 3600, 110, 3600), **KW).summary().iloc[0]
    assert s.verdict == "insufficient_data"
    assert s.reason.startswith("too early to tell: the trajectory expects no change by now")
    assert stats.binom.cdf(110, 230, 0.5) > 0.025 > stats.binom.cdf(44, 164, 0.5)
    s = qi.ambition(two_period_frame(120, 3600, 44, 3600), **KW).summary().iloc[0]
    assert s.verdict == "on_track"
    # started at the baseline, the trajectory reaches the target at the start of the window
    # judged at the deadline (the yearly period of Jan 2024, 1,095 days on): it expects
    # 0.5^(365/1095) = 0.79 by Jan 2022:
    # se_w = √(1/1200 + 1/(1200 · 0.79)) = 0.043 and 2.80 · 0.043 = 0.12 <= |ln 0.79| = 0.23
    s = (
        qi.ambition(two_period_frame(1200, 3600, 440, 3600), start="2021-01-01", **KW)
        .summary()
        .iloc[0]
    )
    assert s.trajectory_change == pytest.approx((0.5 ** (365 / 1095) - 1) * 100)
    assert s.verdict == "on_track"


def test_shortfall_changes_are_both_of_the_proportion():
    # trial 8 B6: a proportion that rose from 60 % "fell 75 %" (its shortfall did) beside "the
    # trajectory expects a 15 % rise" (of the proportion). Trial 16: percent_change −38.5 of a
    # proportion that rose from 80 % to 87.7 % read as a fall in the summary. Both are now the
    # change of the proportion itself, as for target="relative" (the same data give the same
    # numbers), and the reason adds how much of the gap to 100 % that closes (the ratio of
    # shortfalls judged, in rate_ratio).
    # Compound trajectory T_t = p0 (T/p0)^s, s = (t − t0)/(t_r − t0) by time, t0 = Jan 2023
    # (the first period after the baseline), t_r = Jan 2024 (the window judged at the deadline
    # Dec 2024 starts there); window Jan-Jun 2023 as of Jun 2023, 100 asked a month
    months = pd.date_range("2022-01-01", "2023-06-01", freq="MS")
    yes = np.r_[np.full(12, 60), np.full(6, 90)]
    df = pd.DataFrame({"month": months, "yes": yes, "asked": 100})
    kw = dict(
        y="yes", n="asked", x="month", kind="proportion", change=0.5,
        baseline=("2022-01-01", "2022-12-01"), deadline="2024-12-01",
    )  # fmt: skip
    s = qi.ambition(df, target="shortfall", **kw).summary().iloc[0]
    p0, target = 0.6, 1 - 0.4 * 0.5
    t0, tr = pd.Timestamp("2023-01-01"), pd.Timestamp("2024-01-01")
    s_t = (months[12:] - t0) / (tr - t0)
    p_w = np.mean(p0 * (target / p0) ** s_t)
    assert s.percent_change == pytest.approx((0.9 / p0 - 1) * 100)  # +50 %
    assert s.rate_ratio == pytest.approx((1 - 0.9) / (1 - p0))  # the shortfall: 0.25
    assert s.trajectory_change == pytest.approx((p_w / p0 - 1) * 100)
    assert s.reason.startswith(
        "proportion in Jan 2023–Jun 2023 was 0.9 (a 50% relative rise on the baseline of 0.6, "
        "closing 75% of the gap to 100%; the trajectory expects a "
        f"{s.trajectory_change:.0f}% relative rise by now)"
    ), s.reason
    # a relative target on the same data: the same change of the proportion
    r = qi.ambition(df, target="relative", **{**kw, "change": 0.2}).summary().iloc[0]
    assert r.percent_change == pytest.approx(s.percent_change)
