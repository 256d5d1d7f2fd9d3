"""Each rule at n − 1, n and n + 1 points, at the very start and the very end of a series.

Rules are evaluated on a hand-built context: centre line 0 and sigma 1, so the k-sigma lines
are at ±k and every expected flag can be read off the values.
"""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats import _kernels as K
from qistats.errors import ArgumentError
from qistats.rules import (
    Alternating,
    Hugging,
    Mixture,
    OutsideLimits,
    RuleContext,
    Shift,
    Trend,
    Zone,
)


def ctx(values, include=None, segments=None):
    v = np.asarray(values, dtype=float)
    n = v.size
    starts = np.asarray(segments or [0], dtype=np.intp)
    return RuleContext(
        value=v,
        cl=np.zeros(n),
        diff=v,
        lcl=np.full(n, -3.0),
        ucl=np.full(n, 3.0),
        band=lambda k: (np.full(n, -k), np.full(n, k)),
        include=np.ones(n, dtype=bool) if include is None else np.asarray(include),
        lay=K.Layout.from_starts(starts, n),
        runs_allowed=np.ones(len(starts), dtype=bool),
    )


def flagged(rule, values, **kw):
    return np.flatnonzero(rule.flags(ctx(values, **kw)).points).tolist()


def alternating(n, a=0.5):
    return [a if i % 2 == 0 else -a for i in range(n)]


# ------------------------------------------------------------------------------ shift


@pytest.mark.parametrize("length", [6, 7, 8])
@pytest.mark.parametrize("where", ["start", "end"])
def test_shift(length, where):
    # a run of `length` points at +0.5 against a background that changes side every point
    run = [0.5] * length
    if where == "start":
        values = [*run, -0.5, *alternating(10)]
    else:
        values = [*alternating(10)[::-1], -0.5, *run]
    first = 0 if where == "start" else len(values) - length
    expected = list(range(first, first + length)) if length >= 7 else []
    assert flagged(Shift(7), values) == expected


def test_shift_point_on_centre_breaks_or_is_skipped():
    values = [1, 1, 1, 0, 1, 1, 1, 1, -1, 1, -1]
    assert flagged(Shift(7), values) == []  # on_centre="break"
    assert flagged(Shift(7, on_centre="skip"), values) == [0, 1, 2, 4, 5, 6, 7]


def test_shift_direction():
    f = Shift(3).flags(ctx([-1, -1, -1, 1]))
    assert f.direction.tolist() == [-1, -1, -1, 0]


def test_shift_does_not_cross_phases_and_steps_over_excluded_points():
    values = [1, 1, 1, 1, 1, 1]
    assert flagged(Shift(4), values, segments=[0, 3]) == []
    # an excluded point below the centre does not break the run of four above
    include = [True, True, False, True, True, True]
    values = [1, 1, -5, 1, 1, -1]
    assert flagged(Shift(4), values, include=include) == [0, 1, 3, 4]


# ------------------------------------------------------------------------------ trend


def trend_series(length, where):
    """`length` rising points; the background around them never rises twice in a row."""
    run = list(range(length))
    if where == "start":
        return run + [-50, 50, 60, 50, 60]
    return [60, 50, 60, 50, 60] + run


@pytest.mark.parametrize("length", [6, 7, 8])
@pytest.mark.parametrize("where", ["start", "end"])
def test_trend(length, where):
    values = trend_series(length, where)
    first = 0 if where == "start" else len(values) - length
    expected = list(range(first, first + length)) if length >= 7 else []
    assert flagged(Trend(7), values) == expected


def test_trend_ties_break_or_are_ignored():
    values = [45, 46, 47, 47, 48, 49, 50, 51, 40]  # NHSRplotthedots' example
    assert flagged(Trend(7), values) == []
    # ignored: 45 46 47 (47) 48 49 50 51 is a rise of 7 distinct points; the repeat is not flagged
    assert flagged(Trend(7, ties="ignore"), values) == [0, 1, 2, 4, 5, 6, 7]


def test_trend_turning_point_takes_the_direction_of_the_next_step():
    values = [1, 2, 3, 4, 3, 2, 1]
    f = Trend(4).flags(ctx(values))
    assert f.points.all()
    assert f.direction.tolist() == [1, 1, 1, -1, -1, -1, -1]


# ------------------------------------------------------------------------------- zones


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([2.5, 0.5, 2.5, -1, 1], [0, 2]),  # 2 of 3 at the start
        ([1, -1, 2.5, 0.5, 2.5], [2, 4]),  # 2 of 3 at the end
        ([2.5, 0.5, 0.5, 2.5, 1], []),  # 2 beyond, but 4 apart: no window of 3 holds both
        ([2.5, -2.5, 0.5, 1, 1], []),  # opposite sides do not count together
        ([3.5, 2.5, 0.5, 1, 1], [0, 1]),  # a point beyond 3σ counts (Western Electric)
    ],
)
def test_two_of_three(values, expected):
    assert flagged(Zone(2, 3, 2), values) == expected


def test_two_of_three_near_limits_and_same_side_window():
    values = [3.5, 2.5, 0.5, 1, 1]
    # NHSRplotthedots: the point beyond 3σ does not count, so 2.5 alone is no pattern
    assert flagged(Zone(2, 3, 2, upto=3), values) == []
    # MDC: all three points of the window must be on one side of the mean
    assert flagged(Zone(2, 3, 2, same_side_window=True), [2.5, -0.5, 2.5, -1]) == []
    assert flagged(Zone(2, 3, 2, same_side_window=True), [2.5, 0.5, 2.5, -1]) == [0, 2]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.5, 1.5, 0.5, 1.5, 1.5, -1, 0.2], [0, 1, 3, 4]),  # 4 of 5 at the start
        ([1.5, 1.5, 0.5, 1.5, -1, 0.2, 0.2], []),  # only 3 of 5
        ([-0.3, 0.2, -1.5, -1.5, -0.5, -1.5, -1.5], [2, 3, 5, 6]),  # at the end, below
    ],
)
def test_four_of_five(values, expected):
    assert flagged(Zone(4, 5, 1), values) == expected


def _zone_by_hand(values, segments, k, m, beyond, same_side):
    """Zone flags point by point in plain Python: every window of m points of one segment."""
    n = len(values)
    seg = np.searchsorted(segments, np.arange(n), side="right")
    out = [False] * n
    for sign in (1, -1):
        far = [sign * v > beyond for v in values]
        for j in range(n - m + 1):
            win = range(j, j + m)
            if len({seg[i] for i in win}) > 1 or sum(far[i] for i in win) < k:
                continue
            if same_side and not all(sign * values[i] > 0 for i in win):
                continue
            for i in win:
                out[i] = out[i] or far[i]
    return [i for i in range(n) if out[i]]


@pytest.mark.parametrize("spread", [0.6, 1.0, 2.0])  # few or many points beyond the line
@pytest.mark.parametrize(("k", "m", "beyond"), [(2, 3, 2.0), (4, 5, 1.0), (1, 2, 1.5)])
@pytest.mark.parametrize("same_side", [False, True])
def test_zone_matches_windows_counted_by_hand(spread, k, m, beyond, same_side):
    # few points beyond (only the windows around them are looked at) or many (every window)
    rng = np.random.default_rng(int(spread * 10) + k)
    values = list(rng.normal(0, spread, 300).round(2))
    segments = [0, 37, 38, 150, 299]
    rule = Zone(k, m, beyond, same_side_window=same_side)
    expected = _zone_by_hand(values, segments, k, m, beyond, same_side)
    assert flagged(rule, values, segments=segments) == expected


def test_zone_names_and_bad_arguments():
    assert Zone(2, 3, 2).column == "two_of_three"
    assert Zone(4, 5, 1).column == "four_of_five"
    assert Zone(3, 4, 1.5, name="three_of_four").column == "three_of_four"
    with pytest.raises(ArgumentError, match="k must be at most m"):
        Zone(4, 3, 2)
    with pytest.raises(ArgumentError, match=r"Shift\(n=1\)"):
        Shift(1)
    with pytest.raises(ArgumentError, match="ties='skip'"):
        Trend(5, ties="skip")


# ------------------------------------------------------------------- the Nelson tests


@pytest.mark.parametrize("length", [13, 14, 15])
@pytest.mark.parametrize("where", ["start", "end"])
def test_alternating(length, where):
    run = [i % 2 for i in range(length)]  # 0 1 0 1 ...: up, down, up, ...
    if where == "start":
        # continue in the direction of the run's last step, so the alternation stops
        pad = [10, 11, 12] if length % 2 == 0 else [-10, -11, -12]
        values = run + pad
    else:
        values = [-12, -11, -10] + run  # rising into the run's first (rising) step
    first = 0 if where == "start" else len(values) - length
    expected = list(range(first, first + length)) if length >= 14 else []
    assert flagged(Alternating(14), values) == expected


@pytest.mark.parametrize("length", [14, 15, 16])
def test_hugging(length):
    values = [2.0, -2.0] + [0.5 * (-1) ** i for i in range(length)] + [2.0]
    expected = list(range(2, 2 + length)) if length >= 15 else []
    assert flagged(Hugging(15), values) == expected


@pytest.mark.parametrize("length", [7, 8, 9])
def test_mixture(length):
    values = [0.2] + [1.5 * (-1) ** i for i in range(length)] + [0.1, 1.5]
    expected = list(range(1, 1 + length)) if length >= 8 else []
    assert flagged(Mixture(8), values) == expected


def test_outside_limits_either_side_and_at_the_edges():
    f = OutsideLimits().flags(ctx([3.5, 0, 3.0, -3.0, -3.1]))
    assert f.points.tolist() == [True, False, False, False, True]  # strict inequalities
    assert f.direction.tolist() == [1, 0, 0, 0, -1]
    assert flagged(OutsideLimits(2), [2.5, 1.9]) == [0]


# -------------------------------------------------------------------- through qi.spc


def test_custom_rule_list_adds_one_column_per_rule_and_counts_them():
    df = pd.DataFrame({"y": [1.0, 0.0] * 5 + [5.0] * 8 + [0.0, 1.0] * 3})
    res = qi.spc(df, y="y", chart="i", rules=[qi.rules.Shift(7), qi.rules.Trend(6)], cl=0.5)
    assert {"shift", "trend", "signal", "variation"} <= set(res.points.columns)
    assert res.points["shift"].sum() == 8
    assert res.summary().n_shift.iloc[0] == 8
    assert res.params["rules"] == "custom"


def test_two_rules_writing_one_column_is_an_error():
    with pytest.raises(ArgumentError, match="two rules write the column 'shift'"):
        qi.spc(pd.DataFrame({"y": [1.0, 2.0]}), y="y", rules=[Shift(7), Shift(8)])


@pytest.mark.parametrize("name", ["anhoej", "ihi", "western_electric", "nelson", "mdc"])
def test_named_rule_sets(name):
    df = qi.datasets.restrictive_practice(n_trusts=2)
    res = qi.spc(
        df, y="restraints", n="bed_days", x="month", by="ward", chart="u", multiply=1000, rules=name
    )
    assert res.rules == name
    flags = [
        c
        for c in res.points.columns
        if res.points[c].dtype == bool and c not in ("baseline", "excluded", "signal")
    ]
    union = np.logical_or.reduce([res.points[c].to_numpy() for c in flags])
    assert (union == res.points.signal.to_numpy()).all()


@pytest.mark.parametrize("upto", [None, 3.0])
@pytest.mark.parametrize(("k", "m"), [(2, 3), (1, 2)])
def test_zone_with_a_rounding_tolerance_matches_windows_counted_by_hand(upto, k, m):
    # a point within its segment's rounding tolerance of the line is on it, not beyond: the
    # windows found from the points beyond the line itself must be judged again with it
    rng = np.random.default_rng(11 + k)
    n = 400
    segments = [0, 37, 38, 150, 399]
    seg = np.searchsorted(segments, np.arange(n), side="right") - 1
    seg_tol = np.array([1e-3, 0.0, 2e-3, 5e-4, 1e-3])
    tol = seg_tol[seg]
    values = rng.normal(0, 1.5, n).round(2)
    near = rng.choice(n, 120, replace=False)  # on the 2σ line, give or take half a tolerance
    values[near] = np.sign(rng.normal(size=120)) * (2.0 + tol[near] * rng.uniform(-0.5, 0.5, 120))
    far = rng.choice(n, 40, replace=False)  # beyond it by twice the tolerance
    values[far] = np.sign(values[far]) * (2.0 + 2 * tol[far])
    c = ctx(values, segments=segments)
    c = RuleContext(**{**c.__dict__, "seg_tol": seg_tol})
    got = np.flatnonzero(Zone(k, m, 2.0, upto=upto, same_side_window=True).flags(c).points)
    # by hand: beyond 2σ with the tolerance (and not beyond upto σ), all m on one side
    want = [False] * n
    for sign in (1, -1):
        out = [
            sign * v > 2.0 + t and not (upto and sign * v > upto + t)
            for v, t in zip(values, tol, strict=True)
        ]
        for j in range(n - m + 1):
            win = range(j, j + m)
            if len({seg[i] for i in win}) > 1 or sum(out[i] for i in win) < k:
                continue
            if not all(sign * values[i] > 0 for i in win):
                continue
            for i in win:
                want[i] = want[i] or out[i]
    assert got.tolist() == [i for i in range(n) if want[i]]
    assert len(got) > 0
