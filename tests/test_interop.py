"""Polars and Arrow in, pandas out (with .to_polars() / .to_arrow() on request)."""

import pandas as pd
import pytest

import qistats as qi

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def wards() -> pd.DataFrame:
    df = qi.datasets.restrictive_practice()
    return df[df["trust"].isin(df["trust"].unique()[:2])].reset_index(drop=True)


def _spc(data):
    return qi.spc(
        data,
        y="restraints",
        n="bed_days",
        x="month",
        by=["trust", "ward"],
        chart="u",
        multiply=1000,
        freeze=12,
        rules="mdc",
        improvement="decrease",
    )


@pytest.mark.parametrize(
    "convert",
    [pl.from_pandas, lambda d: pa.Table.from_pandas(d, preserve_index=False)],
    ids=["polars", "arrow"],
)
def test_polars_and_arrow_give_the_pandas_result(wards, convert):
    expected = _spc(wards)
    got = _spc(convert(wards))
    # The month comes back at the converted resolution; everything computed is identical.
    pd.testing.assert_frame_equal(
        got.points.drop(columns="month"), expected.points.drop(columns="month")
    )
    assert (got.points["month"].to_numpy() == expected.points["month"].to_numpy()).all()
    pd.testing.assert_frame_equal(got.summary(), expected.summary())


def test_polars_lazyframe_is_collected(wards):
    got = _spc(pl.from_pandas(wards).lazy())
    assert len(got.points) == len(wards)


def test_results_convert_to_polars_and_arrow(wards):
    res = _spc(wards)
    pts = res.to_polars()
    assert pts.shape == res.points.shape
    assert pts["variation"].dtype == pl.String
    assert pts["variation"].to_list() == res.points["variation"].astype(str).to_list()
    table = res.to_arrow("summary")
    assert table.num_rows == len(res.summary())
    assert table.column("cl").to_pylist() == res.summary()["cl"].tolist()


def test_unknown_table_and_unknown_input_are_our_errors(wards):
    res = _spc(wards)
    with pytest.raises(qi.ArgumentError, match='expected "points" or "summary"'):
        res.to_polars("limits")
    with pytest.raises(qi.ArgumentError, match="expected a pandas or polars DataFrame"):
        qi.spc([1, 2, 3], y="y")


def test_ambition_takes_polars(wards):
    kwargs = dict(
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        multiply=1000,
    )
    expected = qi.ambition(wards, **kwargs).summary()
    got = qi.ambition(pl.from_pandas(wards), **kwargs).summary()
    pd.testing.assert_frame_equal(got, expected)


def test_phase_column_is_found_in_a_polars_frame(wards):
    data = wards.assign(period=(wards["month"] >= "2022-04-01").map({True: "after", False: "b"}))
    kwargs = dict(y="restraints", n="bed_days", x="month", by="ward", chart="u", phase="period")
    expected = qi.spc(data, **kwargs).summary()
    got = qi.spc(pl.from_pandas(data), **kwargs).summary()
    assert got["phase"].nunique() == 2
    pd.testing.assert_frame_equal(got, expected)


def test_board_takes_polars_data_and_measures():
    data = pd.DataFrame(
        {
            "measure": ["falls"] * 15 + ["harm_free"] * 15,
            "month": list(pd.date_range("2023-01-01", periods=15, freq="MS")) * 2,
            "value": [5, 7, 6, 8, 5, 6, 7, 9, 4, 6, 5, 7, 6, 5, 8]
            + [90 + i % 4 for i in range(15)],
        }
    )
    measures = pd.DataFrame({"measure": ["falls", "harm_free"], "target": [6.0, 92.0]})
    expected = qi.board(data, measures, x="month", y="value").table()
    got = qi.board(pl.from_pandas(data), pl.from_pandas(measures), x="month", y="value").table()
    pd.testing.assert_frame_equal(got, expected)


def test_funnel_takes_arrow(wards):
    kwargs = dict(y="restraints", n="bed_days", unit="ward", kind="rate", multiply=1000)
    kwargs["adjust"] = False  # a few wards: too few to estimate overdispersion (that warns)
    kwargs.update(x="month", period=("2020-04-01", "2024-03-01"))  # 48 months' totals
    expected = qi.funnel(wards, **kwargs).units
    got = qi.funnel(pa.Table.from_pandas(wards, preserve_index=False), **kwargs).units
    pd.testing.assert_frame_equal(got, expected)


def test_funnel_limits_convert_for_drawing_elsewhere(wards):
    """The curves of limits, to draw the funnel in another tool, convert as the units do
    (to_polars("limits") was refused: only "units" and "summary")."""
    kw = {"x": "month", "period": ("2020-04-01", "2024-03-01")}  # the 48 months' totals
    res = qi.funnel(
        wards, y="restraints", n="bed_days", unit="ward", kind="rate", adjust=False, **kw
    )
    frame = res.to_polars("limits")
    assert frame.columns == list(res.limits.columns)
    assert frame["ucl_99_8"].to_list() == res.limits["ucl_99_8"].tolist()
    assert res.to_arrow("limits").num_rows == len(res.limits) == 1000


def test_a_pandas_series_is_refused_with_the_fix():
    # it raised pyarrow's ArrowInvalid ("Cannot import schema") through the Arrow stream path
    s = pd.Series([1.0, 2.0, 3.0], name="falls")
    with pytest.raises(qi.ArgumentError, match=r"got a pandas Series.*to_frame\('falls'\)"):
        qi.spc(s, y="falls")


def test_a_label_column_missing_in_every_row_is_a_string_column():
    # no unit outside the limits: direction is None throughout; no target: assurance is missing.
    # Both came out as Arrow's null type (polars Null), whose type depended on the data.
    units = pd.DataFrame(
        {"ward": list("ABCDEF"), "falls": [10, 11, 9, 10, 12, 10], "bed_days": [1000] * 6}
    )
    funnel = qi.funnel(units, y="falls", n="bed_days", unit="ward", kind="rate", adjust=False)
    assert not funnel.units["outlier"].any()
    series = pd.DataFrame({"y": [3, 5, 4, 6, 5, 4, 7, 5, 6, 4, 5, 6, 5, 4, 6]})
    spc = qi.spc(series, y="y", chart="i", rules="mdc", improvement="increase")
    board_data = series.assign(measure="falls", month=pd.RangeIndex(15))
    board = qi.board(board_data, pd.DataFrame({"measure": ["falls"]}), x="month", y="y")
    for result, table, column in [
        (funnel, "units", "direction"),
        (spc, "summary", "assurance"),
        (board, "table", "assurance"),
    ]:
        out = result.to_polars(table)
        assert out[column].dtype == pl.String, (table, column)
        assert out[column].null_count() == len(out), (table, column)
        assert result.to_arrow(table).schema.field(column).type == pa.string(), (table, column)


def test_every_text_column_is_one_arrow_type(wards):
    # an ambition's text columns came out as large_string (pandas 3 text) beside string
    # (labels), so a consumer joining or unioning tables met two types for one kind of column
    amb = qi.ambition(
        wards,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        multiply=1000,
    )
    spc = _spc(wards)
    funnel = qi.funnel(
        wards, y="restraints", n="bed_days", unit="ward", kind="rate", x="month", adjust=False
    )
    tables = [(amb, "summary"), (amb, "periods"), (spc, "points"), (spc, "summary")]
    tables += [(funnel, "units")]
    for result, table in tables:
        schema = result.to_arrow(table).schema
        text = {f.name: f.type for f in schema if pa.types.is_string(f.type)}
        wide = [f.name for f in schema if pa.types.is_large_string(f.type)]
        assert wide == [], (table, wide)
        assert "verdict" in text or "ward" in text, (table, sorted(text))


@pytest.mark.parametrize("kind", ["polars", "pyarrow"])
def test_per_row_phase_labels_and_exclusion_flags_as_polars_or_arrow(kind):
    # session 15 trial F17: a polars Series (pyarrow array) of per-row phase labels was read
    # as x values ("phase='before': text dates must be ISO 8601"), and of exclusion flags as
    # dates; expected: the result of the same values as a numpy array
    d = qi.datasets.restrictive_practice().query("ward == 'BRI3'").reset_index(drop=True)
    labels = ["before"] * 20 + ["after"] * (len(d) - 20)
    flags = [i in (3, 4) for i in range(len(d))]
    make = pl.Series if kind == "polars" else pa.array
    kw = dict(y="restraints", x="month", chart="xmr")
    for arg, values in [("phase", labels), ("exclude", flags), ("exclude", d.month[[3, 4]])]:
        want = qi.spc(d, **kw, **{arg: pd.Series(values).to_numpy()}).points
        got = qi.spc(d, **kw, **{arg: make(list(values))}).points
        pd.testing.assert_frame_equal(got, want)
    assert want.excluded.sum() == 2


@pytest.mark.parametrize("kind", ["polars", "pyarrow"])
def test_board_takes_expected_series_as_polars_or_arrow(kind):
    # session 15 trial F17: expected=<polars DataFrame> was refused as "expected 'all' or a
    # DataFrame"; expected: the same table as with the pandas frame, the new ward as a row
    data = qi.datasets.restrictive_practice().assign(measure="r")
    measures = pd.DataFrame({"measure": ["r"]})
    expected = pd.DataFrame({"measure": ["r", "r"], "ward": ["ASH1", "NEW1"]})
    given = pl.from_pandas(expected) if kind == "polars" else pa.Table.from_pandas(expected)
    kw = dict(x="month", y="restraints", n="bed_days", by="ward")
    with pytest.warns(qi.NoDataWarning, match="NEW1"):
        want = qi.board(data, measures, **kw, expected=expected).table()
    with pytest.warns(qi.NoDataWarning, match="NEW1"):
        got = qi.board(data, measures, **kw, expected=given).table()
    pd.testing.assert_frame_equal(got, want)
    assert len(got) == data.ward.nunique() + 1
