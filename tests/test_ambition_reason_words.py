"""Ambition: the wording of the reasons (numbers as a board reads them)."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi


def _weak_wards():
    """80 wards of about 2 events a month, gamma-Poisson with φ from 1 to 2 by ward, judged six
    months into the window: every one "too few events" (the reason that quotes φ)."""
    rng = np.random.default_rng(3)
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    shape = np.repeat([1e6, 20.0, 5.0, 2.0], 20)[:, None]
    y = rng.poisson(2 * rng.gamma(shape, 1 / shape, (80, len(months))))
    d = pd.DataFrame(
        {
            "ward": np.repeat([f"W{i:02d}" for i in range(80)], len(months)),
            "month": np.tile(months, 80),
            "y": y.ravel(),
            "n": 1000,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.ambition(
            d,
            x="month",
            y="y",
            n="n",
            by="ward",
            baseline=("2021-04-01", "2022-03-01"),
            change=-0.3,
            deadline="2024-03-01",
            as_of="2022-09-01",
        ).summary()


def test_overdispersion_is_quoted_to_one_decimal_and_never_as_one():
    # φ̂ from the summary's own column, written by hand to one decimal: "1 times what chance
    # alone gives" (φ̂ = 1.03 at two significant digits) says nothing and is not written
    # (quoted only where the power check allowed for it, the warnings saying so: trial 19-2)
    s = _weak_wards()
    s = s[s.reason.str.startswith("too few events")]
    phi = s.overdispersion.to_numpy(float)
    allowed = s.warnings.str.contains("allow for it", regex=False).to_numpy()
    near_one = (phi > 1) & (phi < 1.05)
    assert near_one.sum() >= 3 and ((phi >= 1.05) & allowed).sum() >= 20  # the cases are covered
    assert ((phi >= 1.05) & ~allowed).sum() >= 3  # and φ̂ above 1 but not allowed for
    for value, used, reason in zip(phi, allowed, s.reason, strict=True):
        quoted = re.findall(r"variation ([\d.]+) times what chance alone gives", reason)
        if value >= 1.05 and used:
            assert quoted == [f"{value:.1f}"], (value, reason)
        else:
            assert "what chance alone gives" not in reason, (value, reason)
    assert not s.reason.str.contains(r"[^.\d]1 times").any()


def test_overdispersion_not_allowed_for_is_not_quoted():
    # trial 19-2: a ward of about 1 event a month with phi-hat 1.1, not significant (f = 1),
    # read "allowing for month-to-month variation 1.1 times what chance alone gives", as
    # under overdispersion=None, while its power check used Poisson variation alone; its
    # events_needed and interval are those of overdispersion=None (checked here)
    months = pd.date_range("2021-04-01", "2023-11-01", freq="MS")
    y = [0, 0, 0, 0, 2, 1, 3, 1, 1, 3, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 3, 0, 0, 0, 0]
    y += [0, 1, 1, 0]
    d = pd.DataFrame({"ward": "c", "month": months, "y": y, "n": 800})
    kw = dict(y="y", n="n", x="month", by="ward", change=-0.5, multiply=1000)
    kw |= dict(baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        auto, off = (
            qi.ambition(d, overdispersion=o, **kw).summary().iloc[0] for o in ("auto", None)
        )
    assert auto.overdispersion > 1.05 and "allow for it" not in auto.warnings
    assert auto.rate_ratio_upper == off.rate_ratio_upper  # nothing allowed for
    for row in (auto, off):
        assert row.reason.startswith("too few events"), row.reason
        assert "what chance alone gives" not in row.reason, row.reason


def _late_opener(first: str) -> pd.DataFrame:
    rng = np.random.default_rng(9)
    months = pd.date_range("2020-04-01", "2024-03-01", freq="MS")
    d = pd.DataFrame({"ward": "K", "month": months, "y": rng.poisson(20, months.size), "n": 1000.0})
    return d[d.month >= first]


KW = dict(
    y="y",
    n="n",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
)


def test_a_baseline_of_one_month_is_said_in_the_reason():
    # trial 8 C9: a ward that opened in March 2021 has one month of its twelve-month baseline
    # (by hand: Apr 2020 - Mar 2021 is 12 months; data from Mar 2021: 1; from Oct 2020: 6);
    # the window needs two thirds of its periods, the baseline is judged all the same
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.BaselineWarning)
        one = qi.ambition(_late_opener("2021-03-01"), **KW).summary().iloc[0]
        six = qi.ambition(_late_opener("2020-10-01"), **KW).summary().iloc[0]
        eight = qi.ambition(_late_opener("2020-08-01"), **KW).summary().iloc[0]
    assert one.reason.endswith(
        "; its baseline has data for only 1 of the 12 months of the baseline period, so the "
        "level it is compared with rests on that month"
    ), one.reason
    assert "only 1 baseline period (fewer than 12)" in one.warnings
    assert six.reason.endswith(
        "only 6 of the 12 months of the baseline period, so the level it is compared with "
        "rests on those months"
    ), six.reason
    assert "baseline has data for only" not in eight.reason  # 8 of 12: two thirds


def test_a_trajectory_that_expects_no_change_yet_is_not_told_from_no_change():
    # the trajectory starts in April 2023; judged in March 2023 it expects no change, so
    # "which … cannot yet tell from no change" asked nothing (trial 10, finding 4). By hand:
    # 12 months of 100 events over 1,000 bed days, then 12 of 95 (95 per 1,000, a 5 % fall);
    # given the 2,340 events, the window's 1,140 are binomial(2,340, ½) under no change, and
    # 1,140 or fewer has probability 0.11 (scipy.stats.binom.cdf(1140, 2340, 0.5)): not
    # significant, so nothing is shown yet either
    from scipy import stats

    assert 0.05 < stats.binom.cdf(1140, 2340, 0.5) < 0.2
    months = pd.date_range("2021-04-01", periods=24, freq="MS")
    d = pd.DataFrame({"month": months, "y": [100] * 12 + [95] * 12, "n": 1000.0})
    s = qi.ambition(
        d, x="month", y="y", n="n", baseline=("2021-04-01", "2022-03-01"), change=-0.5,
        deadline="2025-03-01", start="2023-04-01", multiply=1000, overdispersion=None,
    ).summary().iloc[0]  # fmt: skip
    assert s.verdict == "insufficient_data", s.reason
    assert s.reason.startswith(
        "too early to tell: the trajectory expects no change by now, and the rate in "
        "Apr 2022–Mar 2023 (95 per 1,000, a 5% fall on the baseline) shows no significant "
        "improvement yet, 0.95× the trajectory"
    ), s.reason
    assert "tell from no change" not in s.reason


def _quarters(end_dated: bool) -> pd.DataFrame:
    """Two wards of quarterly data, April 2021 to March 2024: A falls from 300 to 120 events a
    quarter over 3,000 bed days (100 to 40 per 1,000), B the same but stops after the quarter
    of April-June 2023."""
    q = pd.date_range("2021-04-01", periods=12, freq="QS-APR")
    if end_dated:
        q = q + pd.offsets.QuarterEnd(0)
    a = pd.DataFrame({"ward": "A", "q": q, "y": [300] * 4 + [120] * 8, "n": 3000.0})
    return pd.concat([a, a.iloc[:9].assign(ward="B")])


@pytest.mark.parametrize("end_dated", [False, True])
def test_quarters_are_named_by_the_months_they_hold(end_dated):
    # the window judged at the deadline is the four quarters April 2023 - March 2024, however
    # the quarters are dated (1 Apr 2023 ... 1 Jan 2024, or 30 Jun 2023 ... 31 Mar 2024); it
    # read "Apr 2023–Jan 2024" or "Jun 2023–Mar 2024" (trial 10, finding 5). B's last
    # quarter holds April-June 2023.
    s = qi.ambition(
        _quarters(end_dated), x="q", y="y", n="n", by="ward", baseline=("2021-04-01", "2022-03-01"),
        change=-0.5, deadline="2024-03-01", multiply=1000,
    ).summary().set_index("ward")  # fmt: skip
    assert s.loc["A", "reason"].startswith("rate in Apr 2023–Mar 2024 was 40 per 1,000"), s
    assert s.loc["B", "reason"].startswith("no data after Jun 2023 (as of Mar 2024): "), s
    early = qi.ambition(
        _quarters(end_dated), x="q", y="y", n="n", by="ward", baseline=("2021-04-01", "2022-03-01"),
        change=-0.5, deadline="2024-03-01", multiply=1000, as_of="2023-06-30",
    ).summary().set_index("ward")  # fmt: skip
    # as of the quarter April-June 2023: the last four quarters, July 2022 - June 2023
    assert "rate in Jul 2022–Jun 2023 was 40 per 1,000" in early.loc["A", "reason"], early
    assert "by Mar 2024" in early.loc["A", "reason"], early


def test_a_proportion_in_percent_is_quoted_with_percent_signs_and_no_baseline_is_said_so():
    # trial 11 D12: kind="proportion" with multiply=100 quoted "was 92.6, target 96.6"; a ward
    # with no baseline data was warned of "only 0 baseline periods (fewer than 12); only 0
    # baseline events (fewer than 40): wide intervals", though it has no interval at all.
    # Ward A: 90 of 100 a month in the baseline (months 1–12), 92 of 100 since; target a
    # shortfall (1 − p) halved: 1 − 0.1 × 0.5 = 95 %. Ward NEW opened after the baseline.
    m = np.arange(1, 25)
    a = pd.DataFrame({"ward": "A", "m": m, "y": np.where(m <= 12, 90.0, 92.0), "n": 100.0})
    new = pd.DataFrame({"ward": "NEW", "m": m[12:], "y": 92.0, "n": 100.0})
    with pytest.warns(qi.BaselineWarning, match="ward='NEW' has no usable data"):
        s = qi.ambition(
            pd.concat([a, new]), y="y", n="n", x="m", by="ward", kind="proportion",
            baseline=(1, 12), change=0.5, target="shortfall", deadline=24, multiply=100,
        ).summary().set_index("ward")  # fmt: skip
    assert "proportion in 13–24 was 92%, target 95%" in s.reason["A"], s.reason["A"]
    assert s.warnings["NEW"] == "no baseline data"
    assert "wide intervals" not in s.warnings["NEW"]


def test_a_ward_without_baseline_data_is_told_only_its_window_allows_for_overdispersion():
    # session 13 audit F5: a ward that opened after the baseline, its counts overdispersed, was
    # warned "overdispersion φ = 1.35: intervals, tests and the verdict allow for it" while its
    # tests, verdict and overdispersion column were missing; only its window's interval is
    # there and allows for φ̂. Months 13-24 alternate 2 and 18 events over 1,000 bed days
    # (mean 10, a month-to-month variance of 64 against a Poisson 10): φ̂ well above 1. By
    # hand, 120 events in 12,000 bed days: plain Garwood 95 % interval ½χ²(0.025; 240) = 99.5 to
    # ½χ²(0.975; 242) = 143.5 events, 8.29–11.96 per 1,000; allowing for φ̂ > 1 widens it.
    m = np.arange(1, 25)
    a = pd.DataFrame({"ward": "A", "m": m, "y": 10.0, "n": 1000.0})
    new = pd.DataFrame({"ward": "NEW", "m": m[12:], "y": [2.0, 18.0] * 6, "n": 1000.0})
    kw = dict(
        y="y", n="n", x="m", by="ward", baseline=(1, 12), change=-0.5, deadline=24,
        multiply=1000,
    )  # fmt: skip
    lo, hi = stats.chi2.ppf(0.025, 240) / 2 / 12, stats.chi2.ppf(0.975, 242) / 2 / 12
    assert lo == pytest.approx(8.29, abs=0.01) and hi == pytest.approx(11.96, abs=0.01)
    with pytest.warns(qi.BaselineWarning, match="ward='NEW' has no usable data"):
        s = qi.ambition(pd.concat([a, new]), **kw).summary().set_index("ward")
    phi = s.overdispersion["NEW"]
    assert phi > 1, s.overdispersion
    assert s.warnings["NEW"] == (
        f"no baseline data; overdispersion φ = {phi:.2f}: the window's interval allows for it"
    )
    assert s.current_lower["NEW"] < lo and s.current_upper["NEW"] > hi
    with pytest.warns(qi.BaselineWarning):
        plain = qi.ambition(pd.concat([a, new]), **kw, overdispersion=None).summary()
    got = plain.set_index("ward").loc["NEW", ["current_lower", "current_upper"]].to_numpy()
    np.testing.assert_allclose(got.astype(float), [lo, hi], rtol=1e-9)


def test_a_window_ahead_of_the_trajectory_is_called_ahead():
    # 100 events a month on 10,000 bed days in the baseline (months 1–12), then 35 a month
    # (a 65 % fall against a −50 % ambition by month 48); judged at month 24. The compound
    # trajectory expects 0.5^((m − 13)/24) there, about 0.77 over months 13–24: O/E about
    # 0.45, its interval wholly below 1, so trajectory_status is "ahead" and the reason says
    # so ("not clearly behind it" undersold a ward 0.45× the trajectory; trial 14 F18)
    m = np.arange(1, 25)
    df = pd.DataFrame({"m": m, "n": 10000.0, "y": np.where(m <= 12, 100, 35)})
    kw = {"y": "y", "n": "n", "x": "m", "baseline": (1, 12), "change": -0.5, "deadline": 48}
    s = qi.ambition(df, **kw).summary().iloc[0]
    assert s.trajectory_status == "ahead" and s.trajectory_upper < 1, s
    assert s.verdict == "on_track", s.reason
    assert ", ahead of it: on track" in s.reason and "not clearly behind" not in s.reason


def _weeks(first_day: str) -> pd.DataFrame:
    """Two wards' weekly events, 104 weeks from ``first_day``: A at 20 then 8 a week from
    week 27, B the same but its last 10 weeks missing (a ward that stopped reporting)."""
    weeks = pd.date_range(first_day, periods=104, freq="7D")
    y = np.where(np.arange(104) < 26, 20.0, 8.0)
    a = pd.DataFrame({"ward": "A", "wk": weeks, "y": y, "n": 2000.0})
    return pd.concat([a, a.assign(ward="B").iloc[:-10]], ignore_index=True)


def test_weeks_and_days_are_named_by_their_dates_not_their_months():
    """A window of one week read "rate in Dec 2024 was", and 26 weeks from 1 July to the week
    of 23 December "Jul 2024–Dec 2024", as if they were months (session 15); weeks are named
    by their dates as the funnel's title names them, and days by theirs."""
    d = _weeks("2023-01-02")  # Mondays
    weeks = d["wk"].unique()
    kw = dict(
        x="wk", y="y", n="n", by="ward", baseline=(weeks[0], weeks[25]), change=-0.5,
        deadline=weeks[-1], multiply=1000,
    )  # fmt: skip
    s = qi.ambition(d, **kw).summary().set_index("ward")
    assert s.loc["A", "reason"].startswith("rate in the weeks of 1 Jul–23 Dec 2024 was 4 per"), s
    assert s.loc["B", "reason"].startswith(
        "no data after the week of 14 Oct 2024 (as of the week of 23 Dec 2024): "
    ), s.loc["B", "reason"]
    one = qi.ambition(d, window=1, **kw).summary().set_index("ward")
    assert one.loc["A", "reason"].startswith("rate in the week of 23 Dec 2024 was 4 per"), one
    early = qi.ambition(d, as_of=weeks[60], **kw).summary().set_index("ward")
    assert "by the week of 23 Dec 2024" in early.loc["A", "reason"], early.loc["A", "reason"]
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    daily = pd.DataFrame(
        {"ward": "A", "day": days, "y": np.r_[np.full(30, 20.0), np.full(30, 8.0)]}
    )
    daily["n"] = 2000.0
    got = qi.ambition(
        daily, x="day", y="y", n="n", by="ward", baseline=(days[0], days[29]), change=-0.5,
        deadline=days[-1], multiply=1000, window=7,
    ).summary()  # fmt: skip
    assert got.reason.iloc[0].startswith("rate in 23–29 Feb 2024 was 4 per 1,000"), got.reason
