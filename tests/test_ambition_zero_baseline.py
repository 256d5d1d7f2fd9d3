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


def _row_of(ax, label):
    """The y of a row of the overview, by its tick label."""
    ticks = dict(zip([t.get_text() for t in ax.get_yticklabels()], ax.get_yticks(), strict=True))
    return ticks[label]


@pytest.mark.parametrize("target", [2.0, None])
def test_the_overview_says_a_zero_baseline_has_no_change(target):
    # session 18 audit B: Z (no events in 2021) has no % change from baseline (ratio NaN, its
    # interval from 2.78 to infinity). The overview drew an arrow stub from +178% to the right
    # edge, far from every other ward, its axis widened to +190% for it; it now says so in words
    kw = {**KW, "multiply": 1000, **({"target": target} if target else {})}
    amb = qi.ambition(two_wards(), **kw)
    s = amb.summary().set_index("ward")
    assert np.isnan(s.loc["Z", "rate_ratio"]) and s.loc["Z", "rate_ratio_upper"] == np.inf
    fig = amb.plot(view="overview")
    fig.canvas.draw()
    ax = fig.axes[0]
    assert not [c for c in ax.get_children() if c.get_gid() == "open_interval"]
    (note,) = [t for t in ax.texts if t.get_gid() == "no_change"]
    assert note.get_text() == "no events in the baseline: no % change"
    assert np.isclose(note.xy[1], _row_of(ax, "Z"))
    # no interval on Z's row; R's interval (ratio 0.280-0.563: -72.0% to -43.7%) is drawn
    (intervals,) = [c for c in ax.collections if c.get_gid() == "intervals"]
    segments = intervals.get_segments()
    assert len(segments) == 1
    assert np.allclose(segments[0][:, 1], _row_of(ax, "R"))
    assert np.allclose(
        sorted(segments[0][:, 0]), (s.loc["R", ["rate_ratio_lower", "rate_ratio_upper"]] - 1) * 100
    )
    # the axis is not widened to Z's lower end (+178%): R's interval and the 0% line fit
    assert ax.get_xlim()[1] < 50
    # the note lies inside the axes, clear of the verdict labels on the right
    r = fig.canvas.get_renderer()
    box = note.get_window_extent(r)
    inside = ax.get_window_extent(r)
    assert inside.x0 <= box.x0 and box.x1 <= inside.x1, (box, inside)
    for label in fig.axes[1].get_yticklabels():
        assert not box.overlaps(label.get_window_extent(r)), label.get_text()
    # the verdict is still said on the right, in the same colour as the note
    verdicts = {t.get_text(): t.get_color() for t in fig.axes[1].get_yticklabels()}
    assert note.get_color() == verdicts[s.loc["Z", "verdict"].replace("_", " ")]


def test_a_perfect_shortfall_baseline_has_no_change_in_words():
    d = pd.DataFrame(
        {
            "ward": np.repeat(["P", "Q"], 36),
            "month": np.tile(MONTHS, 2),
            "ok": np.r_[np.full(12, 50.0), np.full(24, 45.0), np.full(12, 40.0), np.full(24, 45.0)],
            "asked": 50.0,
        }
    )
    kw = {**KW, "y": "ok", "n": "asked", "change": 0.5, "by": "ward"}
    amb = qi.ambition(d, **kw, kind="proportion", target="shortfall")
    fig = amb.plot(view="overview")
    ax = fig.axes[0]
    (note,) = [t for t in ax.texts if t.get_gid() == "no_change"]
    assert note.get_text() == "no shortfall in the baseline: no % change"
    assert np.isclose(note.xy[1], _row_of(ax, "P"))


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


def _panel(fig, title):
    (ax,) = [
        a for a in fig.get_axes() if a.get_gid() == "ambition" and a.get_title("left") == title
    ]
    return ax


def _gids(ax):
    return [a.get_gid() for a in ax.get_children()]


def test_a_zero_baseline_panel_draws_no_target_of_zero_and_says_why():
    # session 18 audit B: Z's panel drew a red target line and a trajectory at 0 (50% of zero)
    # beside "insufficient data", read as "target zero"; R keeps both (its baseline 10
    # events per 1,000 days, the target half of it: 5 per 1,000)
    from .test_plot_ambition_labels import _check_clear

    amb = qi.ambition(two_wards(), **KW, multiply=1000)
    fig = amb.plot()
    fig.canvas.draw()
    z, r = _panel(fig, "Z"), _panel(fig, "R")
    assert "target" not in _gids(z) and "trajectory" not in _gids(z)
    (note,) = [t for t in z.texts if (t.get_gid() or "").startswith("note")]
    assert note.get_text() == "no events in the baseline:\nno target"
    _check_clear(fig, z, note)
    (target,) = [ln for ln in r.lines if ln.get_gid() == "target"]
    assert np.allclose(target.get_ydata(), 5.0)  # half of 10 a month per 1,000 days
    assert "trajectory" in _gids(r)
    assert not [t for t in r.texts if (t.get_gid() or "").startswith("note")]


def test_an_absolute_target_of_a_zero_baseline_is_still_drawn():
    amb = qi.ambition(two_wards(), **KW, target=2.0, multiply=1000)
    fig = amb.plot()
    fig.canvas.draw()
    z = _panel(fig, "Z")
    (target,) = [ln for ln in z.lines if ln.get_gid() == "target"]
    assert np.allclose(target.get_ydata(), 2.0)
    assert not [t for t in z.texts if (t.get_gid() or "").startswith("note")]


def test_a_proportion_of_zero_is_named_alike_in_the_reason_panel_and_overview():
    # review 18: the overview wrote "a baseline of 0%" where the reason and the panel say
    # "a proportion of 0 in the baseline" (one helper now gives the words to both plots)
    d = pd.DataFrame(
        {
            "ward": np.repeat(["P", "Q"], 36),
            "month": np.tile(MONTHS, 2),
            "ok": np.r_[np.zeros(12), np.full(24, 5.0), np.full(12, 10.0), np.full(24, 20.0)],
            "asked": 50.0,
        }
    )
    kw = {**KW, "y": "ok", "n": "asked", "change": 0.5}
    amb = qi.ambition(d, **kw, kind="proportion")
    s = amb.summary().set_index("ward")
    assert s.loc["P", "reason"].startswith("a proportion of 0 in the baseline: a 50% increase")
    fig = amb.plot(view="overview")
    (note,) = [t for t in fig.axes[0].texts if t.get_gid() == "no_change"]
    assert note.get_text() == "a proportion of 0 in the baseline: no % change"
    fig = amb.plot()
    notes = [getattr(ax, "_qistats_note", None) for ax in fig.axes]
    assert "a proportion of 0 in the baseline:\nno target" in notes, notes
