"""Real-world inputs (issue #10): one minimal reproduction per rule of docs/missing.rst.

Closure checklist of issue #10: every bullet -> the test(s) that reproduce it (in this file
unless a file is named). Run them all with
``pytest tests/test_inputs.py tests/test_errors.py tests/properties tests/test_rounding.py
tests/test_charts.py tests/test_boxes.py tests/test_rules.py tests/test_ihi_runs.py
tests/test_integer_column_names.py tests/test_plot_layout.py tests/test_ambition_verdict.py``.

Silent wrong answers
- UK dates month-first (freeze, phase, exclude)
    test_uk_date_text_is_refused_with_both_readings,
    test_day_above_twelve_has_one_reading_and_is_still_refused,
    test_every_unambiguous_date_form_gives_the_same_baseline
- ... ambition baseline / deadline / start
    test_ambition_dates_follow_the_same_rule
- integer column names: by=0 pools, by=1 crash
    test_integer_column_labels_work_for_by_x_and_y, test_by_1_is_a_column_label_too,
    test_integer_column_names.py (spc, board, funnel)
- ... qi.ambition(by=0)
    test_ambition_with_integer_column_labels
- missing latest month changes the icon
    test_icon_comes_from_the_last_observed_point,
    test_board_icon_comes_from_the_last_observed_point
- no observed point: no icon + warning
    test_a_series_without_observations_has_no_icon_and_a_warning,
    test_board_series_without_observations_has_no_icon
- by named like an output column
    test_by_column_named_like_an_output_column_is_refused,
    test_y_named_like_an_output_column_keeps_its_values_under_a_suffix,
    test_ambition_by_named_like_an_output_column_is_refused,
    test_board_by_named_like_a_table_column_is_refused
- exact duplicate rows summed silently
    test_exact_duplicate_rows_that_are_summed_warn,
    test_rows_sharing_x_but_not_identical_do_not_warn,
    test_funnel_rows_of_a_unit_are_summed_without_a_warning
- freeze=12.0 read as a date
    test_freeze_as_a_float_count, test_freeze_float_on_a_numeric_axis_is_an_x_value
Crashes and unhelpful errors
- pyarrow date32 / datetime.date objects
    test_date_objects_arrow_dates_and_periods_are_dates,
    test_plot_layout.py::test_arrow_and_python_dates_are_drawn_as_dates
- Period x
    test_date_objects_arrow_dates_and_periods_are_dates
- late starters fail the call; message repeats
    test_errors.py::test_late_starter_is_its_own_baseline_with_a_warning,
    test_errors.py::test_freeze_larger_than_a_series_warns_and_uses_every_point
- ambition: no data after the baseline, or zero baseline events, leak RuntimeWarnings
    test_ambition_verdict.py::test_each_series_alone_equals_the_series_among_others,
    test_ambition_verdict.py::test_no_data_after_the_baseline_is_missing_and_insufficient
- ambition: closed month an error
    test_ambition_missing_y_or_closed_month_is_a_gap[closed],
    test_ambition_verdict.py::test_zero_exposure_with_zero_events_is_a_gap,
    test_closed_month_is_a_gap_on_spc_and_board,
    test_closed_row_of_a_funnel_unit_changes_nothing,
    test_spc.py::test_zero_denominator_is_a_gap_not_an_infinite_rate
- ambition: missing y blamed on n
    test_ambition_missing_y_or_closed_month_is_a_gap[y],
    test_ambition_events_without_exposure_name_the_point
- unknown keywords name internal functions
    test_plot_layout.py::test_bad_plot_arguments_are_qistats_errors
- internal reprs (np.int64(1), "1 points")
    test_messages_show_plain_numbers, test_numpy_scalars_read_plainly_in_funnel_and_rule_messages
    (and every raises() here checks for "np.int64" and "np.float64")
- case of names (chart, rules, style, ...)
    test_names_ignore_case, test_plot_style_ignores_case, test_board_improvement_ignores_case
- fractional counts; y > n; integer counts
    test_fractional_counts_are_refused, test_errors.py::test_more_events_than_denominator,
    test_integer_counts_stay_integers
Found by the fuzz campaign
- constant series signals; y * 0.1
    test_rounding.py (all four tests)
- Xbar/S: empty subgroup, data after freeze
    test_charts.py::test_xbar_and_s_frozen_limits_ignore_what_follows_the_baseline
- Anhøj best/cut box: wrong past 1,600, slow
    test_boxes.py (exact integer arithmetic; Monte Carlo at 1,600 and 4,000),
    test_rules.py::test_best_and_cut_boxes_match_the_published_tables; speed:
    benchmarks/bench_boxes.py
- dates outside the ns range
    test_dates_outside_the_nanosecond_range
- int64 x beyond 2**53
    test_integer_x_beyond_2_53_is_refused
- float32 x with freeze=0.2 / exclude=[0.2]
    test_float32_x_matches_freeze_and_exclude
- by as int, pd.Index, Series
    test_by_as_any_list_like_of_labels, test_by_as_a_series_of_values_says_to_pass_names
- integer labels for cl/phase/exclude columns
    test_integer_labels_for_phase_and_exclude_columns_on_a_date_axis,
    test_a_number_that_is_also_a_column_label_is_ambiguous
- eight by columns over 250 rows
    test_eight_by_columns_do_not_overflow
- duplicate column names
    test_duplicated_column_names_are_refused
- MultiIndex column names
    test_multiindex_columns_are_refused, test_board_and_funnel_refuse_multiindex_columns
- tuple labels (board)
    test_tuple_column_labels, test_board_with_tuple_column_labels
- non-numeric y (dates, Periods, timedeltas, complex)
    test_non_numeric_y_is_refused, test_t_chart_takes_durations_in_days
- duplicated rows disagree on phase/cl/target
    test_rows_of_one_point_with_conflicting_labels_are_refused,
    test_exclusion_flags_of_one_point_combine_with_any
- freeze=[] / freeze=[d2, d1]
    test_freeze_takes_one_value
- 10**400 for sigma, multiply, cl, target
    test_huge_numbers_are_refused, test_huge_freeze_is_every_point_with_a_warning,
    test_board_and_funnel_refuse_huge_numbers
- target={"a": None}
    test_target_dict_with_none_means_no_target
- values near 1e308
    test_values_near_the_float_limit_are_refused
- "Could not infer format" leaks
    test_text_date_list_on_a_date_axis_leaks_no_pandas_warning
- .plot() bad arguments
    test_plot_layout.py::test_bad_plot_arguments_are_qistats_errors
- suggest_phases(min_length="a")
    test_suggest_phases_min_length_is_a_whole_number, test_board_min_points_is_a_whole_number
- phase="nonexistent_col"
    test_phase_that_is_no_column_says_so
Also in this issue
- IHI runs rule (Swed-Eisenhart, two-sided 5 %)
    test_ihi_runs.py (docs/rules/ihi.rst shows the table differences)
- README speed claim = make bench on CI
    README.md "Speed" (benchmarks/bench_spc.py; not a test)
Must be true
- property tests: spc, ambition, board, funnel
    tests/properties/test_fuzz_inputs.py (spc, ambition),
    tests/properties/test_fuzz_entry_points.py (board, funnel),
    tests/properties/test_fuzz_ambition.py (ambition: zero events, missing values, closed
    months, no data after the baseline, no baseline data)
- docs "Data, missing values and errors"
    docs/missing.rst
"""

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, ColumnError, DataError


def raises(exc, *fragments):
    """pytest.raises that also checks every fragment appears in the message."""
    return _Raises(exc, fragments)


class _Raises:
    def __init__(self, exc, fragments):
        self.exc, self.fragments = exc, fragments

    def __enter__(self):
        self.ctx = pytest.raises(self.exc)
        self.info = self.ctx.__enter__()
        return self.info

    def __exit__(self, *args):
        out = self.ctx.__exit__(*args)
        msg = str(self.info.value)
        for f in self.fragments:
            assert f in msg, f"{f!r} not in {msg!r}"
        assert "np.int64" not in msg and "np.float64" not in msg, msg
        return out


def monthly(n=24, start="2021-01-01", **cols):
    df = pd.DataFrame({"month": pd.date_range(start, periods=n, freq="MS")})
    df["y"] = np.arange(n) % 5 + 10.0
    return df.assign(**cols)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("arg", ["freeze", "phase", "exclude"])
def test_uk_date_text_is_refused_with_both_readings(arg):
    df = monthly()
    value = "01/10/2021" if arg == "freeze" else ["01/10/2021"]
    with raises(ArgumentError, f"{arg}=", "ISO 8601", "1 October 2021", "10 January 2021"):
        qi.spc(df, y="y", x="month", **{arg: value})


def test_day_above_twelve_has_one_reading_and_is_still_refused():
    with raises(ArgumentError, "freeze='13/10/2021'", "13 October 2021 ('2021-10-13')"):
        qi.spc(monthly(), y="y", x="month", freeze="13/10/2021")


def test_ambition_dates_follow_the_same_rule():
    df = monthly(36).assign(n=100)
    df["y"] = 10
    with raises(ArgumentError, "baseline=", "1 April 2021", "4 January 2021"):
        qi.ambition(
            df,
            y="y",
            n="n",
            x="month",
            baseline=("01/04/2021", "2021-12-01"),
            change=-0.5,
            deadline="2023-12-01",
        )
    with raises(ArgumentError, "deadline=", "ISO 8601"):
        qi.ambition(
            df,
            y="y",
            n="n",
            x="month",
            baseline=("2021-01-01", "2021-12-01"),
            change=-0.5,
            deadline="31/12/2023",
        )


@pytest.mark.parametrize(
    "value",
    [
        "2021-10-01",
        "2021-10",
        pd.Timestamp("2021-10-01"),
        dt.date(2021, 10, 1),
        dt.datetime(2021, 10, 1),
        np.datetime64("2021-10-01"),
        pd.Period("2021-10", "M"),
    ],
)
def test_every_unambiguous_date_form_gives_the_same_baseline(value):
    res = qi.spc(monthly(), y="y", x="month", freeze=value)
    assert res.points.baseline.sum() == 10  # January to October 2021


def test_text_date_list_on_a_date_axis_leaks_no_pandas_warning():
    # pytest turns warnings into errors: "Could not infer format" would fail this test
    with raises(ArgumentError, "ISO 8601"):
        qi.spc(monthly(), y="y", x="month", phase=["2021-06-01", "June 2022"])


def test_dates_outside_the_nanosecond_range():
    with raises(ArgumentError, "freeze='1000-01-01'", "1677-09-22"):
        qi.spc(monthly(), y="y", x="month", freeze="1000-01-01")
    far = pd.DataFrame(
        {"d": np.array(["2500-01-01", "2021-01-01"], dtype="datetime64[s]"), "y": [1.0, 2.0]}
    )
    with raises(DataError, "x='d'", "row with index label 0", "2262-04-11"):
        qi.spc(far, y="y", x="d")


def test_date_objects_arrow_dates_and_periods_are_dates():
    base = monthly(6)
    expected = qi.spc(base, y="y", x="month", freeze="2021-03-01").points
    forms = {
        "datetime.date objects": base.month.dt.date.astype(object),
        "pyarrow date32": base.month.astype("date32[pyarrow]"),
        "Period": base.month.dt.to_period("M"),
    }
    for name, col in forms.items():
        res = qi.spc(base.assign(month=col), y="y", x="month", freeze="2021-03-01").points
        assert res.baseline.tolist() == expected.baseline.tolist(), name
        assert res.cl.tolist() == expected.cl.tolist(), name


# ---------------------------------------------------------------- column labels


def headerless():
    # as read_csv(header=None) gives: integer column labels
    return pd.DataFrame(
        {0: ["A"] * 4 + ["B"] * 4, 1: [1, 2, 3, 4] * 2, 2: [5.0, 6, 7, 8, 1, 2, 3, 4]}
    )


def test_integer_column_labels_work_for_by_x_and_y():
    res = qi.spc(headerless(), y=2, x=1, by=0)
    s = res.summary()
    assert s[0].tolist() == ["A", "B"]
    assert s.cl.tolist() == [6.5, 2.5]  # medians of 5..8 and 1..4, not pooled


def test_by_1_is_a_column_label_too():
    # read_csv(header=None) with the ward in the second column: by=1 raised a TypeError
    df = headerless()[[1, 0, 2]].set_axis([0, 1, 2], axis=1)
    assert qi.spc(df, y=2, x=0, by=1).summary()[1].tolist() == ["A", "B"]


@pytest.mark.parametrize("by", [[0], (0,), pd.Index([0]), np.array([0])])
def test_by_as_any_list_like_of_labels(by):
    assert len(qi.spc(headerless(), y=2, x=1, by=by).summary()) == 2


def test_by_as_a_series_of_values_says_to_pass_names():
    df = headerless().rename(columns={0: "ward"})
    with raises(ArgumentError, "by: got a Series of 8 values", "by='ward'"):
        qi.spc(df, y=2, x=1, by=df["ward"])


def test_tuple_column_labels():
    df = headerless()
    df.columns = pd.Index([("k", "ward"), ("k", "t"), ("v", "y")], tupleize_cols=False)
    res = qi.spc(df, y=("v", "y"), x=("k", "t"), by=("k", "ward"))
    assert ("k", "ward") in res.points.columns
    assert res.summary()[("k", "ward")].tolist() == ["A", "B"]


def test_integer_labels_for_phase_and_exclude_columns_on_a_date_axis():
    df = monthly(24)
    df[7] = np.repeat(["pre", "post"], 12)
    df[8] = df.index == 3
    res = qi.spc(df, y="y", x="month", phase=7, exclude=8)
    assert res.summary().phase.tolist() == ["pre", "post"]
    assert res.points.excluded.sum() == 1


def test_a_number_that_is_also_a_column_label_is_ambiguous():
    df = headerless()
    with raises(ArgumentError, "cl=2", "ambiguous", "data.columns.map(str)"):
        qi.spc(df, y=2, x=1, by=0, cl=2)
    with raises(ArgumentError, "exclude=2", "ambiguous"):
        qi.spc(df, y=2, x=1, by=0, exclude=2)


def test_multiindex_columns_are_refused():
    df = pd.DataFrame({("a", "y"): [1.0, 2.0], ("a", "t"): [1, 2]})
    with raises(ColumnError, "MultiIndex", "Flatten"):
        qi.spc(df, y=("a", "y"), x=("a", "t"))


def test_duplicated_column_names_are_refused():
    df = pd.DataFrame([[1, 2.0, 3.0], [2, 4.0, 5.0]], columns=["t", "y", "y"])
    with raises(ColumnError, "y='y'", "2 columns named 'y'"):
        qi.spc(df, y="y", x="t")


def test_phase_that_is_no_column_says_so():
    with raises(ColumnError, "phase='nonexistent_col'", "no such column"):
        qi.spc(monthly(), y="y", x="month", phase="nonexistent_col")
    with raises(ColumnError, "phase=7", "no such column"):  # a number is no date
        qi.spc(monthly(), y="y", x="month", phase=7)
    with raises(ColumnError, "exclude=7", "no such column"):
        qi.spc(monthly(), y="y", x="month", exclude=7)


def test_eight_by_columns_do_not_overflow():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({f"b{i}": rng.integers(0, 30, 250) for i in range(8)})
    df["y"] = rng.normal(size=250)
    res = qi.spc(df, y="y", by=[f"b{i}" for i in range(8)])
    assert len(res.summary()) == len(df.drop_duplicates([f"b{i}" for i in range(8)]))


# ---------------------------------------------------------------- output names


@pytest.mark.parametrize("name", ["cl", "phase", "value", "variation", "n_points"])
def test_by_column_named_like_an_output_column_is_refused(name):
    df = monthly(4).assign(**{name: "A"})
    with raises(ColumnError, f"by='{name}'", "Rename it first"):
        qi.spc(df, y="y", x="month", by=name)


def test_y_named_like_an_output_column_keeps_its_values_under_a_suffix():
    df = monthly(4).rename(columns={"y": "value"})
    pts = qi.spc(df, y="value", x="month").points
    assert pts.value_input.tolist() == df.value.tolist()


# ---------------------------------------------------------------- gaps


def test_icon_comes_from_the_last_observed_point():
    y = [10.0] * 15 + [30.0]  # the last observed point is far above the limits
    df = pd.DataFrame({"t": range(17), "y": [*y, np.nan]})
    res = qi.spc(df, y="y", x="t", chart="i", improvement="increase")
    assert pd.isna(res.points.variation.iloc[-1])  # a missing value has no variation
    assert res.points.variation.iloc[-2] == "improvement_high"
    assert res.summary().variation.tolist() == ["improvement_high"]


def test_a_series_without_observations_has_no_icon_and_a_warning():
    df = pd.DataFrame(
        {
            "ward": ["A"] * 3 + ["B"] * 3,
            "t": [1, 2, 3] * 2,
            "y": [1.0, 2, 3, 0, 0, 0],
            "n": [10.0, 10, 10, 0, 0, 0],
        }
    )
    with pytest.warns(qi.NoDataWarning, match=r"1 of 2 series .*\(ward='B'\)"):
        res = qi.spc(df, y="y", n="n", x="t", by="ward", chart="p", min_points=0)
    s = res.summary().set_index("ward")
    assert pd.isna(s.loc["B", "variation"]) and s.loc["A", "variation"] == "common_cause"


# ---------------------------------------------------------------- duplicates


def test_exact_duplicate_rows_that_are_summed_warn():
    df = pd.DataFrame({"t": [1, 2, 2, 3], "y": [3, 4, 4, 5]})
    with pytest.warns(
        qi.DuplicateRowsWarning, match=r"1 row of data repeats .*row with index label 2 \(t=2\)"
    ):
        res = qi.spc(df, y="y", x="t", chart="c")
    assert res.points.y.tolist() == [3, 8, 5]  # still summed, as documented


def test_rows_sharing_x_but_not_identical_do_not_warn():
    df = pd.DataFrame({"t": [1, 2, 2, 3], "y": [3, 4, 1, 5]})
    assert qi.spc(df, y="y", x="t", chart="c").points.y.tolist() == [3, 5, 5]


@pytest.mark.filterwarnings("ignore::qistats.DuplicateRowsWarning")  # run chart: averaged
def test_rows_of_one_point_with_conflicting_labels_are_refused():
    df = pd.DataFrame({"t": [1, 2, 2, 3], "y": [3.0, 4, 1, 5], "p": ["a", "a", "b", "b"]})
    with raises(
        DataError,
        "phase='p'",
        "disagree",
        "row with index label 1 (t=2) has 'a'",
        "row with index label 2 (t=2) has 'b'",
    ):
        qi.spc(df, y="y", x="t", phase="p")
    with raises(DataError, "target='g'", "disagree"):
        qi.spc(df.assign(g=[1.0, 2, 3, 3]), y="y", x="t", target="g")
    with raises(DataError, "cl='c'", "disagree", "has 2.0 but", "has 3.0"):
        qi.spc(df.assign(c=[1.0, 2, 3, 3]), y="y", x="t", cl="c")


@pytest.mark.filterwarnings("ignore::qistats.DuplicateRowsWarning")  # run chart: averaged
def test_exclusion_flags_of_one_point_combine_with_any():
    df = pd.DataFrame({"t": [1, 2, 2, 3], "y": [3.0, 4, 1, 5], "e": [False, True, False, False]})
    for rows in (df, df.iloc[::-1]):  # either order: the point at t=2 is excluded
        assert qi.spc(rows, y="y", x="t", exclude="e").points.excluded.tolist() == [
            False,
            True,
            False,
        ]


# ---------------------------------------------------------------- freeze


def test_freeze_as_a_float_count():
    a = qi.spc(monthly(), y="y", x="month", freeze=12).points
    b = qi.spc(monthly(), y="y", x="month", freeze=12.0).points
    pd.testing.assert_frame_equal(a, b)
    with raises(ArgumentError, "freeze=12.5", "whole number"):
        qi.spc(monthly(), y="y", x="month", freeze=12.5)


def test_freeze_float_on_a_numeric_axis_is_an_x_value():
    df = pd.DataFrame({"t": np.arange(10) / 10, "y": np.arange(10.0)})
    assert qi.spc(df, y="y", x="t", freeze=0.2).points.baseline.sum() == 3  # 0, 0.1, 0.2


@pytest.mark.parametrize("freeze", [[], ["2021-06-01", "2021-03-01"], (3,)])
def test_freeze_takes_one_value(freeze):
    with raises(ArgumentError, "freeze=", "one value"):
        qi.spc(monthly(), y="y", x="month", freeze=freeze)


def test_huge_freeze_is_every_point_with_a_warning():
    with pytest.warns(qi.BaselineWarning):
        res = qi.spc(monthly(), y="y", x="month", freeze=10**400)
    assert res.points.baseline.all()


@pytest.mark.parametrize("arg", ["sigma", "multiply", "cl", "target"])
def test_huge_numbers_are_refused(arg):
    with raises(ArgumentError, f"{arg}=", "finite"):
        qi.spc(monthly(), y="y", x="month", **{arg: 10**400})


def test_target_dict_with_none_means_no_target():
    df = pd.concat([monthly(4).assign(ward="a"), monthly(4).assign(ward="b")])
    pts = qi.spc(df, y="y", x="month", by="ward", target={"a": None, "b": 3}).points
    assert pts.target.isna().tolist() == [True] * 4 + [False] * 4


# ---------------------------------------------------------------- numbers


def test_float32_x_matches_freeze_and_exclude():
    df = pd.DataFrame({"t": (np.arange(10) / 10).astype(np.float32), "y": np.arange(10.0)})
    res = qi.spc(df, y="y", x="t", freeze=0.2, exclude=[0.2])
    assert res.points.baseline.sum() == 3
    assert res.points.excluded.tolist() == [False, False, True] + [False] * 7


def test_integer_x_beyond_2_53_is_refused():
    df = pd.DataFrame({"t": np.array([2**53 + 1, 2**53 + 2], dtype=np.int64), "y": [1.0, 2.0]})
    with raises(DataError, "x='t'", "2**53"):
        qi.spc(df, y="y", x="t")


@pytest.mark.parametrize(
    ("values", "what"),
    [
        (pd.date_range("2021-01-01", periods=3), "dates"),
        (pd.period_range("2021-01", periods=3, freq="M"), "periods"),
        (pd.to_timedelta([1, 2, 3], unit="D"), "durations"),
        (np.array([1 + 1j, 2, 3]), "complex numbers"),
    ],
)
def test_non_numeric_y_is_refused(values, what):
    df = pd.DataFrame({"t": [1, 2, 3], "y": values})
    with raises(ColumnError, "y='y'", what, "expected numbers"):
        qi.spc(df, y="y", x="t", chart="i")


def test_t_chart_takes_durations_in_days():
    df = pd.DataFrame({"t": [1, 2, 3], "y": pd.to_timedelta([3, 36, 72], unit="h")})
    assert qi.spc(df, y="y", x="t", chart="t").points.y.tolist() == [0.125, 1.5, 3.0]


def test_values_near_the_float_limit_are_refused():
    df = pd.DataFrame({"y": [1e308, 1e308, 1e308]})
    with raises(DataError, "y='y'", "row with index label 0", "beyond ±1e100 (1e+308)"):
        qi.spc(df, y="y", chart="i")


@pytest.mark.parametrize("chart", ["c", "p", "np"])
def test_fractional_counts_are_refused(chart):
    df = pd.DataFrame({"t": [1, 2, 3], "y": [1.0, 2.5, 3.0], "n": [10, 10, 10]})
    n = None if chart == "c" else "n"
    with raises(DataError, "y='y'", "row with index label 1 (t=2)", "fractional count (2.5)"):
        qi.spc(df, y="y", n=n, x="t", chart=chart)


@pytest.mark.parametrize("chart", ["c", "p", "np"])
def test_counts_within_rounding_of_a_whole_number_are_that_number(chart):
    # 0.1 * 3 * 10 is 3.0000000000000004 (a sum of decimals, as a spreadsheet gives): it is the
    # count 3, so the chart is the one of the whole counts, and the user's data are unchanged
    near = 0.1 * 3 * 10
    assert near != 3.0
    y = np.tile([3.0, 4.0, 2.0, 5.0], 5)
    df = pd.DataFrame({"t": range(1, 21), "y": y, "n": 10.0})
    n = None if chart == "c" else "n"
    cols = ["y", "value", "cl", "lcl", "ucl"]
    exact = qi.spc(df, y="y", n=n, x="t", chart=chart).points[cols]
    df.loc[0, "y"] = near
    if chart != "c":
        df.loc[1, "n"] = 10 + 4e-15  # a denominator too
    got = qi.spc(df, y="y", n=n, x="t", chart=chart).points[cols]
    pd.testing.assert_frame_equal(got, exact)
    assert df.y[0] == near


def test_a_fractional_count_is_shown_in_full_with_advice():
    # the value as it is (3.0001, not "3"), and what to do
    df = pd.DataFrame({"t": [1, 2, 3], "y": [1.0, 3.0001, 3.0]})
    with raises(DataError, "row with index label 1 (t=2)", "fractional count (3.0001)", ".round()"):
        qi.spc(df, y="y", x="t", chart="c")


def test_integer_counts_stay_integers():
    df = pd.DataFrame({"t": [1, 2, 2, 3], "y": [1, 2, 3, 4], "n": [10, 20, 30, 40]})
    pts = qi.spc(df, y="y", n="n", x="t", chart="p").points
    assert pts.y.dtype == np.int64 and pts.n.dtype == np.int64
    assert pts.y.tolist() == [1, 5, 4] and pts.n.tolist() == [10, 50, 40]
    c = qi.spc(df, y="y", x="t", chart="c").points
    assert c.y.dtype == np.int64


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "kw",
    [
        {"chart": "XmR"},
        {"chart": "XmR", "rules": "MDC"},
        {"rules": "IHI"},
        {"improvement": "Decrease"},
        {"agg": "Median"},
    ],
)
def test_names_ignore_case(kw):
    lower = {k: v.lower() for k, v in kw.items()}
    a = qi.spc(monthly(), y="y", x="month", **kw)
    b = qi.spc(monthly(), y="y", x="month", **lower)
    pd.testing.assert_frame_equal(a.points, b.points)


def test_plot_style_ignores_case():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    res = qi.spc(monthly(), y="y", x="month")
    for style in ("MDC", "QIcharts2"):
        plt.close(res.plot(style=style))
    with raises(ArgumentError, "style='mdcc'", "'mdc', 'qicharts2' (any case)"):
        res.plot(style="mdcc")


def test_messages_show_plain_numbers():
    df = pd.DataFrame({"t": np.arange(1, 6), "y": [1.0, 2, 3, 4, 5], "p": np.int64(1)})
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        qi.spc(df, y="y", x="t", phase="p", chart="i", min_points=13)  # warns: given
    (w,) = rec
    assert "phase 1, 5 points" in str(w.message) and "np.int64" not in str(w.message)
    df.loc[4, "p"] = 2
    df.loc[1, "p"] = 2
    with raises(DataError, "the label 1 starts again"):
        qi.spc(df, y="y", x="t", phase="p")


# ---------------------------------------------------------------- ambition (shared rules)


def ambition_frame():
    months = pd.date_range("2020-04-01", periods=36, freq="MS")
    rows = [
        {0: w, 1: m, 2: 40 - (i // 12) * 8 + (i % 3), 3: 1000}
        for w in ("A", "B")
        for i, m in enumerate(months)
    ]
    return pd.DataFrame(rows)


def test_ambition_with_integer_column_labels():
    df = ambition_frame()
    amb = qi.ambition(
        df,
        y=2,
        n=3,
        x=1,
        by=0,
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2023-03-01",
        kind="Rate",
    )
    s = amb.summary()
    assert s[0].tolist() == ["A", "B"]
    # baseline: 12 months of 40, 41, 42 events per 1,000 → 41 per 1,000 bed days
    assert s.baseline_value.tolist() == pytest.approx([0.041, 0.041])


def test_ambition_by_named_like_an_output_column_is_refused():
    df = ambition_frame().rename(columns={0: "verdict", 1: "m", 2: "y", 3: "n"})
    with raises(ColumnError, "by='verdict'", "qi.ambition"):
        qi.ambition(
            df,
            y="y",
            n="n",
            x="m",
            by="verdict",
            baseline=("2020-04-01", "2021-03-01"),
            change=-0.5,
            deadline="2023-03-01",
        )


# ---------------------------------------------------------------- the newer entry points


def board_data(y=None, ward=("A",)):
    months = pd.date_range("2021-01-01", periods=16, freq="MS")
    y = [9.0, 11.0] * 7 + [30.0, np.nan] if y is None else y
    data = pd.concat(
        [pd.DataFrame({"measure": "m", "ward": w, "month": months, "y": y}) for w in ward]
    )
    return data, pd.DataFrame({"measure": ["m"], "improvement": ["increase"]})


def test_board_icon_comes_from_the_last_observed_point():
    # 30 after seven (9, 11) pairs: far above any limit (UCL < 20 by hand, with or without it);
    # the month after it is missing
    data, measures = board_data()
    table = qi.board(data, measures, x="month", y="y").table()
    assert table.variation.tolist() == ["improvement_high"]
    assert table.latest_x.tolist() == [pd.Timestamp("2022-03-01")]


def test_board_series_without_observations_has_no_icon():
    data, measures = board_data(ward=("A", "B"))
    data.loc[data.ward == "B", "y"] = np.nan
    with pytest.warns(qi.NoDataWarning, match="ward='B'"):
        table = qi.board(data, measures, x="month", y="y", by="ward").table()
    assert table.variation.isna().tolist() == [False, True]


@pytest.mark.parametrize("name", ["name", "variation", "owner"])
def test_board_by_named_like_a_table_column_is_refused(name):
    data, measures = board_data()
    measures["owner"] = "Ann"  # carried into the table
    with raises(ColumnError, f"by='{name}'", "qi.board's table", "Rename it first"):
        qi.board(data.rename(columns={"ward": name}), measures, x="month", y="y", by=name)


def test_board_improvement_ignores_case():
    data, measures = board_data()
    upper = qi.board(data, measures.assign(improvement="Increase"), x="month", y="y").table()
    lower = qi.board(data, measures, x="month", y="y").table()
    pd.testing.assert_frame_equal(upper, lower)


def test_board_and_funnel_refuse_multiindex_columns():
    data, measures = board_data()
    flat = {c: (c, "") for c in data.columns}
    data.columns = pd.MultiIndex.from_tuples(list(flat.values()))
    with raises(ColumnError, "MultiIndex", "Flatten"):
        qi.board(data, measures, x=flat["month"], y=flat["y"], measure=flat["measure"])
    units = pd.DataFrame({("u", ""): ["a", "b"], ("o", ""): [1, 2], ("e", ""): [1.0, 2.0]})
    with raises(ColumnError, "MultiIndex", "Flatten"):
        qi.funnel(units, ("o", ""), ("e", ""), unit=("u", ""))


def funnel_units():
    return pd.DataFrame(
        {"unit": list("ABCDEFGHIJ"), "o": [5, 8, 3, 10, 7, 6, 9, 4, 12, 2], "e": [6.0] * 10}
    )


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        (lambda: qi.board(*board_data(), x="month", y="y", sigma=10**400), "sigma="),
        (
            lambda: qi.board(
                board_data()[0], board_data()[1].assign(target=[10**400]), x="month", y="y"
            ),
            "'target' of measure 'm' is 1.000e+400",
        ),
        (lambda: qi.funnel(funnel_units(), "o", "e", unit="unit", limit=10**400), "limit="),
        (lambda: qi.funnel(funnel_units(), "o", "e", unit="unit", multiply=10**400), "multiply="),
    ],
)
def test_board_and_funnel_refuse_huge_numbers(call, arg):
    with raises(qi.QIStatsError, arg, "1e100"):
        call()


@pytest.mark.parametrize("value", ["a", -1, 1.5, True])
def test_board_min_points_is_a_whole_number(value):
    with raises(ArgumentError, f"min_points={value!r}", "whole number"):
        qi.board(*board_data(), x="month", y="y", min_points=value)


def test_funnel_rows_of_a_unit_are_summed_without_a_warning():
    # record-level data (one row per patient, as FunnelPlotR takes) repeat rows legitimately
    df = funnel_units()
    res = qi.funnel(pd.concat([df, df.iloc[:1]]), "o", "e", unit="unit")
    assert res.units.set_index("unit").loc["A", ["y", "n"]].tolist() == [10, 12.0]


@pytest.mark.parametrize("value", ["a", None, 0, -1, 1.5, True, np.nan])
def test_suggest_phases_min_length_is_a_whole_number(value):
    res = qi.spc(monthly(), y="y", x="month", chart="i")
    with raises(ArgumentError, "min_length=", "whole number of points >= 1"):
        res.suggest_phases(min_length=value)


def test_board_with_tuple_column_labels():
    data, measures = board_data(ward=("A", "B"))
    want = qi.board(data, measures, x="month", y="y", by="ward").table()
    tup = {c: ("k", c) for c in data.columns}
    data.columns = pd.Index(list(tup.values()), tupleize_cols=False)
    measures.columns = pd.Index([("k", "measure"), "improvement"], tupleize_cols=False)
    got = qi.board(
        data, measures, x=tup["month"], y=tup["y"], by=tup["ward"], measure=tup["measure"]
    ).table()
    assert got.columns[:2].tolist() == [("k", "measure"), ("k", "ward")]
    pd.testing.assert_frame_equal(got.set_axis(want.columns, axis=1), want, check_index_type=False)


# ---------------------------------------------------------------- closed periods and gaps


def ambition_monthly():
    months = pd.date_range("2020-04-01", periods=36, freq="MS")
    events = np.r_[[40, 41, 42] * 4, [30, 31, 32] * 8].astype(float)
    return pd.DataFrame({"month": months, "y": events, "n": 1000.0})


AMBITION = {
    "y": "y",
    "n": "n",
    "x": "month",
    "baseline": ("2020-04-01", "2021-03-01"),
    "change": -0.3,
    "deadline": "2023-03-01",
}


@pytest.mark.parametrize("gap", ["y", "closed"])
def test_ambition_missing_y_or_closed_month_is_a_gap(gap):
    # a missing y used to be blamed on the n column; a closed month (0 events over 0 bed
    # days) was an error: both are gaps, the same as leaving the month out
    df = ambition_monthly()
    df.loc[20, ["y", "n"] if gap == "closed" else ["y"]] = 0.0 if gap == "closed" else np.nan
    got = qi.ambition(df, **AMBITION).summary()
    want = qi.ambition(df.drop(index=20), **AMBITION).summary()
    pd.testing.assert_frame_equal(got, want)
    # by hand: baseline 41 per 1,000 (12 months of 40, 41, 42)
    assert got.baseline_value.iloc[0] == pytest.approx(0.041)


def test_ambition_events_without_exposure_name_the_point():
    df = ambition_monthly()
    df.loc[20, "n"] = 0.0
    with raises(DataError, "n='n'", "month=2021-12-01", "32 events over exposure 0"):
        qi.ambition(df, **AMBITION)


def test_closed_month_is_a_gap_on_spc_and_board():
    df = ambition_monthly().iloc[:16]
    df.loc[15, ["y", "n"]] = 0.0  # the latest month closed
    pts = qi.spc(df, y="y", n="n", x="month", chart="u").points
    assert np.isnan(pts.value.iloc[-1]) and pd.isna(pts.variation.iloc[-1])
    board = df.assign(measure="falls")
    table = qi.board(board, pd.DataFrame({"measure": ["falls"], "chart": ["u"]}), x="month",
                     y="y", n="n").table()  # fmt: skip
    assert table.latest_x.tolist() == [pd.Timestamp("2021-06-01")]  # the last open month
    assert table.n_points.tolist() == [15]


def test_closed_row_of_a_funnel_unit_changes_nothing():
    df = funnel_units()
    closed = pd.concat([df, pd.DataFrame({"unit": ["A"], "o": [0], "e": [0.0]})])
    got = qi.funnel(closed, "o", "e", unit="unit").units
    want = qi.funnel(df, "o", "e", unit="unit").units
    pd.testing.assert_frame_equal(got, want)


def test_numpy_scalars_read_plainly_in_funnel_and_rule_messages():
    with raises(ArgumentError, "limit=90.0: expected one of levels=(95.0, 99.8)"):
        qi.funnel(funnel_units(), "o", "e", unit="unit", limit=np.float64(90))
    with raises(ArgumentError, "kind='zz'"):
        qi.funnel(funnel_units(), "o", "e", unit="unit", kind=np.str_("zz"))
    with raises(ArgumentError, "Anhoej(method='x')"):
        qi.rules.anhoej(method=np.str_("x"))
