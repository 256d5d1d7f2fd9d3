"""Fuzzing the newer entry points (issue #10): ``qi.board`` and ``qi.funnel`` on the same
real-world DataFrames as ``qi.spc`` (dtypes, label types, index types, missing values and
duplicated rows). Either a result or a QIStatsError; the input never changes; no numpy or
pandas warning; the answer does not depend on the order of the rows, on what the series are
called, or on which other series are in the data."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import qistats as qi

from .test_fuzz_inputs import LABELS, frames, run, shuffled

pytest.importorskip("pyarrow")

# no shrinking: a failure is reported as drawn (shrinking a board took minutes)
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
MEASURE = {"str": "measure", "int": 4, "tuple": ("k", "measure")}
TABLE = ["latest_x", "latest_value", "cl", "lcl", "ucl", "variation", "assurance", "n_points"]


def relabelled(df, ward):
    """The series renamed so that their order reverses, and the way back."""
    labels = df[ward].astype(str)
    out = df.copy()
    out[ward] = ("zz" + labels).str[::-1]
    return out, lambda s: s.astype(str).str[::-1].str[2:]


def by_series(table, ward, columns):
    """The table's columns in series order, as plain values (a column of whole x values is
    float64 when another series has no observation, int64 otherwise: the values are what
    must agree)."""
    out = table[[ward, *columns]].copy()
    out[ward] = out[ward].astype(str)
    for c in columns:
        if out[c].dtype == object:
            out[c] = out[c].astype(str)
        elif pd.api.types.is_numeric_dtype(out[c].dtype):
            out[c] = out[c].astype(float)
    return out.sort_values(ward, kind="stable").reset_index(drop=True)


@SETTINGS
@given(
    frames(),
    st.sampled_from(["xmr", "i", "run", "c", "p", "u"]),
    st.sampled_from(["increase", "decrease", None]),
    st.sampled_from([None, 5.0]),
    st.integers(0, 2**32 - 1),
)
def test_board_on_any_frame(case, chart, improvement, target, seed):
    df, spec = case
    ward, month, y, n = LABELS[spec["labels"]]
    measure = MEASURE[spec["labels"]]
    data = df.copy()
    data.insert(0, measure, "m")
    data.columns = pd.Index(list(data.columns), tupleize_cols=False)
    measures = pd.DataFrame(
        {"m": ["m"], "chart": [chart], "improvement": [improvement], "target": [target]}
    )
    measures.columns = pd.Index([measure, "chart", "improvement", "target"], tupleize_cols=False)
    before, before_m = data.copy(deep=True), measures.copy(deep=True)
    kw = {"x": month, "y": y, "n": n, "by": ward, "measure": measure, "min_points": 0}
    res = run(qi.board, data, measures, **kw)
    pd.testing.assert_frame_equal(data, before)  # the inputs are never changed
    pd.testing.assert_frame_equal(measures, before_m)
    again = run(qi.board, shuffled(data, seed), measures, **kw)
    if isinstance(res, qi.QIStatsError):
        assert isinstance(again, qi.QIStatsError), "row order decided whether it failed"
        return
    table = by_series(res.table(), ward, TABLE)
    # the order of the rows does not matter
    pd.testing.assert_frame_equal(by_series(again.table(), ward, TABLE), table)
    # nor what the series are called
    renamed, back = relabelled(data, ward)
    other = run(qi.board, renamed, measures, **kw).table()
    other[ward] = back(other[ward])
    pd.testing.assert_frame_equal(by_series(other, ward, TABLE), table)
    # a series computed alone equals the same series among others
    first = data[ward].iloc[0]
    alone = run(qi.board, data[data[ward] == first], measures, **kw).table()
    among = res.table()
    pd.testing.assert_frame_equal(
        by_series(alone, ward, TABLE), by_series(among[among[ward] == first], ward, TABLE)
    )


UNITS = ["y", "n", "value", "z", "lcl_95", "ucl_95", "lcl_99_8", "ucl_99_8", "outlier"]


def by_unit(units, ward, month):
    out = units[[ward, month, *UNITS]].copy()
    out[ward] = out[ward].astype(str)
    return out.sort_values([ward, month], kind="stable").reset_index(drop=True)


@SETTINGS
@given(frames(), st.sampled_from(["pr", "sr", "rate"]), st.integers(0, 2**32 - 1))
def test_funnel_on_any_frame(case, kind, seed):
    # the series are the groups (by), the months their units: each group is one funnel
    df, spec = case
    ward, month, y, n = LABELS[spec["labels"]]
    before = df.copy(deep=True)
    kw = {"y": y, "n": n, "unit": month, "by": ward, "kind": kind}
    res = run(qi.funnel, df, **kw)
    pd.testing.assert_frame_equal(df, before)
    again = run(qi.funnel, shuffled(df, seed), **kw)
    if isinstance(res, qi.QIStatsError):
        assert isinstance(again, qi.QIStatsError), "row order decided whether it failed"
        return
    units = by_unit(res.units, ward, month)
    pd.testing.assert_frame_equal(by_unit(again.units, ward, month), units, rtol=1e-12)
    renamed, back = relabelled(df, ward)
    other = run(qi.funnel, renamed, **kw).units
    other[ward] = back(other[ward])
    pd.testing.assert_frame_equal(by_unit(other, ward, month), units, rtol=1e-12)
    first = df[ward].iloc[0]
    alone = run(qi.funnel, df[df[ward] == first], **kw)
    among = res.units[res.units[ward] == first]
    if isinstance(alone, qi.QIStatsError):  # a group with no events is left out of the others'
        assert among.empty, alone
        return
    pd.testing.assert_frame_equal(
        by_unit(alone.units, ward, month), by_unit(among, ward, month), rtol=1e-12
    )
