"""Trial 16, item 1: a shortfall target (``target="shortfall"``) reports the change of the
proportion itself in ``percent_change``, ``trajectory_change``, ``detectable_change`` and
``pooled()``'s ``percent_change`` (the ratio of shortfalls judged stays in ``rate_ratio``), and a
proportion's ``deadline_projection`` is missing, not 100 %, where there is none (at the
deadline, or before a pace). Expected values by hand."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
KW = dict(
    y="y", n="n", x="month", kind="proportion", baseline=("2021-04-01", "2022-03-01"),
    deadline="2024-03-01",
)  # fmt: skip


def _rising(n=200):
    """80 % for the 12 baseline months, then 80 % + 10 % · k/24 in month k after it (200 asked
    a month, successes rounded to whole numbers)."""
    p = np.r_[np.full(12, 0.80), 0.80 + 0.10 * np.arange(1, 25) / 24]
    return pd.DataFrame({"month": MONTHS, "n": n, "y": np.round(n * p).astype(int)})


def test_a_rising_proportion_reads_as_a_rise_under_a_shortfall_target():
    df = _rising()
    s = qi.ambition(df, change=0.5, target="shortfall", **KW).summary().iloc[0]
    # the window Apr 2023–Mar 2024 (months 13–24 after the baseline)
    y1 = np.round(200 * (0.80 + 0.10 * np.arange(13, 25) / 24)).sum()
    p1 = y1 / 2400
    assert s.current_value == pytest.approx(p1)
    assert s.percent_change == pytest.approx((p1 / 0.8 - 1) * 100)  # +9.6 %, a rise
    assert s.percent_change > 0
    assert s.rate_ratio == pytest.approx((1 - p1) / 0.2)  # the shortfall judged: 0.615
    # at the deadline the trajectory is at the target 1 − 0.2 · 0.5 = 0.9: a 12.5 % rise
    assert s.trajectory_change == pytest.approx(12.5)
    # the same data under a relative target: the same change of the proportion
    r = qi.ambition(df, change=0.1, **KW).summary().iloc[0]
    assert r.percent_change == pytest.approx(s.percent_change)


def test_a_proportion_has_no_deadline_projection_at_the_deadline():
    # the docs: deadline_projection is "missing once the deadline is reached"; a proportion's
    # read 1.0 (1.0–1.0): np.fmin(NaN, 1) is 1
    df = _rising()
    for target, change in (("shortfall", 0.5), ("relative", 0.1)):
        s = qi.ambition(df, change=change, target=target, **KW).summary().iloc[0]
        assert s.deadline_reached
        cols = ["deadline_projection", "deadline_projection_lower", "deadline_projection_upper"]
        assert s[cols].isna().all(), s[cols]


def test_a_proportion_without_a_pace_has_no_deadline_projection():
    # 6 months after the baseline: fewer than the 12 a pace needs, so none (it read 1.0)
    s = qi.ambition(_rising(), change=0.5, target="shortfall", as_of="2022-09-01", **KW)
    s = s.summary().iloc[0]
    assert np.isnan(s.deadline_projection) and np.isnan(s.deadline_projection_upper)


def test_a_proportion_before_the_deadline_is_projected_below_100_percent():
    # a year before the deadline the pace gives a projection in (0, 1), as the proportion,
    # with its interval around it
    s = qi.ambition(_rising(), change=0.5, target="shortfall", as_of="2023-03-01", **KW)
    s = s.summary().iloc[0]
    lo, mid, hi = s.deadline_projection_lower, s.deadline_projection, s.deadline_projection_upper
    assert 0.5 < lo < mid < hi < 1


def test_detectable_change_of_a_shortfall_is_of_the_proportion():
    # the detectable fall d of the shortfall (as a ratio) at a baseline of 80 % is a rise of the
    # proportion of −d · 0.2/0.8: the relative target's column of the same data is a ratio of
    # proportions, and the two agree in sign (both rises)
    s = qi.ambition(_rising(), change=0.5, target="shortfall", **KW).summary().iloc[0]
    assert s.detectable_change > 0


def test_pooled_percent_change_of_a_shortfall_is_of_the_proportion():
    a, b = _rising(), _rising(100)
    a["ward"], b["ward"] = "A", "B"
    df = pd.concat([a, b], ignore_index=True)
    pooled = qi.ambition(df, change=0.5, target="shortfall", by="ward", **KW).pooled().iloc[0]
    # Mantel–Haenszel on the failures n − y, by hand
    r = s = 0.0
    k0 = e0 = 0.0
    for d in (a, b):
        base, win = d.iloc[:12], d.iloc[24:]
        f0, n0 = (base.n - base.y).sum(), base.n.sum()
        f1, n1 = (win.n - win.y).sum(), win.n.sum()
        r += f1 * n0 / (n0 + n1)
        s += f0 * n1 / (n0 + n1)
        k0, e0 = k0 + base.y.sum(), e0 + n0
    mh = r / s
    p0 = k0 / e0
    assert pooled.rate_ratio == pytest.approx(mh)
    assert pooled.percent_change == pytest.approx((1 - p0) * (1 - mh) / p0 * 100)
    assert pooled.percent_change > 0
