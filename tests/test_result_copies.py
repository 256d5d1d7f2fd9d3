"""A result's tables are copies: an analyst who edits one (rescales a column, blanks a cell)
leaves the result, its other tables and its chart as computed (new-user trial: editing
``res.points`` changed what ``res.plot()`` drew)."""

import warnings

import matplotlib
import numpy as np
import pandas as pd

import qistats as qi

matplotlib.use("Agg")


def _edit(table: pd.DataFrame, column: str) -> None:
    # the edits an analyst makes: a column replaced, rescaled in place, a cell set
    table[column] = table[column] * 0 - 1
    table[column] /= 1000
    table.loc[table.index[0], column] = -5


def _drawn_y(ax) -> np.ndarray:
    return np.concatenate([line.get_ydata() for line in ax.get_lines() if len(line.get_ydata())])


def test_editing_spc_points_leaves_the_result_and_its_plot(three_wards):
    res = qi.spc(
        three_wards, y="falls", n="bed_days", x="month", by="ward", chart="u", multiply=1000
    )
    before = res.points
    value = before["value"].to_numpy(copy=True)
    assert (value > 0).all()  # falls per 1,000 bed days: positive
    _edit(res.points, "value")
    pts = res.points
    _edit(pts, "value")
    np.testing.assert_array_equal(res.points["value"].to_numpy(), value)
    fig = res.plot()
    assert (_drawn_y(fig.axes[0]) >= 0).all()  # no point drawn at -5 or -0.001


def test_editing_board_ambition_and_funnel_tables_leaves_the_results(three_wards):
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"], "improvement": ["decrease"]})
    rep = qi.board(three_wards, measures, x="month", y="falls", n="bed_days", by="ward")
    value = rep.points["value"].to_numpy(copy=True)
    _edit(rep.points, "value")
    np.testing.assert_array_equal(rep.points["value"].to_numpy(), value)

    amb = qi.ambition(
        three_wards, y="falls", n="bed_days", x="month", by="ward",
        baseline=("2021-01-01", "2021-12-01"), change=-0.5, deadline="2023-12-01",
    )  # fmt: skip
    rate = amb.periods["value"].to_numpy(copy=True)
    _edit(amb.periods, "value")
    np.testing.assert_array_equal(amb.periods["value"].to_numpy(), rate)

    with warnings.catch_warnings():  # 3 wards: too few units for phi, as its warning says
        warnings.simplefilter("ignore", qi.OverdispersionWarning)
        fun = qi.funnel(three_wards, y="falls", n="bed_days", unit="ward", kind="rate", x="month")
    n = fun.units["n"].to_numpy(copy=True)
    _edit(fun.units, "n")
    np.testing.assert_array_equal(fun.units["n"].to_numpy(), n)
    lcl = fun.limits["lcl_95"].to_numpy(copy=True)
    _edit(fun.limits, "lcl_95")
    np.testing.assert_array_equal(fun.limits["lcl_95"].to_numpy(), lcl)
