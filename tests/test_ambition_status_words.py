"""Ambition: the comparisons with the trajectory (the summary's ``trajectory_status``, the
periods' ``cumulative_status``) never use a verdict's word, so a chart of the periods cannot
say "on_track" in the month the board's verdict is "off_track" (trial 6a C2). Expected values
by hand: the compound trajectory and the observed/expected events summed directly."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.ambition.verdict import VERDICTS


def _ward():
    rng = np.random.default_rng(3)
    m = pd.date_range("2021-04-01", periods=36, freq="MS")
    d = pd.DataFrame(
        {
            "ward": "A",
            "month": m,
            "bd": rng.integers(800, 1200, 36).astype(float),
            "y": rng.poisson(8, 36),
        }
    )
    return d.drop(index=[20])  # no row for December 2022


def test_cumulative_status_is_not_the_verdict_word():
    d = _ward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few baseline events: not what is tested
        amb = qi.ambition(
            d,
            y="y",
            n="bd",
            x="month",
            by="ward",
            baseline=("2021-04-01", "2022-03-01"),
            change=-0.5,
            deadline="2024-03-01",
            as_of="2023-06-01",
        )
    # by hand: λ0 = baseline events / bed days; the compound trajectory halves it from
    # t0 = April 2022 to April 2023 (the first of the 12 months judged at the deadline),
    # T_t = λ0 · 0.5**s, s = (t − t0)/(t_r − t0) in days, clipped to [0, 1]
    base = d[d.month <= "2022-03-01"]
    lam0 = base.y.sum() / base.bd.sum()
    t0, tr = pd.Timestamp("2022-04-01"), pd.Timestamp("2023-04-01")
    s = ((d.month - t0) / (tr - t0)).clip(0, 1)
    expected = d.bd * lam0 * 0.5**s
    since = (d.month >= t0) & (d.month <= "2023-06-01")
    window = (d.month >= "2022-07-01") & (d.month <= "2023-06-01")
    cum_oe = d.y[since].sum() / expected[since].sum()
    win_oe = d.y[window].sum() / expected[window].sum()

    row = amb.periods.set_index("month").loc["2023-06-01"]
    assert row.oe == pytest.approx(cum_oe, rel=1e-9)
    assert row.oe_lower < 1 < row.oe_upper  # 0.91 to 1.97: neither ahead nor behind to date
    assert row.cumulative_status == "as_expected"
    summary = amb.summary().iloc[0]
    assert summary.trajectory_ratio == pytest.approx(win_oe, rel=1e-9)  # 1.52
    assert summary.trajectory_lower > 1  # the last 12 months are behind the trajectory
    assert (summary.trajectory_status, summary.verdict) == ("behind", "off_track")
    assert "status" not in amb.periods.columns


def test_no_status_word_is_a_verdict():
    rng = np.random.default_rng(8)
    months = pd.date_range("2021-04-01", periods=30, freq="MS")
    wards = [f"W{i}" for i in range(60)]
    fall = rng.uniform(0.3, 1.3, len(wards))  # ahead of, on and behind the trajectory
    t = np.arange(months.size)
    after = np.tile(t, len(wards)) >= 12  # the level falls to `fall` after the baseline
    d = pd.DataFrame(
        {
            "ward": np.repeat(wards, months.size),
            "month": np.tile(months, len(wards)),
            "bd": 1000.0,
            "y": rng.poisson(15 * np.where(after, np.repeat(fall, months.size), 1.0)),
        }
    )
    amb = qi.ambition(
        d,
        y="y",
        n="bd",
        x="month",
        by="ward",
        baseline=("2021-04-01", "2022-03-01"),
        change=-0.5,
        deadline="2024-03-01",
    )
    words = set(amb.periods.cumulative_status.dropna()) | set(amb.summary().trajectory_status)
    assert words == {"ahead", "as_expected", "behind"}, words
    assert not words & set(VERDICTS)
