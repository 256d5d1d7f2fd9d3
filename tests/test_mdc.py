"""Making Data Count: the XmR chart, variation labels, assurance and phase suggestions."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError


def test_xmr_limits_use_2_66_literally():
    # y = 2, 4, 3, 5: mean 3.5, MR̄ = 5/3; limits 3.5 ± 2.66 · 5/3; 2σ line at 2/3 of the way
    res = qi.spc(pd.DataFrame({"y": [2.0, 4, 3, 5]}), y="y", chart="xmr")
    p = res.points.iloc[0]
    assert p.ucl == pytest.approx(3.5 + 2.66 * 5 / 3)
    assert p.lcl == pytest.approx(3.5 - 2.66 * 5 / 3)
    assert p.ucl_2s == pytest.approx(3.5 + 2 / 3 * 2.66 * 5 / 3)
    # the I chart is qicharts2's 3/1.128 = 2.6596
    i = qi.spc(pd.DataFrame({"y": [2.0, 4, 3, 5]}), y="y", chart="i").points.iloc[0]
    assert i.ucl == pytest.approx(3.5 + 3 / 1.128 * 5 / 3)


def flat_then(values):
    """13 points alternating 9, 11 (mean 10, MR̄ 2) followed by ``values``, as a frame."""
    return pd.DataFrame({"y": [9.0, 11.0] * 6 + [10.0] + list(values)})


@pytest.mark.parametrize(
    ("improvement", "expected"),
    [("increase", "improvement_high"), ("decrease", "concern_high"), (None, "neutral_high")],
)
def test_variation_of_a_high_point(improvement, expected):
    df = flat_then([30.0])
    res = qi.spc(df, y="y", chart="xmr", rules="mdc", improvement=improvement, freeze=13)
    assert res.points.variation.iloc[-1] == expected
    assert res.points.variation.iloc[0] == "common_cause"
    assert res.summary().variation.iloc[0] == expected  # the phase's last point


def test_improvement_first_against_rule_order():
    # baseline 0, 1, 0, 1, ... (mean 0.5, MR̄ 1, LCL 0.5 − 2.66 = −2.16); then −40, −15, −14,
    # …, −10: the point −40 is below the LCL (concern when higher is better) and starts a rising
    # trend of 7 (improvement). MDC guidance shows improvement; NHSRplotthedots' rule order
    # (outside limits first) shows concern.
    df = pd.DataFrame({"y": [0.0, 1.0] * 10 + [-40.0, -15, -14, -13, -12, -11, -10]})
    kw = {"y": "y", "chart": "xmr", "improvement": "increase", "freeze": 20}
    first = qi.spc(df, rules=qi.rules.mdc(), **kw).points
    by_order = qi.spc(df, rules=qi.rules.mdc(precedence="rule_order"), **kw).points
    assert first.outside_limits.iloc[20] and first.trend.iloc[20]
    assert first.variation.iloc[20] == "improvement_high"
    assert by_order.variation.iloc[20] == "concern_low"


@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("increase", 4.0, "pass"),  # target below the LCL: always met
        ("increase", 20.0, "fail"),  # above the UCL: never met
        ("increase", 10.5, "hit_or_miss"),
        ("decrease", 4.0, "fail"),
        ("decrease", 20.0, "pass"),
        (None, 5.0, None),  # no direction, no assurance
    ],
)
def test_assurance(improvement, target, expected):
    # 9, 11, …, 9, 11, 10: mean 10, MR̄ = (11 · 2 + 1) / 12; limits 10 ± 2.66 · 23/12 = 10 ± 5.10
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        res = qi.spc(flat_then([]), y="y", chart="xmr", target=target, improvement=improvement)
    # no direction: a TargetWarning says why the assurance is missing
    told = [w for w in seen if w.category is qi.TargetWarning]
    assert len(told) == (improvement is None)
    a = res.summary().assurance.iloc[0]
    assert a == expected if expected else a is None


def test_assurance_uses_strict_inequalities():
    res = qi.spc(flat_then([]), y="y", chart="xmr", improvement="increase")
    lcl = res.points.lcl.iloc[-1]
    on_limit = qi.spc(flat_then([]), y="y", chart="xmr", improvement="increase", target=lcl)
    assert on_limit.summary().assurance.iloc[0] == "hit_or_miss"


def test_assurance_only_on_the_latest_phase_and_targets_per_series():
    df = pd.concat(
        [
            flat_then([]).assign(ward="A"),
            flat_then([]).assign(ward="B"),
            flat_then([]).assign(ward="C"),
        ]
    )
    df["t"] = df.groupby("ward").cumcount() + 1
    res = qi.spc(
        df,
        y="y",
        x="t",
        by="ward",
        chart="xmr",
        improvement="increase",
        phase=[8],
        target={"A": 5.0, "B": 20.0},
        min_points=0,  # phase 2 has 6 points: its assurance is withheld by default
    )
    s = res.summary()
    assert s.assurance.tolist() == [None, "pass", None, "fail", None, None]  # C has no target
    assert res.points.target.isna().sum() == 13  # C


def test_target_dict_may_name_series_without_data_this_month():
    # a unit with no data this month: a row with a missing y, or no row at all (its key is
    # then ignored, as NHSRplotthedots does, with a warning in case it is a typo)
    df = pd.concat([flat_then([]).assign(ward="A"), pd.DataFrame({"ward": ["Z"], "y": [np.nan]})])
    with pytest.warns(qi.NoDataWarning, match="ward='Z'"):
        res = qi.spc(
            df, y="y", by="ward", chart="xmr", target={"Z": 1.0, "A": 5.0}, improvement="increase"
        )
    s = res.summary().set_index("ward")
    assert res.points.query("ward == 'A'").target.eq(5.0).all()
    assert s.loc["A", "assurance"] is not None and s.loc["Z", "assurance"] is None
    with pytest.warns(qi.NoDataWarning, match="the key 'Z' is not a series of by='ward'"):
        res = qi.spc(flat_then([]).assign(ward="A"), y="y", by="ward", target={"Z": 1.0, "A": 5.0})
    assert res.points.target.eq(5.0).all()


def test_improvement_must_be_a_direction():
    with pytest.raises(ArgumentError, match="improvement='up'"):
        qi.spc(flat_then([]), y="y", improvement="up")


def test_suggest_phases_proposes_a_sustained_shift_without_applying_it():
    # 24 months alternating 9.5, 10.5 (mean 10), then 14 months around 6: 14 below the mean
    y = np.r_[[9.5, 10.5] * 12, [5.8, 6.2] * 7]
    df = pd.DataFrame({"month": pd.date_range("2021-01-01", periods=38, freq="MS"), "y": y})
    res = qi.spc(df, y="y", x="month", chart="xmr", rules="mdc", freeze=24)
    prop = res.suggest_phases()
    assert len(prop) == 1
    row = prop.iloc[0]
    assert row.month == pd.Timestamp("2023-01-01")
    assert (row.rule, row.n_points, row.side) == ("shift", 14, "below")
    assert "14 points in a row below" in row.evidence
    assert res.summary().phase.tolist() == [1]  # nothing was applied
    # a shorter run is no proposal
    assert res.suggest_phases(min_length=15).empty


@pytest.mark.parametrize("later", ["one_run", "broken_runs"])
def test_suggest_phases_proposes_the_change_point_when_the_run_opens_the_phase(later):
    # a new-user trial: 12 months at about 9 then 29 at about 20 (the rate doubled in month
    # 13); the first 12 points are a flagged run below the mean, and the proposal was their
    # first point, a phase that changes nothing. By hand the change point is month 13.
    after = np.tile([19.0, 21.0, 18.5, 21.5, 24.0], 6)[:29]
    if later == "broken_runs":  # a dip below the mean every 8 points: no later run of 12
        after[7::8] = 15.0
    y = np.r_[[8.5, 9.5] * 6, after]
    df = pd.DataFrame({"month": pd.date_range("2021-04-01", periods=41, freq="MS"), "y": y})
    res = qi.spc(df, y="y", x="month", chart="xmr", rules="mdc")
    prop = res.suggest_phases()
    assert prop.month.tolist() == [pd.Timestamp("2022-04-01")]  # said once
    row = prop.iloc[0]
    if later == "broken_runs":
        assert (row.rule, row.n_points, row.side) == ("shift", 12, "below")
        assert "the phase opens with 12 points in a row below" in row.evidence
    else:
        assert (row.rule, row.n_points, row.side) == ("shift", 29, "above")
    # applied, the proposal splits the two levels
    split = qi.spc(df, y="y", x="month", chart="xmr", rules="mdc", phase=[row.month])
    assert split.summary().cl.tolist() == pytest.approx([9.0, np.mean(after)])


# ------------------------------------------------- improvement per series, xmr defaults


def three_wards():
    """Wards A, B, C: 13 flat points then one high point (30), each."""
    one = flat_then([30.0])
    return pd.concat([one.assign(ward=w) for w in "ABC"], ignore_index=True)


def alone(ward, improvement):
    one = flat_then([30.0])
    return qi.spc(one, y="y", chart="xmr", freeze=13, improvement=improvement).points.variation


@pytest.mark.parametrize(
    "improvement",
    [
        {"A": "increase", "B": "decrease", "C": "neutral"},
        "direction",
    ],
)
def test_improvement_per_series_equals_each_series_alone(improvement):
    df = three_wards()
    df["direction"] = df.ward.map({"A": "increase", "B": "decrease", "C": None})
    res = qi.spc(df, y="y", by="ward", chart="xmr", freeze=13, improvement=improvement)
    for ward, direction in [("A", "increase"), ("B", "decrease"), ("C", None)]:
        ours = res.points.variation[res.points.ward == ward].reset_index(drop=True)
        assert ours.tolist() == alone(ward, direction).tolist()
    assert res.points.variation.iloc[[13, 27, 41]].tolist() == [
        "improvement_high",
        "concern_high",
        "neutral_high",
    ]


def test_improvement_per_series_gives_each_its_assurance():
    # limits 10 ± 5.10 in every ward; a target of 4 is met by A (higher is better), missed by
    # B (lower is better), and C (neutral) gets none
    df = three_wards()[lambda d: d.y < 30]
    with pytest.warns(qi.TargetWarning, match=r"direction for ward='C' \(neutral or not named"):
        res = qi.spc(
            df, y="y", by="ward", chart="xmr", target=4.0,
            improvement={"A": "increase", "B": "decrease"},
        )  # fmt: skip
    assert res.summary().assurance.tolist() == ["pass", "fail", None]


def test_neutral_is_none():
    df = flat_then([30.0])
    a = qi.spc(df, y="y", chart="xmr", improvement="neutral").points
    b = qi.spc(df, y="y", chart="xmr", improvement=None).points
    pd.testing.assert_frame_equal(a, b)
    assert a.variation.iloc[-1] == "neutral_high"


def test_improvement_column_errors():
    df = three_wards()
    df["direction"] = "increase"
    df.loc[5, "direction"] = "decrease"
    # the two directions and where each is (the 1st and 6th points of ward A: x 1 and 6)
    said = "ward='A' has more than one direction: 'increase' at x=1 and 'decrease' at x=6;"
    with pytest.raises(qi.DataError, match=said):
        qi.spc(df, y="y", by="ward", improvement="direction")
    df.loc[5, "direction"] = "higher"
    with pytest.raises(qi.DataError, match="column 'direction' has 'higher'"):
        qi.spc(df, y="y", by="ward", improvement="direction")
    with pytest.raises(ArgumentError, match=r"improvement='up'.*name of a column"):
        qi.spc(df, y="y", by="ward", improvement="up")
    with pytest.raises(ArgumentError, match="improvement='sideways'"):
        qi.spc(df, y="y", by="ward", improvement={"A": "sideways"})
    with pytest.raises(ArgumentError, match="needs by="):
        qi.spc(df, y="y", improvement={"A": "increase"})


@pytest.mark.parametrize(
    ("target", "improvement", "icon"), [(4.0, "increase", "pass"), (4.0, "decrease", "fail")]
)
def test_a_constant_series_keeps_zero_width_limits_when_screened(target, improvement, icon):
    # 100 % compliance every month (a new-user trial): every moving range is 0, and screening
    # used to drop them all (0 is not below 3.267 × 0), leaving no limits and no assurance.
    # By hand: mean 5, mean moving range 0, so the limits are 5 ± 2.66 × 0 = 5; a target of 4
    # is below the lower limit: pass when higher is better, fail when lower is.
    df = pd.DataFrame({"y": [5.0] * 20})
    screened = qi.spc(df, y="y", chart="xmr", target=target, improvement=improvement)
    plain = qi.spc(df, y="y", chart="xmr", target=target, improvement=improvement, screen_mr=False)
    for res in (screened, plain):
        s = res.summary().iloc[0]
        assert (s.lcl, s.cl, s.ucl) == (5.0, 5.0, 5.0)
        assert (s.variation, s.assurance) == ("common_cause", icon)


def test_xmr_means_making_data_count_unless_told_otherwise():
    # NHSRplotthedots' deviations vignette: 1, 2, 1, 2, 10, 1, 2, … (18 points). Screened
    # (its default): UPL 4.60, mean 1.94, LPL −0.72; unscreened (MDC Excel): 6.95 / −3.06
    y = [1.0, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    df = pd.DataFrame({"y": y})
    res = qi.spc(df, y="y", chart="xmr")
    assert (res.rules, res.params["screen_mr"]) == ("mdc", True)
    row = res.points.iloc[0]
    assert (round(row.ucl, 2), round(row.cl, 2), round(row.lcl, 2)) == (4.60, 1.94, -0.72)
    excel = qi.spc(df, y="y", chart="xmr", screen_mr=False).points.iloc[0]
    assert (round(excel.ucl, 2), round(excel.lcl, 2)) == (6.95, -3.06)
    assert qi.spc(df, y="y", chart="xmr", rules="anhoej").rules == "anhoej"
    # every other chart keeps qicharts2's defaults
    i = qi.spc(df, y="y", chart="i")
    assert (i.rules, i.params["screen_mr"]) == ("anhoej", False)
