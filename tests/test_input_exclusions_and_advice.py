"""Real-world inputs, one minimal reproduction per defect: series and phases whose points are
all excluded, closed units in a funnel, per-row phase labels and flags, integer column labels,
advice for the input's library (pandas, polars, pyarrow), text in a column of numbers, polars
dates, a board's expected series without rows, and long lists in messages. Expected values
come from docs/missing.rst's rules and from the hand-worked numbers in the comments."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# --------------------------------------------------- a series whose points are all excluded


def test_a_series_with_every_point_excluded_has_no_variation_and_a_warning():
    # ward a: every point excluded, so no baseline, no centre line and no icon (as a series
    # with no observed value, docs/missing.rst); ward b: nothing excluded, the I chart of
    # 0..6 repeating over 20 points has mean (2×21 + 0+1+2+3+4+5) / 20 = 57/20 = 2.85
    y = np.arange(20) % 7
    d = pd.concat(
        [
            pd.DataFrame({"w": "a", "x": range(20), "y": y, "ex": True}),
            pd.DataFrame({"w": "b", "x": range(20), "y": y, "ex": False}),
        ]
    )
    with pytest.warns(qi.NoDataWarning, match=r"every observed point excluded.*w='a'"):
        res = qi.spc(d, y="y", x="x", by="w", chart="i", exclude="ex")
    s = res.summary().set_index("w")
    assert pd.isna(s.loc["a", "variation"]) and s.loc["a", "assurance"] is None
    assert s.loc["a", "n_points"] == 0 and np.isnan(s.loc["a", "cl"])
    assert res.points.loc[res.points.w == "a", "variation"].isna().all()
    assert s.loc["b", "cl"] == pytest.approx(2.85) and s.loc["b", "variation"] == "common_cause"


def test_excluding_every_x_by_value_warns_too():
    d = pd.DataFrame({"x": range(5), "y": [1.0, 2, 3, 2, 1]})
    with pytest.warns(qi.NoDataWarning, match="every observed point excluded"):
        s = qi.spc(d, y="y", x="x", chart="i", exclude=[0, 1, 2, 3, 4]).summary()
    assert pd.isna(s.variation[0])


# ------------------------------------------- a closed unit in a funnel is left out, not fatal


def _wards(closed_y: int = 0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ward": [f"W{i:02d}" for i in range(12)],
            "month": pd.Timestamp("2024-03-01"),
            "y": [5 + i % 3 for i in range(11)] + [closed_y],
            "n": [1000] * 11 + [0],
        }
    )


@pytest.mark.parametrize("x", [None, "month"])
def test_a_closed_unit_is_left_out_of_the_funnel_as_a_unit_with_no_rows(x):
    data = _wards()
    # the same funnel without the closed ward's row (a unit with no row adds nothing)
    expected = qi.funnel(data.iloc[:11], y="y", n="n", unit="ward", kind="rate", x=x).units
    with pytest.warns(qi.NoDataWarning, match=r"1 of 12 units .* left out .*ward='W11'"):
        res = qi.funnel(data, y="y", n="n", unit="ward", kind="rate", x=x)
    pd.testing.assert_frame_equal(res.units, expected)
    # pooled rate by hand: Σ(5 + i % 3) over the 11 open wards = 55 + (0+1+2)×3 + 0 + 1 = 65
    # events over 11,000 bed days
    assert res.summary().target[0] == pytest.approx(65 / 11000)
    assert res.summary().n_units[0] == 11


def test_events_over_no_denominator_are_still_refused():
    with pytest.raises(qi.DataError, match="ward='W11' has a total n of 0"):
        qi.funnel(_wards(closed_y=2), y="y", n="n", unit="ward", kind="rate")


def test_a_funnel_of_closed_units_only_is_refused():
    data = _wards().assign(y=0, n=0)
    with pytest.raises(qi.DataError, match="n='n': every unit has a total n of 0"):
        qi.funnel(data, y="y", n="n", unit="ward", kind="rate")


# --------------------------------------------- per-row phase labels and flags; no numpy reprs

MONTHS = pd.date_range("2022-01-01", periods=12, freq="MS")
FALLS = pd.DataFrame({"month": MONTHS, "falls": [3, 1, 4, 1, 5, 2, 6, 2, 6, 5, 3, 5]})


@pytest.mark.parametrize("wrap", [np.asarray, pd.Series, list])
def test_per_row_phase_labels_are_read_as_a_column_of_them_would_be(wrap):
    # qicharts2's part= takes one label per row; so does phase= now (it was refused with
    # "add them as a column" advice). Two phases of 6 months, C chart centre lines by hand:
    # (3+1+4+1+5+2)/6 = 16/6 and (6+2+6+5+3+5)/6 = 27/6
    labels = np.where(FALLS.month < "2022-07-01", "Before", "After")
    res = qi.spc(FALLS, y="falls", x="month", chart="c", phase=wrap(labels), min_points=0)
    assert res.summary().cl.tolist() == pytest.approx([16 / 6, 27 / 6])
    assert res.points.phase.tolist() == ["Before"] * 6 + ["After"] * 6
    assert list(res.points.columns) == list(
        qi.spc(FALLS.assign(p=labels), y="falls", x="month", chart="c", phase="p").points.columns
    )
    # rows out of x order: the labels follow their rows, as a column's would
    back = qi.spc(FALLS[::-1], y="falls", x="month", chart="c", phase=labels[::-1], min_points=0)
    assert back.summary().cl.tolist() == pytest.approx([16 / 6, 27 / 6])


def test_per_row_exclusion_flags_are_read_as_a_column_of_them_would_be():
    flags = (FALLS.month == "2022-03-01").to_numpy()
    s = qi.spc(FALLS, y="falls", x="month", chart="c", exclude=flags, min_points=0)
    # the mean of the 11 other months: (43 - 4) / 11 (the 12 months sum to 43)
    assert s.summary().cl[0] == pytest.approx(39 / 11)
    assert s.points.excluded.tolist() == flags.tolist()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"phase": ["a"] * 6 + ["b"] * 5}, r"read as per-row labels, but there are 11 for 12 rows"),
        ({"exclude": [True, False]}, r"per-row flags \(True: excluded\), but there are 2 for 12"),
        ({"phase": list("abcdefghijkl")}, r"as per-row labels would make every point its own"),
        ({"exclude": ["yes"] + ["no"] * 11}, r"neither x values nor True/False flags"),
        ({"phase": pd.Series(["a"] * 12, index=range(1, 13))}, r"index.*to_numpy\(\)"),
    ],
)
def test_per_row_values_of_the_wrong_length_or_kind_are_refused_saying_why(kwargs, match):
    with pytest.raises(qi.ArgumentError, match=match):
        qi.spc(FALLS, y="falls", x="month", chart="c", **kwargs)


def test_break_dates_of_the_length_of_the_data_are_still_break_dates():
    two = FALLS.iloc[[0, 6]]
    s = qi.spc(two, y="falls", x="month", chart="c", phase=list(two.month), min_points=0)
    assert s.summary().cl.tolist() == [3.0, 6.0]


@pytest.mark.parametrize(
    ("kwargs", "shown"),
    [
        ({"freeze": np.str_("01/10/2021")}, "freeze='01/10/2021'"),
        ({"phase": [np.str_("Before")]}, "phase='Before'"),
        ({"exclude": [np.int64(1)]}, "exclude=1"),
        ({"improvement": np.str_("up")}, "improvement='up'"),
    ],
)
def test_messages_show_plain_values_not_numpy_reprs(kwargs, shown):
    with pytest.raises(qi.QIStatsError) as caught:
        qi.spc(FALLS, y="falls", x="month", chart="c", **kwargs)
    msg = str(caught.value)
    assert shown in msg and "np." not in msg, msg


# ---------------------------------------- integer column labels; advice for the input's library

UK = {"ward": ["A"] * 3, "month": ["01/04/2023", "01/05/2023", "01/06/2023"], "y": [3.0, 5, 4]}


def _advice(msg: str) -> str:
    """The code after 'convert it with' in a message, up to the end of its call."""
    code = msg.split("convert it with ", 1)[1]
    depth = 0
    for i, ch in enumerate(code):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ")" and depth == 0:
            return code[: i + 1]
    raise AssertionError(msg)


def test_integer_labels_are_not_quoted_and_the_advice_runs():
    df = pd.DataFrame({0: UK["ward"], 1: UK["month"], 2: UK["y"]})  # read_csv(header=None)
    with pytest.raises(qi.ColumnError) as caught:
        qi.spc(df, y=2, x=1, chart="i")
    msg = str(caught.value)
    assert msg.startswith("x=1: column 1 has dtype") and "'1'" not in msg
    df[1] = eval(_advice(msg), {"pd": pd, "df": df})
    months = qi.spc(df, y=2, x=1, chart="i", min_points=0).points[1]
    assert months.dt.month.tolist() == [4, 5, 6]  # day first: April, May, June


def test_polars_input_gets_polars_advice_that_runs():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame(UK)
    with pytest.raises(qi.ColumnError) as caught:
        qi.spc(df, y="y", x="month", chart="i")
    msg = str(caught.value)
    assert "pd." not in msg and "pandas Categorical" not in msg
    df = eval(_advice(msg), {"pl": pl, "df": df})
    assert df.schema["month"] == pl.Date
    months = qi.spc(df, y="y", x="month", chart="i", min_points=0).points.month
    assert months.dt.month.tolist() == [4, 5, 6]


def test_pyarrow_input_gets_pyarrow_advice_that_runs():
    pa = pytest.importorskip("pyarrow")
    table = pa.table(UK)  # (UK text: ISO text is read as dates)
    with pytest.raises(qi.ColumnError) as caught:
        qi.spc(table, y="y", x="month", chart="i")
    msg = str(caught.value)
    assert "pd." not in msg
    month = eval(_advice(msg), {"pyarrow": pa, "table": table})
    table = table.set_column(1, "month", month)
    months = qi.spc(table, y="y", x="month", chart="i", min_points=0).points.month
    assert months.dt.month.tolist() == [4, 5, 6]


# -------------------------------------------------------- text in a column of numbers is refused

TEXT_Y = pd.DataFrame(
    {
        "ward": "A",
        "month": pd.date_range("2023-01-01", periods=5, freq="MS"),
        "y": pd.array(["3", "4.0", None, "5", "6"], dtype=object),
        "n": 100,
    }
)


def _entry_points():
    measures = pd.DataFrame({"measure": ["m"], "chart": ["u"]})
    data = TEXT_Y.assign(measure="m")
    kw = {"x": "month", "by": "ward", "n": "n"}
    return {
        "spc": lambda d: qi.spc(d, y="y", chart="u", **kw),
        "board": lambda d: qi.board(d.assign(measure="m"), measures, y="y", **kw),
        "ambition": lambda d: qi.ambition(
            d,
            y="y",
            **kw,
            baseline=("2023-01-01", "2023-02-01"),
            change=-0.5,
            deadline="2023-05-01",
        ),
        "funnel": lambda d: qi.funnel(d, y="y", n="n", unit="ward", kind="rate"),
    }, data


@pytest.mark.parametrize("entry", ["spc", "board", "ambition", "funnel"])
@pytest.mark.parametrize(
    ("values", "row", "shown"),
    [
        (["3", "4.0", None, "5", "6"], 0, "'3'"),
        ([3.0, 4.0, None, "", 6.0], 3, "''"),
        ([3, 4, None, 5, "6 "], 4, "'6 '"),
    ],
)
def test_text_in_y_is_refused_naming_column_row_and_value(entry, values, row, shown):
    calls, _ = _entry_points()
    data = TEXT_Y.assign(y=pd.array(values, dtype=object))
    if entry == "funnel":
        data = data.iloc[[row]].assign(month=TEXT_Y.month.iloc[-1])  # one period, the bad row
        row = data.index[0]
    with pytest.raises(qi.ColumnError) as caught:
        calls[entry](data)
    msg = str(caught.value)
    assert msg.startswith("y='y': column 'y' must hold numbers"), msg
    assert f"row with index label {row} " in msg and f"has the text {shown}" in msg
    assert "pd.to_numeric(df['y'], errors='coerce')" in msg


def test_the_advice_for_text_numbers_gives_the_numbers():
    with pytest.raises(qi.ColumnError) as caught:
        qi.spc(TEXT_Y, y="y", x="month", chart="i")
    df = TEXT_Y.copy()
    df["y"] = eval(
        str(caught.value).split("e.g. ", 1)[1].split(" (which", 1)[0], {"pd": pd, "df": df}
    )
    assert df.y.tolist()[:2] == [3.0, 4.0] and np.isnan(df.y[2]) and df.y.tolist()[3:] == [5, 6]


def test_numbers_stored_as_python_objects_are_still_numbers():
    data = TEXT_Y.assign(y=pd.array([3, 4.0, None, 5, 6], dtype=object))
    value = qi.spc(data, y="y", x="month", chart="i", min_points=0).points.value
    assert value.tolist()[:2] == [3.0, 4.0] and value.tolist()[3:] == [5.0, 6.0]


def test_polars_text_numbers_get_polars_advice():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"x": range(5), "y": ["3", "4.0", None, "5", "6"]})
    with pytest.raises(qi.ColumnError, match=r"pl\.col\('y'\)\.cast\(pl\.Float64, strict=False\)"):
        qi.spc(df, y="y", x="x", chart="i")


# ---------------------------------------------------------- polars dates come back as dates


def test_polars_dates_round_trip_as_dates():
    pl = pytest.importorskip("polars")
    import datetime as dt

    months = [dt.date(2023, m, 1) for m in range(1, 7)]
    df = pl.DataFrame({"month": months, "y": [3, 5, 4, 6, 5, 4], "measure": "m"})
    assert df.schema["month"] == pl.Date
    out = qi.spc(df, y="y", x="month", chart="i").to_polars()
    assert out.schema["month"] == pl.Date and out["month"].to_list() == months
    assert str(qi.spc(df, y="y", x="month", chart="i").to_arrow().schema.field("month").type) == (
        "date32[day]"
    )
    board = qi.board(df, pl.DataFrame({"measure": ["m"]}), x="month", y="y")
    assert board.to_polars().schema["latest_x"] == pl.Date
    assert board.to_polars()["latest_x"].to_list() == [months[-1]]
    # a datetime stays a datetime (a time of day is the caller's, even at midnight)
    stamped = df.with_columns(pl.col("month").cast(pl.Datetime("us")))
    kept = qi.spc(stamped, y="y", x="month", chart="i").to_polars().schema["month"]
    assert isinstance(kept, pl.Datetime)


def test_pandas_datetimes_stay_datetimes_in_polars():
    pl = pytest.importorskip("polars")
    df = pd.DataFrame(
        {"month": pd.date_range("2023-01-01", periods=4, freq="MS"), "y": [1, 2, 3, 4]}
    )
    assert isinstance(
        qi.spc(df, y="y", x="month", chart="i").to_polars().schema["month"], pl.Datetime
    )


# ---------------------------------------------- a board's expected series without any rows

BOARD_MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
BOARD_DATA = pd.concat(
    [
        pd.DataFrame({"measure": "falls", "trust": "A", "month": BOARD_MONTHS, "value": 5.0}),
        pd.DataFrame({"measure": "cdiff", "trust": "A", "month": BOARD_MONTHS, "value": 2.0}),
        pd.DataFrame({"measure": "cdiff", "trust": "B", "month": BOARD_MONTHS, "value": 3.0}),
    ],
    ignore_index=True,
).assign(value=lambda d: d.value + np.arange(len(d)) % 3)
BOARD_MEASURES = pd.DataFrame({"measure": ["falls", "cdiff"]})


def test_by_default_a_board_has_the_series_with_rows():
    # falls is not collected for trust B (by design): no row, no warning
    table = qi.board(BOARD_DATA, BOARD_MEASURES, x="month", y="value", by="trust").table()
    pairs = list(zip(table.measure, table.trust, strict=True))
    assert pairs == [("falls", "A"), ("cdiff", "A"), ("cdiff", "B")]


@pytest.mark.parametrize(
    "expected", ["all", pd.DataFrame({"measure": ["falls", "falls"], "trust": ["A", "B"]})]
)
def test_an_expected_series_without_rows_is_stale_with_no_icons_and_a_warning(expected):
    with pytest.warns(qi.NoDataWarning, match=r"measure='falls', trust='B'"):
        report = qi.board(
            BOARD_DATA, BOARD_MEASURES, x="month", y="value", by="trust", expected=expected
        )
    table = report.table().set_index(["measure", "trust"])
    row = table.loc[("falls", "B")]
    assert pd.isna(row.variation) and row.assurance is None and bool(row.stale)
    assert row.n_points == 0 and pd.isna(row.latest_x)
    assert len(table) == 4
    # the other series are as without expected=
    plain = qi.board(BOARD_DATA, BOARD_MEASURES, x="month", y="value", by="trust").table()
    same = table.drop(index=("falls", "B")).reset_index()
    pd.testing.assert_frame_equal(same[plain.columns], plain)
    matrix = report.matrix()
    assert matrix.loc["no_data"].sum() == 1 and int(matrix.to_numpy().sum()) == 4
    assert "B" in report.to_html()


def test_expected_refuses_unknown_measures_and_other_values():
    with pytest.raises(qi.DataError, match="measure='waits', which is not in the measures"):
        qi.board(
            BOARD_DATA,
            BOARD_MEASURES,
            x="month",
            y="value",
            by="trust",
            expected=pd.DataFrame({"measure": ["waits"], "trust": ["A"]}),
        )
    with pytest.raises(qi.ArgumentError, match="expected='some'"):
        qi.board(BOARD_DATA, BOARD_MEASURES, x="month", y="value", by="trust", expected="some")
    with pytest.raises(qi.ColumnError, match="trust"):
        qi.board(
            BOARD_DATA,
            BOARD_MEASURES,
            x="month",
            y="value",
            by="trust",
            expected=pd.DataFrame({"measure": ["falls"]}),
        )


def test_polars_input_gets_polars_advice_in_warnings():
    pl = pytest.importorskip("polars")
    spaced = pl.DataFrame({"w": ["Ash", "Ash ", "B"], "x": [1, 1, 1], "y": [1, 2, 3]})
    with pytest.warns(qi.LabelWarning) as caught:
        qi.spc(spaced, y="y", x="x", by="w", chart="c", min_points=0)
    code = str(caught[0].message).split("Strip them first (", 1)[1].rsplit(") if", 1)[0]
    namespace = {"pl": pl, "df": spaced}
    exec(code, namespace)  # the advice runs, and makes the labels one
    assert sorted(namespace["df"]["w"].unique().to_list()) == ["Ash", "B"]
    copied = pl.DataFrame({"w": ["A", "A", "B"], "x": [1, 1, 1], "y": [1, 1, 3]})
    with pytest.warns(qi.DuplicateRowsWarning, match=r"df\.unique\(maintain_order=True\)"):
        qi.spc(copied, y="y", x="x", by="w", chart="c", min_points=0)


@pytest.mark.parametrize(
    ("column", "value"), [("target", "5"), ("multiply", "1000"), ("target", "")]
)
def test_text_numbers_in_the_measures_table_are_refused(column, value):
    # docs/missing.rst, "Numbers given as arguments": a measures table's target and multiply
    # are numbers; text, "5" as well as "", is refused
    measures = BOARD_MEASURES.assign(**{column: [value, None]})
    with pytest.raises(qi.DataError, match=rf"'{column}' of measure 'falls' is '{value}'"):
        qi.board(BOARD_DATA, measures, x="month", y="value", by="trust")


def test_polars_dates_round_trip_as_dates_in_an_ambition():
    pl = pytest.importorskip("polars")
    df = qi.datasets.restrictive_practice()
    df = pl.from_pandas(df[df.ward.isin(["BRI3", "BRI4"])]).with_columns(
        pl.col("month").cast(pl.Date)
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
        multiply=1000,
    )
    assert amb.to_polars("periods").schema["month"] == pl.Date
    summary = amb.to_polars("summary")
    assert summary.schema["current_end"] == pl.Date
    import datetime as dt

    assert summary["current_end"].to_list() == [dt.date(2024, 3, 1)] * 2


def test_a_long_list_in_a_message_shows_its_ends_and_its_length():
    data = pd.DataFrame({"x": range(100), "y": np.arange(100.0) % 7})
    with pytest.raises(qi.ArgumentError) as caught:
        qi.spc(data, y="y", x="x", chart="i", exclude=[*range(10**5), 500_000])
    msg = str(caught.value)
    assert msg.startswith("exclude=[0, 1, 2, …, 500000] (100001 values): 100 is not an x")
    assert len(msg) < 200


def test_a_phase_with_every_point_excluded_is_named_in_a_warning():
    # phase 2 (x 10-17) of both wards excluded: no limits there, silently before. Phase 1
    # keeps its own: mean 58/10 = 5.8, MR̄ 11/9, UCL 5.8 + 3/1.128 × 11/9 = 9.0506 (by hand)
    y = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 12, 13, 12, 14, 13, 12, 13, 14, 6, 5]
    one = pd.DataFrame({"ward": "A", "month": range(20), "y": y})
    d = pd.concat([one, one.assign(ward="B")])
    kw = dict(y="y", x="month", by="ward", chart="i", phase=[10, 18], min_points=1)
    with pytest.warns(qi.NoDataWarning) as seen:
        s = qi.spc(d, **kw, exclude=list(range(10, 18))).summary().set_index(["ward", "phase"])
    assert [str(w.message) for w in seen] == [
        "2 of 6 phases have every observed point excluded by exclude=… (ward='A', phase 2; "
        "ward='B', phase 2): no centre line, limits or variation in those phases."
    ]
    assert np.isnan(s.loc[("A", 2), "cl"]) and pd.isna(s.loc[("A", 2), "variation"])
    assert s.loc[("A", 1), "ucl"] == pytest.approx(5.8 + 3 / 1.128 * 11 / 9)
    # with freeze=3 only the phase's first 3 points are its baseline: excluding them is enough
    with pytest.warns(qi.NoDataWarning, match=r"1 of 2 phases has every observed baseline "):
        qi.spc(one, **{**kw, "by": None, "phase": [10]}, freeze=3, exclude=[10, 11, 12])
    # missing baseline values are not exclude's doing: no such warning
    gap = one.assign(y=one["y"].where(~one["month"].isin([10, 11, 12])))
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.NoDataWarning)
        qi.spc(gap, **{**kw, "by": None, "phase": [10]}, freeze=3)
