"""Real-world inputs, second trial (issue #10): one minimal reproduction per defect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def test_board_measures_table_without_its_measure_column_says_measures():
    data = pd.DataFrame({"measure": ["a"] * 3, "month": [1, 2, 3], "value": [1.0, 2.0, 3.0]})
    with pytest.raises(qi.ColumnError, match=r"measure='measure': no such column in measures\."):
        qi.board(data, pd.DataFrame({"name": ["a"]}), x="month", y="value")


def test_s_chart_with_one_row_per_subgroup_says_it_needs_two_rows():
    data = pd.DataFrame({"x": range(20), "y": np.arange(20.0) % 7})
    with pytest.warns(qi.NoDataWarning, match="at least 2 rows per subgroup"):
        qi.spc(data, y="y", x="x", chart="s")


def test_s_chart_series_with_no_values_at_all_gets_no_subgroup_hint():
    data = pd.DataFrame({"x": [1, 1, 2, 2], "y": np.nan, "w": "a"})
    with pytest.warns(qi.NoDataWarning) as caught:
        qi.spc(data, y="y", x="x", chart="s")
    assert "2 rows per subgroup" not in str(caught[0].message)


def _infections():
    rng = np.random.default_rng(1)
    data = pd.DataFrame(
        {
            "month": pd.date_range("2020-04-01", periods=36, freq="MS"),
            "y": rng.poisson(30, 36).astype(float),
            "n": 1000.0,
        }
    )
    kw = dict(y="y", n="n", x="month", baseline=("2020-04-01", "2021-03-01"))
    return data, {**kw, "deadline": "2023-03-01"}


@pytest.mark.parametrize(
    "extra, match",
    [
        ({"change": 10**400}, r"change=1\.000e\+400: expected a fraction .*below 1e100"),
        ({"multiply": 10**400}, r"multiply=1\.000e\+400: expected a positive number"),
        ({"target": 10**400}, r"target=1\.000e\+400: expected 'relative', 'shortfall' or a"),
        ({"change": np.float64(2.0)}, r"change=2\.0: expected a fraction"),
        ({"confidence": np.float64(1.5)}, r"confidence=1\.5: expected a number between 0 and 1"),
    ],
)
def test_ambition_numbers_are_checked_like_everywhere_and_shown_plainly(extra, match):
    data, kw = _infections()
    with pytest.raises(qi.ArgumentError, match=match) as caught:
        qi.ambition(data, **{**kw, "change": -0.5, **extra})
    assert "np." not in str(caught.value)


def test_ambition_rule_names_ignore_case():
    data, kw = _infections()
    lower = qi.ambition(data, **kw, change=-0.5, trajectory="linear").summary()
    upper = qi.ambition(
        data, **kw, change=-0.5, target="Relative", overdispersion="AUTO", trajectory="Linear"
    ).summary()
    pd.testing.assert_frame_equal(lower, upper)
    with pytest.raises(qi.ArgumentError, match=r"overdispersion='always': expected one of 'auto'"):
        qi.ambition(data, **kw, change=-0.5, overdispersion="always")


@pytest.mark.parametrize(
    "kw, key",
    [
        ({"improvement": {"Oak": "increase", "Oka": "decrease"}}, "'Oka'"),
        ({"target": {"zz": 1}}, "'zz'"),
        ({"target": {("Oak",): 1}}, r"\('Oak',\)"),
    ],
)
def test_unknown_series_key_in_a_per_series_dict_is_named_in_a_warning(kw, key):
    # ignored, as NHSRplotthedots ignores targets of units without data (issue #13), but never
    # silently: a typo would leave the series without its value (issue #10)
    data = pd.DataFrame({"ward": np.repeat(["Ash", "Elm", "Oak"], 5), "y": np.arange(15.0)})
    with pytest.warns(
        qi.NoDataWarning,
        match=rf"the key {key} is not a series of by='ward' and is ignored; the series are "
        "'Ash', 'Elm', 'Oak'",
    ):
        res = qi.spc(data, y="y", by="ward", **kw)
    plain = qi.spc(data, y="y", by="ward").points
    assert res.points[["cl", "lcl", "ucl"]].equals(plain[["cl", "lcl", "ucl"]])


def test_per_series_dict_with_two_by_columns_takes_tuples():
    data = pd.DataFrame(
        {"trust": "T", "ward": np.repeat(["Ash", "Oak"], 15), "y": np.tile(np.arange(15.0), 2)}
    )
    res = qi.spc(data, y="y", by=["trust", "ward"], target={("T", "Oak"): 3.0})
    assert res.points.target.isna().sum() == 15 and res.points.target.eq(3.0).sum() == 15
    with pytest.warns(qi.NoDataWarning, match=r"the key \('T', 'Oka'\) is not a series"):
        qi.spc(data, y="y", by=["trust", "ward"], target={("T", "Oka"): 3.0})


ONE_VALUE = ["run", "i", "xmr", "mr"]
EVERY = ONE_VALUE + ["ip", "t", "g", "c", "u", "up", "p", "pp"]


@pytest.mark.parametrize("chart", ONE_VALUE)
def test_one_value_charts_warn_when_rows_share_x(chart):
    # y = 13 and y = 1000 at month 5 of ward A would be averaged silently into one point
    data = pd.DataFrame({"ward": "A", "month": range(20), "y": np.arange(20.0) % 5 + 10})
    data = pd.concat([data, pd.DataFrame({"ward": ["A"], "month": [5], "y": [1000.0]})])
    with pytest.warns(qi.DuplicateRowsWarning, match=r"ward='A', month=5\) and the next row"):
        qi.spc(data, y="y", x="month", by="ward", chart=chart)


def test_subgroup_charts_and_a_chosen_agg_do_not_warn_for_rows_sharing_x():
    # (I′ without n: the rows sharing an x are its subgroup, docs/charts/measurements.rst)
    data = pd.DataFrame({"month": np.repeat(range(15), 2), "y": np.arange(30.0)})
    for chart in ("xbar", "s", "ip"):
        qi.spc(data, y="y", x="month", chart=chart)
    qi.spc(data, y="y", x="month", chart="i", agg="median")


@pytest.mark.parametrize("chart", EVERY)
def test_exact_duplicate_rows_warn_on_every_chart(chart):
    data = pd.DataFrame({"month": range(20), "y": np.arange(20.0) % 5 + 1, "n": 100.0})
    copied = pd.concat([data, data.iloc[[7]]])
    kw = {"n": "n"} if chart in ("u", "up", "p", "pp", "ip") else {}  # (I′: totals, sizes)
    with pytest.warns(qi.DuplicateRowsWarning) as caught:  # one-value charts: also "combined"
        qi.spc(copied, y="y", x="month", chart=chart, **kw)
    messages = [str(w.message) for w in caught]
    assert any("1 row of data repeats an earlier row" in m and "month=7" in m for m in messages)


@pytest.mark.parametrize("agg", ["mean", "median"])
def test_a_copy_of_the_only_row_at_its_x_leaves_a_mean_unchanged_and_says_so(agg):
    # month 7 exported twice: the mean (or median) of 3.0 and 3.0 is 3.0, as without the copy
    data = pd.DataFrame({"month": range(20), "y": np.arange(20.0) % 5 + 1})
    copied = pd.concat([data, data.iloc[[7]]])
    with pytest.warns(qi.DuplicateRowsWarning) as caught:
        res = qi.spc(copied, y="y", x="month", chart="i", agg=agg)
    (message,) = [str(w.message) for w in caught]
    assert "so the chart is unchanged" in message and "weighs twice" not in message
    assert res.points["value"].iloc[7] == 3.0
    # beside a different row at that x, the copy does weigh twice: (3 + 3 + 9) / 3, not 6
    other = pd.DataFrame({"month": [7], "y": [9.0]})
    with pytest.warns(qi.DuplicateRowsWarning) as caught:
        res = qi.spc(pd.concat([copied, other]), y="y", x="month", chart="i", agg="mean")
    said = " ".join(str(w.message) for w in caught)
    assert "so a copied row weighs twice" in said and "unchanged" not in said
    assert res.points["value"].iloc[7] == 5.0
