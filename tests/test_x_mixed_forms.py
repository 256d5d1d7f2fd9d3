"""An x of text dates written in two forms ('2023-04' beside 'Apr 2023', a sheet typed by
several hands) is refused with code that reads each form with its own format (trial 23: the
advice, judged from the first value, was ``pd.to_datetime(df['month'], format="ISO8601")``,
which fails on 'May 2022')."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _frame(every=2):
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    text = [m.strftime("%Y-%m") if i % every else m.strftime("%b %Y") for i, m in enumerate(months)]
    return pd.DataFrame({"month": text, "y": np.tile([4.0, 6.0], 12)}), months


@pytest.mark.parametrize("every", [2, 4])  # half in each form; one in four named
def test_the_advice_reads_both_forms_and_gives_the_dates(every):
    df, months = _frame(every)
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(df, y="y", x="month")
    said = str(err.value)
    assert "Its dates are written in 2 forms (" in said
    assert "ISO8601" not in said
    code = said.split("combine them, ")[1].removesuffix(".")
    assert code == (
        "df['month'] = pd.to_datetime(df['month'], format='%Y-%m', errors='coerce')"
        ".fillna(pd.to_datetime(df['month'], format='%b %Y', errors='coerce'))"
    )
    scope = {"pd": pd, "df": df.copy()}
    exec(code, scope)  # the advice as written runs and reads every month
    assert scope["df"]["month"].tolist() == list(months)
    assert len(qi.spc(scope["df"], y="y", x="month").points) == 24


def test_the_polars_advice_runs():
    pl = pytest.importorskip("polars")
    df, months = _frame()
    frame = pl.from_pandas(df)
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(frame, y="y", x="month")
    code = str(err.value).split("combine them, ")[1].removesuffix(".")
    assert code.startswith("df = df.with_columns(pl.coalesce(")
    scope = {"pl": pl, "df": frame}
    exec(code, scope)
    got = scope["df"]["month"].to_list()
    assert got == [m.date() for m in months]


def test_a_value_no_format_reads_keeps_the_other_advice():
    df, _ = _frame()
    df.loc[23, "month"] = "Total"
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(df, y="y", x="month")
    assert "forms" not in str(err.value)


def test_one_form_keeps_its_one_format():
    df, _ = _frame()
    df["month"] = pd.to_datetime(df["month"], format="mixed").dt.strftime("%b %Y")
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(df, y="y", x="month")
    assert "forms" not in str(err.value)
    assert "format='%b %Y'" in str(err.value)
