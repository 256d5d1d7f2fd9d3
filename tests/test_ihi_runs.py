"""IHI's "too few or too many runs" rule: the Swed–Eisenhart runs test (issue #10)."""

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError
from qistats.rules import Runs, runs_limits, runs_pmf


@pytest.mark.parametrize("n1", range(0, 7))
@pytest.mark.parametrize("n2", range(0, 7))
def test_the_distribution_of_runs_by_enumeration(n1, n2):
    # every arrangement of n1 ones and n2 zeros, counted directly
    n = n1 + n2
    counts = np.zeros(n + 1)
    for ones in combinations(range(n), n1):
        seq = np.zeros(n, dtype=int)
        seq[list(ones)] = 1
        counts[1 + int((seq[1:] != seq[:-1]).sum()) if n else 0] += 1
    np.testing.assert_allclose(runs_pmf(n1, n2), counts / counts.sum(), atol=1e-15)


# Swed & Eisenhart's table (alpha = 0.05, two-sided) for n1 = 10 and n2 = 2..20, as reprinted
# in nonparametric texts: reject when R <= the first value or R >= the second
TABLE_ROW_10 = (
    "1,6 2,8 3,10 3,12 4,13 5,14 5,15 5,16 6,16 6,17 7,17 7,18 7,18 7,18 8,19 8,19 8,19 8,20 9,20"
)


def test_limits_match_the_published_table():
    expected = [tuple(map(int, cell.split(","))) for cell in TABLE_ROW_10.split()]
    lower, upper = runs_limits(np.full(19, 10), np.arange(2, 21))
    assert list(zip(lower.tolist(), upper.tolist(), strict=True)) == expected


def runs_series(plus, minus):
    """y = +1/−1 in runs of the given lengths, alternating and starting above a centre of 0."""
    y = []
    for i in range(max(len(plus), len(minus))):
        y += [1.0] * (plus[i] if i < len(plus) else 0)
        y += [-1.0] * (minus[i] if i < len(minus) else 0)
    return pd.DataFrame({"y": y})


@pytest.mark.parametrize(
    ("plus", "minus", "n_runs", "signal"),
    [
        ([5, 5], [5, 5], 4, True),
        ([4, 3, 3], [3, 4, 3], 6, True),  # the table's lower value: signals
        ([3, 3, 2, 2], [4, 3, 3], 7, False),
        ([3, 1, 1, 1, 1, 1, 1, 1], [4, 1, 1, 1, 1, 1, 1], 15, False),
        ([3, 1, 1, 1, 1, 1, 1, 1], [3, 1, 1, 1, 1, 1, 1, 1], 16, True),  # the upper value
    ],
)
def test_too_few_and_too_many_runs_signal(plus, minus, n_runs, signal):
    # 10 points above and 10 below: the table gives 6 and 16
    df = runs_series(plus, minus)
    assert (df.y > 0).sum() == 10 and len(df) == 20
    pts = qi.spc(df, y="y", cl=0, rules=[Runs()]).points
    assert 1 + int((np.diff(np.sign(pts.value)) != 0).sum()) == n_runs
    assert pts["runs"].all() if signal else not pts["runs"].any()


def test_the_ihi_set_has_the_runs_rule():
    res = qi.spc(runs_series([10], [10]), y="y", cl=0, rules="ihi")
    assert res.points["runs"].all()
    assert res.summary().n_runs.iloc[0] == 20


def test_points_on_the_centre_line_are_not_counted():
    # 0s are on the centre line: they neither make nor break a run, as IHI's rule
    y = [1.0, 0.0, -1.0] * 3 + [1.0, -1.0] * 6
    res = qi.spc(pd.DataFrame({"y": y}), y="y", cl=0, rules=[Runs()])
    assert not res.points["runs"][np.array(y) == 0].any()


def test_alpha_must_be_a_probability():
    with pytest.raises(ArgumentError, match="alpha"):
        Runs(alpha=5)


def test_false_signal_rate_on_random_data():
    # 4,000 random series of 20 points around their median (10 above, 10 below): the runs test
    # signals with probability P(R <= 6) + P(R >= 16), the exact two-sided size of the table
    rng = np.random.default_rng(7)
    n_series, n = 4000, 20
    df = pd.DataFrame({"s": np.repeat(np.arange(n_series), n), "y": rng.normal(size=n_series * n)})
    res = qi.spc(df, y="y", by="s", chart="run", rules=[Runs()])
    rate = res.summary().n_runs.gt(0).mean()
    pmf = runs_pmf(10, 10)
    exact = pmf[:7].sum() + pmf[16:].sum()
    se = np.sqrt(exact * (1 - exact) / n_series)
    assert exact < 0.05
    assert abs(rate - exact) < 4 * se, f"false-signal rate {rate:.4f}, exact {exact:.4f}"


def test_detects_a_shift():
    # a shift of 2 SD half-way through 20 points: runs cluster, so too few runs often (57 %)
    rng = np.random.default_rng(8)
    n_series, n = 2000, 20
    y = rng.normal(size=(n_series, n))
    y[:, n // 2 :] += 2.0
    df = pd.DataFrame({"s": np.repeat(np.arange(n_series), n), "y": y.ravel()})
    rate = qi.spc(df, y="y", by="s", chart="run", rules=[Runs()]).summary().n_runs.gt(0).mean()
    assert rate > 0.5, f"detection rate {rate:.3f}"


@pytest.mark.parametrize("rules", ["western_electric", "nelson", "mdc"])
def test_zone_rules_on_a_run_chart_are_refused(rules):
    # session 15 trial F23: chart='run' (the default) with rules that test zones of sigma
    # gave n_outside 0 and no zone flag for 3 points beyond 3 sigma: they never fire without
    # limits, and read as "no signal". The run-chart rule sets keep working
    y = [10, 11, 9, 10, 11, 10, 9, 10, 11, 10, 30, 31, 32, 10, 11, 10]
    data = pd.DataFrame({"y": y})
    with pytest.raises(qi.ArgumentError, match=r"zones of sigma .*chart='i'.*'anhoej' or 'ihi'"):
        qi.spc(data, y="y", rules=rules)
    assert qi.spc(data, y="y", chart="i", rules=rules).points.signal.any()
    for ok in ("anhoej", "ihi"):
        qi.spc(data, y="y", rules=ok)
