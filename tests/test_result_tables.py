"""Every result converts its tables to polars and pyarrow (the README promises it)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def results(three_wards):
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"], "improvement": ["decrease"]})
    board = qi.board(three_wards, measures, y="falls", x="month", n="bed_days", by="ward")
    amb = qi.ambition(
        three_wards,
        y="falls",
        x="month",
        n="bed_days",
        by="ward",
        baseline=("2021-01-01", "2021-12-01"),
        change=-0.2,
        deadline="2022-12-01",
    )
    funnel = qi.funnel(
        three_wards,
        y="falls",
        n="bed_days",
        unit="ward",
        kind="rate",
        adjust=False,
        x="month",
        period=("2021-01-01", "2022-12-01"),  # the 24 months' totals, on purpose
    )
    return {
        "board": (board, {"table": board.table(), "points": board.points, "matrix": None}),
        "ambition": (amb, {"summary": amb.summary(), "periods": amb.periods, "pooled": None}),
        "funnel": (funnel, {"units": funnel.units, "summary": funnel.summary()}),
    }


@pytest.mark.parametrize("which", ["board", "ambition", "funnel"])
def test_every_table_converts_with_its_rows_and_columns(results, which):
    res, tables = results[which]
    default = next(iter(tables))
    # the default is the first table: Board.table(), Ambition.summary(), FunnelResult.units
    expected = tables[default]
    out = res.to_polars()
    assert isinstance(out, pl.DataFrame)
    assert out.columns == [str(c) for c in expected.columns] and out.height == len(expected)
    arrow = res.to_arrow()
    assert isinstance(arrow, pa.Table) and arrow.num_rows == len(expected)
    for name, frame in tables.items():
        got = res.to_polars(name)
        assert isinstance(got, pl.DataFrame) and isinstance(res.to_arrow(name), pa.Table)
        if frame is not None:
            assert got.height == len(frame)
            # a numeric column survives unchanged
            num = next(c for c in frame.columns if pd.api.types.is_float_dtype(frame[c]))
            np.testing.assert_array_equal(got[num].to_numpy(), frame[num].to_numpy())


def test_wards_survive_as_text(results):
    res, _ = results["funnel"]
    assert res.to_polars()["ward"].to_list() == ["Ash", "Birch", "Cedar"]
    board, _ = results["board"]
    assert board.to_arrow().column("ward").to_pylist() == ["Ash", "Birch", "Cedar"]


@pytest.mark.parametrize("which", ["board", "ambition", "funnel"])
def test_an_unknown_table_is_refused_naming_the_tables(results, which):
    res, tables = results[which]
    with pytest.raises(qi.ArgumentError) as info:
        res.to_polars("nonsense")
    msg = str(info.value)
    assert msg.startswith("table='nonsense': expected ")
    assert all(repr(name) in msg for name in tables)
