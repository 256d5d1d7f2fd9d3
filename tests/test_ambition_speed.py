"""What keeps ``qi.ambition`` fast on many series leaves its results as they were: exact
intervals and the shortfall's posterior computed once per distinct row, and the per-period
table built when first read."""

import copy
import pickle

import numpy as np
import pandas as pd
from scipy import integrate, stats

import qistats as qi
from qistats.ambition.intervals import beta_ratio_prob, clopper_pearson, distinct


def test_clopper_pearson_of_repeated_counts_is_the_inverse_beta_of_each():
    # 300 rows holding 6 distinct (k, n): the rows that repeat are computed once, and every
    # row's bounds are scipy's inverse betas of its own k and n, bit for bit
    rng = np.random.default_rng(1)
    pairs = np.array([[0, 5], [3, 10], [3, 10.5], [10, 10], [7, 40], [2.5, 9]])
    k, n = pairs[rng.integers(0, len(pairs), 300)].T
    assert distinct(k, n)[0].size == len(pairs)
    lo, hi = clopper_pearson(k, n, 0.05)
    for i in range(k.size):
        want_lo = stats.beta.ppf(0.025, k[i], n[i] - k[i] + 1) if k[i] > 0 else 0.0
        want_hi = stats.beta.ppf(0.975, k[i] + 1, n[i] - k[i]) if k[i] < n[i] else 1.0
        assert lo[i] == want_lo and hi[i] == want_hi


def test_distinct_rows_keep_zero_signs_and_missing_values_apart():
    # 0.0 and −0.0 are different rows (a function may tell them apart); a NaN row is its own
    k = np.tile([0.0, -0.0, np.nan, 1.0], 25)
    first, inverse = distinct(k, np.ones_like(k))
    assert first.size == 4
    np.testing.assert_array_equal(np.signbit(k[first][inverse]), np.signbit(k))
    np.testing.assert_array_equal(np.isnan(k[first][inverse]), np.isnan(k))


def test_the_shortfall_posterior_of_repeated_wards_is_each_wards_own():
    # 200 wards of 4 distinct kinds: each probability as computed for the ward alone (one
    # row: no rows to share), and near P(q₁/q₀ ≤ 0.5) by scipy's own quadrature (not for the
    # kind with no events on either side, whose density of p₀ is infinite at 0: a plain quad
    # would not do; test_ambition_shortfall_posterior checks it, and many more)
    kinds = np.array([[30, 60, 10, 60], [45, 60, 30, 60], [0, 60, 0, 60], [12.5, 40, 3.2, 40]])
    rows = kinds[np.repeat(np.arange(4), 50)]
    rho = np.full(len(rows), 0.5)
    got = beta_ratio_prob(*rows.T, rho, -1)
    for i, (k0, e0, k1, e1) in enumerate(kinds):
        alone = beta_ratio_prob(*(np.array([v]) for v in (k0, e0, k1, e1, 0.5)), -1)[0]
        assert (got[50 * i : 50 * (i + 1)] == alone).all()
        if k0 == 0:
            continue
        a0, b0, a1, b1 = k0 + 0.5, e0 - k0 + 0.5, k1 + 0.5, e1 - k1 + 0.5
        want, _ = integrate.quad(
            lambda p, a0=a0, b0=b0, a1=a1, b1=b1: (
                stats.beta.pdf(p, a0, b0) * stats.beta.cdf(min(0.5 * p, 1), a1, b1)
            ),
            0,
            1,
            points=[a0 / (a0 + b0)],
            limit=200,
        )
        assert abs(alone - want) < 1e-4


def _wards() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    months = pd.date_range("2021-01-01", periods=30, freq="MS")
    days = rng.integers(800, 1201, (3, 30))
    return pd.DataFrame(
        {
            "ward": np.repeat(["A", "B", "C"], 30),
            "month": np.tile(months, 3),
            "bed_days": days.ravel(),
            "falls": rng.poisson(8 * days / 1000).ravel(),
        }
    )


KW = dict(
    y="falls",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2021-01-01", "2021-12-01"),
    change=-0.5,
    deadline="2023-12-01",
)


def test_periods_read_late_copied_or_pickled_are_the_same_table():
    df = _wards()
    first = qi.ambition(df, **KW).periods
    amb = qi.ambition(df, **KW)
    twin = copy.copy(amb)
    again = pickle.loads(pickle.dumps(amb))
    for table in (amb.periods, twin.periods, again.periods):
        pd.testing.assert_frame_equal(table, first)
    built = amb._period_table
    assert not callable(built) and amb._period_table is built  # built once, kept
    assert amb.periods is not amb.periods  # each read a copy (editing one changes nothing)
    fresh = qi.ambition(df, **KW)
    assert fresh.to_arrow("periods").num_rows == len(first) == 90


def test_the_periods_table_can_be_replaced():
    amb = qi.ambition(_wards(), **KW)
    shorter = amb.periods.head(3)
    amb.periods = shorter
    pd.testing.assert_frame_equal(amb.periods, shorter)
