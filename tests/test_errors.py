"""Bad input: every error is a QIStatsError (a ValueError) whose message names what is wrong."""

import io

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, ColumnError, DataError, QIStatsError


@pytest.fixture
def df():
    return pd.DataFrame(
        {
            "ward": ["A", "A", "A", "B", "B", "B"],
            "month": pd.date_range("2024-01-01", periods=3, freq="MS").tolist() * 2,
            "falls": [3.0, 4.0, 2.0, 5.0, 1.0, 2.0],
            "bed_days": [300.0, 310.0, 290.0, 250.0, 260.0, 255.0],
        },
        index=[10, 11, 12, 13, 14, 15],
    )


def raises(exc, *fragments):
    """pytest.raises that also checks every fragment appears in the message."""

    class _Ctx:
        def __enter__(self):
            self.ctx = pytest.raises(exc)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *args):
            out = self.ctx.__exit__(*args)
            msg = str(self.info.value)
            for f in fragments:
                assert f in msg, f"{f!r} not in {msg!r}"
            return out

    return _Ctx()


def test_errors_are_value_errors():
    assert issubclass(QIStatsError, ValueError)
    for exc in (ArgumentError, ColumnError, DataError):
        assert issubclass(exc, QIStatsError)


def test_data_must_be_a_dataframe():
    with raises(ArgumentError, "data", "DataFrame", "dict"):
        qi.spc({"y": [1, 2]}, y="y")


def test_unknown_column_suggests_the_closest(df):
    with raises(ColumnError, "y='fall'", "Did you mean 'falls'?", "ward, month, falls"):
        qi.spc(df, y="fall", x="month")


@pytest.mark.parametrize("arg", ["x", "n", "by"])
def test_unknown_column_in_every_role(df, arg):
    with raises(ColumnError, f"{arg}='nope'"):
        qi.spc(df, y="falls", **{arg: "nope"})


def test_non_numeric_y_names_the_row(df):
    df = df.assign(falls=df.falls.astype(object))
    df.loc[14, "falls"] = "three"
    with raises(
        ColumnError,
        "y='falls'",
        "row with index label 14",
        "ward='B'",
        "month=2024-02-01",
        "'three'",
    ):
        qi.spc(df, y="falls", x="month", by="ward")


def test_infinite_y_names_the_row(df):
    df.loc[12, "falls"] = np.inf
    with raises(DataError, "row with index label 12", "infinite"):
        qi.spc(df, y="falls", x="month", by="ward")


def test_negative_n_names_the_row(df):
    df.loc[13, "bed_days"] = -5
    with raises(
        DataError,
        "n='bed_days'",
        "row with index label 13",
        "ward='B'",
        "negative denominator (-5)",
    ):
        qi.spc(df, y="falls", n="bed_days", x="month", by="ward")


def test_missing_x_names_the_row(df):
    df.loc[11, "month"] = pd.NaT
    with raises(DataError, "x='month'", "row with index label 11", "ward='A'", "missing x"):
        qi.spc(df, y="falls", x="month", by="ward")


def test_text_x_is_refused_with_advice():
    df = pd.DataFrame({"m": ["Jan 2024", "Feb 2024"], "y": [1.0, 2.0]})
    with raises(ColumnError, "x='m'", "pd.to_datetime", "ordered Categorical"):
        qi.spc(df, y="y", x="m")


def test_missing_by_value_names_the_row(df):
    df.loc[14, "ward"] = None
    with raises(DataError, "by='ward'", "row with index label 14", "missing 'ward'"):
        qi.spc(df, y="falls", x="month", by="ward")


def test_by_column_also_used_as_y(df):
    with raises(ArgumentError, "by='falls'", "also given as y"):
        qi.spc(df, y="falls", by="falls")


def test_unknown_chart_lists_the_known_ones(df):
    with raises(ArgumentError, "chart='xbarr'", "'run', 'i', 'xmr', 'mr'", "'g', 't'"):
        qi.spc(df, y="falls", chart="xbarr")


def test_unknown_rule_set(df):
    with raises(ArgumentError, "rules='shewhart'", "'anhoej'", "'mdc'", "qi.rules.Shift"):
        qi.spc(df, y="falls", rules="shewhart")


def test_unknown_agg(df):
    with raises(ArgumentError, "agg='max'", "'mean', 'median', 'sum', 'sd'"):
        qi.spc(df, y="falls", agg="max")


def test_freeze_larger_than_a_series_warns_and_uses_every_point(df):
    df = pd.concat([df, df.assign(ward="C").iloc[:1]], ignore_index=True)
    df.loc[6, "month"] = pd.Timestamp("2024-03-01")  # C: one point, in the latest month
    with pytest.warns(qi.BaselineWarning, match=r"freeze=2: 1 of 3 series .*\(ward='C'\)"):
        res = qi.spc(df, y="falls", x="month", by="ward", freeze=2)
    pts = res.points
    assert pts.baseline.tolist() == [True, True, False, True, True, False, True]
    # C's only point is its own baseline: its centre is its value
    assert pts.cl[pts.ward == "C"].tolist() == [3.0]
    assert pts.cl[pts.ward == "A"].tolist() == [3.5] * 3  # median of 3 and 4


@pytest.mark.parametrize("freeze", [0, -1, True])
def test_freeze_must_be_a_positive_count(df, freeze):
    with raises(ArgumentError, f"freeze={freeze!r}"):
        qi.spc(df, y="falls", x="month", by="ward", freeze=freeze)


def test_late_starter_is_its_own_baseline_with_a_warning(df):
    # ward B opened in February: freeze at January leaves it with no baseline point
    df = df.drop(index=13)
    with pytest.warns(qi.BaselineWarning) as rec:
        res = qi.spc(df, y="falls", x="month", by="ward", freeze="2024-01-01")
    (w,) = rec.list
    msg = str(w.message)
    assert "freeze='2024-01-01': 1 of 2 series has no point by then (ward='B')" in msg
    assert msg.count("ward='B'") == 1  # named once, not twice
    b = res.points[res.points.ward == "B"]
    assert b.baseline.all()
    assert b.cl.tolist() == [1.5, 1.5]  # median of B's own points (1 and 2)
    a = res.points[res.points.ward == "A"]
    assert a.baseline.tolist() == [True, False, False] and a.cl.tolist() == [3.0] * 3


def test_freeze_that_is_not_an_x_value(df):
    with raises(ArgumentError, "freeze='soon'", "ISO 8601"):
        qi.spc(df, y="falls", x="month", by="ward", freeze="soon")


def test_phase_label_that_recurs(df):
    df["period"] = ["pre", "post", "pre", "pre", "pre", "pre"]
    with raises(DataError, "phase='period'", "'pre' starts again", "ward='A'"):
        qi.spc(df, y="falls", x="month", by="ward", phase="period")


def test_missing_phase_label(df):
    df["period"] = ["pre", None, "post", "pre", "pre", "pre"]
    with raises(DataError, "phase='period'", "missing phase label", "ward='A'"):
        qi.spc(df, y="falls", x="month", by="ward", phase="period")


def test_exclude_value_that_is_no_x(df):
    with raises(ArgumentError, "exclude=", "not an x value"):
        qi.spc(df, y="falls", x="month", by="ward", exclude=["2025-01-01"])


def test_exclude_column_must_be_boolean(df):
    df["skip"] = [0, 1, 0, 0, 0, 3]  # 0/1 are flags (tests/test_exclude_flags.py); 3 is not
    with raises(
        ColumnError,
        "exclude='skip'",
        "boolean or 0/1",
        "row with index label 15 (ward='B', month=2024-03-01) has 3",
    ):
        qi.spc(df, y="falls", x="month", by="ward", exclude="skip")


@pytest.mark.parametrize(("arg", "value"), [("multiply", 0), ("multiply", -10), ("sigma", 0)])
def test_non_positive_numbers(df, arg, value):
    with raises(ArgumentError, f"{arg}={value!r}", "positive"):
        qi.spc(df, y="falls", **{arg: value})


@pytest.mark.parametrize(("arg", "value"), [("sigma", "3"), ("multiply", np.nan)])
def test_non_numbers(df, arg, value):
    with raises(ArgumentError, f"{arg}="):
        qi.spc(df, y="falls", **{arg: value})


@pytest.mark.parametrize("arg", ["screen_mr", "allow_negative"])
def test_flags_must_be_booleans(df, arg):
    with raises(ArgumentError, f"{arg}='yes'", "True or False"):
        qi.spc(df, y="falls", **{arg: "yes"})


def test_cl_must_be_a_number_or_column(df):
    with raises(ColumnError, "cl='middle'"):
        qi.spc(df, y="falls", cl="middle")
    with raises(ArgumentError, "cl=[1, 2]"):
        qi.spc(df, y="falls", cl=[1, 2])


def test_chart_that_needs_a_denominator(df):
    with raises(ArgumentError, "n=None", "'u' chart needs a denominator"):
        qi.spc(df, y="falls", chart="u")


def test_chart_that_takes_no_denominator(df):
    with raises(ArgumentError, "n='bed_days'", "'c' chart takes no denominator", "'u'"):
        qi.spc(df, y="falls", n="bed_days", chart="c")


@pytest.mark.parametrize("chart", ["c", "u", "p", "g"])
def test_negative_counts(df, chart):
    df.loc[12, "falls"] = -1
    n = "bed_days" if chart in ("u", "p") else None
    with raises(DataError, "y='falls'", "row with index label 12", "negative count (-1)"):
        qi.spc(df, y="falls", n=n, x="month", by="ward", chart=chart)


@pytest.mark.parametrize("chart", ["p", "pp", "np"])
def test_more_events_than_denominator(df, chart):
    df["n"] = 4.0
    with raises(
        DataError, "row with index label 13", "more events (5) than its denominator n='n' (4)"
    ):
        qi.spc(df, y="falls", n="n", x="month", by="ward", chart=chart)


def test_t_chart_needs_positive_times(df):
    df.loc[14, "falls"] = 0
    with raises(DataError, "row with index label 14", "time between events (0)", "> 0"):
        qi.spc(df, y="falls", x="month", by="ward", chart="t")


def test_np_chart_needs_a_constant_denominator(df):
    with raises(DataError, "'np' chart needs the same denominator", "ward='A'", "'p' chart"):
        qi.spc(df, y="falls", n="bed_days", x="month", by="ward", chart="np")


@pytest.mark.filterwarnings("ignore::qistats.NoDataWarning")  # the MR chart has no value
def test_no_numpy_warning_reaches_the_user():
    # all-missing phases, zero denominators and a single point: no RuntimeWarning (pytest is
    # configured to turn warnings into errors, so this test fails if one escapes)
    df = pd.DataFrame(
        {"y": [np.nan, np.nan, 0.0, 0.0, 2.0], "n": [0.0, 0.0, 0.0, 5.0, 5.0], "t": range(5)}
    )
    res = qi.spc(df.assign(n=5.0), y="y", n="n", x="t", chart="np", phase=[2, 4])
    assert len(res.points) == 5
    for chart in ("run", "i", "mr", "ip", "p", "pp", "u", "up"):
        res = qi.spc(df, y="y", n="n", x="t", chart=chart, phase=[2, 4])
        assert len(res.points) == 5
    for chart in ("c", "xbar", "s", "g"):
        res = qi.spc(df.fillna(0.0), y="y", x="t", chart=chart, phase=[2, 4])
        assert len(res.points) == 5


@pytest.mark.parametrize(("arg", "text", "number"), [("target", "5", "5"), ("cl", "3.5", "3.5")])
def test_a_number_typed_as_text_is_no_column_and_the_message_says_how_to_write_it(
    df, arg, text, number
):
    with raises(ColumnError, f"{arg}={text!r}: no such column", f"write {arg}={number} (without"):
        qi.spc(df, y="falls", x="month", by="ward", chart="i", **{arg: text})


def test_a_column_name_quoted_for_an_integer_label_points_to_the_integer():
    # read_csv(header=None) labels columns 0, 1, 2, …: y="2" is not y=2, and "Did you mean
    # '2'?" named what was typed
    raw = pd.read_csv(io.StringIO("A,2021-04-01,3,300\nA,2021-05-01,4,310\n"), header=None)
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(raw, y="2", x=1, chart="run")
    assert "Did you mean y=2 (without quotes)? The column is labelled with the number 2" in str(
        err.value
    )
    assert "'2'?" not in str(err.value)


def test_a_freeze_count_written_as_text_says_to_give_the_number():
    d = pd.DataFrame({"month": pd.date_range("2022-01-01", periods=24, freq="MS"), "y": 1.0})
    with pytest.raises(qi.ArgumentError, match=r"a number written as text: for the first 12 "):
        qi.spc(d.assign(y=np.arange(24.0) % 5), y="y", x="month", chart="i", freeze="12")
