"""Ambition on degenerate wards: no numpy warning reaches the user (pytest turns warnings into
errors), and the statistics that are undefined are missing, with a reason."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError

KW = {
    "x": "month",
    "baseline": ("2020-01-01", "2020-12-01"),
    "change": -0.5,
    "deadline": "2022-12-01",
}


def counts(events, days, start="2020-01-01"):
    events = np.asarray(events, dtype=float)
    return pd.DataFrame(
        {
            "month": pd.date_range(start, periods=events.size, freq="MS"),
            "events": events,
            "days": np.broadcast_to(np.asarray(days, dtype=float), events.shape),
        }
    )


@pytest.mark.parametrize("kind", ["rate", "proportion"])
@pytest.mark.parametrize("overdispersion", ["auto", None])
def test_one_row_ward(kind, overdispersion):
    # one baseline month only: nothing after it
    df = counts([3], [100])
    s = (
        qi.ambition(df, y="events", n="days", kind=kind, overdispersion=overdispersion, **KW)
        .summary()
        .iloc[0]
    )
    assert s.verdict == "insufficient_data" and "no data in the assessment window" in s.reason
    assert np.isnan(s.current_value) and np.isnan(s.rate_ratio)
    assert s.baseline_value == pytest.approx(0.03)


@pytest.mark.parametrize("kind", ["rate", "proportion"])
def test_zero_baseline_events(kind):
    # K₀ = 0: the relative target is 0, the ratio infinite or undefined; insufficient. The
    # infinite ratio is reported missing, as its percent_change (session 17 F9: inf landed
    # in CSV and Excel); its interval keeps its open upper end
    df = counts(np.r_[np.zeros(12), np.full(12, 2)], 100)
    s = qi.ambition(df, y="events", n="days", kind=kind, **KW).summary().iloc[0]
    assert s.verdict == "insufficient_data"
    assert s.baseline_value == 0 and s.target_value == 0
    assert np.isnan(s.rate_ratio) and np.isnan(s.percent_change)
    assert s.rate_ratio_upper == np.inf


def test_every_patient_a_success():
    # 100 % in the baseline and after it: shortfall target (close half the gap) is already met;
    # the failure ratio 0/0 is undefined, so the data are insufficient, and nothing warns
    df = counts(np.full(24, 40), 40)
    s = (
        qi.ambition(
            df, y="events", n="days", kind="proportion", target="shortfall", **{**KW, "change": 0.5}
        )
        .summary()
        .iloc[0]
    )
    assert s.baseline_value == 1 and s.current_value == 1 and s.target_value == 1
    assert s.verdict == "insufficient_data"
    assert s.baseline_upper == 1 and s.current_upper == 1


def test_empty_window_as_of_before_any_data_after_the_baseline():
    # as_of a month after the baseline, but the ward's next row is later: an empty window
    df = counts(np.r_[np.full(12, 20), np.full(6, 10)], 1000)
    df = df[(df.month <= "2020-12-01") | (df.month >= "2021-04-01")]
    s = qi.ambition(df, y="events", n="days", as_of="2021-02-01", **KW).summary().iloc[0]
    assert s.window_periods == 0 and s.verdict == "insufficient_data"
    assert np.isnan(s.p_improved) and np.isnan(s.prob_target_met)


def test_one_comparison_period_of_means():
    # length of stay: 12 baseline months of 3 stays, then one month of one stay
    rng = np.random.default_rng(3)
    months = pd.date_range("2020-01-01", periods=12, freq="MS")
    df = pd.DataFrame({"month": np.repeat(months, 3), "los": rng.gamma(4, 2, 36)})
    df = pd.concat([df, pd.DataFrame({"month": [pd.Timestamp("2021-01-01")], "los": [5.0]})])
    s = qi.ambition(df, y="los", kind="mean", **KW).summary().iloc[0]
    assert s.window_periods == 1 and s.current_value == 5.0
    assert np.isnan(s.current_lower)  # one observation: no spread, no interval
    assert s.verdict == "insufficient_data"
    # one-row means ward
    s = qi.ambition(df.iloc[:1], y="los", kind="mean", **KW).summary().iloc[0]
    assert s.verdict == "insufficient_data"


@pytest.mark.parametrize("target", [0, -1.0, 0.0])
def test_target_at_or_below_zero_is_refused(target):
    df = counts(np.full(24, 20), 1000)
    with pytest.raises(ArgumentError, match=f"target={target!r}"):
        qi.ambition(df, y="events", n="days", target=target, **KW)


def test_a_ward_with_no_measurement_at_all_only_gets_the_baseline_warning():
    # means: ward B's rows are all missing (found by the fuzz: a NoDataWarning leaked from the
    # SPC view behind the assurance); only the BaselineWarning naming B reaches the user
    rng = np.random.default_rng(4)
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    a = pd.DataFrame({"ward": "A", "month": np.repeat(months, 2), "los": rng.gamma(4, 2, 48)})
    b = pd.DataFrame({"ward": "B", "month": months, "los": np.nan})
    with pytest.warns(qi.BaselineWarning, match="B") as caught:
        s = qi.ambition(pd.concat([a, b]), y="los", by="ward", kind="mean", **KW).summary()
    assert [w.category for w in caught] == [qi.BaselineWarning]
    assert s.verdict.iloc[1] == "insufficient_data"


def test_reasons_write_large_numbers_with_thousands_separators():
    # 20 events a month on 1,000 days, per million days: 20,000 in the baseline; half that
    # after it, so the window's rate is 10,000 and the target (a 50 % fall) 10,000
    df = counts([20] * 12 + [10] * 24, [1000] * 36)
    res = qi.ambition(df, y="events", n="days", multiply=1_000_000, **KW)
    reason = res.summary()["reason"].iloc[0]
    assert "10,000" in reason and "e+" not in reason


def test_a_ward_alone_equals_the_same_ward_among_all_49_to_the_last_bit():
    # trial 7 C2: the trend fit iterated every series until the last one converged, so a
    # ward's φ̂ (and what follows from it) moved in the last bits with the other wards in the
    # call (CAS3 0.6510111868344276 among all, ...182 alone; HAR6's rate_ratio_lower too), and
    # Spark's buckets gave other bits than pandas
    df = qi.datasets.restrictive_practice()
    kw = dict(
        y="restraints", n="bed_days", x="month", by="ward", multiply=1000,
        baseline=("2020-04-01", "2021-03-01"), change=-0.5, deadline="2024-03-01",
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        together = qi.ambition(df, **kw).summary().set_index("ward")
        for ward in ("CAS3", "FEN2", "GRE2", "HAR6"):
            alone = qi.ambition(df[df.ward == ward], **kw).summary().set_index("ward")
            pd.testing.assert_frame_equal(alone, together.loc[[ward]], check_exact=True)


def test_a_ward_without_data_after_the_baseline_has_the_same_assurance_alone_and_among_others():
    # session 13 audit F4: its assurance (no point of the SPC view after the baseline) was
    # None in an object column alone and NaN in a str column beside a ward that has one
    # (pandas 3 reads strings with a None as str); qi.spc's summary keeps assurance as object
    # with None, and so does the ambition's, however many wards are in the call
    months = pd.date_range("2021-04-01", periods=36, freq="MS")
    a = pd.DataFrame({"ward": "A", "month": months, "events": [5.0] * 12 + [3.0] * 24})
    b = pd.DataFrame({"ward": "B", "month": months[:12], "events": 5.0})
    df = pd.concat([a, b], ignore_index=True).assign(days=1000.0)
    kw = dict(
        y="events", n="days", x="month", by="ward", baseline=("2021-04-01", "2022-03-01"),
        change=-0.5, deadline="2024-03-01", as_of="2024-03-01",
    )  # fmt: skip
    with pytest.warns(qi.NoDataWarning, match="ward='B'"):
        spc = qi.spc(df, y="events", n="days", x="month", by="ward", chart="u").summary()
    together = qi.ambition(df, **kw).summary()
    alone = qi.ambition(df[df.ward == "B"], calendar=months, **kw).summary()
    assert together.assurance.dtype == alone.assurance.dtype == spc.assurance.dtype == object
    assert together.assurance.iloc[1] is None and alone.assurance.iloc[0] is None
    pd.testing.assert_frame_equal(alone, together.iloc[[1]].reset_index(drop=True))


def test_a_twelve_month_baseline_is_not_warned_about_trial_limits():
    # trial 7 C2: every 12-month baseline was warned "SPC limits are trial limits (fewer than
    # 20)", a threshold used nowhere else; the chart (amb.chart()) marks its own trial limits
    df = qi.datasets.restrictive_practice()
    df = df[df.ward.isin(["BRI3", "CAS2"])]
    kw = dict(
        y="restraints", n="bed_days", x="month", by="ward", change=-0.5,
        deadline="2024-03-01", multiply=1000,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        year = qi.ambition(df, baseline=("2020-04-01", "2021-03-01"), **kw)
        half = qi.ambition(df, baseline=("2020-04-01", "2020-09-01"), **kw)
    assert not year.summary().warnings.str.contains("trial limits|fewer than 20").any()
    said = half.summary().warnings
    assert said.str.contains("only 6 baseline periods (fewer than 12)", regex=False).all()


def test_a_ward_with_data_in_under_two_thirds_of_the_window_is_not_judged():
    # trial 7 B7: a ward that closed after Sep 2023 was "not_met" at a March 2024 deadline on
    # its last 6 months; with 9 of 12 months it is still judged
    months = pd.date_range("2020-04-01", "2024-03-01", freq="MS")
    rng = np.random.default_rng(3)
    frames = []
    for ward, last in (("Dale", "2023-09-01"), ("Elm", "2023-12-01"), ("Fir", "2024-03-01")):
        m = months[months <= last]
        frames.append(
            pd.DataFrame({"ward": ward, "month": m, "y": rng.poisson(20, m.size), "n": 1000.0})
        )
    df = pd.concat(frames, ignore_index=True)
    kw = dict(
        y="y", n="n", x="month", by="ward", baseline=("2020-04-01", "2021-03-01"),
        change=-0.5, deadline="2024-03-01",
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        s = qi.ambition(df, **kw).summary().set_index("ward")
        before = qi.ambition(df, as_of="2024-02-01", **kw).summary().set_index("ward")
    assert s.window_periods.tolist() == [6, 9, 12]
    assert s.loc["Dale", "verdict"] == "insufficient_data"
    assert s.loc["Dale", "reason"] == (
        "no data after Sep 2023 (as of Mar 2024): data for only 6 of the 12 periods of the "
        "assessment window: too few to judge (two thirds are needed)"
    )
    assert s.loc["Elm", "verdict"] in ("met", "not_met")  # 9 of 12: judged
    assert s.loc["Fir", "verdict"] in ("met", "not_met")
    # before the deadline the same rule: Dale has 7 of the 12 months to February 2024
    assert before.loc["Dale", "window_periods"] == 7
    assert before.loc["Dale", "verdict"] == "insufficient_data"


def test_a_ward_reporting_every_other_month_covers_the_window_with_half_its_periods():
    # trial 8 B2: a ward whose every row holds two months (dated at the second) among monthly
    # wards has 6 rows in the 12-month window; they cover it, so it is judged (here, with
    # no change at 40 events a month, "not_met"), as alone with the monthly calendar; one
    # that also stopped after Sep 2023 (3 rows, 6 months) is still too thin to judge
    months = pd.date_range("2020-04-01", "2024-03-01", freq="MS")
    rng = np.random.default_rng(4)
    monthly = pd.DataFrame({"ward": "Ash", "month": months, "y": rng.poisson(40, 48), "n": 1e3})
    two = months[1::2]
    every_other = pd.DataFrame({"ward": "Bay", "month": two, "y": rng.poisson(80, 24), "n": 2e3})
    closed = every_other[every_other.month <= "2023-09-01"].assign(ward="Cob")
    df = pd.concat([monthly, every_other, closed], ignore_index=True)
    kw = dict(
        y="y", n="n", x="month", by="ward", baseline=("2020-04-01", "2021-03-01"),
        change=-0.5, deadline="2024-03-01",
    )  # fmt: skip
    s = qi.ambition(df, **kw).summary().set_index("ward")
    alone = qi.ambition(every_other, calendar=months, **kw).summary().set_index("ward")
    assert s.loc["Bay", "window_periods"] == 6
    assert s.loc["Bay", "verdict"] == alone.loc["Bay", "verdict"] == "not_met"
    assert s.loc["Bay", "rate_ratio"] == alone.loc["Bay", "rate_ratio"]
    assert s.loc["Cob", "verdict"] == "insufficient_data"
    assert "data for only 3 of the 12 periods" in s.loc["Cob", "reason"]


def test_a_ward_that_closed_before_the_window_says_when_its_data_end():
    # trial 8 B6: data to Feb 2023, two years after the baseline, none in the window (Apr
    # 2023 - Mar 2024): the reason named "none after the baseline"
    months = pd.date_range("2020-04-01", "2024-03-01", freq="MS")
    df = pd.DataFrame({"ward": "Ash", "month": months, "y": 20, "n": 1000.0})
    df = pd.concat([df, df[df.month <= "2023-02-01"].assign(ward="Bay")], ignore_index=True)
    s = qi.ambition(
        df, y="y", n="n", x="month", by="ward", baseline=("2020-04-01", "2021-03-01"),
        change=-0.5, deadline="2024-03-01",
    ).summary().set_index("ward")  # fmt: skip
    assert s.loc["Bay", "verdict"] == "insufficient_data"
    assert s.loc["Bay", "reason"] == "no data in the assessment window (the latest is Feb 2023)"


def test_a_relative_target_above_100_percent_leaves_that_ward_unjudged_and_the_others_judged():
    # trial 8 B2: +10 % of a 93 % baseline is 102 %: that ward cannot be judged; the call
    # went down for all 3 wards with an ArgumentError
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    rng = np.random.default_rng(2)
    frames = [
        pd.DataFrame({"ward": w, "month": months, "yes": rng.binomial(60, p, 36), "n": 60})
        for w, p in (("A", 0.93), ("B", 0.6), ("C", 0.5))
    ]
    df = pd.concat(frames, ignore_index=True)
    kw = dict(
        y="yes", n="n", x="month", by="ward", kind="proportion", change=0.1,
        baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01",
    )  # fmt: skip
    base_a = df[(df.ward == "A") & (df.month < "2022-04-01")].yes.sum() / (12 * 60)
    assert base_a * 1.1 > 1
    with pytest.warns(qi.TargetWarning, match=r"above 100 % for 1 series \(ward='A' \("):
        s = qi.ambition(df, **kw).summary().set_index("ward")
    others = qi.ambition(df[df.ward != "A"], **kw).summary().set_index("ward")
    assert s.loc["A", "verdict"] == "insufficient_data"
    assert s.loc["A", "reason"].startswith(
        f"a 10% increase of its baseline {100 * base_a:.3g}% is above 100%: use target='shortfall'"
    )
    assert np.isnan(s.loc["A", "target_value"]) and np.isnan(s.loc["A", "prob_target_met"])
    pd.testing.assert_frame_equal(s.loc[["B", "C"]], others)
    # in percent (multiply=100) the baseline is quoted the same, and the level in percent
    with pytest.warns(qi.TargetWarning):
        pct = qi.ambition(df, multiply=100, **kw).summary().set_index("ward")
    assert pct.loc["A", "reason"] == s.loc["A", "reason"].replace(
        f"was {s.loc['A', 'current_value']:.3g}", f"was {100 * s.loc['A', 'current_value']:.3g}%"
    )


def test_monthly_dates_on_different_days_are_read_as_their_months():
    # trial 8 A1: one ward's extract dated on month ends, one row dated 29 February, or every
    # month dated on its last working day: the calendar fell back to the distinct dates, so
    # every ward's baseline and window lost months (all five "insufficient_data", or windows
    # of 11 months), without a word. The answers must be those of the data dated on the 1st
    df = qi.datasets.restrictive_practice()
    df = df[df.trust == "Brindley"].reset_index(drop=True)
    kw = dict(
        y="restraints", n="bed_days", x="month", by="ward", change=-0.5, multiply=1000,
        baseline=("2020-04-01", "2021-03-01"), deadline="2024-03-01",
    )  # fmt: skip
    cols = ["verdict", "window_periods", "baseline_value", "rate_ratio", "prob_target_met"]
    want = qi.ambition(df, **kw).summary().set_index("ward")[cols]
    month_end = df.month + pd.offsets.MonthEnd(0)
    working = pd.Series([pd.offsets.BMonthEnd().rollforward(d) for d in df.month], index=df.index)
    variants = {
        "one ward on month ends": df.month.where(df.ward != "BRI2", month_end),
        "one row on 29 February": df.month.where(
            ~((df.ward == "BRI2") & (df.month == "2024-02-01")), pd.Timestamp("2024-02-29")
        ),
        "last working days": working,
    }
    for name, month in variants.items():
        got = qi.ambition(df.assign(month=month), **kw).summary().set_index("ward")[cols]
        pd.testing.assert_frame_equal(got, want, obj=name)


def test_reasons_name_the_period_and_a_young_window():
    # trial 8 C1, C5, C9: quarterly data spoke of "month-to-month variation"; three months
    # after the baseline "too few events" did not say that the window is three months old;
    # "only 1 baseline periods"
    df = qi.datasets.restrictive_practice()
    df = df[df.trust == "Brindley"]
    kw = dict(
        y="restraints", n="bed_days", x="month", by="ward", change=-0.5, multiply=1000,
        baseline=("2020-04-01", "2021-03-01"), deadline="2024-03-01",
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        young = qi.ambition(df, as_of="2021-06-01", **kw).summary()
    weak = young.reason[young.reason.str.startswith("too few events")]
    assert len(weak) and weak.str.endswith("; the window has 3 of its 12 months so far").all()
    quarters = df.assign(q=df.month.dt.to_period("Q").dt.to_timestamp())
    quarters = quarters.groupby(["ward", "q"], as_index=False)[["restraints", "bed_days"]].sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        s = qi.ambition(quarters, as_of="2022-01-01", **{**kw, "x": "q"}).summary()
    said = " ".join(s.reason)
    assert "month-to-month" not in said and "quarter-to-quarter variation" in said
    late = df[~((df.ward == "BRI5") & (df.month < "2021-03-01"))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        w = qi.ambition(late, **kw).summary().set_index("ward").warnings
    assert w["BRI5"].startswith("only 1 baseline period (fewer than 12)")


def test_one_ward_judged_with_the_whole_datas_calendar_on_different_days_as_among_the_others():
    # a ward judged alone with calendar= every x of the whole data (as qistats.spark.ambition
    # judges each bucket): the whole data's x hold two dates in some months (1st and month
    # end), which must not turn the calendar into distinct dates for that ward alone
    df = qi.datasets.restrictive_practice()
    df = df[df.trust == "Brindley"].reset_index(drop=True)
    df["month"] = df.month.where(df.ward != "BRI2", df.month + pd.offsets.MonthEnd(0))
    kw = dict(
        y="restraints", n="bed_days", x="month", by="ward", change=-0.5, multiply=1000,
        baseline=("2020-04-01", "2021-03-01"), deadline="2024-03-01",
    )  # fmt: skip
    cols = ["verdict", "window_periods", "baseline_value", "rate_ratio", "prob_target_met"]
    whole = qi.ambition(df, **kw).summary().set_index("ward")[cols]
    for ward in ("BRI1", "BRI2"):
        alone = qi.ambition(df[df.ward == ward], calendar=df.month.drop_duplicates().tolist(), **kw)
        pd.testing.assert_frame_equal(
            alone.summary().set_index("ward")[cols], whole.loc[[ward]], obj=ward
        )
