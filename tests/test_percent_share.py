"""frame._percent_share (the first test of "y looks like a percentage of n") against the rule
written out with numpy's medians: its early exit by counting y >= 50 never changes the answer."""

import numpy as np
import pytest

from qistats.frame import _percent_share


def _by_medians(yv, nv):
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(yv) & (nv > 0)
    if ok.sum() < 5:
        return None
    ys, share = yv[ok], yv[ok] / nv[ok]
    if ys.max() > 100 or np.median(ys) < 50 or np.median(share) > 0.05:
        return None
    return ok, float(np.median(share))


def test_same_answer_as_the_medians():
    rng = np.random.default_rng(18)
    answers = []
    for _ in range(400):
        m = int(rng.integers(5, 60))
        # values crowding 50 (ties and even counts at the boundary), some missing, some n of 0
        yv = rng.choice([20.0, 40.0, 49.0, 50.0, 50.5, 51.0, 60.0, 95.0, np.nan], m)
        nv = rng.choice([0.0, 1000.0, 2000.0, 5000.0, np.nan], m)
        expected, got = _by_medians(yv, nv), _percent_share(yv, nv)
        if expected is None:
            assert got is None
        else:  # the points it rests on and their median y/n
            assert np.array_equal(got[0], expected[0]) and got[1] == expected[1]
        answers.append(expected is None)
    assert 50 < sum(answers) < 350  # both answers drawn many times


def test_even_count_median_exactly_50():
    # the median of [40, 60, 40, 60, 40, 60] is 50: half the values reach 50, and it reads
    # as a percentage of 5,000 (median share 1 %)
    yv = np.array([40.0, 60.0] * 3)
    nv = np.full(6, 5000.0)
    ok, share = _percent_share(yv, nv)
    assert ok.all() and share == pytest.approx(0.01)
    assert _percent_share(yv - 1, nv) is None  # median 49
