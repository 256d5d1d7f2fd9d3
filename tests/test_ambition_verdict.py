"""Ambition: the assessment window, the verdict and its order, the estimands, zero cells,
overdispersion, series independence and bad arguments (expected values by hand or scipy)."""

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special, stats

import qistats as qi
from qistats.ambition.intervals import koopman
from qistats.errors import ArgumentError, DataError, QIStatsError


def monthly(events, days=1000.0, start="2020-01-01", ward=None):
    """One series of monthly counts."""
    events = np.asarray(events, dtype=float)
    df = pd.DataFrame(
        {
            "month": pd.date_range(start, periods=events.size, freq="MS"),
            "events": events,
            "days": np.broadcast_to(days, events.shape).astype(float),
        }
    )
    if ward is not None:
        df.insert(0, "ward", ward)
    return df


KW = {
    "y": "events",
    "n": "days",
    "x": "month",
    "baseline": ("2020-01-01", "2020-12-01"),
    "change": -0.5,
    "deadline": "2022-12-01",
    "overdispersion": None,
}


# ------------------------------------------------------------------------ the window


def test_window_is_the_latest_stretch_as_long_as_the_baseline():
    # 12 baseline months at 20, then 8 months: 4 at 20 and 4 at 10. The window (12 periods by
    # default) holds all 8 months after the baseline; window=4 the last four.
    df = monthly(np.r_[np.full(12, 20), np.full(4, 20), np.full(4, 10)])
    s = qi.ambition(df, **KW).summary().iloc[0]
    assert s.window_periods == 8
    assert s.current_start == pd.Timestamp("2021-01-01")
    assert s.current_end == pd.Timestamp("2021-08-01")
    assert s.current_value == pytest.approx(120 / 8000)
    s = qi.ambition(df, window=4, **KW).summary().iloc[0]
    assert (s.window_periods, s.current_start) == (4, pd.Timestamp("2021-05-01"))
    assert s.current_value == pytest.approx(10 / 1000)
    assert not s.deadline_reached


def test_window_ends_at_the_deadline_once_the_data_reach_it():
    # 48 months: baseline 12 at 20, then 10 until the deadline (month 36), then 40 after it
    ev = np.r_[np.full(12, 20), np.full(24, 10), np.full(12, 40)]
    df = monthly(ev)
    s = qi.ambition(df, **KW).summary().iloc[0]
    assert s.deadline_reached
    assert (s.current_start, s.current_end) == (
        pd.Timestamp("2022-01-01"),
        pd.Timestamp("2022-12-01"),
    )
    assert s.current_value == pytest.approx(0.01)
    # observed level 10 per 1,000 at the target 10: met (on the target counts as met)
    assert s.verdict == "met"


def test_compare_is_an_explicit_window_and_is_checked():
    df = monthly(np.r_[np.full(12, 20), np.full(12, 10)])
    s = qi.ambition(df, compare=("2021-03-01", "2021-05-01"), **KW).summary().iloc[0]
    assert (s.window_periods, s.current_value) == (3, pytest.approx(0.01))
    for bad in [("2020-06-01", "2021-03-01"), ("2021-05-01", "2021-03-01"), 5, "2021-2022"]:
        with pytest.raises(ArgumentError, match="compare="):
            qi.ambition(df, compare=bad, **KW)
    num = df.assign(month=np.arange(24))
    kw = {**KW, "baseline": (0, 11), "deadline": 35}
    with pytest.raises(ArgumentError, match="compare='20-30'"):
        qi.ambition(num, compare="20-30", **kw)
    assert qi.ambition(num, compare=(20, 23), **kw).summary().window_periods.iloc[0] == 4


def test_a_compare_window_is_judged_by_the_deadline_on_the_data_up_to_its_end():
    # trial 12 A6: 2020 the baseline at 20 per 1,000, 2021-22 at 9, 2023-24 at 18; deadline
    # Dec 2023. A window after the deadline reported "no data in the assessment window (the
    # latest is" the deadline's month) beside 12 months of data; a window a year before the
    # deadline was "off_track" on a projection (15.3) fitted on the later months at 18
    df = monthly(np.r_[np.full(12, 20), np.full(24, 9), np.full(24, 18)])
    kw = {**KW, "deadline": "2023-12-01", "multiply": 1000}
    with pytest.raises(ArgumentError, match=r"ends after the deadline \('2023-12-01'\)"):
        qi.ambition(df, compare=("2024-01-01", "2024-12-01"), **kw)
    amb = qi.ambition(df, compare=("2022-01-01", "2022-12-01"), **kw)
    s = amb.summary()
    # judged as of Dec 2022, as as_of does: its default window is the same 12 months
    want = qi.ambition(df, as_of="2022-12-01", **kw).summary()
    pd.testing.assert_frame_equal(s, want)
    one = s.iloc[0]
    assert not one.deadline_reached and one.current_value == pytest.approx(9)
    # flat at 9 since the baseline: the pace carries 9 to the deadline, beyond the target 10
    assert one.deadline_projection == pytest.approx(9, rel=1e-6)
    assert one.verdict != "off_track"
    # the 24 months after the window (12 before the deadline, 12 after) are not used
    assert (amb.periods.period == "later").sum() == 24
    # a window ending at the deadline is judged there, on its own months
    s = qi.ambition(df, compare=("2023-01-01", "2023-12-01"), **kw).summary().iloc[0]
    assert s.deadline_reached and s.current_value == pytest.approx(18)
    assert s.verdict == "not_met"


def test_a_compare_window_ending_after_as_of_is_refused():
    df = monthly(np.r_[np.full(12, 20), np.full(36, 10)])
    with pytest.raises(ArgumentError, match="ends after as_of='2022-06-01'"):
        qi.ambition(df, compare=("2022-01-01", "2022-12-01"), as_of="2022-06-01", **KW)


# ------------------------------------------------------------------------ the verdict


def test_deadline_reached_judges_the_observed_level():
    # a constant 25 % fall against a 50 % ambition, with plenty of events: not met at the
    # deadline; a 60 % fall: met, and the interval clears the target
    for fall, verdict, clearly in [(0.25, "not_met", False), (0.6, "met", True)]:
        ev = np.r_[np.full(12, 200), np.full(36, 200 * (1 - fall))]
        s = qi.ambition(monthly(ev), **{**KW, "deadline": "2023-12-01"}).summary().iloc[0]
        assert s.verdict == verdict
        assert bool(s.clearly_met) is clearly
        assert verdict.replace("_", " ") in s.reason


def test_deadline_passed_is_judged_at_the_deadline():
    # deadline a year before the data end: the window is the 12 months ending at it
    ev = np.r_[np.full(12, 200), np.full(12, 150), np.full(12, 90), np.full(12, 200)]
    s = qi.ambition(monthly(ev), **{**KW, "deadline": "2022-12-01"}).summary().iloc[0]
    assert s.current_end == pd.Timestamp("2022-12-01")
    assert s.current_value == pytest.approx(0.09)
    assert s.verdict == "met"


def test_insufficient_data_comes_first():
    # 1 event against 1 event: the estimate "meets" the target but the data cannot tell
    df = monthly([1, 0], start="2020-12-01")
    s = qi.ambition(df, **{**KW, "deadline": "2021-01-01"}).summary().iloc[0]
    assert s.verdict == "insufficient_data"
    assert "too few events" in s.reason


def test_no_data_after_the_baseline_is_missing_and_insufficient():
    df = monthly(np.full(12, 20))
    s = qi.ambition(df, **KW).summary().iloc[0]
    assert s.verdict == "insufficient_data"
    assert s.window_periods == 0 and pd.isna(s.current_start)
    for col in ("current_value", "rate_ratio", "p_improved", "p_value_target", "prob_target_met"):
        assert np.isnan(s[col]), col
    assert "no data in the assessment window" in s.reason


def test_behind_the_trajectory_carries_the_baseline_uncertainty():
    # window: K₁ = 110 over 12 months with expected on the trajectory; baseline K₀ = 120 over
    # 12,000 days. Two-sample exact: K₁ | K₀ + K₁ ~ Bin(230, π), π = R/(E₀ + R) with R the
    # trajectory exposure Σ nₜTₜ/λ₀ (compound, reaching the target at Jan 2023, the first of
    # the 12 months judged at the deadline Dec 2023).
    ev = np.r_[np.full(12, 10), np.full(10, 9), 10, 10]  # whole events, 110 in the window
    df = monthly(ev)
    kw = {**KW, "deadline": "2023-12-01"}
    amb = qi.ambition(df, **kw)
    s = amb.summary().iloc[0]
    t = pd.date_range("2021-01-01", periods=12, freq="MS")
    frac = (t - t[0]) / (pd.Timestamp("2023-01-01") - t[0])
    rel = (1000 * 0.5 ** np.asarray(frac)).sum()
    pi_lo = stats.beta.ppf(0.025, 110, 120 + 1)
    assert s.trajectory_lower == pytest.approx(pi_lo / (1 - pi_lo) * 12000 / rel, rel=1e-6)
    assert s.trajectory_ratio == pytest.approx(110 / (rel * 0.01))
    # behind when the lower bound is above 1 (one-sided 2.5 %): here it is not
    assert (s.trajectory_status == "behind") == (s.trajectory_lower > 1)


# ------------------------------------------------------------------------ estimands


def test_absolute_target_is_judged_on_the_level():
    # K₁ = 48 over 12,000 days (4.0 per 1,000), target 5 per 1,000: P(λ₁ ≤ 5) under
    # Gamma(48.5, 12,000) and the one-sample exact test P(X ≤ 48 | Poisson(60))
    ev = np.r_[np.full(12, 10), np.full(12, 4)]
    s = qi.ambition(monthly(ev), target=5.0, multiply=1000, **KW).summary().iloc[0]
    assert s.prob_target_met == pytest.approx(special.gammainc(48.5, 0.005 * 12000))
    assert s.p_value_target == pytest.approx(stats.poisson.cdf(48, 60))
    assert s.prob_target_met > 0.9
    assert bool(s.clearly_met) == (s.current_upper < 5.0)


def test_shortfall_is_judged_on_the_failure_ratio():
    # 60 % felt safe of 100 at baseline, 85 of 100 since; close half the gap: target 80 %,
    # failure ratio (15/100)/(40/100) = 0.375 against 0.5
    df = pd.DataFrame(
        {"q": pd.to_datetime(["2021-01-01", "2022-01-01"]), "safe": [60, 85], "asked": [100, 100]}
    )
    kw = {
        "y": "safe",
        "n": "asked",
        "x": "q",
        "kind": "proportion",
        "target": "shortfall",
        "baseline": ("2021-01-01", "2021-01-01"),
        "change": 0.5,
        "deadline": "2023-01-01",
    }
    s = qi.ambition(df, **kw).summary().iloc[0]
    assert s.rate_ratio == pytest.approx(0.375)
    assert s.estimand.startswith("ratio of shortfalls")
    lo, hi = koopman(np.array([40.0]), np.array([100.0]), np.array([15.0]), np.array([100.0]), 0.05)
    assert (s.rate_ratio_lower, s.rate_ratio_upper) == pytest.approx((lo[0], hi[0]))
    # at the deadline: 85 % against the target 80 %, met; the reason quotes the failure ratio
    s = qi.ambition(df, **{**kw, "deadline": "2022-01-01"}).summary().iloc[0]
    assert s.verdict == "met" and "target ratio 0.5" in s.reason
    # a baseline of 100 % felt safe (no failures) is defined, not NaN
    s = qi.ambition(df.assign(safe=[100, 95]), **kw).summary().iloc[0]
    assert np.isfinite(s.p_improved) and np.isfinite(s.prob_target_met)


def test_absolute_target_for_means_is_a_one_sample_t_test():
    # baseline 8, 10, 12; since then 6, 8, 7 (mean 7, sd 1); absolute target 7.5:
    # t = (7 − 7.5)/(1/√3), 2 df; P(μ₁ ≤ 7.5) = F_t(−t; 2) under the flat-prior posterior
    df = pd.DataFrame(
        {
            "month": pd.to_datetime(["2021-01-01"] * 3 + ["2022-01-01"] * 3),
            "los": [8.0, 10.0, 12.0, 6.0, 8.0, 7.0],
        }
    )
    s = (
        qi.ambition(
            df,
            y="los",
            x="month",
            kind="mean",
            target=7.5,
            baseline=("2021-01-01", "2021-01-01"),
            change=-0.25,
            deadline="2023-01-01",
        )
        .summary()
        .iloc[0]
    )
    tstat = (7 - 7.5) / (1 / np.sqrt(3))
    assert s.p_value_target == pytest.approx(stats.t.cdf(tstat, 2))
    assert s.prob_target_met == pytest.approx(stats.t.cdf(-tstat, 2))
    assert not s.clearly_met  # upper bound 7 + 4.30/√3 = 9.5 is above 7.5


def test_koopman_interval_against_an_independent_computation():
    # the constrained maximum likelihood by numerical optimisation and the roots by brentq
    def chi2(x0, n0, x1, n1, th):
        def nll(p):
            return -(
                x0 * np.log(p)
                + (n0 - x0) * np.log1p(-p)
                + x1 * np.log(th * p)
                + (n1 - x1) * np.log1p(-th * p)
            )

        hi = min(1.0, 1.0 / th) - 1e-12
        p0 = optimize.minimize_scalar(
            nll, bounds=(1e-12, hi), method="bounded", options={"xatol": 1e-14}
        ).x
        p1 = th * p0
        return (x0 - n0 * p0) ** 2 / (n0 * p0 * (1 - p0)) + (x1 - n1 * p1) ** 2 / (
            n1 * p1 * (1 - p1)
        )

    crit = stats.chi2.ppf(0.95, 1)
    for x0, n0, x1, n1 in [(10, 50, 20, 50), (3, 10, 5, 10), (40, 200, 25, 180)]:
        est = np.log((x1 / n1) / (x0 / n0))

        def excess(v, cell=(x0, n0, x1, n1)):
            return chi2(*cell, np.exp(v)) - crit

        lo = np.exp(optimize.brentq(excess, -20, est))
        hi = np.exp(optimize.brentq(excess, est, 5))
        got = koopman(*(np.array([float(v)]) for v in (x0, n0, x1, n1)), 0.05)
        assert (got[0][0], got[1][0]) == pytest.approx((lo, hi), rel=1e-6)
    # zero cells: 0 of 40 now gives a lower bound of 0; 0 of 40 at baseline an infinite upper
    lo, hi = koopman(np.array([5.0, 0.0]), 40.0, np.array([0.0, 4.0]), 40.0, 0.05)
    assert lo[0] == 0 and np.isfinite(hi[0]) and hi[1] == np.inf and lo[1] > 0


def test_koopman_coverage_is_close_to_nominal():
    rng = np.random.default_rng(4)
    n, p0, p1 = 4000, 0.2, 0.12
    x0, x1 = rng.binomial(60, p0, n).astype(float), rng.binomial(60, p1, n).astype(float)
    lo, hi = koopman(x0, 60.0, x1, 60.0, 0.05)
    cover = ((lo <= p1 / p0) & (p1 / p0 <= hi)).mean()
    assert 0.94 <= cover <= 0.965, f"Koopman coverage {cover:.3f} (nominal 0.95)"


def test_zero_baseline_events_are_defined():
    # K₀ = 0, K₁ = 12 with equal exposures: for an increase, the exact conditional test is
    # P(X ≥ 12), X ~ Bin(12, ½); the Jeffreys probability is defined; the rate ratio's upper
    # bound is infinite
    ev = np.r_[np.zeros(12), np.full(12, 1)]
    s = qi.ambition(monthly(ev), **{**KW, "change": 0.5}).summary().iloc[0]
    assert s.p_improved == pytest.approx(0.5**12)
    assert np.isfinite(s.prob_target_met)
    assert s.rate_ratio_upper == np.inf and s.verdict == "insufficient_data"
    s = qi.ambition(monthly(ev), **KW).summary().iloc[0]  # a fall cannot be shown from 0
    assert s.p_improved == 1.0


# ------------------------------------------------------------------------ overdispersion


def poisson_trend_residuals(y, n, t):
    """Pearson residuals of counts around a Poisson log-linear trend in time ``t`` fitted by
    scipy (an independent maximum-likelihood fit)."""

    def nll(ab):
        eta = ab[0] + ab[1] * t + np.log(n)
        return np.sum(np.exp(eta) - y * eta)

    ab = optimize.minimize(
        nll,
        [np.log(y.sum() / n.sum()), 0.0],
        method="Nelder-Mead",
        options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000},
    ).x
    mu = np.exp(ab[0] + ab[1] * t + np.log(n))
    return (y - mu) / np.sqrt(mu), mu


def test_overdispersion_divides_the_counts():
    # baseline alternating 10 and 30 events per 1,000 days around its level 20: Pearson residuals
    # ±√5, so each of the 11 successive differences has d²/2 = (2√5)²/2 = 10: X̃²₀ = 110, K₀ =
    # 240; after it 12 months falling from 16 to 8 with noise, residuals around a log-linear
    # trend (scipy's fit), X̃²₁ = ½Σ(r_t − r_{t−1})² on 11 pairs. No step: the standardised
    # cumulative sums of the residuals around each stretch's level stay below 3.5. Each pair
    # is weighted by 1/(2 + (1/μₜ + 1/μₜ₋₁)/4), scaled to mean 1 over the 22 pairs (μ 20 in
    # the baseline, the trend after it), and ν₀, ν₁ are the stretches' weights summed. φ̂
    # solves ν₀K₀φ/(K₀ + φ − 1) + ν₁K₁φ/(K₁ + φ − 1) = X̃²₀ + X̃²₁ (the Dirichlet-multinomial
    # expectation), and f = φ̂ (t₀.₉₇₅(2ν/3)/z₀.₉₇₅)² (X̃² as a scaled χ² on 2ν/3)
    after = np.array([16, 17, 13, 15, 11, 14, 9, 12, 10, 7, 10, 8], dtype=float)
    ev = np.r_[np.tile([10, 30], 6), after]
    kw = {**KW, "overdispersion": "auto"}
    s = qi.ambition(monthly(ev), **kw).summary().iloc[0]
    days = pd.date_range("2021-01-01", periods=12, freq="MS").to_julian_date().to_numpy()
    r1, mu1 = poisson_trend_residuals(after, np.full(12, 1000.0), (days - days[0]) / 365.25)
    inv = 1 / np.r_[np.full(12, 20.0), mu1]
    w = 1 / (2 + (inv[1:] + inv[:-1]) / 4)
    w = np.delete(w, 11)  # months 12 and 13 are in different stretches: no pair
    w = w / w.mean()
    nu0, nu1 = w[:11].sum(), w[11:].sum()
    # residuals around a line fitted to 12 months keep 1 − 6/(12(12² − 1)) of the 11
    # differences' degrees of freedom (E[X̃²₁] = 10.96, not 11): ν₁ counts that share
    nu1 *= 1 - 6 / (12 * 143)
    x2 = np.sum(w[:11] * 10) + np.sum(w[11:] * np.diff(r1) ** 2 / 2)
    k1 = after.sum()
    phi = optimize.brentq(
        lambda f: nu0 * 240 * f / (239 + f) + nu1 * k1 * f / (k1 - 1 + f) - x2, 1.0, 100.0
    )
    assert s.overdispersion == pytest.approx(phi, rel=1e-6)
    df = 2 * (nu0 + nu1) / 3  # 14.64 (44/3 before the trend's share)
    assert x2 * 2 / 3 > stats.chi2.isf(0.25, df)  # shown: φ is allowed for
    f = phi * (stats.t.ppf(0.975, df) / stats.norm.ppf(0.975)) ** 2
    k0, k1, e = 240 / f, k1 / f, 12000 / f
    p = special.betainc(k0, k1 + 1, 0.5)  # P(X ≤ k₁), X ~ Bin(k₀ + k₁, ½): continuous
    assert s.p_improved == pytest.approx(p, rel=1e-5)
    a0, a1 = k0 + 0.5, k1 + 0.5
    expected = stats.f.cdf(0.5 * e * a0 / (e * a1), 2 * a1, 2 * a0)
    assert s.prob_target_met == pytest.approx(expected, rel=1e-5)
    plain = qi.ambition(monthly(ev), **KW).summary().iloc[0]
    assert plain.rate_ratio_upper - plain.rate_ratio_lower < s.rate_ratio_upper - s.rate_ratio_lower


def test_overdispersion_from_one_event_is_not_estimated():
    # a stretch with 0 or 1 events holds no information on φ (its X² is ν whatever φ is):
    # 1 baseline event and none after it, so φ̂ is missing and nothing is widened
    ev = np.r_[1, np.zeros(23)]
    s = qi.ambition(monthly(ev), **{**KW, "overdispersion": "auto"}).summary().iloc[0]
    assert np.isnan(s.overdispersion)
    plain = qi.ambition(monthly(ev), **KW).summary().iloc[0]
    assert s.baseline_upper == plain.baseline_upper


# ------------------------------------------------------------------------ series independence


def test_each_series_alone_equals_the_series_among_others():
    rng = np.random.default_rng(8)
    frames = [
        monthly(np.r_[np.zeros(12), rng.poisson(2, 12)], ward="A"),  # zero baseline events
        monthly(rng.poisson(20, 24), ward="B"),
        monthly(rng.poisson(15, 12), ward="C"),  # no data after the baseline
        monthly(np.r_[rng.poisson(8, 12), np.zeros(12)], ward="D"),  # zero events since
        monthly(rng.poisson(30, 24), ward="E"),
    ]
    frames[1].loc[15, "events"] = np.nan  # a missing value
    frames[4].loc[[5, 18], ["events", "days"]] = 0  # closed months: gaps
    kw = {**KW, "overdispersion": "auto"}
    together = qi.ambition(pd.concat(frames), by="ward", **kw)
    s_all = together.summary().set_index("ward")
    per_all = together.periods.set_index("ward")
    for f in frames:
        w = f.ward.iloc[0]
        alone = qi.ambition(f, by="ward", **kw)
        row = alone.summary().set_index("ward").loc[w]
        same = lambda r: r.astype(object).where(r.notna(), None)  # noqa: E731
        pd.testing.assert_series_equal(same(row), same(s_all.loc[w]), check_names=False)
        pd.testing.assert_frame_equal(
            alone.periods.set_index("ward").loc[[w]], per_all.loc[[w]], check_dtype=False
        )


def test_zero_exposure_with_zero_events_is_a_gap():
    ev = np.r_[np.full(12, 20), np.full(12, 10)]
    df = monthly(ev)
    df.loc[14, ["events", "days"]] = 0
    amb = qi.ambition(df, **KW)
    assert amb.summary().window_periods.iloc[0] == 11
    assert amb.periods.period.iloc[14] == "gap"
    with pytest.raises(DataError, match="exposure 0"):
        qi.ambition(df.assign(events=np.where(df.index == 14, 3.0, df.events)), **KW)


# ------------------------------------------------------------------------ arguments


@pytest.mark.parametrize(
    ("arg", "value"),
    [
        ("target", np.nan),
        ("target", True),
        ("target", 0),
        ("target", -2.0),
        ("target", "absolute"),
        ("start", "2023-06-01"),
        ("confidence", "0.95"),
        ("confidence", 1.5),
        ("multiply", "1000"),
        ("multiply", 0),
        ("trajectory", None),
        ("window", 0),
        ("window", 2.5),
        ("window", True),
        ("baseline", "2020"),
    ],
)
def test_bad_arguments_are_named(arg, value):
    df = monthly(np.r_[np.full(12, 20), np.full(12, 10)])
    with pytest.raises(QIStatsError, match=f"{arg}="):
        qi.ambition(df, **{**KW, arg: value})


def test_chart_phases_the_baseline_on_a_numeric_axis():
    # x as month numbers and as years: the baseline is the 12 points up to its last x
    df = monthly(np.r_[np.full(12, 20), np.full(12, 10)])
    for x in (np.arange(24), np.arange(2001, 2025)):
        num = df.assign(month=x)
        kw = {**KW, "baseline": (int(x[0]), int(x[11])), "deadline": int(x[-1]) + 5}
        pts = qi.ambition(num, **kw).chart().points
        assert (pts.phase == "baseline").sum() == 12
        assert pts.phase.iloc[11:13].tolist() == ["baseline", "after"]


# ------------------------------------------------------------------------ simulations


def _simulate(n_wards, months, rate, exposure, seed, **kw):
    rng = np.random.default_rng(seed)
    m = np.arange(months)
    df = pd.DataFrame(
        {
            "g": np.repeat(np.arange(n_wards), months),
            "m": np.tile(m, n_wards),
            "n": float(exposure),
            "y": rng.poisson(np.tile(rate(m) * exposure, n_wards)),
        }
    )
    args = {"y": "y", "n": "n", "x": "m", "by": "g", "baseline": (0, 11), "change": -0.5}
    return qi.ambition(df, **{**args, "deadline": 47, **kw}).summary()


def test_simulated_error_rates_of_the_verdict():
    base = 0.02

    def on_path(m):  # exactly on the compound trajectory: from month 12 to the target at
        # month 36, the first of the 12 months judged at the deadline (47)
        return np.where(m <= 11, base, base * 0.5 ** np.clip((m - 12) / 24, 0, 1))

    for months in (24, 36):
        s = _simulate(1500, months, on_path, 1000, months)
        off = (s.verdict == "off_track").mean()
        assert off <= 0.08, f"on the trajectory, {months - 12} months in: off_track {off:.3f}"
    s = _simulate(1500, 48, lambda m: np.where(m <= 11, base, 0.75 * base), 1000, 3)
    missed = (s.verdict == "not_met").mean()
    assert missed >= 0.95, f"constant 25% fall at the deadline: not_met {missed:.3f}"
    s = _simulate(1500, 48, lambda m: np.full(m.shape, 0.3e-3), 1000, 5)
    met = (s.verdict == "met").mean()
    assert met <= 0.05, f"0.3 events a month, no change: met {met:.3f}"


def test_few_events_but_a_conclusive_interval_is_an_answer_not_insufficient_data():
    # baseline 3 a month, window 3.5 a month (up 17 %): too few events to have shown a 50 %
    # fall with 80 % power, but the exact interval of the rate ratio excludes 0.5
    events = np.r_[np.full(24, 3.0), np.full(6, 3.0), np.full(6, 4.0)]  # to the deadline
    res = qi.ambition(monthly(events), **KW).summary().iloc[0]
    k0, k1 = 36.0, 42.0
    # Clopper-Pearson for the share of events in the window, as a ratio of equal exposures
    lo = stats.beta.ppf(0.025, k1, k0 + 1)
    ratio_lo = lo / (1 - lo)
    assert ratio_lo > 0.5 and res.rate_ratio_lower == pytest.approx(ratio_lo, rel=1e-9)
    assert res.verdict == "not_met", res.reason
    # the detectable change and the verdict agree: a 50 % fall is within what could be shown
    # only when the verdict was not "insufficient" for want of power
    se = np.sqrt(1 / k0 + 1 / (k0 * 0.5))  # expected window events if the target were met
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert res.detectable_change == pytest.approx(-(1 - np.exp(-z * se)) * 100, rel=1e-9)
    assert res.detectable_change < -50  # so the data alone could not have shown the change
