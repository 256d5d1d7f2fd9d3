"""qi.spc: the contract of points and summary, aggregation, phases, baselines and exclusions.

Expected values are worked out by hand in the comments.
"""

import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi

POINT_COLUMNS = [
    "value",
    "phase",
    "baseline",
    "excluded",
    "cl",
    "lcl",
    "ucl",
    "lcl_2s",
    "ucl_2s",
    "lcl_1s",
    "ucl_1s",
    "outside_limits",
    "long_run",
    "few_crossings",
    "signal",
    "variation",
]
SUMMARY_COLUMNS = [
    "phase",
    "n_points",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "n_outside",
    "n_long_run",
    "n_few_crossings",
    "cl",
    "lcl",
    "ucl",
    "short_phase",
    "variation",
    "assurance",
]


def frame(values, **cols):
    return pd.DataFrame({"y": values, **cols})


def test_columns_of_points_and_summary():
    df = frame([1.0, 2, 3], week=[1, 2, 3], ward="A")
    res = qi.spc(df, y="y", x="week", by="ward", chart="i")
    assert res.points.columns.tolist() == ["ward", "week", "y", *POINT_COLUMNS]
    assert res.summary().columns.tolist() == ["ward", *SUMMARY_COLUMNS]


def test_without_x_the_positions_are_a_column_x_per_series():
    df = frame([5.0, 6, 7, 1, 2], g=["a", "a", "a", "b", "b"])
    pts = qi.spc(df, y="y", by="g").points
    assert pts.x.tolist() == [1, 2, 3, 1, 2]


def test_i_chart_by_hand():
    # y = 2, 4, 3, 5: mean 3.5; moving ranges 2, 1, 2 -> 5/3; sigma = (5/3)/1.128
    res = qi.spc(frame([2.0, 4, 3, 5]), y="y", chart="i")
    sig = (5 / 3) / 1.128
    p = res.points.iloc[0]
    assert p.cl == pytest.approx(3.5)
    assert (p.lcl, p.ucl) == pytest.approx((3.5 - 3 * sig, 3.5 + 3 * sig))
    assert (p.lcl_2s, p.ucl_2s) == pytest.approx((3.5 - 2 * sig, 3.5 + 2 * sig))
    assert (p.lcl_1s, p.ucl_1s) == pytest.approx((3.5 - sig, 3.5 + sig))


def test_sigma_sets_the_main_limits_only():
    res = qi.spc(frame([2.0, 4, 3, 5]), y="y", chart="i", sigma=2.5)
    sig = (5 / 3) / 1.128
    p = res.points.iloc[0]
    assert p.ucl == pytest.approx(3.5 + 2.5 * sig)
    assert p.ucl_2s == pytest.approx(3.5 + 2 * sig)


def test_mr_chart_by_hand():
    # y = 2, 4, 3, 5: MR = NA, 2, 1, 2; CL = 5/3; UCL = 3.267 * 5/3; LCL = 0
    res = qi.spc(frame([2.0, 4, 3, 5]), y="y", chart="mr")
    pts = res.points
    assert np.isnan(pts.value.iloc[0])
    assert pts.value.iloc[1:].tolist() == [2.0, 1.0, 2.0]
    assert pts.cl.iloc[0] == pytest.approx(5 / 3)
    assert pts.ucl.iloc[0] == pytest.approx(3.267 * 5 / 3)
    assert pts.lcl.iloc[0] == 0.0
    assert pts.ucl_2s.iloc[0] == pytest.approx(3.267 / 3 * 2 * 5 / 3)


def test_mr_chart_phase_of_one_point_has_no_lower_limit_either():
    # phase b is one point: no moving range in it, so no centre line, and no lower limit of 0
    # beside a missing upper one (the lower limit said 0.0 there)
    d = frame([2.0, 4, 3, 5, 9])
    d["ph"] = ["a"] * 4 + ["b"]
    summ = qi.spc(d, y="y", chart="mr", phase="ph").summary()
    b = summ[summ.phase == "b"].iloc[0]
    assert np.isnan(b.cl) and np.isnan(b.ucl) and np.isnan(b.lcl)
    assert summ[summ.phase == "a"].iloc[0].lcl == 0.0


def test_run_chart_has_no_limits():
    pts = qi.spc(frame([1.0, 2, 3]), y="y").points
    assert pts[["lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s"]].isna().all().all()
    assert pts.cl.tolist() == [2.0, 2.0, 2.0]


def test_unsorted_input_is_sorted_by_x_within_series():
    # both series end at t = 3 (a series without the latest x would be warned about)
    df = pd.DataFrame({"t": [3, 1, 2, 3, 1], "y": [30.0, 10, 20, 5, 1], "g": list("aaabb")})
    pts = qi.spc(df, y="y", x="t", by="g").points
    assert pts[["g", "t", "value"]].values.tolist() == [
        ["a", 1, 10.0],
        ["a", 2, 20.0],
        ["a", 3, 30.0],
        ["b", 1, 1.0],
        ["b", 3, 5.0],
    ]


@pytest.mark.parametrize(
    ("agg", "expected"),
    [("mean", [3.0, 4.0]), ("median", [2.0, 4.0]), ("sum", [9.0, 4.0]), ("sd", [7**0.5, None])],
)
@pytest.mark.filterwarnings("ignore::qistats.DuplicateRowsWarning")  # agg="mean" warns
def test_rows_sharing_x_are_aggregated(agg, expected):
    # x = 1 has rows 1, 2, 6 (mean 3, median 2, sum 9, sd √((4 + 1 + 9) / 2) = √7); a missing y
    # is left out; x = 2 has one row, 4 (no standard deviation)
    df = pd.DataFrame({"t": [1, 1, 1, 1, 2], "y": [1.0, 2.0, 6.0, np.nan, 4.0]})
    pts = qi.spc(df, y="y", x="t", agg=agg).points
    np.testing.assert_allclose(pts.value, np.array(expected, dtype=float))


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_dates_in_any_unit_are_read_and_checked(unit):
    # the same months in every unit pandas holds give the same chart; a date before
    # 1677-09-22 is refused whatever the unit (nanoseconds cannot hold one, so from "s" down)
    months = pd.Series(pd.date_range("2021-01-01", periods=4, freq="MS")).astype(f"M8[{unit}]")
    df = pd.DataFrame({"month": months, "y": [1.0, 3.0, 2.0, 4.0]})
    pts = qi.spc(df, y="y", x="month", chart="i").points
    assert pts.cl.tolist() == [2.5] * 4 and pts.month.dt.month.tolist() == [1, 2, 3, 4]
    if unit != "ns":
        early = df.assign(
            month=df.month.astype(object).where(df.index > 0, pd.Timestamp("1600-01-01"))
        )
        early["month"] = early.month.astype(f"M8[{unit}]")
        with pytest.raises(qi.QIStatsError, match="dates must lie between 1677-09-22"):
            qi.spc(early, y="y", x="month", chart="i")


@pytest.mark.parametrize("agg", ["mean", "median", "sum", "sd"])
def test_s_chart_plots_each_subgroups_sd_whatever_agg(agg):
    # subgroups {1, 2}, {3, 5}, {4, 8}: sd √0.5, √2, √8 by hand; agg only says what y reports
    df = pd.DataFrame({"t": [1, 1, 2, 2, 3, 3], "y": [1.0, 2, 3, 5, 4, 8]})
    pts = qi.spc(df, y="y", x="t", chart="s", agg=agg).points
    np.testing.assert_allclose(pts.value, [0.5**0.5, 2**0.5, 8**0.5])


def test_with_n_numerators_and_denominators_are_summed():
    # x = 1: (1 + 3) / (10 + 30); the row with a missing n is left out entirely (its y too)
    df = pd.DataFrame(
        {"t": [1, 1, 1, 2], "y": [1.0, 3.0, 100.0, 2.0], "n": [10.0, 30.0, np.nan, 8.0]}
    )
    pts = qi.spc(df, y="y", n="n", x="t").points
    assert pts.value.tolist() == [0.1, 0.25]
    assert pts.y.tolist() == [4.0, 2.0]
    assert pts.n.tolist() == [40.0, 8.0]


def test_multiply_scales_value_centre_and_limits():
    df = pd.DataFrame({"y": [1.0, 2, 3, 2], "n": [100.0, 100, 100, 100]})
    a = qi.spc(df, y="y", n="n", chart="i")
    b = qi.spc(df, y="y", n="n", chart="i", multiply=1000)
    for col in ["value", "cl", "lcl", "ucl"]:
        np.testing.assert_allclose(b.points[col], a.points[col] * 1000)


def test_zero_denominator_is_a_gap_not_an_infinite_rate():
    df = pd.DataFrame({"y": [1.0, 2, 3, 2, 1], "n": [10.0, 10, 0, 10, 10]})
    with pytest.warns(qi.NoDataWarning, match=r"the point x=3 has 3 events \('y'\) over"):
        res = qi.spc(df, y="y", n="n", chart="i")
    assert np.isnan(res.points.value.iloc[2])
    s = res.summary().iloc[0]
    assert s.n_points == 4 and s.n_useful <= 4  # the gap is no point


def test_missing_y_keeps_its_slot_and_its_limits_on_an_i_chart():
    # 2, 4, NA, 3, 5: mean (2 + 4 + 3 + 5) / 4 = 3.5; moving ranges |4 - 2| = 2 and |5 - 3| = 2
    # (the gap is not bridged), so sigma = 2 / 1.128
    res = qi.spc(frame([2.0, 4, np.nan, 3, 5]), y="y", chart="i")
    p = res.points
    assert np.isnan(p.value.iloc[2])
    assert p.cl.iloc[2] == pytest.approx(3.5)
    assert p.ucl.iloc[2] == pytest.approx(3.5 + 3 * 2 / 1.128)
    assert not p.signal.iloc[2]
    assert res.summary().n_useful.iloc[0] == 4


def test_freeze_int_fixes_centre_and_limits_on_the_first_points():
    # baseline 1, 3, 2 -> mean 2, MR 2, 1 -> 1.5; later points 10, 12 are far above
    res = qi.spc(frame([1.0, 3, 2, 10, 12]), y="y", chart="i", freeze=3)
    p = res.points
    assert p.baseline.tolist() == [True, True, True, False, False]
    assert p.cl.iloc[-1] == pytest.approx(2.0)
    assert p.ucl.iloc[-1] == pytest.approx(2 + 3 * 1.5 / 1.128)
    assert p.outside_limits.tolist() == [False, False, False, True, True]
    # the runs analysis still covers every included point
    assert res.summary().n_points.iloc[0] == 5


def test_freeze_date_is_the_last_baseline_x():
    months = pd.date_range("2023-01-01", periods=5, freq="MS")
    df = frame([1.0, 3, 2, 10, 12], month=months)
    res = qi.spc(df, y="y", x="month", chart="i", freeze="2023-03-01")
    assert res.points.baseline.tolist() == [True, True, True, False, False]
    assert res.points.cl.iloc[0] == pytest.approx(2.0)


def test_phase_from_x_values_starts_at_the_first_point_at_or_after_each():
    # breaks at x = 3.5 and 5: phases {1, 2, 3}, {4}, {5, 6}
    df = frame([1.0, 2, 3, 10, 20, 30], t=[1, 2, 3, 4, 5, 6])
    res = qi.spc(df, y="y", x="t", chart="run", phase=[3.5, 5])
    assert res.points.phase.tolist() == [1, 1, 1, 2, 3, 3]
    assert res.points.cl.tolist() == [2.0, 2.0, 2.0, 10.0, 25.0, 25.0]
    assert res.summary().phase.tolist() == [1, 2, 3]


def test_phase_numbers_restart_in_each_series():
    # series b has no point before the break, so it has one phase, numbered 1
    df = pd.DataFrame({"t": [1, 2, 3, 4, 3, 4], "y": [1.0, 2, 3, 6, 4, 5], "g": list("aaaabb")})
    res = qi.spc(df, y="y", x="t", by="g", phase=[3])
    assert res.points.phase.tolist() == [1, 1, 2, 2, 1, 1]


def test_phase_from_a_column_keeps_the_labels():
    df = frame([1.0, 2, 3, 10, 20], period=["pre", "pre", "pre", "post", "post"])
    res = qi.spc(df, y="y", chart="run", phase="period")
    assert res.points.phase.tolist() == ["pre"] * 3 + ["post"] * 2
    s = res.summary()
    assert s.phase.tolist() == ["pre", "post"]
    assert s.cl.tolist() == [2.0, 15.0]


def test_freeze_and_phase_combine():
    # phase 1: 1, 3, 2, 9 with freeze 3 -> cl mean(1, 3, 2) = 2
    # phase 2: 10, 14, 12, 30 with freeze 3 -> cl mean(10, 14, 12) = 12
    df = frame([1.0, 3, 2, 9, 10, 14, 12, 30], t=range(1, 9))
    res = qi.spc(df, y="y", x="t", chart="i", phase=[5], freeze=3)
    assert res.points.baseline.tolist() == [True, True, True, False] * 2
    assert res.summary().cl.tolist() == pytest.approx([2.0, 12.0])


def test_exclude_x_values_leave_points_out_of_centre_sigma_and_runs():
    # exclude x = 3 (value 100): cl = mean(2, 4, 3, 5) = 3.5; MRs 2, |3-4| = 1, 2 -> 5/3
    df = frame([2.0, 4, 100, 3, 5], t=[1, 2, 3, 4, 5])
    res = qi.spc(df, y="y", x="t", chart="i", exclude=[3])
    p = res.points
    assert p.excluded.tolist() == [False, False, True, False, False]
    assert p.cl.iloc[0] == pytest.approx(3.5)
    assert p.ucl.iloc[0] == pytest.approx(3.5 + 3 * (5 / 3) / 1.128)
    # the excluded point keeps its limits and is still flagged (as qicharts2)
    assert p.outside_limits.iloc[2]
    s = res.summary().iloc[0]
    assert s.n_points == 4 and s.n_outside == 1


def test_exclude_from_a_boolean_column():
    df = frame([2.0, 4, 100, 3, 5], skip=[False, False, True, False, False])
    res = qi.spc(df, y="y", chart="i", exclude="skip")
    assert res.points.cl.iloc[0] == pytest.approx(3.5)


def test_cl_overrides_the_centre_in_display_units():
    df = pd.DataFrame({"y": [1.0, 2, 3, 2], "n": [100.0, 100, 100, 100]})
    res = qi.spc(df, y="y", n="n", chart="i", cl=25, multiply=1000)
    assert res.points.cl.tolist() == [25.0] * 4


def test_cl_from_a_column():
    df = frame([1.0, 2, 3, 2], c=[2.0, 2.0, 2.0, 2.0])
    res = qi.spc(df, y="y", chart="run", cl="c")
    assert res.points.cl.tolist() == [2.0] * 4


def test_target_number_and_column():
    df = frame([1.0, 2, 3], goal=[1.0, 1.5, 2.0])
    assert qi.spc(df, y="y", target=2).points.target.tolist() == [2.0] * 3
    assert qi.spc(df, y="y", target="goal").points.target.tolist() == [1.0, 1.5, 2.0]
    assert "target" not in qi.spc(df, y="y").points.columns


def test_allow_negative_false_clamps_lower_limits_per_series():
    # a: 0, 10, 0, 10 -> mean 5, MR 10 -> LCL 5 - 3 * 10/1.128 < 0 -> clamped to 0
    # b has a negative value, so its lower limit stays negative
    df = pd.DataFrame({"y": [0.0, 10, 0, 10, -1, 9, -1, 9], "g": list("aaaabbbb")})
    res = qi.spc(df, y="y", by="g", chart="i", allow_negative=False)
    lcl = res.points.groupby("g").lcl.first()
    assert lcl["a"] == 0.0
    assert lcl["b"] < 0
    unclamped = qi.spc(df, y="y", by="g", chart="i").points.groupby("g").lcl.first()
    assert unclamped["a"] < 0


def test_several_by_columns():
    df = pd.DataFrame({"trust": list("XXXXYY"), "ward": list("ababaa"), "y": [1.0, 2, 3, 4, 5, 6]})
    res = qi.spc(df, y="y", by=["trust", "ward"])
    s = res.summary()
    assert s[["trust", "ward"]].values.tolist() == [["X", "a"], ["X", "b"], ["Y", "a"]]
    assert s.cl.tolist() == [2.0, 3.0, 5.5]


def test_timezone_aware_dates():
    t = pd.date_range("2024-01-01", periods=4, freq="D", tz="Europe/London")
    res = qi.spc(frame([1.0, 2, 3, 4], t=t), y="y", x="t", freeze="2024-01-02")
    assert res.points.baseline.tolist() == [True, True, False, False]


def test_unordered_categorical_x_never_signals_runs():
    units = pd.Categorical(list("abcdefghij"), ordered=False)
    df = frame(list(range(10)), unit=units)
    res = qi.spc(df, y="y", x="unit", chart="run", cl=100)  # all ten below the centre line
    s = res.summary().iloc[0]
    assert s.longest_run == 10
    assert not s.runs_signal
    assert not res.points.long_run.any()


def test_ordered_categorical_x_is_time():
    weeks = pd.Categorical(["w3", "w1", "w2"], categories=["w1", "w2", "w3"], ordered=True)
    res = qi.spc(frame([30.0, 10, 20], week=weeks), y="y", x="week")
    assert res.points.value.tolist() == [10.0, 20.0, 30.0]


def test_input_columns_that_clash_with_output_names_are_renamed():
    df = pd.DataFrame({"value": [1.0, 2, 3]})
    pts = qi.spc(df, y="value").points
    assert pts.value_input.tolist() == [1.0, 2.0, 3.0]


def test_input_is_never_modified():
    df = qi.datasets.restrictive_practice(n_trusts=2)
    df = df.sample(frac=1.0, random_state=1)  # unsorted
    df.loc[df.index[:3], "restraints"] = np.nan
    before = df.copy(deep=True)
    qi.spc(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by=["trust", "ward"],
        chart="i",
        freeze=12,
        exclude="intervention",
    )
    pd.testing.assert_frame_equal(df, before)


def test_params_and_display():
    res = qi.spc(frame([1.0, 2, 3], g="a"), y="y", by="g", chart="i", screen_mr=True)
    assert res.params["screen_mr"] is True
    assert res.chart == "i" and res.rules == "anhoej" and res.by == ["g"]
    text = repr(res)
    assert text.startswith("SPCResult: I chart of y — 1 series, 3 points")
    assert "n_useful" in text
    html = res._repr_html_()
    assert "<table" in html and "I chart of y" in html


def test_notebook_table_shows_main_columns_rounded():
    res = qi.spc(frame([1.0, 2, 4, 3, 5, 4.5, 2.25]), y="y", chart="i")
    html = res._repr_html_()
    heads = re.findall(r"<th>(\w+)</th>", html)
    assert heads == ["phase", "n_points", "cl", "lcl", "ucl", "n_outside", "runs_signal"] + [
        "short_phase",
        "variation",
        "assurance",
    ]
    cl = 21.75 / 7  # 3.107142857…: three significant figures
    assert f"<td>{cl:.3g}</td>" in html and "3.107142" not in html
    assert "None" not in html and ".summary()" in html


def test_summary_is_a_copy():
    res = qi.spc(frame([1.0, 2, 3]), y="y")
    s = res.summary()
    s.loc[0, "cl"] = 99.0
    assert res.summary().cl.iloc[0] == 2.0
