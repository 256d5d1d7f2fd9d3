"""Names of things ignore case and the spaces around them, in qi.spc as in a board measures
table (a spreadsheet cell keeps "Decrease " with its trailing space). Audit of issue 10."""

from __future__ import annotations

import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=21, freq="MS")
# 20 values alternating 9 and 11, then 30: mean 230 / 21 = 10.95, moving ranges 2 (19 of them)
# and 19, mean 57 / 20 = 2.85, so the upper limit is 10.95 + 2.66 * 2.85 = 18.53 (30 is above)
VALUES = [9.0, 11.0] * 10 + [30.0]
DATA = pd.DataFrame({"month": MONTHS, "y": VALUES})


@pytest.mark.parametrize("given", ["Decrease ", "  decrease", "DECREASE\t", "Decrease"])
def test_spc_improvement_with_spaces_and_any_case(given):
    res = qi.spc(DATA, y="y", x="month", chart="xmr", rules="mdc", improvement=given)
    # lower is better, so the point above the upper limit (30 > 18.53) is a concern
    assert res.points["variation"].iloc[-1] == "concern_high"
    assert res.summary()["variation"].iloc[0] == "concern_high"


def test_spc_improvement_column_cells_with_spaces():
    data = DATA.assign(better=" Increase  ")
    res = qi.spc(data, y="y", x="month", chart="xmr", rules="mdc", improvement="better")
    assert res.points["variation"].iloc[-1] == "improvement_high"  # higher is better


@pytest.mark.parametrize(
    ("arg", "given", "canonical"),
    [("chart", " XmR ", "xmr"), ("rules", "MDC ", "mdc"), ("chart", " I", "i")],
)
def test_chart_and_rule_set_names_with_spaces(arg, given, canonical):
    kw = dict(y="y", x="month", chart="xmr", rules="mdc")
    got = qi.spc(DATA, **{**kw, arg: given})
    want = qi.spc(DATA, **{**kw, arg: canonical})
    pd.testing.assert_frame_equal(got.points, want.points)


def test_plot_style_with_spaces():
    pytest.importorskip("matplotlib")
    res = qi.spc(DATA, y="y", x="month", chart="xmr", rules="mdc")
    fig = res.plot(style=" MDC ")
    assert fig.axes  # drawn, not refused


def test_an_unknown_direction_is_quoted_as_given():
    with pytest.raises(qi.QIStatsError, match=r"improvement='Decreases ': expected 'increase'"):
        qi.spc(DATA, y="y", x="month", chart="xmr", improvement="Decreases ")


def test_board_measures_chart_and_improvement_with_spaces():
    data = pd.DataFrame({"measure": "falls", "month": MONTHS, "value": VALUES})
    plain = pd.DataFrame({"measure": ["falls"], "chart": ["xmr"], "improvement": ["decrease"]})
    spaced = plain.assign(chart=[" XmR "], improvement=["Decrease "])
    got = qi.board(data, spaced, x="month", y="value").table()
    want = qi.board(data, plain, x="month", y="value").table()
    pd.testing.assert_frame_equal(got, want)
    assert got["variation"].iloc[0] == "concern_high"
    # the board screens moving ranges: 19 is above 3.267 * 2.85 = 9.31 and is left out, so
    # the mean moving range is 2 and the upper limit 230 / 21 + 2.66 * 2
    assert got["ucl"].iloc[0] == pytest.approx(230 / 21 + 2.66 * 2, abs=0.005)


UNITS = pd.DataFrame(
    {
        "unit": list("ABCDEFGHIJKL"),
        "y": [12, 30, 9, 22, 15, 40, 11, 18, 25, 14, 20, 16],
        "n": [1000] * 12,
    }
)


@pytest.mark.parametrize(
    ("arg", "given", "canonical"),
    [("adjust", " Auto", "auto"), ("adjust", "TEST ", "test"), ("compat", " FunnelPlotR ", "x")],
)
def test_funnel_option_names_with_spaces(arg, given, canonical):
    # review 18: adjust= and compat= still compared .lower() only ("Auto " was refused)
    kw = dict(y="y", n="n", unit="unit", kind="pr")
    canonical = "FunnelPlotR" if arg == "compat" else canonical
    got = qi.funnel(UNITS, **{**kw, arg: given})
    want = qi.funnel(UNITS, **{**kw, arg: canonical})
    pd.testing.assert_frame_equal(got.units, want.units)


def test_funnel_plot_labels_with_spaces():
    pytest.importorskip("matplotlib")
    from qistats.plot.funnel import _label_choice

    assert _label_choice(" All ", None) == ("all", None)
    assert _label_choice("Outliers\t", None) == ("outliers", None)


def test_board_expected_all_with_spaces():
    data = pd.DataFrame(
        {
            "measure": "falls",
            "ward": ["A"] * 21 + ["B"] * 20,
            "month": list(MONTHS) + list(MONTHS[:20]),
            "value": VALUES + VALUES[:20],
        }
    )
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["xmr"]})
    kw = dict(x="month", y="value", by="ward")
    got = qi.board(data, measures, expected=" All ", **kw).table()
    want = qi.board(data, measures, expected="all", **kw).table()
    pd.testing.assert_frame_equal(got, want)
