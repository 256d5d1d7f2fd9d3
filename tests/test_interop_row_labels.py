"""to_polars/to_arrow keep a table's row labels (session 17, finding 3): the board's matrix is
indexed by ``variation``; every other table of every result is indexed by row positions."""

import pandas as pd
import pytest

import qistats as qi

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

MONTHS = pd.date_range("2023-01-01", periods=14, freq="MS")
DATA = pd.DataFrame(
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
# the seven variation icons, then too_few_points, stale and no_data (the documented rows)
ROWS = [
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
    "too_few_points",
    "stale",
    "no_data",
]


def test_matrix_to_polars_has_the_variation_column():
    # falls: a concern above limits 4.9-15.1 that straddle its target 12 (hit or miss);
    # harm-free: common cause, limits 90.7-101.3 all above its target 90 (pass)
    out = qi.board(DATA, MEASURES, x="month", y="value").to_polars("matrix")
    assert out.columns == ["variation", "pass", "fail", "hit_or_miss", "withheld", "none"]
    assert out["variation"].dtype == pl.String
    assert out["variation"].to_list() == ROWS
    assert out.filter(pl.col("variation") == "concern_high")["hit_or_miss"].item() == 1
    assert out.filter(pl.col("variation") == "common_cause")["pass"].item() == 1
    assert out.drop("variation").sum_horizontal().sum() == 2


def test_matrix_to_arrow_has_the_variation_column():
    out = qi.board(DATA, MEASURES, x="month", y="value").to_arrow("matrix")
    assert out.column_names[0] == "variation"
    assert pa.types.is_string(out.schema.field("variation").type)
    assert out["variation"].to_pylist() == ROWS
    assert out["hit_or_miss"].to_pylist() == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]


def _results():
    df = qi.datasets.restrictive_practice()
    df = df[df["ward"].isin(df["ward"].unique()[:3])]
    spc = qi.spc(df, y="restraints", n="bed_days", x="month", by="ward", chart="u")
    board = qi.board(DATA, MEASURES, x="month", y="value")
    funnel = qi.funnel(
        df, y="restraints", n="bed_days", unit="ward", x="month", kind="rate", adjust=False
    )
    amb = qi.ambition(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
    )
    return [
        (spc, ("points", "summary"), spc._table),
        (board, board._TABLES, board._out),
        (funnel, funnel._TABLES, funnel._out),
        (amb, amb._TABLES, amb._out),
    ]


def test_every_other_table_has_its_rows_as_pandas_has_them():
    """Apart from the matrix, each table's index is row positions (nothing to lose): the
    polars table has the pandas table's columns and rows, in order."""
    for res, tables, get in _results():
        for name in tables:
            frame = get(name)
            out = res.to_polars(name)
            if name == "matrix":
                assert out.columns[0] == "variation"
                continue
            assert list(frame.index) == list(range(len(frame))), (type(res).__name__, name)
            assert out.columns == [str(c) for c in frame.columns], (type(res).__name__, name)
            assert out.height == len(frame)
