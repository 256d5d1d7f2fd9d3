"""Wording of targets, limits and windows: a scalar target quoted as given, percentage limits
and targets at 100, a C chart target of zero, a zero baseline's rate ratio, a window named by
its calendar span, and ``as_of`` on a mixed board. Every expected text is written by hand from
the data in the test (the numbers are worked out in the comments)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import DateWarning, TargetWarning

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


# (a) ---------------------------------------------------------------- TargetWarning


@pytest.mark.parametrize("improvement", ["neutral", None])
def test_target_warning_quotes_a_scalar_target_as_given(improvement):
    rng = np.random.default_rng(2)
    n = rng.integers(250, 320, 24)
    df = pd.DataFrame({"month": MONTHS, "hf": rng.binomial(n, 0.94), "pts": n})
    with pytest.warns(TargetWarning) as seen:
        res = qi.spc(
            df,
            y="hf",
            n="pts",
            x="month",
            chart="xmr",
            multiply=100,
            rules="mdc",
            improvement=improvement,
            target=95,
        )
    assert [str(w.message) for w in seen] == [
        f"target=95 without an improvement direction for the series "
        f"(improvement={improvement!r}): assurance (pass, fail or hit_or_miss) needs to know "
        "which side of the target is better, so the summary's assurance is empty. Give "
        "improvement='increase' (higher is better) or 'decrease' (lower is better)."
    ]
    assert res.params["target"] == 95  # the argument as given, not 24 copies


# (b), (c) --------------------------------------------------------------- board sentences


def percent_board(target, values=None):
    # 99, 95, 98, 96 repeated, the last 96 made 97: mean (6 × 388 + 1) / 24 = 97.0417;
    # moving ranges 4, 3, 2 in each cycle and 3 between cycles, the last 1 (not 2):
    # (6 × 9 + 5 × 3 − 1) / 23 = 68 / 23 = 2.9565 (none screened: 3.267 × 2.96 = 9.7);
    # limits 97.0417 ∓ 2.66 × 2.9565: 89.18 and 104.91
    v = 97 + np.tile([2.0, -2.0, 1.0, -1.0], 6)
    v[-1] = 97.0
    if values is not None:
        v = values
    d = pd.DataFrame({"measure": "hf", "month": MONTHS, "value": v})
    ms = pd.DataFrame(
        {"measure": ["hf"], "unit": ["%"], "improvement": ["increase"], "target": [target]}
    )
    return qi.board(d, ms, x="month", y="value").table().iloc[0]


def test_a_percentage_limit_beyond_100_is_said_as_100():
    row = percent_board(98)
    assert row.ucl == pytest.approx(97 + 1 / 24 + 2.66 * 68 / 23)  # the table keeps it
    assert row.reason == (
        "Common cause variation: the latest point shows no special cause; the target of 98% "
        "is within the limits (89.2% to 100%), so it will be met some months and missed in "
        "others."
    )


def test_a_target_of_100_percent_is_at_the_highest_possible_value():
    assert percent_board(100).reason.endswith(
        "the target of 100% is at the upper limit, the highest possible value (limits 89.2% "
        "to 100%), so it will be met some months and missed in others."
    )


def test_a_percentage_with_values_above_100_keeps_its_limits():
    # a bed occupancy of 101 % in one month is no percentage of a whole: limits as they are
    v = 97 + np.tile([2.0, -2.0, 1.0, -1.0], 6)
    v[-1], v[0] = 97.0, 101.0  # mean + 2 / 24; ranges: the first 4 becomes 6 (+2)
    row = percent_board(98, v)
    ucl = 97 + 3 / 24 + 2.66 * 70 / 23  # 97.125 + 8.096 = 105.22; the LCL 89.03
    assert row.ucl == pytest.approx(ucl)
    assert "(89.0% to 105.2%)" in row.reason  # one decimal for both (the UCL is over 100)


def test_a_c_chart_target_of_zero_is_at_the_lower_limit_the_lowest_possible_value():
    # 24 months of 1, 0, 2, 1 cases: mean 1, UCL 1 + 3 × 1 = 4, LCL 1 − 3 < 0, so 0
    d = pd.DataFrame({"measure": "cdiff", "month": MONTHS, "value": np.tile([1, 0, 2, 1], 6)})
    ms = pd.DataFrame(
        {"measure": ["cdiff"], "chart": ["c"], "improvement": ["decrease"], "target": [0]}
    )
    row = qi.board(d, ms, x="month", y="value").table().iloc[0]
    assert (row.lcl, row.ucl) == (0, 4)
    assert row.reason == (
        "Common cause variation: the latest point shows no special cause; the target of 0 is "
        "at the lower limit, the lowest possible value (limits 0 to 4), so it will be met "
        "some months and missed in others."
    )


# (d), (e) --------------------------------------------------------------------- ambition


def test_a_zero_baseline_has_a_missing_rate_ratio_not_infinity():
    months = pd.date_range("2021-01-01", periods=36, freq="MS")
    d = pd.DataFrame(
        {"ward": "Z", "month": months, "events": np.r_[np.zeros(24), np.ones(12)], "days": 1e3}
    )
    s = qi.ambition(
        d,
        y="events",
        n="days",
        x="month",
        by="ward",
        baseline=("2021-01-01", "2021-12-01"),
        change=-0.5,
        deadline="2023-12-01",
        overdispersion=None,
    ).summary()
    # 12 events over 12,000 days against 0 over 12,000: the ratio is infinite
    assert np.isnan(s.rate_ratio.iloc[0]) and np.isnan(s.percent_change.iloc[0])
    assert s.rate_ratio_upper.iloc[0] == np.inf and np.isfinite(s.rate_ratio_lower.iloc[0])
    assert s.verdict.iloc[0] == "insufficient_data"


def test_a_window_whose_first_month_is_blank_is_named_by_its_calendar_span():
    months = pd.date_range("2021-07-01", periods=30, freq="MS")
    ash = np.full(30, 20.0)
    ash[12] = np.nan  # Jul 2022, the window's first month
    d = pd.concat(
        [
            pd.DataFrame({"ward": "Ash", "month": months, "events": ash, "days": 1000.0}),
            pd.DataFrame({"ward": "Birch", "month": months, "events": 20.0, "days": 1000.0}),
        ]
    )
    s = qi.ambition(
        d,
        y="events",
        n="days",
        x="month",
        by="ward",
        baseline=("2021-07-01", "2022-06-01"),
        change=-0.5,
        deadline="2024-03-01",
        as_of="2023-06-01",
        multiply=1000,
        overdispersion=None,
    ).summary()
    # the window is the 12 months after the baseline up to as_of: Jul 2022 to Jun 2023;
    # Ash has 11 of them (20 a month over 1,000 days: 20 per 1,000)
    reasons = dict(zip(s.ward, s.reason, strict=True))
    assert reasons["Ash"].startswith(
        "rate in Jul 2022–Jun 2023 (11 of 12 months with data) was 20 per 1,000"
    ), reasons["Ash"]
    assert reasons["Birch"].startswith("rate in Jul 2022–Jun 2023 was 20 per 1,000")
    assert str(s.set_index("ward").current_start["Ash"].date()) == "2022-08-01"


# (f) ----------------------------------------------------------------------- board as_of


def mixed():
    months = pd.date_range("2022-04-01", "2023-09-01", freq="MS")
    weeks = pd.date_range("2022-04-04", "2023-09-25", freq="W-MON")  # Mondays
    return pd.concat(
        [
            pd.DataFrame({"measure": "falls", "x": months, "value": 10.0 + np.arange(18) % 5}),
            pd.DataFrame(
                {"measure": "beds", "x": weeks, "value": 90.0 + np.arange(len(weeks)) % 7}
            ),
        ]
    )


def test_as_of_a_month_start_on_a_mixed_board_names_the_week_used():
    ms = pd.DataFrame({"measure": ["falls", "beds"]})
    with pytest.warns(DateWarning) as seen:
        t = qi.board(mixed(), ms, x="x", y="value", as_of="2023-09-01").table()
    # 1 Sep 2023 is a Friday: the last week begun by then is Monday 28 Aug
    assert [str(w.message) for w in seen] == [
        "as_of='2023-09-01', the first day of September 2023, on a board of monthly and "
        "weekly measures: a row is used once its period has begun, so the monthly measures "
        "include Sep 2023 while the weekly ones ('beds') end with the week of 28 Aug 2023, "
        "and none of September's later weeks is used. For September's board with every week "
        "of it, give as_of='2023-09-30', its last day."
    ]
    latest = dict(zip(t.measure, t.latest_x.astype(str), strict=True))
    assert latest == {"falls": "2023-09-01", "beds": "2023-08-28"}


def test_as_of_the_month_end_takes_every_week_without_a_warning():
    ms = pd.DataFrame({"measure": ["falls", "beds"]})
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = qi.board(mixed(), ms, x="x", y="value", as_of="2023-09-30").table()
    latest = dict(zip(t.measure, t.latest_x.astype(str), strict=True))
    assert latest == {"falls": "2023-09-01", "beds": "2023-09-25"}
