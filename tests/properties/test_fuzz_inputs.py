"""Fuzzing the frame layer (issue #10): whatever DataFrame an analyst has, qistats either gives
a result or raises a QIStatsError; it never changes the input, never leaks a numpy or pandas
warning, and its answer does not depend on the order of the rows, on what the series are
called, or on which other series are in the data."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qistats as qi

pytest.importorskip("pyarrow")

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))

LABELS = {
    "str": ("ward", "month", "y", "n"),
    "int": (0, 1, 2, 3),
    "tuple": (("k", "ward"), ("k", "month"), ("v", "y"), ("v", "n")),
}
Y_DTYPES = ["float64", "Float64", "double[pyarrow]", "object", "int"]
X_KINDS = ["int", "float32", "datetime64[ns]", "datetime64[s]", "timestamp[pyarrow]", "period"]
BY_KINDS = ["str", "int", "category", "string[pyarrow]"]
INDEXES = ["range", "reversed", "text", "repeated"]


@st.composite
def frames(draw):
    """A long DataFrame of 1-3 series of counts y out of n, in one of many real-world forms."""
    k = draw(st.integers(1, 3))
    rows = []
    for s in range(k):
        start = draw(st.integers(0, 3))
        ys = draw(st.lists(st.one_of(st.integers(0, 20), st.none()), min_size=1, max_size=14))
        ns = draw(st.lists(st.integers(0, 40), min_size=len(ys), max_size=len(ys)))
        rows += [
            (s, start + t, np.nan if yv is None else float(min(yv, nv)), float(nv))
            for t, (yv, nv) in enumerate(zip(ys, ns, strict=True))
        ]
    repeat = draw(st.lists(st.integers(0, len(rows) - 1), max_size=2))
    rows += [rows[i] for i in repeat]  # duplicated rows: summed, with a warning
    series, t, y, n = (list(c) for c in zip(*rows, strict=True))
    spec = {
        "labels": draw(st.sampled_from(sorted(LABELS))),
        "y": draw(st.sampled_from(Y_DTYPES)),
        "x": draw(st.sampled_from(X_KINDS)),
        "by": draw(st.sampled_from(BY_KINDS)),
        "index": draw(st.sampled_from(INDEXES)),
    }
    return build(series, t, y, n, spec), spec


def build(series, t, y, n, spec):
    ward, month, yname, nname = LABELS[spec["labels"]]
    t = np.asarray(t)
    x = {
        "int": pd.Series(t, dtype="int64"),
        "float32": pd.Series(t / 4, dtype="float32"),
        "datetime64[ns]": pd.Series(pd.to_datetime("2021-01-01") + pd.to_timedelta(t, "D")),
        "datetime64[s]": pd.Series(
            (np.datetime64("2021-01-01", "s") + t * 86400).astype("datetime64[s]")
        ),
        "timestamp[pyarrow]": pd.Series(
            pd.to_datetime("2021-01-01") + pd.to_timedelta(t, "D")
        ).astype("timestamp[ns][pyarrow]"),
        "period": pd.Series(pd.Period("2021-01", "M") + t),
    }[spec["x"]]
    yv = np.asarray(y, dtype=float)
    if spec["y"] == "int":
        ys = pd.Series(yv, dtype="Int64" if np.isnan(yv).any() else "int64")
    elif spec["y"] == "object":
        ys = pd.Series([None if np.isnan(v) else v for v in yv], dtype=object)
    else:
        ys = pd.Series(yv).astype(spec["y"])
    names = np.asarray(series)
    by = {
        "str": pd.Series([f"w{s}" for s in names]),
        "int": pd.Series(names * 10),
        "category": pd.Series(pd.Categorical([f"w{s}" for s in names])),
        "string[pyarrow]": pd.Series([f"w{s}" for s in names], dtype="string[pyarrow]"),
    }[spec["by"]]
    cols = {ward: by, month: x, yname: ys, nname: pd.Series(n, dtype=float)}
    df = pd.DataFrame(dict(enumerate(cols.values())))
    df.columns = pd.Index(list(cols), tupleize_cols=False)
    m = len(df)
    df.index = {
        "range": pd.RangeIndex(m),
        "reversed": pd.Index(np.arange(m)[::-1] * 3),
        "text": pd.Index([f"r{i}" for i in range(m)]),
        "repeated": pd.Index(np.arange(m) // 2),
    }[spec["index"]]
    return df


def run(fn, *args, **kwargs):
    """The result of fn, or the QIStatsError it raised; fails on any other warning or error."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn(*args, **kwargs)
        except qi.QIStatsError as err:
            out = err
    leaked = [w for w in caught if not issubclass(w.category, qi.QIStatsWarning)]
    assert not leaked, [f"{w.category.__name__}: {w.message}" for w in leaked]
    return out


def shuffled(df, seed):
    return df.iloc[np.random.default_rng(seed).permutation(len(df))]


NUMBERS = ["value", "cl", "lcl", "ucl", "signal", "baseline"]


def comparable(points, ward, month):
    """The numbers of ``points`` in (series, x) order, with the series as plain text."""
    out = points[[ward, month, *NUMBERS]].copy()
    out[ward] = out[ward].astype(str)
    out["variation"] = points["variation"].astype(str).to_numpy()
    return out.sort_values([ward, month], kind="stable").reset_index(drop=True)


CHARTS = st.sampled_from(["run", "i", "xmr", "c", "p", "u"])


@SETTINGS
@given(frames(), CHARTS, st.integers(0, 2**32 - 1))
def test_spc_on_any_frame(case, chart, seed):
    df, spec = case
    ward, month, y, n = LABELS[spec["labels"]]
    before = df.copy(deep=True)
    kw = {"y": y, "x": month, "by": ward, "chart": chart, "min_points": 0}
    if chart in ("p", "u"):
        kw["n"] = n
    res = run(qi.spc, df, **kw)
    pd.testing.assert_frame_equal(df, before)  # the input is never changed
    again = run(qi.spc, shuffled(df, seed), **kw)
    if isinstance(res, qi.QIStatsError):
        assert isinstance(again, qi.QIStatsError), "row order decided whether it failed"
        return
    # the order of the rows does not matter
    pd.testing.assert_frame_equal(
        comparable(again.points, ward, month), comparable(res.points, ward, month)
    )
    # nor what the series are called: relabel them in the opposite order
    labels = df[ward].astype(str)
    renamed = df.copy()
    renamed[ward] = ("zz" + labels).where(labels.str.len() > 0, labels).str[::-1]
    other = run(qi.spc, renamed, **kw)
    back = other.points.copy()
    back[ward] = back[ward].astype(str).str[::-1].str[2:]
    pd.testing.assert_frame_equal(
        comparable(back, ward, month), comparable(res.points, ward, month)
    )
    # a series computed alone equals the same series among others
    first = df[ward].iloc[0]
    alone = run(qi.spc, df[df[ward] == first], **kw)
    among = res.points[res.points[ward] == first]
    pd.testing.assert_frame_equal(
        comparable(alone.points, ward, month), comparable(among, ward, month)
    )


@st.composite
def ambition_frames(draw):
    """Monthly counts and exposures of 1-3 wards (some starting late), in many forms, with a
    few missing counts and copied rows.

    Every ward has data after the baseline and events in it, or no baseline data at all (an
    error): the other cases are the ambition's own (issue #10, owned with issue #14).
    """
    k = draw(st.integers(1, 3))
    rows = []
    for s in range(k):
        start = draw(st.sampled_from([0, 0, 0, 6, 14]))
        length = draw(st.integers(14, 30))
        ys = draw(st.lists(st.integers(1, 30), min_size=length, max_size=length))
        ns = draw(st.lists(st.integers(0, 900), min_size=length, max_size=length))
        gaps = draw(st.sets(st.integers(2, length - 1), max_size=2))  # never the first two
        rows += [
            (s, start + t, np.nan if t in gaps else float(yv), float(nv + 100))
            for t, (yv, nv) in enumerate(zip(ys, ns, strict=True))
        ]
    repeat = draw(st.lists(st.integers(0, len(rows) - 1), max_size=2))
    rows += [rows[i] for i in repeat]  # copied rows: summed, with a warning
    series, t, y, n = (list(c) for c in zip(*rows, strict=True))
    spec = {
        "labels": draw(st.sampled_from(sorted(LABELS))),
        "y": draw(st.sampled_from(["float64", "Float64", "int"])),
        "x": draw(st.sampled_from(["datetime64[ns]", "period", "timestamp[pyarrow]"])),
        "by": draw(st.sampled_from(BY_KINDS)),
        "index": draw(st.sampled_from(INDEXES)),
    }
    return build(series, t, y, n, spec), spec


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(ambition_frames(), st.sampled_from(["rate", "proportion"]), st.integers(0, 2**32 - 1))
def test_ambition_on_any_frame(case, kind, seed):
    df, spec = case
    ward, month, y, n = LABELS[spec["labels"]]
    before = df.copy(deep=True)
    kw = {
        "y": y,
        "n": n,
        "x": month,
        "by": ward,
        "kind": kind,
        "change": -0.3,
        "baseline": ("2021-01-01", "2021-01-12"),
        "deadline": "2022-06-01",
    }
    res = run(qi.ambition, df, **kw)
    pd.testing.assert_frame_equal(df, before)
    again = run(qi.ambition, shuffled(df, seed), **kw)
    if isinstance(res, qi.QIStatsError):
        assert isinstance(again, qi.QIStatsError), "row order decided whether it failed"
        return
    summary = by_ward(res.summary(), ward)
    # the order of the rows does not matter
    pd.testing.assert_frame_equal(by_ward(again.summary(), ward), summary)
    # nor what the series are called: relabel them in the opposite order (audit INP F5)
    renamed = df.copy()
    renamed[ward] = ("zz" + df[ward].astype(str)).str[::-1]
    other = run(qi.ambition, renamed, **kw).summary()
    other[ward] = other[ward].astype(str).str[::-1].str[2:]
    pd.testing.assert_frame_equal(by_ward(other, ward), summary)
    # a series computed alone equals the same series among others (judged as of the same
    # month: the data's latest, which another ward may set)
    first = df[ward].iloc[0]
    as_of = df[month].max()
    alone = run(qi.ambition, df[df[ward] == first], **kw, as_of=as_of)
    among = run(qi.ambition, df, **kw, as_of=as_of).summary()
    among = among[among[ward].astype(str) == str(first)]
    if isinstance(alone, qi.QIStatsError):  # alone, a ward without baseline data has no baseline
        assert "no series has data in the baseline" in str(alone), str(alone)
        assert (among.verdict == "insufficient_data").all()
        return
    pd.testing.assert_frame_equal(by_ward(alone.summary(), ward), by_ward(among, ward))


def by_ward(summary, ward):
    """The summary in ward order, the ward as plain text, missing values alike."""
    out = summary.copy()
    out[ward] = out[ward].astype(str)
    out = out.sort_values(ward, kind="stable").reset_index(drop=True)
    return out.astype(object).where(out.notna(), None)
