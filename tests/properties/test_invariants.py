"""Hypothesis invariants of qi.spc: grouping, row order, shift and scale."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qistats as qi

# drawn series of small whole numbers are often rare-event counts on an I chart: the advice
# is not what these invariants are about (tests/test_rare_events.py tests it)
pytestmark = pytest.mark.filterwarnings("ignore::qistats.RareEventsWarning")

values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False).map(lambda v: round(v, 2))
maybe_missing = st.one_of(values, values, values, st.just(np.nan))
series = st.lists(maybe_missing, min_size=1, max_size=30)
charts = st.sampled_from(["run", "i", "mr"])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def long_frame(all_series):
    rows = [
        {"g": f"s{k}", "t": t + 1, "y": v}
        for k, ys in enumerate(all_series)
        for t, v in enumerate(ys)
    ]
    return pd.DataFrame(rows)


@pytest.mark.filterwarnings("ignore::qistats.NoDataWarning")
@SETTINGS
# freeze=1 is refused on I and MR charts (one point has no moving range): from 2
@given(st.lists(series, min_size=1, max_size=5), charts, st.booleans(), st.integers(2, 5))
def test_grouped_call_equals_separate_calls(all_series, chart, screen, freeze):
    df = long_frame(all_series)
    freeze = freeze if freeze <= min(len(s) for s in all_series) else None
    kw = {"y": "y", "x": "t", "chart": chart, "screen_mr": screen, "freeze": freeze}
    grouped = qi.spc(df, by="g", **kw)
    for key, part in df.groupby("g"):
        alone = qi.spc(part, **kw)
        pts = grouped.points[grouped.points.g == key].drop(columns="g").reset_index(drop=True)
        pd.testing.assert_frame_equal(pts, alone.points)
        summ = grouped.summary()
        summ = summ[summ.g == key].drop(columns="g").reset_index(drop=True)
        pd.testing.assert_frame_equal(summ, alone.summary())


@pytest.mark.filterwarnings("ignore::qistats.NoDataWarning")
@SETTINGS
@given(st.lists(series, min_size=1, max_size=4), charts, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(all_series, chart, rnd):
    df = long_frame(all_series)
    order = list(range(len(df)))
    rnd.shuffle(order)
    shuffled = df.iloc[order]
    a = qi.spc(df, y="y", x="t", by="g", chart=chart)
    b = qi.spc(shuffled, y="y", x="t", by="g", chart=chart)
    pd.testing.assert_frame_equal(a.points, b.points)
    pd.testing.assert_frame_equal(a.summary(), b.summary())


LINES = ["value", "cl", "lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s"]


def assert_close(actual, expected, scale):
    np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-9 * scale, equal_nan=True)


@SETTINGS
@given(st.lists(values, min_size=2, max_size=40), values)
def test_adding_a_constant_shifts_an_i_chart(ys, c):
    df = pd.DataFrame({"y": ys})
    a = qi.spc(df, y="y", chart="i").points
    b = qi.spc(df.assign(y=df.y + c), y="y", chart="i").points
    scale = 1 + max(abs(v) for v in ys) + abs(c)
    for col in LINES:
        assert_close(b[col], a[col] + c, scale)


@SETTINGS
@given(
    st.lists(values, min_size=2, max_size=40),
    st.floats(min_value=1e-3, max_value=1e3, allow_nan=False),
)
def test_scaling_y_scales_an_i_chart(ys, c):
    df = pd.DataFrame({"y": ys})
    a = qi.spc(df, y="y", chart="i").points
    b = qi.spc(df.assign(y=df.y * c), y="y", chart="i").points
    scale = (1 + max(abs(v) for v in ys)) * c
    for col in LINES:
        assert_close(b[col], a[col] * c, scale)


@pytest.mark.parametrize("chart", ["run", "i", "mr"])
def test_every_series_gets_one_summary_row_per_phase(chart):
    df = qi.datasets.restrictive_practice(n_trusts=3)
    res = qi.spc(
        df, y="restraints", n="bed_days", x="month", by="ward", chart=chart, phase="intervention"
    )
    phases = df.groupby("ward").intervention.nunique()
    assert len(res.summary()) == phases.sum()


counts = st.integers(min_value=0, max_value=40)
count_series = st.lists(
    st.tuples(counts, st.integers(min_value=40, max_value=80)), min_size=1, max_size=25
)


# series of different lengths: the shorter have no value in the latest period, which is warned
@pytest.mark.filterwarnings("ignore::qistats.NoDataWarning")
@SETTINGS
@given(
    st.lists(count_series, min_size=1, max_size=4),
    st.sampled_from(["p", "pp", "u", "up", "c", "xmr", "ip", "g", "t"]),
    st.booleans(),
)
def test_every_chart_grouped_equals_separate(all_series, chart, screen):
    # counts y out of n (y <= n); c, g and t take y alone (t needs y > 0)
    rows = [
        {"g": f"s{k}", "t": i + 1, "y": float(y + (chart == "t")), "n": float(n)}
        for k, ys in enumerate(all_series)
        for i, (y, n) in enumerate(ys)
    ]
    df = pd.DataFrame(rows)
    kw = {"y": "y", "x": "t", "chart": chart, "screen_mr": screen}
    if chart in ("p", "pp", "u", "up", "ip"):
        kw["n"] = "n"
    grouped = qi.spc(df, by="g", **kw)
    for key, part in df.groupby("g"):
        alone = qi.spc(part, **kw)
        pts = grouped.points[grouped.points.g == key].drop(columns="g").reset_index(drop=True)
        pd.testing.assert_frame_equal(pts, alone.points)
