"""Comparisons with the centre line and limits are robust to rounding (issue #10).

A point that equals a line in exact arithmetic is on it, so signals do not depend on the units
of y: multiplying y by a constant gives the same flags (for the charts whose lines scale with y).
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import qistats as qi

RULE_SETS = ["anhoej", "ihi", "mdc", "nelson", "western_electric"]
ZONED = ["mdc", "nelson", "western_electric"]  # zones of sigma: refused on a run chart


def flags(points: pd.DataFrame) -> pd.DataFrame:
    return points.select_dtypes(bool).drop(columns=["baseline", "excluded"])


def frame(chart: str, ys) -> tuple[pd.DataFrame, dict]:
    """One series; Xbar takes subgroups of three rows sharing x."""
    if chart == "xbar":
        return pd.DataFrame({"t": np.repeat(np.arange(len(ys)), 3), "y": np.repeat(ys, 3)}), {
            "x": "t"
        }
    return pd.DataFrame({"y": ys}), {}


@pytest.mark.parametrize("rules", RULE_SETS)
@pytest.mark.parametrize("chart", ["run", "i", "xmr", "ip", "xbar", "t"])
def test_a_constant_series_does_not_signal(chart, rules):
    # the mean of twenty 0.1s is 0.10000000000000002: every point was "below" it
    df, kw = frame(chart, [0.1] * 20)
    if chart == "run" and rules in ZONED:
        with pytest.raises(qi.ArgumentError, match="zones of sigma"):
            qi.spc(df, y="y", chart=chart, rules=rules, **kw)
        return
    res = qi.spc(df, y="y", chart=chart, rules=rules, **kw)
    assert not res.points.signal.any()
    assert (res.summary().n_useful == 0).all()  # every point is on the centre line


def test_scaling_y_by_a_tenth_creates_no_shift():
    # mean 28/14 = 2 exactly; times 0.1 the mean is 0.20000000000000004 and the seven
    # points 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1 at the end were a shift below it
    y = np.array([3, 3, 2, 1, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1], dtype=float)
    a = qi.spc(pd.DataFrame({"y": y}), y="y", chart="xmr", rules="mdc").points
    b = qi.spc(pd.DataFrame({"y": y * 0.1}), y="y", chart="xmr", rules="mdc").points
    assert not a["shift"].any()
    assert not b["shift"].any()
    assert (b.value == 0.2).sum() == 4  # on the centre line
    pd.testing.assert_frame_equal(flags(a), flags(b))


@pytest.mark.parametrize("rules", ["ihi", "mdc", "nelson"])
def test_a_rounding_step_is_a_tie_for_trends(rules):
    # moving ranges of [0, 0, 1, 3, 5, 0] are 0, 1, 2, 2, 5: the repeated 2 is a tie (IHI: it
    # makes no trend of 5; MDC: it ends the trend). Times 0.3 they are 0, 0.3, 0.6,
    # 0.6000000000000001, 1.5 in floating point: the same tie, not a rise
    ys = np.array([0, 0, 1, 3, 5, 0], dtype=float)
    assert 5 * 0.3 - 3 * 0.3 != 1 * 0.3 * 2  # the rounding the test is about
    a = qi.spc(pd.DataFrame({"y": ys}), y="y", chart="mr", rules=rules).points
    b = qi.spc(pd.DataFrame({"y": ys * 0.3}), y="y", chart="mr", rules=rules).points
    assert not a["trend"].any()
    pd.testing.assert_frame_equal(flags(a), flags(b))


def test_a_real_difference_is_not_rounding():
    # 1e-9 of the scale is far more than rounding error: these points are above and below
    y = [1.0 + 1e-9, 1.0 - 1e-9] * 10
    s = qi.spc(pd.DataFrame({"y": y}), y="y", chart="i").summary()
    assert s.n_useful.iloc[0] == 20


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.filterwarnings("ignore::qistats.RareEventsWarning")  # small whole numbers drawn
@SETTINGS
@given(
    st.lists(st.integers(0, 6), min_size=2, max_size=30),
    st.one_of(
        st.sampled_from([0.1, 0.3, 1 / 3, 0.7, 1e-7, 1e6, 7.0]),
        st.floats(min_value=1e-6, max_value=1e6),
    ),
    st.sampled_from(["run", "i", "xmr", "ip", "mr", "xbar", "t"]),
    st.sampled_from(RULE_SETS),
)
def test_signals_do_not_change_when_y_is_multiplied_by_a_constant(ints, c, chart, rules):
    assume(not (chart == "run" and rules in ZONED))
    # in exact arithmetic every line of these charts scales with y, so every flag is the same;
    # small integers make exact ties with the centre line and the limits common
    ys = np.array(ints, dtype=float) + (chart == "t")
    df, kw = frame(chart, ys)
    a = qi.spc(df, y="y", chart=chart, rules=rules, **kw)
    b = qi.spc(df.assign(y=df.y * c), y="y", chart=chart, rules=rules, **kw)
    pd.testing.assert_frame_equal(flags(a.points), flags(b.points))
    cols = ["n_useful", "longest_run", "n_crossings", "runs_signal"]
    pd.testing.assert_frame_equal(a.summary()[cols], b.summary()[cols])
