"""Integer column labels (read_csv(header=None)) work in every entry point, as text labels do."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _data():
    df = qi.datasets.restrictive_practice(n_trusts=2, n_months=24).assign(measure="rr")
    named = df[["measure", "ward", "month", "restraints", "bed_days"]].reset_index(drop=True)
    numbered = named.copy()
    numbered.columns = range(5)
    return named, numbered


def _same_values(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert a.shape == b.shape
    for left, right in zip(a.columns, b.columns, strict=True):
        x, y = a[left].to_numpy(), b[right].to_numpy()
        if x.dtype.kind == "f":
            np.testing.assert_array_equal(x, y)
        else:
            assert list(x) == list(y)


def test_spc_by_an_integer_label():
    named, numbered = _data()
    got = qi.spc(numbered, y=3, n=4, x=2, by=1, chart="u")
    want = qi.spc(named, y="restraints", n="bed_days", x="month", by="ward", chart="u")
    assert got.by == [1]
    assert got.summary()[1].nunique() == named["ward"].nunique()
    _same_values(got.summary(), want.summary())


def test_board_with_integer_labels():
    named, numbered = _data()
    got = qi.board(numbered, pd.DataFrame({0: ["rr"], "chart": ["u"]}), x=2, y=3, n=4, by=1,
                   measure=0).table()  # fmt: skip
    want = qi.board(named, pd.DataFrame({"measure": ["rr"], "chart": ["u"]}), x="month",
                    y="restraints", n="bed_days", by="ward").table()  # fmt: skip
    assert len(got) == named["ward"].nunique()
    _same_values(got.drop(columns="last_values"), want.drop(columns="last_values"))


def test_funnel_with_integer_labels():
    named, numbered = _data()
    every = (named["month"].min(), named["month"].max())  # the 24 months' totals
    kw = {"kind": "rate", "adjust": False, "period": every}
    got = qi.funnel(numbered, y=3, n=4, unit=1, by=0, x=2, **kw).units
    want = qi.funnel(
        named, y="restraints", n="bed_days", unit="ward", by="measure", x="month", **kw
    )
    want = want.units
    _same_values(got, want)


def test_board_html_heads_a_numbered_measure_column_in_words():
    """With header=None the measure's key is column 0: its heading was "0" beside the
    "Measure" of its name (new-user trial 14, F20); as with a named key, "Measure id"."""
    named, numbered = _data()
    measures = pd.DataFrame({"measure": ["rr"], "chart": ["u"]})
    kw = dict(x="month", y="restraints", n="bed_days", by="ward")
    want = qi.board(named, measures, **kw).to_html(columns="all")
    got = qi.board(numbered, measures.rename(columns={"measure": 0}), x=2, y=3, n=4, by=1,
                   measure=0).to_html(columns="all")  # fmt: skip
    heads = [h.split(">")[-1] for h in got.split("</th>")[:3]]
    assert heads == ["Measure id", "1", "Measure"]
    assert [h.split(">")[-1] for h in want.split("</th>")[:3]] == ["Measure id", "Ward", "Measure"]


def test_board_measure_label_missing_from_a_measures_table_with_its_own_header():
    # new-user trial 19: data read with header=None (measure=0) beside a measures table typed
    # with a 'measure' column was told only "no such column in measures"
    _, numbered = _data()
    measures = pd.DataFrame({"measure": ["rr"], "chart": ["u"], "multiply": [1000]})
    with pytest.raises(qi.ColumnError) as err:
        qi.board(numbered, measures, x=2, y=3, n=4, by=1, measure=0)
    said = str(err.value)
    assert said.startswith("measure=0: no such column in measures. measure= names the column")
    assert "measures = measures.rename(columns={'measure': 0})." in said
    # the advice builds the board; the latest value of the first ward is its last month's
    # restraints per 1,000 bed days, from the data by hand
    table = qi.board(numbered, measures.rename(columns={"measure": 0}), x=2, y=3, n=4, by=1,
                     measure=0).table()  # fmt: skip
    ward = numbered[numbered[1] == table[1].iloc[0]].sort_values(2).iloc[-1]
    assert table.latest_value.iloc[0] == pytest.approx(ward[3] / ward[4] * 1000, rel=1e-12)
