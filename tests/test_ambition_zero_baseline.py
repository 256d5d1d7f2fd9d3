"""Ambition with no events in the baseline (trial 6b B3, 6a C1): a relative target cannot be
assessed, an absolute one is judged on the window; reasons without dangling dashes; the
overview draws an open interval as an arrow. Expected values by hand and by simulation."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

KW = {
    "y": "events",
    "n": "days",
    "x": "month",
    "by": "ward",
    "baseline": ("2021-01-01", "2021-12-01"),
    "change": -0.5,
    "deadline": "2023-12-01",
    "overdispersion": None,
}
MONTHS = pd.date_range("2021-01-01", periods=36, freq="MS")


def ward(name, events):
    return pd.DataFrame({"ward": name, "month": MONTHS, "events": events, "days": 1000.0})


def two_wards():
    """Z: no events in 2021, then 1 a month in the last year; R: 10 a month, then 4."""
    z = np.r_[np.zeros(24), np.ones(12)]
    r = np.r_[np.full(12, 10.0), np.full(24, 4.0)]
    return pd.concat([ward("Z", z), ward("R", r)], ignore_index=True)


def test_a_relative_target_of_a_zero_baseline_is_insufficient_data():
    s = qi.ambition(two_wards(), **KW).summary().set_index("ward")
    z = s.loc["Z"]
    assert z.verdict == "insufficient_data"
    assert z.reason == (
        "no events in the baseline: a 50% reduction of zero cannot be assessed; rate in Jan "
        "2023–Dec 2023 was 0.001; give an absolute target= (display units) to judge it"
    ), z.reason
    # the tests of the ratio stay defined (Jeffreys, exact conditional); nothing is "clearly met"
    assert np.isfinite(z.prob_target_met) and np.isfinite(z.p_value_target) and not z.clearly_met
    # the other ward is untouched: 48 / 12,000 against 120 / 12,000, ratio 0.4 (met)
    assert s.loc["R", "verdict"] == "met" and np.isclose(s.loc["R", "rate_ratio"], 0.4)
    # before the deadline too
    early = qi.ambition(two_wards(), **KW, as_of="2022-06-01").summary().set_index("ward")
    assert early.loc["Z", "verdict"] == "insufficient_data"
    assert early.loc["Z", "reason"].startswith("no events in the baseline: a 50% reduction")


def test_a_shortfall_of_a_perfect_baseline_is_insufficient_data():
    # 100 % compliance in the baseline: closing half of a gap of zero
    d = pd.DataFrame(
        {
            "ward": "P",
            "month": MONTHS,
            "ok": np.r_[np.full(12, 50.0), np.full(24, 45.0)],
            "asked": 50.0,
        }
    )
    kw = {**KW, "y": "ok", "n": "asked", "change": 0.5}
    s = qi.ambition(d, **kw, kind="proportion", target="shortfall").summary().iloc[0]
    assert s.verdict == "insufficient_data"
    assert s.reason.startswith(
        "no shortfall in the baseline (100%): closing 50% of a gap of zero cannot be assessed"
    ), s.reason


def test_an_absolute_target_of_a_zero_baseline_is_judged_on_the_window():
    # target 2 per 1,000 bed days; Z's last year 12 / 12,000 = 1 per 1,000: met at the deadline,
    # and the reason quotes the level (no "rate ratio –" and no "––")
    s = qi.ambition(two_wards(), **KW, target=2.0, multiply=1000).summary().set_index("ward")
    z = s.loc["Z"]
    assert z.verdict == "met", z.reason
    assert z.reason.startswith(
        "rate in Jan 2023–Dec 2023 was 1 per 1,000, target at or below 2 per 1,000: met"
    )
    assert "––" not in z.reason and " – " not in z.reason
    # before the deadline there is no trajectory from zero to follow
    early = qi.ambition(two_wards(), **KW, target=2.0, multiply=1000, as_of="2022-06-01")
    e = early.summary().set_index("ward").loc["Z"]
    assert e.verdict == "insufficient_data"
    follow = "no events in the baseline: no trajectory from it to follow"
    assert e.reason.startswith(follow), e.reason


def test_an_unbounded_interval_is_written_as_or_more():
    # a ward with one baseline event too few to judge: the ratio's interval has an upper end;
    # with none (absolute target, weak window) the text says "or more", never "a––"
    d = pd.concat([ward("Z", np.r_[np.zeros(12), np.full(24, 3.0)])], ignore_index=True)
    # (a target above the only ward's baseline with change < 0: the ward starts beyond it)
    with pytest.warns(qi.TargetWarning, match="change says lower is better"):
        s = qi.ambition(d, **KW, target=100.0, multiply=1000, as_of="2022-03-01").summary()
    assert s.rate_ratio_upper.iloc[0] == np.inf
    for text in s.reason:
        assert "––" not in text and "interval –" not in text, text


def test_the_overview_draws_an_open_interval_as_an_arrow():
    amb = qi.ambition(two_wards(), **KW, target=2.0, multiply=1000)
    fig = amb.plot(view="overview")
    ax = fig.axes[0]
    arrows = [c for c in ax.get_children() if c.get_gid() == "open_interval"]
    assert len(arrows) == 1
    lower = (amb.summary().set_index("ward").loc["Z", "rate_ratio_lower"] - 1) * 100
    assert np.isclose(arrows[0].xyann[0], lower)
    assert ax.get_xlim()[1] > lower  # the lower end is inside the axes


def test_rare_events_without_change_are_never_met_with_zero_baselines():
    # simulation, known truth: 2,000 wards at 0.15 events a month throughout (no change), so
    # P(no baseline event) = exp(-1.8) = 0.165. Every zero-baseline ward is insufficient_data
    # (before Session 6 those with a significant rise were "not_met" against a target of 0),
    # and no ward is "met" more often than the test's one-sided 2.5 %.
    rng = np.random.default_rng(614)
    wards = 2000
    ev = rng.poisson(0.15, (wards, 36)).astype(float)
    d = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(wards), 36),
            "month": np.tile(MONTHS, wards),
            "events": ev.ravel(),
            "days": 1000.0,
        }
    )
    s = qi.ambition(d, **KW).summary()
    zero = ev[:, :12].sum(axis=1) == 0
    share_zero = zero.mean()
    met = (s.verdict == "met").mean()
    msg = f"zero-baseline share {share_zero:.3f} (expected 0.165), met {met:.4f} (bound 0.025)"
    assert abs(share_zero - np.exp(-1.8)) < 0.03, msg
    assert (s.verdict[zero] == "insufficient_data").all(), msg
    assert met <= 0.025, msg
    print(msg)
