"""Anhøj runs analysis: the published limits and hand-worked series, at n - 1, n and n + 1."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.rules import crossings_min, longest_run_max

# Anhøj & Olesen (2014), table 1; qicharts2 vignette, appendix 2: n_useful -> (longest run
# upper limit, crossings lower limit)
ANHOEJ_TABLE = {
    10: (6, 2),
    12: (7, 3),
    15: (7, 4),
    20: (7, 6),
    22: (7, 7),
    23: (8, 7),
    24: (8, 8),
    30: (8, 10),
    36: (8, 13),
    40: (8, 14),
    50: (9, 19),
    64: (9, 25),
    100: (10, 41),
}


@pytest.mark.parametrize(("n", "limits"), sorted(ANHOEJ_TABLE.items()))
def test_published_limits(n, limits):
    assert (int(longest_run_max(np.array([n]))[0]), int(crossings_min(np.array([n]))[0])) == limits


def run_chart(values):
    df = pd.DataFrame({"y": values})
    return qi.spc(df, y="y", chart="run")


def test_hand_worked_run_chart():
    # with the centre line fixed at 8.5: 7 points below, then 3 above
    res = qi.spc(pd.DataFrame({"y": [1, 2, 3, 4, 5, 6, 7, 10, 11, 12]}), y="y", chart="run", cl=8.5)
    s = res.summary().iloc[0]
    assert res.points.cl.iloc[0] == 8.5
    assert (s.n_useful, s.longest_run, s.n_crossings) == (10, 7, 1)
    # n = 10: longest run limit 6 (7 > 6 signals), crossings limit 2 (1 < 2 signals)
    assert (s.longest_run_max, s.n_crossings_min) == (6, 2)
    assert bool(s.runs_signal)
    # the seven points of the long run are flagged, the three above are not
    assert res.points.long_run.tolist() == [True] * 7 + [False] * 3
    # too few crossings is a pattern of the whole phase: every useful point is flagged
    assert res.points.few_crossings.all()
    assert res.points.signal.all()
    # too few crossings describes the phase: it labels no point high or low; the long run does
    assert res.points.variation.tolist() == ["neutral_low"] * 7 + ["common_cause"] * 3


def alternating_with_run(run_length, total, run_at="start"):
    """A series that alternates around 0 except for one run of ``run_length`` points above.

    Values: the run is +1 repeated; the rest alternates -1, +1, ... so that crossings are many.
    The median is then not 0, so the centre line is fixed at 0 with ``cl``.
    """
    rest = [(-1) ** (i + 1) for i in range(total - run_length)]  # -1, +1, -1, ...
    run = [1] * run_length
    values = run + rest if run_at == "start" else rest[::-1] + run
    if run_at == "end" and values[-run_length - 1] == 1:
        values = [-v for v in rest[::-1]] + run
    return values


@pytest.mark.parametrize("where", ["start", "end"])
@pytest.mark.parametrize(("run_length", "signals"), [(6, False), (7, False), (8, True)])
def test_shift_at_the_limit_and_either_side(where, run_length, signals):
    # n_useful = 20: longest-run limit 7, so runs of 6 and 7 are fine and 8 signals, whether
    # the run is at the very start or the very end of the series
    values = alternating_with_run(run_length, 20, where)
    res = qi.spc(pd.DataFrame({"y": values}), y="y", chart="run", cl=0)
    s = res.summary().iloc[0]
    assert s.longest_run == run_length
    assert s.n_crossings >= 6  # the crossings rule stays quiet
    assert bool(s.runs_signal) is signals
    flagged = np.flatnonzero(res.points.long_run)
    if signals:
        expected = range(run_length) if where == "start" else range(20 - run_length, 20)
        assert flagged.tolist() == list(expected)
    else:
        assert flagged.size == 0


@pytest.mark.parametrize(("crossings", "signals"), [(5, True), (6, False), (7, False)])
def test_crossings_at_the_limit_and_either_side(crossings, signals):
    # 20 useful points in crossings + 1 runs, none longer than 7: the limit at n = 20 is 6
    runs = crossings + 1
    lengths = [20 // runs + (1 if i < 20 % runs else 0) for i in range(runs)]
    values = np.concatenate([[(-1) ** i] * k for i, k in enumerate(lengths)])
    res = qi.spc(pd.DataFrame({"y": values}), y="y", chart="run", cl=0)
    s = res.summary().iloc[0]
    assert s.n_crossings == crossings and s.longest_run <= 7
    assert bool(s.runs_signal) is signals
    assert bool(res.points.few_crossings.any()) is signals


def test_median_of_even_number_of_points():
    # sorted 1 2 3 4 5 6 7 10 11 12: median (5 + 6) / 2; five below, five above
    res = run_chart([1, 2, 3, 4, 5, 6, 7, 10, 11, 12])
    s = res.summary().iloc[0]
    assert res.points.cl.iloc[0] == 5.5
    assert (s.longest_run, s.n_crossings) == (5, 1)


def test_points_on_the_centre_line_are_not_useful():
    # 1 2 3 3 3 4 5: median 3; three points on it leave 4 useful points in 2 runs
    res = run_chart([1, 2, 3, 3, 3, 4, 5])
    s = res.summary().iloc[0]
    assert (s.n_points, s.n_useful, s.longest_run, s.n_crossings) == (7, 4, 2, 1)
    # log2(4) = 2 -> limit 5; qbinom(0.05, 3, 0.5) = 0
    assert (s.longest_run_max, s.n_crossings_min) == (5, 0)


def test_no_useful_points_gives_missing_statistics():
    s = run_chart([3.0, 3.0, 3.0]).summary().iloc[0]
    assert s.n_useful == 0
    assert pd.isna(s.longest_run) and pd.isna(s.n_crossings_min)
    assert not s.runs_signal


def test_mr_chart_never_signals_runs():
    # a steadily widening series: long runs of moving ranges above their mean
    # (from 5, not 0: ten values of 0 first would be named as months before a ward opened)
    values = 5 + np.cumsum(np.r_[np.zeros(10), np.arange(1, 11) * 2.0] * (-1) ** np.arange(20))
    res = qi.spc(pd.DataFrame({"y": values}), y="y", chart="mr")
    s = res.summary().iloc[0]
    assert s.longest_run > s.longest_run_max  # it would signal
    assert not s.runs_signal
    assert not res.points.long_run.any()


# qicharts2 0.8.1's best-box table (R/crsignal.R), n_useful = 10..100: reference data for
# the bounds qistats computes from the exact joint distribution of crossings and longest run
QIC_CB = [
    2,
    3,
    3,
    3,
    3,
    4,
    5,
    5,
    5,
    5,
    6,
    7,
    6,
    6,
    6,
    6,
    9,
    9,
    9,
    10,
    11,
    11,
    11,
    11,
    11,
    12,
    13,
    14,
    13,
    15,
    15,
    15,
    14,
    14,
    17,
    17,
    17,
    17,
    19,
    19,
    19,
    19,
    19,
    21,
    21,
    21,
    21,
    23,
    23,
    23,
    23,
    23,
    25,
    25,
    26,
    26,
    27,
    27,
    27,
    28,
    29,
    29,
    29,
    30,
    30,
    31,
    31,
    31,
    32,
    33,
    33,
    33,
    34,
    33,
    35,
    35,
    35,
    35,
    37,
    37,
    38,
    37,
    39,
    39,
    39,
    39,
    39,
    41,
    41,
    42,
    41,
]
QIC_LB = [
    6,
    7,
    6,
    6,
    6,
    7,
    8,
    7,
    7,
    7,
    7,
    8,
    7,
    7,
    7,
    7,
    9,
    8,
    8,
    8,
    10,
    9,
    8,
    8,
    8,
    8,
    9,
    10,
    8,
    11,
    9,
    9,
    8,
    8,
    10,
    9,
    9,
    9,
    12,
    10,
    9,
    9,
    9,
    11,
    10,
    9,
    9,
    12,
    10,
    10,
    9,
    9,
    11,
    10,
    11,
    10,
    12,
    10,
    10,
    11,
    14,
    11,
    10,
    11,
    10,
    12,
    11,
    10,
    11,
    13,
    11,
    10,
    11,
    10,
    11,
    11,
    10,
    10,
    12,
    11,
    12,
    10,
    13,
    11,
    11,
    10,
    10,
    12,
    11,
    12,
    10,
]


NA = -1  # qicharts2's NA: the box is not cut
QIC_CBORD = [
    3,
    4,
    NA,
    NA,
    NA,
    6,
    6,
    NA,
    6,
    6,
    NA,
    NA,
    7,
    7,
    7,
    NA,
    10,
    10,
    11,
    NA,
    12,
    14,
    NA,
    12,
    13,
    NA,
    15,
    NA,
    NA,
    NA,
    NA,
    17,
    NA,
    NA,
    NA,
    NA,
    19,
    20,
    20,
    21,
    NA,
    21,
    21,
    23,
    23,
    NA,
    23,
    25,
    24,
    26,
    NA,
    24,
    27,
    27,
    27,
    27,
    29,
    NA,
    29,
    29,
    30,
    31,
    30,
    31,
    NA,
    32,
    34,
    33,
    33,
    37,
    35,
    NA,
    36,
    36,
    NA,
    38,
    36,
    38,
    38,
    39,
    NA,
    39,
    41,
    40,
    42,
    NA,
    41,
    42,
    44,
    43,
    42,
]
QIC_LBORD = [
    5,
    6,
    NA,
    NA,
    NA,
    6,
    7,
    NA,
    6,
    5,
    NA,
    NA,
    6,
    6,
    6,
    NA,
    7,
    7,
    7,
    NA,
    9,
    8,
    NA,
    7,
    7,
    NA,
    8,
    NA,
    NA,
    NA,
    NA,
    8,
    NA,
    NA,
    NA,
    NA,
    8,
    7,
    11,
    9,
    NA,
    8,
    7,
    9,
    8,
    NA,
    8,
    11,
    9,
    8,
    NA,
    8,
    9,
    9,
    10,
    9,
    10,
    NA,
    8,
    8,
    13,
    9,
    9,
    10,
    NA,
    9,
    8,
    9,
    8,
    11,
    9,
    NA,
    10,
    7,
    NA,
    8,
    9,
    8,
    10,
    9,
    NA,
    9,
    12,
    10,
    8,
    NA,
    8,
    9,
    9,
    10,
    9,
]


def test_best_and_cut_boxes_match_the_published_tables():
    from qistats.rules import bestbox, cutbox

    cb, lb, cbord, lbord = cutbox(np.arange(10, 101))
    assert cb.tolist() == QIC_CB
    assert lb.tolist() == QIC_LB
    assert cbord.tolist() == QIC_CBORD
    assert lbord.tolist() == QIC_LBORD
    assert [v.tolist() for v in bestbox(np.array([10, 100]))] == [[2, 41], [6, 10]]


def test_joint_distribution_of_crossings_and_longest_run_by_enumeration():
    # all 2^8 sequences of 8 points, counted directly
    from itertools import pairwise, product

    from qistats.rules import crossings_longest_cdf

    counts = np.zeros((8, 8))
    for seq in product((0, 1), repeat=8):
        runs, longest, current = 1, 1, 1
        for a, b in pairwise(seq):
            current = current + 1 if a == b else 1
            runs += a != b
            longest = max(longest, current)
        counts[runs - 1, longest - 1] += 1
    expected = np.cumsum(counts / 2**8, axis=1)
    assert np.allclose(crossings_longest_cdf(8, 0.5, 8), expected)


def test_bestbox_judges_run_and_crossings_together():
    # 30 useful points: a run of 9 and 12 crossings. Anhøj (limit 8 for the run) signals; the
    # best box for n = 30 (crossings >= 11, longest run <= 10) does not
    lengths = [9, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2]
    values = np.concatenate([[(-1) ** i] * k for i, k in enumerate(lengths)]).astype(float)
    df = pd.DataFrame({"y": values})
    plain = qi.spc(df, y="y", cl=0).summary().iloc[0]
    box = qi.spc(df, y="y", cl=0, rules=qi.rules.anhoej(method="bestbox")).summary().iloc[0]
    assert (plain.n_useful, plain.longest_run, plain.n_crossings) == (30, 9, 12)
    assert plain.runs_signal and not box.runs_signal
    with pytest.raises(qi.ArgumentError, match="method='box'"):
        qi.rules.anhoej(method="box")


def runs_series(lengths):
    return pd.DataFrame({"y": np.concatenate([[(-1.0) ** i] * k for i, k in enumerate(lengths)])})


def test_cutbox_by_the_published_rule():
    # n = 10: best box crossings >= 2, longest <= 6; cut border cbord 3, lbord 5. No signal when
    # (c >= 3 and l <= 5) or (c == 2 and l <= 5) or (c >= 3 and l <= 6): qicharts2's crsignal()
    cases = [
        ([6, 2, 2], True),  # c = 2, l = 6: the corner, cut: signals
        ([5, 3, 2], False),  # c = 2, l = 5: kept
        ([6, 1, 2, 1], False),  # c = 3, l = 6: kept (c >= cbord)
        ([7, 2, 1], True),  # l = 7 > 6
        ([8, 2], True),  # c = 1 < 2
    ]
    for lengths, signals in cases:
        s = (
            qi.spc(runs_series(lengths), y="y", cl=0, rules=qi.rules.anhoej(method="cutbox"))
            .summary()
            .iloc[0]
        )
        assert s.n_useful == 10
        assert bool(s.runs_signal) is signals, lengths
    # the best box alone keeps the corner
    best = qi.spc(runs_series([6, 2, 2]), y="y", cl=0, rules=qi.rules.anhoej(method="bestbox"))
    assert not best.summary().runs_signal.iloc[0]
