"""Three results of qi.spc that said nothing about themselves (session 11): a target without an
improvement direction (no assurance), a freeze too short for any limits, and series without a
value in the latest period of the data. Expected values are worked by hand in the comments."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=14, freq="MS")
# 10, 12, 10, 12, …: mean 11, every moving range 2 (none screened: 2 < 3.267 x 2), so the XmR
# limits are 11 -/+ 2.66 x 2 = 5.68 and 16.32; the I chart's 11 -/+ 3 x 2 / 1.128
ZIGZAG = pd.DataFrame({"month": MONTHS, "falls": [10, 12] * 7})


def _record(fn):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out = fn()
    return out, seen


def _said(seen, category):
    return [str(w.message) for w in seen if issubclass(w.category, category)]


# ------------------------------------------------ 1. a target without an improvement direction


def test_a_target_without_a_direction_warns_that_assurance_needs_one():
    res, seen = _record(lambda: qi.spc(ZIGZAG, y="falls", x="month", chart="xmr", target=20))
    assert res.summary()["assurance"].isna().all()
    (said,) = _said(seen, qi.TargetWarning)
    assert said.startswith("target=20 without an improvement direction for the series"), said
    assert "(improvement=None)" in said
    assert "improvement='increase'" in said and "'decrease'" in said


def test_with_a_direction_the_same_target_gets_its_assurance_and_no_warning():
    # the target 20 is above the upper limit 16.32: lower is better, so it is always met
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.TargetWarning)
        down = qi.spc(ZIGZAG, y="falls", x="month", chart="xmr", target=20, improvement="decrease")
        up = qi.spc(ZIGZAG, y="falls", x="month", chart="xmr", target=20, improvement="increase")
    assert down.summary()["ucl"].iloc[0] == pytest.approx(11 + 2.66 * 2)
    assert down.summary()["assurance"].tolist() == ["pass"]
    assert up.summary()["assurance"].tolist() == ["fail"]


def test_only_the_series_without_a_direction_are_named():
    two = pd.concat([ZIGZAG.assign(ward="Ash"), ZIGZAG.assign(ward="Oak")], ignore_index=True)
    res, seen = _record(
        lambda: qi.spc(
            two, y="falls", x="month", by="ward", chart="xmr", target=20,
            improvement={"Ash": "decrease"},
        )
    )  # fmt: skip
    assert res.summary()["assurance"].tolist() == ["pass", None]
    (said,) = _said(seen, qi.TargetWarning)
    assert " for ward='Oak' (neutral or not named in improvement)" in said, said
    assert "Ash" not in said


def test_qicharts2_style_charts_draw_the_target_without_a_warning():
    # rules other than Making Data Count's: the target is a line to draw (as qicharts2's
    # target=), carried into points; with a direction it still gives the assurance
    res, seen = _record(lambda: qi.spc(ZIGZAG, y="falls", x="month", chart="i", target=20))
    assert not _said(seen, qi.QIStatsWarning)
    assert (res.points["target"] == 20).all()
    assert res.summary()["assurance"].isna().all()
    directed = qi.spc(ZIGZAG, y="falls", x="month", chart="i", target=20, improvement="decrease")
    assert directed.summary()["ucl"].iloc[0] == pytest.approx(11 + 3 * 2 / 1.128)
    assert directed.summary()["assurance"].tolist() == ["pass"]


def test_a_run_chart_has_no_limits_so_no_assurance_to_ask_a_direction_for():
    _, seen = _record(lambda: qi.spc(ZIGZAG, y="falls", x="month", target=20))
    assert not _said(seen, qi.TargetWarning)


def test_the_board_says_it_in_its_table_instead():
    data = ZIGZAG.assign(measure="falls")
    measures = pd.DataFrame({"measure": ["falls"], "target": [20]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.TargetWarning)
        table = qi.board(data, measures, x="month", y="falls").table()
    assert table["assurance"].isna().all()
    assert "not assessed, as the measure has no improvement direction" in table["reason"].iloc[0]


# --------------------------------------------------------- 2. a freeze too short for limits


@pytest.mark.parametrize("chart", ["i", "xmr", "mr"])
def test_freeze_1_on_a_chart_of_moving_ranges_is_refused(chart):
    # one point has no moving range: sigma, and so the limits, cannot be computed
    with pytest.raises(qi.QIStatsError, match=r"freeze=1: .*moving ranges, which need 2"):
        qi.spc(ZIGZAG, y="falls", x="month", chart=chart, freeze=1)


def test_freeze_2_gives_trial_limits_from_one_moving_range():
    # baseline 10, 12: mean 11, one moving range of 2: limits 11 -/+ 2.66 x 2
    res, seen = _record(lambda: qi.spc(ZIGZAG, y="falls", x="month", chart="xmr", freeze=2))
    s = res.summary()
    assert (s["lcl"].iloc[0], s["ucl"].iloc[0]) == pytest.approx((5.68, 16.32))
    assert s["short_phase"].tolist() == [True]
    (said,) = _said(seen, qi.ShortPhaseWarning)
    assert said.startswith("1 of 1 phase has fewer than 13 observed points"), said
    assert "its limits are trial limits" in said


def test_freeze_1_on_a_count_chart_gives_limits():
    # a C chart's sigma is sqrt(cl): the first count, 10, gives 10 -/+ 3 sqrt(10)
    res = qi.spc(ZIGZAG, y="falls", x="month", chart="c", freeze=1)
    s = res.summary()
    assert (s["lcl"].iloc[0], s["ucl"].iloc[0]) == pytest.approx(
        (10 - 3 * np.sqrt(10), 10 + 3 * np.sqrt(10))
    )


def test_a_board_measure_frozen_on_one_point_is_refused():
    data = ZIGZAG.assign(measure="falls")
    measures = pd.DataFrame({"measure": ["falls"], "freeze": [1]})
    with pytest.raises(qi.QIStatsError, match=r"'freeze' of measure 'falls' is 1: .* need 2"):
        qi.board(data, measures, x="month", y="falls")


def test_a_phase_of_one_point_is_said_to_have_no_limits_not_trial_limits():
    res, seen = _record(
        lambda: qi.spc(ZIGZAG, y="falls", x="month", chart="xmr", phase=[MONTHS[-1]])
    )
    s = res.summary()
    assert s["lcl"].isna().tolist() == [False, True] and s["short_phase"].tolist() == [False, True]
    (said,) = _said(seen, qi.ShortPhaseWarning)
    assert said.startswith(
        "1 of 2 phases has too few observed points for any limits (the first: the series, "
        "phase 2, 1 point): no limits"
    ), said
    assert "trial limits" not in said


def test_trial_and_bare_phases_are_told_apart():
    # phases of 10 and 3 points (trial limits, from 9 and 2 moving ranges) and of 1 (none)
    res, seen = _record(
        lambda: qi.spc(ZIGZAG, y="falls", x="month", chart="xmr", phase=[MONTHS[10], MONTHS[13]])
    )
    assert res.summary()["lcl"].isna().tolist() == [False, False, True]
    (said,) = _said(seen, qi.ShortPhaseWarning)
    assert re.search(r"^3 of 3 phases have fewer than 13 .* their limits are trial limits\. "
                     r"1 of them has too few for any limits \(the first: the series, phase 3, "
                     r"1 point\)", said), said  # fmt: skip


# ------------------------------------------- 3. series without a value in the latest period


def _wards() -> pd.DataFrame:
    """Four wards, January 2023 to February 2024; Birch has no row for February and Elm a
    blank one: the latest period with a value is February 2024, which they lack."""
    wards = ("Ash", "Birch", "Elm", "Oak")
    rows = [(w, m, 10 + i % 3) for w in wards for i, m in enumerate(MONTHS)]
    data = pd.DataFrame(rows, columns=["ward", "month", "falls"]).astype({"falls": float})
    data = data[~((data.ward == "Birch") & (data.month == MONTHS[-1]))]
    data.loc[(data.ward == "Elm") & (data.month == MONTHS[-1]), "falls"] = np.nan
    return data.reset_index(drop=True)


def test_series_without_a_value_in_the_latest_period_are_named():
    res, seen = _record(lambda: qi.spc(_wards(), y="falls", x="month", by="ward", chart="i"))
    (said,) = _said(seen, qi.NoDataWarning)
    assert said.startswith(
        "2 of 4 series have no value in the latest period of the data (month=2024-02-01): "
        "ward='Birch'; ward='Elm'. Their summary (variation, assurance) describes their latest "
        "value, an earlier period"
    ), said
    # the summary is theirs up to January: 13 observed points each
    n = res.summary().set_index("ward")["n_points"]
    assert n.to_dict() == {"Ash": 14, "Birch": 13, "Elm": 13, "Oak": 14}


def test_the_board_marks_the_same_series_stale():
    data = _wards().assign(measure="falls")
    table = qi.board(data, pd.DataFrame({"measure": ["falls"]}), x="month", y="falls", by="ward")
    assert table.table().set_index("ward")["stale"].to_dict() == {
        "Ash": False,
        "Birch": True,
        "Elm": True,
        "Oak": False,
    }


def test_a_month_dated_on_its_last_day_is_the_same_period():
    # Ash's months dated at their ends, Oak's at their starts: both have February 2024
    data = _wards()
    data = data[data.ward.isin(["Ash", "Oak"])].copy()
    ash = data.ward == "Ash"
    data.loc[ash, "month"] = data.loc[ash, "month"] + pd.offsets.MonthEnd(0)
    _, seen = _record(lambda: qi.spc(data, y="falls", x="month", by="ward", chart="i"))
    assert not _said(seen, qi.NoDataWarning)


def test_events_are_no_periods():
    # a G chart's x are events: a unit whose last event is older is not behind
    data = pd.DataFrame(
        {"unit": ["A"] * 5 + ["B"] * 5, "day": [1, 5, 9, 14, 20, 2, 4, 8, 11, 13],
         "between": [3, 4, 3, 5, 6, 1, 3, 4, 2, 1]}
    )  # fmt: skip
    _, seen = _record(lambda: qi.spc(data, y="between", x="day", by="unit", chart="g"))
    assert not _said(seen, qi.NoDataWarning)
