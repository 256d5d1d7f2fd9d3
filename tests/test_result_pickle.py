"""Every result pickles and deep-copies (session 17, finding 4): ``params`` is a read-only
mapping, which pickle refuses, so the state holds a plain dict and loading wraps it again."""

import copy
import pickle
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
import pytest

import qistats as qi

plt = pytest.importorskip("matplotlib.pyplot")

MONTHS = pd.date_range("2023-01-01", periods=14, freq="MS")
# falls: mean 10 over the 13 frozen points, limits 10 ± 2.66 × 23/12 = 4.90 to 15.10
BOARD_DATA = pd.DataFrame(
    {
        "measure": ["falls"] * 14 + ["harm_free"] * 14,
        "month": list(MONTHS) * 2,
        "value": [9, 11] * 6 + [10, 30] + [95, 97] * 7,
    }
)
MEASURES = pd.DataFrame(
    {
        "measure": ["falls", "harm_free"],
        "improvement": ["decrease", "increase"],
        "target": [12, 90],
        "freeze": [13, None],
    }
)
# three wards' falls and bed days (ward C: 4/750)
FUNNEL_DATA = pd.DataFrame(
    {"ward": ["A", "B", "C"], "falls": [3, 9, 4], "bed_days": [700, 800, 750]}
)
# 24 months of 10 events per 1,000 bed days, then 12 of 5: a 50 % fall
AMB_DATA = pd.DataFrame(
    {
        "month": pd.date_range("2021-04-01", periods=36, freq="MS"),
        "events": [10] * 24 + [5] * 12,
        "bed_days": 1000,
    }
)


def _spc():
    data = pd.DataFrame({"y": [3, 5, 4, 6, 5, 4, 7, 5]})
    return qi.spc(data, y="y", chart="i")


def _board():
    return qi.board(BOARD_DATA, MEASURES, x="month", y="value")


def _funnel():
    return qi.funnel(FUNNEL_DATA, y="falls", n="bed_days", unit="ward", kind="rate", adjust=False)


def _ambition():
    return qi.ambition(
        AMB_DATA,
        y="events",
        n="bed_days",
        x="month",
        baseline=("2021-04-01", "2022-03-01"),
        change=-0.5,
        deadline="2024-03-01",
    )


def _tables(res):
    if isinstance(res, qi.SPCResult):
        return {"points": res.points, "summary": res.summary()}
    return {name: res._out(name) for name in res._TABLES}


MAKERS = [_spc, _board, _funnel, _ambition]


@pytest.mark.parametrize("make", MAKERS, ids=["spc", "board", "funnel", "ambition"])
@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_round_trip_gives_equal_tables_and_a_working_result(make, how):
    res = make()
    got = pickle.loads(pickle.dumps(res)) if how == "pickle" else copy.deepcopy(res)
    assert type(got) is type(res)
    for name, table in _tables(res).items():
        pd.testing.assert_frame_equal(_tables(got)[name], table, obj=name)
    if hasattr(res, "params"):
        assert dict(got.params) == dict(res.params)
        with pytest.raises(TypeError):
            got.params["chart"] = "c"  # still read-only
    fig = got.plot()
    assert fig.axes
    plt.close(fig)
    assert repr(got).split("\n")[0] == repr(res).split("\n")[0]


def test_values_after_pickling():
    """Hand-computed numbers read from the loaded copies."""
    spc = pickle.loads(pickle.dumps(_spc()))
    # mean 39/8 = 4.875, mean moving range 12/7: limits 4.875 ∓ 3 × (12/7) / 1.128
    s = spc.summary().iloc[0]
    assert s["cl"] == pytest.approx(4.875)
    assert s["lcl"] == pytest.approx(4.875 - 3 * (12 / 7) / 1.128)
    assert spc.chart == "i"
    board = pickle.loads(pickle.dumps(_board()))
    t = board.table().set_index("measure")
    assert t.loc["falls", "ucl"] == pytest.approx(10 + 2.66 * 23 / 12)
    assert t.loc["falls", "variation"] == "concern_high"
    assert board.matrix().loc["concern_high", "hit_or_miss"] == 1
    funnel = pickle.loads(pickle.dumps(_funnel()))
    units = funnel.units.set_index("ward")
    assert units.loc["C", "value"] == pytest.approx(4 / 750)
    assert funnel.params["unit"] == "ward"
    amb = pickle.loads(pickle.dumps(_ambition()))
    row = amb.summary().iloc[0]  # baseline 10 per 1,000 bed days, the last 12 months 5
    assert row["baseline_value"] == pytest.approx(0.01)
    assert row["current_value"] == pytest.approx(0.005)
    assert row["rate_ratio"] == pytest.approx(0.5)


def test_process_pool_returns_results():
    """The use that broke: results returned from worker processes."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        spc, funnel = pool.submit(_spc).result(), pool.submit(_funnel).result()
    assert spc.summary()["cl"].iloc[0] == pytest.approx(4.875)
    assert funnel.units["y"].tolist() == [3, 9, 4]
