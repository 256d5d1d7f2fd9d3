"""Errors that say what is wrong and advise code that works: exclude flags with a missing
value (read as not excluded), quarter and month-name text x, ISO date-time text x, and
qi.funnel's output-name clash."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ColumnError

pl = pytest.importorskip("polars")

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")
# 5 6 7 8 9 10 11 5 6 ... (i % 7 + 5); row 3 missing in the polars frame
Y = [float(i % 7 + 5) for i in range(24)]


# A blank among exclude flags is not excluded (it was once refused, naming the row): the rows
# with a missing flag stay in.


def test_polars_flags_with_a_null_keep_that_row_in():
    df = pl.DataFrame({"m": MONTHS, "y": [None if i == 3 else v for i, v in enumerate(Y)]})
    res = qi.spc(df, y="y", x="m", chart="xmr", exclude=df["y"] > 9)
    # y > 9 is 10 or 11: rows 5, 6, 12, 13, 19, 20; row 3 (null y, null flag) is a gap, kept in
    assert np.flatnonzero(res.points["excluded"]).tolist() == [5, 6, 12, 13, 19, 20]


def test_pandas_boolean_flags_with_na_keep_those_rows_in():
    df = pd.DataFrame({"m": MONTHS, "y": Y})
    flags = (df["y"] > 9).astype("boolean")
    flags[[5, 9]] = pd.NA
    res = qi.spc(df, y="y", x="m", chart="xmr", exclude=flags)
    # left out: the 11s and 10s but row 5 (10), whose flag is missing: rows 6, 12, 13, 19, 20
    assert np.flatnonzero(res.points["excluded"]).tolist() == [6, 12, 13, 19, 20]
    # kept in: the 18 values <= 9 (5..9 three times, then 5 6 7: sum 123) and row 5 (10),
    # whose flag was missing: 133 / 19
    assert res.summary()["cl"].iloc[0] == pytest.approx(133 / 19)


def test_zero_one_flags_with_a_gap_are_flags_too():
    df = pd.DataFrame({"m": MONTHS, "y": Y})
    flags = [1.0, 0.0, np.nan] + [0.0] * 21
    res = qi.spc(df, y="y", x="m", chart="xmr", exclude=flags)
    assert np.flatnonzero(res.points["excluded"]).tolist() == [0]


@pytest.mark.parametrize(
    "values", [["2019Q2", "2019Q3", "2019Q4"], ["2018-Q2", "2018-Q3", "2018-Q4"]]
)
def test_quarter_text_x_gets_advice_that_converts_it(values):
    df = pd.DataFrame({"qs": values * 4, "y": np.arange(12.0)}).iloc[:3]
    with pytest.raises(ColumnError) as err:
        qi.spc(df, y="y", x="qs", chart="i")
    code = "df['qs'] = pd.PeriodIndex(df['qs'].str.strip(), freq='Q')"
    assert f"a year and quarter, as every value is: convert the column with {code}." in str(
        err.value
    )
    exec(code, {"pd": pd, "df": df})
    res = qi.spc(df, y="y", x="qs", chart="i")
    assert [str(q) for q in res.points["qs"]] == [v.replace("-", "") for v in values]


def test_quarter_text_in_polars_gets_polars_code():
    df = pl.DataFrame({"qs": ["2019Q2", "2019-Q3", "2019Q4"], "y": [1.0, 2.0, 4.0]})
    with pytest.raises(ColumnError) as err:
        qi.spc(df, y="y", x="qs", chart="i")
    said = str(err.value)
    code = said.split("convert the column with ")[1].split(" (each quarter's first day)")[0]
    df = eval(code.removeprefix("df = "), {"pl": pl, "df": df})
    assert df["qs"].to_list() == [pd.Timestamp(d).date() for d in ("2019-04-01", "2019-07-01",
                                                                   "2019-10-01")]  # fmt: skip


def test_month_name_text_gets_its_format():
    df = pd.DataFrame({"m": ["Apr-21", "May-21", "Jun-21"], "y": [1.0, 2.0, 4.0]})
    with pytest.raises(ColumnError) as err:
        qi.spc(df, y="y", x="m", chart="i")
    assert (
        "The first value is 'Apr-21', a date with the month's name (01 April 2021): convert "
        "the column with pd.to_datetime(df['m'], format='%b-%y') or make it an ordered "
        "Categorical."
    ) in str(err.value)
    df["m"] = pd.to_datetime(df["m"], format="%b-%y")
    assert qi.spc(df, y="y", x="m", chart="i").points["m"].dt.month.tolist() == [4, 5, 6]


@pytest.mark.parametrize(
    "text",
    ["2021-04-01 00:00:00", "2021-04-01T00:00:00", "2021-04-01 00:00", "2021-04-01T00:00:00.000"],
)
def test_iso_date_time_text_is_read_as_dates(text):
    stamps = [text.replace("04", m, 1) for m in ("04", "05", "06", "07")]
    df = pd.DataFrame({"month": stamps, "y": [3.0, 5.0, 4.0, 6.0]})
    res = qi.spc(df, y="y", x="month", chart="i", freeze="2021-05-01")
    assert res.points["month"].tolist() == list(pd.date_range("2021-04-01", periods=4, freq="MS"))
    assert res.summary()["cl"].iloc[0] == pytest.approx(4.0)  # (3 + 5) / 2
    polars = qi.spc(pl.from_pandas(df), y="y", x="month", chart="i", freeze="2021-05-01")
    assert polars.summary()["cl"].iloc[0] == pytest.approx(4.0)


def test_iso_date_time_text_in_a_board_and_a_funnel():
    stamps = [f"2021-{m:02d}-01 00:00:00" for m in range(1, 13)]
    data = pd.DataFrame({"measure": "a", "month": stamps, "value": [4.0, 6.0] * 6})
    t = qi.board(data, pd.DataFrame({"measure": ["a"]}), x="month", y="value").table()
    assert t["latest_x"].iloc[0] == pd.Timestamp("2021-12-01")
    assert t["cl"].iloc[0] == pytest.approx(5.0)
    units = pd.DataFrame({"u": list("ABCDEFGHIJ") * 2, "month": ["2021-01-01 00:00:00"] * 10
                          + ["2021-02-01 00:00:00"] * 10, "y": 5, "n": 100})  # fmt: skip
    res = qi.funnel(units, y="y", n="n", unit="u", x="month", kind="pr", adjust=False)
    assert res.period == (pd.Timestamp("2021-02-01"), pd.Timestamp("2021-02-01"))


@pytest.mark.parametrize(
    ("unit", "by", "name"),
    [("value", None, "value"), ("u", "outlier", "outlier"), ("u", "lcl_95", "lcl_95")],
)
def test_funnel_output_name_clash_is_a_column_error_with_the_rename(unit, by, name):
    data = pd.DataFrame({"u": list("ABCDEFGHIJ"), "y": range(10), "n": 100})
    data[name] = list("ABCDEFGHIJ") if name == unit else "g"
    arg = "unit" if name == unit else "by"
    with pytest.raises(ColumnError) as err:
        qi.funnel(data, y="y", n="n", unit=unit, by=by, kind="pr", adjust=False)
    assert str(err.value) == (
        f"{arg}='{name}': '{name}' is also a column that qi.funnel (in .units) adds, so its "
        f"labels would be lost. Rename it first, e.g. "
        f"data.rename(columns={{'{name}': '{name}_'}})."
    )
    renamed = data.rename(columns={name: f"{name}_"})
    kw = {"unit": f"{unit}_" if name == unit else unit, "by": f"{by}_" if by else None}
    res = qi.funnel(renamed, y="y", n="n", kind="pr", adjust=False, **kw)
    assert len(res.units) == 10
