"""Gaps, closed wards and the icons (docs/missing.rst, "Missing values and gaps"): what a
missing y, a missing n, a zero n and a missing row mean for ``value``, ``n``, the limits,
``n_points``, the icons, ``latest_value``/``latest_x`` and ``stale``, with ``qi.spc``'s
summary, ``qi.board``'s table and the board chart agreeing. Expected values are worked out by
hand in the comments."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=14, freq="MS")
# Ward A, months 1 to 11, then closed for three months. Higher is better.
# XmR of y (n = 1): the baseline (the first 10 months) has mean 10 and moving ranges 1, 2, 1,
# 1, 2, 1, 1, 2, 1 (mean 12/9), so the limits (Making Data Count's 2.66 × mean moving range)
# are 10 ± 2.66 × 12/9 = 6.453 to 13.547. Month 11 is 30, above the upper limit: special cause
# improvement. The target 14 is above the upper limit, on the bad side: fail.
# U chart of y events over n = 1000 bed days: the baseline rate is 100/10000 = 0.01 and the
# limits 0.01 ± 3 √(0.01/1000) = 0.00051 to 0.01949; month 11 (0.03) is above them, and the
# target 0.025 is above the upper limit: again improvement_high and fail.
OPEN = [10.0, 11, 9, 10, 11, 9, 10, 11, 9, 10, 30]
CHARTS = {
    "xmr": {"n": 1.0, "target": 14.0, "cl": 10.0, "half": 2.66 * 12 / 9},
    "u": {"n": 1000.0, "target": 0.025, "cl": 0.01, "half": 3 * np.sqrt(0.01 / 1000)},
}
ICONS = {"variation": "improvement_high", "assurance": "fail"}


def _setup(chart: str) -> tuple[pd.DataFrame, dict]:
    c = CHARTS[chart]
    measures = pd.DataFrame(
        {
            "measure": ["m"],
            "improvement": ["increase"],
            "target": [c["target"]],
            "freeze": [10],
            "chart": [chart],
        }
    )
    spc = {"x": "month", "improvement": "increase", "target": c["target"], "freeze": 10}
    return measures, {**spc, "chart": chart, "rules": "mdc", "min_points": 0}


def _closed(how: str, chart: str = "xmr") -> pd.DataFrame:
    """Ward A closed for its last three months (as ``how`` says); ward B open throughout."""
    n = CHARTS[chart]["n"]
    a = pd.DataFrame({"ward": "A", "month": MONTHS, "y": OPEN + [np.nan] * 3, "n": n})
    if how == "rows missing":
        a = a.iloc[:11]
    elif how == "zero n":  # y and n are events and bed days: 0 and 0 when closed
        a = a.assign(y=OPEN + [0.0] * 3, n=[n] * 11 + [0.0] * 3)
    b = pd.DataFrame({"ward": "B", "month": MONTHS, "y": 10.0 + np.arange(14) % 3, "n": n})
    return pd.concat([a, b], ignore_index=True).assign(measure="m")


def _series_icons(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """A series' icons in an spc summary: on the phase holding its last observed point."""
    return summary[summary["assurance"].notna() | summary["variation"].notna()].groupby(by).last()


HOW = ["y missing", "rows missing", "zero n"]
#: qi.spc's warning about A, closed for the last months of B's data
BEHIND = r"^1 of 2 series has no value in the latest period of the data \(month=.*\): ward='A'\."


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("how", HOW)
def test_closed_ward_has_the_icons_of_its_last_open_month_everywhere(how, chart):
    data = _closed(how, chart)
    measures, spc = _setup(chart)
    # A is behind B's latest month: qi.spc says so, as the board's table says it is stale
    with pytest.warns(qi.NoDataWarning, match=BEHIND):
        summ = qi.spc(data, y="y", n="n", by="ward", **spc).summary().set_index("ward")
    table = qi.board(data, measures, x="month", y="y", n="n", by="ward", min_points=0).table()
    table = table.set_index("ward")
    for key, want in ICONS.items():
        assert summ.loc["A", key] == want, (how, key, summ.loc["A", key])
        assert table.loc["A", key] == want, (how, key, table.loc["A", key])
    c = CHARTS[chart]
    assert summ.loc["A", "cl"] == table.loc["A", "cl"] == pytest.approx(c["cl"])
    assert table.loc["A", "ucl"] == pytest.approx(c["cl"] + c["half"])
    assert table.loc["A", "lcl"] == pytest.approx(c["cl"] - c["half"])
    # 11 observed months; the report's period is B's latest month, so A is stale
    assert summ.loc["A", "n_points"] == table.loc["A", "n_points"] == 11
    assert table.loc["A", "latest_value"] == pytest.approx(30 / c["n"])
    assert table.loc["A", "latest_x"] == MONTHS[10]
    assert bool(table.loc["A", "stale"]) and not bool(table.loc["B", "stale"])


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("how", HOW)
def test_board_chart_draws_the_icons_of_the_table(how, chart):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from qistats.plot.icons import icon_label

    measures, _ = _setup(chart)
    data = _closed(how, chart)
    report = qi.board(data, measures, x="month", y="y", n="n", by="ward", min_points=0)
    fig = report.plot()
    try:
        panel = fig.axes[0]  # ward A
        drawn = {a.get_gid(): a.get_label() for a in panel.artists}
        assert drawn == {
            g: icon_label(v)
            for g, v in zip(("icon_variation", "icon_assurance"), ICONS.values(), strict=True)
        }
    finally:
        plt.close(fig)


def test_a_new_phase_without_data_keeps_the_icons_of_the_last_observed_point():
    # ward A rebased at month 12, whose three months are all missing: the last observed point
    # (month 11, in the first phase) still decides both icons
    data = _closed("y missing")
    measures, spc = _setup("xmr")
    with pytest.warns(qi.NoDataWarning, match=BEHIND):
        res = qi.spc(data, y="y", n="n", by="ward", phase=[MONTHS[11]], **spc)
    summ = res.summary()
    a = summ[summ.ward == "A"]
    assert a.variation.iloc[0] == "improvement_high" and pd.isna(a.variation.iloc[1])
    assert a.assurance.tolist() == ["fail", None]
    assert a.n_points.tolist() == [11, 0]
    measures = measures.assign(rebase=[[MONTHS[11]]])
    table = qi.board(data, measures, x="month", y="y", n="n", by="ward", min_points=0).table()
    row = table.set_index("ward").loc["A"]
    assert (row.variation, row.assurance, row.n_points) == ("improvement_high", "fail", 11)
    icons = _series_icons(summ, "ward")
    assert icons.loc["A", "variation"] == row.variation
    assert icons.loc["A", "assurance"] == row.assurance


def test_a_ward_with_no_observation_has_no_icons_anywhere():
    data = _closed("y missing")
    data.loc[data.ward == "A", "y"] = np.nan
    measures, spc = _setup("xmr")
    with pytest.warns(qi.NoDataWarning, match="ward='A'"):
        summ = qi.spc(data, y="y", n="n", by="ward", **spc).summary()
    with pytest.warns(qi.NoDataWarning, match="ward='A'"):
        table = qi.board(data, measures, x="month", y="y", n="n", by="ward", min_points=0)
    row = table.table().set_index("ward").loc["A"]
    a = summ.set_index("ward").loc["A"]
    assert pd.isna(a.variation) and a.assurance is None and a.n_points == 0
    assert pd.isna(row.variation) and row.assurance is None and row.n_points == 0
    assert bool(row.stale) and pd.isna(row.latest_x) and np.isnan(row.latest_value)


# ----------------------------------------------------------- y, n and value at a gap


def _u(y, n, **kw):
    df = pd.DataFrame({"t": np.arange(1, len(y) + 1), "y": y, "n": n})
    return qi.spc(df, y="y", n="n", x="t", chart="u", min_points=0, **kw)


def test_a_missing_y_keeps_its_n_and_is_a_gap():
    # 2/100, 4/100, ?/50, 3/100: centre 9/300 = 0.03 from the three complete points; the gap
    # shows the n it was given, has no value and (as in qicharts2) no limits, and is no point
    res = _u([2.0, 4, np.nan, 3], [100, 100, 50, 100])
    p = res.points
    assert p.n.tolist() == [100, 100, 50, 100]  # the user's denominators, all of them
    assert p.n.dtype == np.int64  # the integer column stays whole
    assert np.isnan(p.y.iloc[2]) and np.isnan(p.value.iloc[2])
    assert p.cl.iloc[2] == pytest.approx(0.03)
    assert np.isnan(p.ucl.iloc[2]) and np.isnan(p.lcl.iloc[2])
    assert p.ucl.iloc[3] == pytest.approx(0.03 + 3 * np.sqrt(0.03 / 100))
    assert res.summary().n_points.tolist() == [3]


def test_a_missing_n_keeps_its_y_and_is_a_gap():
    # 5 events and no n: named as events over n = 0 are (trial 11 item 7)
    with pytest.warns(qi.NoDataWarning, match=r"the point t=3 has 5 events \('y'\) and no 'n'"):
        res = _u([2.0, 4, 5, 3], [100, 100, np.nan, 100])
    p = res.points
    assert p.y.tolist() == [2, 4, 5, 3] and np.isnan(p.n.iloc[2])
    assert np.isnan(p.value.iloc[2]) and p.cl.iloc[0] == pytest.approx(0.03)
    assert res.summary().n_points.tolist() == [3]


def test_a_zero_denominator_is_a_gap_that_shows_its_y_and_n():
    # a closed month (0 events over 0 bed days), and 3 events over 0: both gaps, never inf;
    # the events over 0 are named (trial 9 B3), the closed month is not
    with pytest.warns(qi.NoDataWarning, match=r"the point t=4 has 3 events \('y'\) over") as w:
        res = _u([2.0, 0, 4, 3, 3], [100.0, 0, 100, 0, 100])
    assert len(w) == 1
    p = res.points
    assert p.y.tolist() == [2, 0, 4, 3, 3] and p.n.tolist() == [100, 0, 100, 0, 100]
    assert np.isnan(p.value.iloc[[1, 3]]).all() and np.isnan(p.ucl.iloc[[1, 3]]).all()
    assert p.cl.iloc[0] == pytest.approx(9 / 300)
    assert res.summary().n_points.tolist() == [3]


def test_rows_of_one_point_sum_their_complete_rows_and_else_show_what_was_given():
    df = pd.DataFrame(
        {
            "t": [1, 1, 2, 2, 3, 3, 4],
            "y": [3.0, np.nan, np.nan, np.nan, np.nan, 2, 1],
            "n": [100.0, 50, 100, 50, 100, np.nan, 100],
        }
    )
    p = qi.spc(df, y="y", n="n", x="t", chart="u", min_points=0).points
    # t=1: one complete row (3/100); the row with a missing y adds nothing
    assert (p.y.iloc[0], p.n.iloc[0], p.value.iloc[0]) == (3.0, 100.0, 0.03)
    # t=2: no complete row; y was never given, n was (100 + 50)
    assert np.isnan(p.y.iloc[1]) and p.n.iloc[1] == 150 and np.isnan(p.value.iloc[1])
    # t=3: no complete row; each column shows what its rows gave
    assert (p.y.iloc[2], p.n.iloc[2]) == (2.0, 100.0) and np.isnan(p.value.iloc[2])
    assert p.value.iloc[3] == 0.01


@pytest.mark.parametrize(
    "y, n, points",
    [
        ([2.0, 4, np.nan, 3, 5], [100.0] * 5, 4),  # a missing y
        ([2.0, 4, 1, 3, 5], [100.0, 100, np.nan, 100, 100], 4),  # a missing n
        ([2.0, 4, 0, 3, 5], [100.0, 100, 0, 100, 100], 4),  # a zero n
        ([2.0, 4, 3, 5, np.nan], [100.0, 100, 100, 100, 0], 4),  # the last month missing
    ],
)
def test_n_points_agree_between_spc_and_board(y, n, points):
    df = pd.DataFrame({"measure": "m", "t": np.arange(1, 6), "y": y, "n": n})
    with warnings.catch_warnings():  # events without n or over n = 0: named, tested above
        warnings.simplefilter("ignore", qi.NoDataWarning)
        s = qi.spc(df, y="y", n="n", x="t", chart="u", min_points=0).summary()
        ms = pd.DataFrame({"measure": ["m"], "chart": ["u"]})
        t = qi.board(df, ms, x="t", y="y", n="n", min_points=0).table()
    assert s.n_points.tolist() == t.n_points.tolist() == [points]
    # the board's latest value is the last complete point's: 5/100
    assert t.latest_value.iloc[0] == 0.05
