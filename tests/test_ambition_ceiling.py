"""An absolute target that a ward's baseline meets already ("at or below 12 per 1,000" of a
ward at 3) asks no change: before the deadline it is judged by its window's level against the
target, not against a trajectory from the baseline to the target, which for such a ward *rises*
to the target (trial 23). Judged against that rising trajectory, a ward whose rate rose to 11
per 1,000, clearly under the target, was "off_track", "behind the trajectory", for two years,
then "met" at the deadline with the same rate; its reason said "the trajectory expects a 159%
rise by now", and the overview drew its target change at +300 %.

By hand: 12 baseline months of 18 events over 6,000 bed days are 3 per 1,000 (216 events);
ln(12/3) = 1.39 against z₀.₈/√216 = 0.057: the baseline meets the target already
(verdict.met_at_baseline). A window of 12 months of 66 events over 6,000 bed days is 11 per
1,000 (792 events over 72,000), whose Garwood interval ½χ²(0.025; 1584)/72 to
½χ²(0.975; 1586)/72 (10.25–11.79) lies wholly under 12: clearly below the target, "on_track".
A ward at 8 per 1,000 (4 events over 500 bed days a month, 48 events) whose window is 16 per
1,000 (96 events over 6,000): lower bound ½χ²(0.025; 192)/6 = 12.96 > 12, clearly above the
target: "off_track".
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

from .ambition_simulation import MONTHS as SIM_MONTHS
from .ambition_simulation import rate_wards, track

MONTHS = pd.date_range("2020-04-01", periods=48, freq="MS")
ARGS = dict(
    y="y",
    n="n",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    target=12,
    change=-0.5,  # only its sign: lower is better
    deadline="2024-03-01",
    multiply=1000,
    overdispersion=None,
)


def ceiling_wards() -> pd.DataFrame:
    rise = pd.DataFrame({"ward": "rose", "month": MONTHS, "y": [18] * 12 + [66] * 36, "n": 6000.0})
    flat = rise.assign(ward="flat", y=18)
    return pd.concat([rise, flat], ignore_index=True)


def test_the_premises_by_hand():
    assert np.log(12 / 3) >= stats.norm.ppf(0.8) / np.sqrt(216)
    lo, hi = stats.chi2.ppf(0.025, 2 * 792) / 2 / 72, stats.chi2.ppf(0.975, 2 * 792 + 2) / 2 / 72
    assert (round(lo, 2), round(hi, 2)) == (10.25, 11.79)
    assert stats.chi2.ppf(0.025, 2 * 96) / 2 / 6 == pytest.approx(12.96, abs=0.01)


def test_a_ward_under_a_ceiling_it_met_at_baseline_is_on_track_by_its_level():
    with pytest.warns(qi.TargetWarning, match="asks for no improvement"):
        amb = qi.ambition(ceiling_wards(), as_of="2022-03-01", **ARGS)
    s = amb.summary().set_index("ward")
    rose = s.loc["rose"]
    assert rose.current_value == pytest.approx(11.0)
    assert (round(rose.current_lower, 2), round(rose.current_upper, 2)) == (10.25, 11.79)
    assert rose.verdict == "on_track", rose.reason  # was "off_track", "behind the trajectory"
    assert rose.reason == (
        "its baseline rate, 3 per 1,000, meets the target already, so no change is asked; rate "
        "in Apr 2021–Mar 2022 was 11 per 1,000 (95% interval 10.2–11.8), clearly below the "
        "target: on track, target at or below 12 per 1,000 by Mar 2024 (probability it is met "
        "already 0.99)"
    ), rose.reason
    assert "trajectory" not in s.loc["flat"].reason
    assert s.loc["flat"].verdict == "on_track"
    # no trajectory: none is asked (it ran from 3 up to 12, "a 159% rise by now")
    for ward in ("rose", "flat"):
        row = s.loc[ward]
        assert row.trajectory_status is None
        assert np.isnan(
            row[["trajectory_change", "trajectory_ratio", "trajectory_lower", "trajectory_upper"]]
            .astype(float)
            .to_numpy()
        ).all()
    p = amb.periods
    assert p.trajectory.isna().all() and p.oe.isna().all()
    assert p.cumulative_status.isna().all()
    # at the deadline: met, as before
    with pytest.warns(qi.TargetWarning):
        at = qi.ambition(ceiling_wards(), **ARGS).summary().set_index("ward")
    assert (at.verdict == "met").all(), at.reason.tolist()


def test_a_ward_clearly_over_a_ceiling_it_met_at_baseline_is_off_track():
    d = pd.DataFrame({"ward": "A", "month": MONTHS, "y": [4] * 12 + [8] * 36, "n": 500.0})
    with pytest.warns(qi.TargetWarning, match="asks for no improvement"):
        s = qi.ambition(d, as_of="2022-03-01", **ARGS).summary().iloc[0]
    assert s.current_value == pytest.approx(16.0)
    assert s.verdict == "off_track", s.reason
    assert s.reason == (
        "its baseline rate, 8 per 1,000, meets the target already, so no change is asked; rate "
        "in Apr 2021–Mar 2022 was 16 per 1,000 (95% interval 13–19.5), clearly above it: off "
        "track, target at or below 12 per 1,000 by Mar 2024"
    ), s.reason


def test_a_ceiling_of_a_mean_met_at_baseline():
    # lengths of stay 4 and 6 days in the baseline (mean 5), 8 and 10 after (mean 9), target
    # "at or below 10 days": under it all along; it was "behind the trajectory" (1.56×)
    d = pd.DataFrame(
        {
            "ward": "A",
            "month": np.repeat(MONTHS, 2),
            "los": [4.0, 6.0] * 12 + [8.0, 10.0] * 36,
        }
    )
    args = dict(ARGS, y="los", n=None, kind="mean", target=10, multiply=1)
    with pytest.warns(qi.TargetWarning, match="asks for no improvement"):
        s = qi.ambition(d, as_of="2022-03-01", **args).summary().iloc[0]
    assert s.verdict == "on_track", s.reason
    assert s.reason.startswith(
        "its baseline mean, 5, meets the target already, so no change is asked; mean in Apr "
        "2021–Mar 2022 was 9 (95% interval"
    ), s.reason
    assert s.trajectory_status is None


def test_simulated_wards_under_a_ceiling_their_baseline_met():
    # 10 events a month at baseline, target 2 × the baseline rate (lower is better), looks 6,
    # 12 and 24 months after the baseline; 400 wards a course. Truth at the deadline: a step to
    # 0.9 × the target is met (its window's level under the target), a step to 1.3 × not.
    # Against the rising trajectory the step to 0.9 × was "off_track" for 0.94 and 0.96 at 6
    # and 12 months (1,000 wards, seed 901); judged by its level it is "on_track" unless
    # its window happens to reach over the target.
    after = SIM_MONTHS > 12
    courses = {
        "step_to_0.9": np.where(after, 1.8, 1.0),
        "step_to_1.3": np.where(after, 2.6, 1.0),
        "unchanged": np.ones(48),
    }
    shares = {}
    for i, (name, rel) in enumerate(courses.items()):
        df = rate_wards(900 + i, 400, rel, 10.0)
        for look in (18, 24, 36):
            with pytest.warns(qi.TargetWarning):
                v = track(df[df.month <= look], target=20.0, multiply=1000).summary().verdict
            shares[name, look] = v.value_counts(normalize=True).round(3).to_dict()
    print(shares)
    for look in (18, 24, 36):
        under, over = shares["step_to_0.9", look], shares["step_to_1.3", look]
        assert under.get("off_track", 0.0) <= 0.02, shares
        assert under.get("on_track", 0.0) >= (0.80 if look == 18 else 0.90), shares
        assert over.get("on_track", 0.0) <= 0.01, shares
        assert over.get("off_track", 0.0) >= (0.70 if look == 18 else 0.95), shares
        assert shares["unchanged", look].get("on_track", 0.0) >= 0.99, shares


def test_the_overview_draws_no_target_change_where_none_is_asked():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    high = ceiling_wards().assign(ward=lambda d: d.ward + "_high", y=lambda d: d.y * 10)
    data = pd.concat([ceiling_wards(), high], ignore_index=True)  # 30 and 110 per 1,000
    amb = qi.ambition(data, as_of="2022-03-01", **ARGS)
    fig = amb.plot(view="overview")
    (marks,) = [c for c in fig.axes[0].collections if c.get_gid() == "target"]
    x = marks.get_offsets()[:, 0]
    assert np.isfinite(x).sum() == 2, x  # the two wards above the target: −60 %
    assert np.allclose(x[np.isfinite(x)], -60.0)
    panels = amb.plot()
    texts = [t.get_text() for t in panels.legends[0].get_texts()]
    assert "trajectory" in texts
    with pytest.warns(qi.TargetWarning):
        alone = qi.ambition(ceiling_wards(), as_of="2022-03-01", **ARGS).plot()
    assert "trajectory" not in [t.get_text() for t in alone.legends[0].get_texts()]
    import matplotlib.pyplot as plt

    plt.close("all")


def _drawn(ax, gid: str) -> bool:
    """Whether ``ax`` has a line ``gid`` with a finite point (an all-missing one draws none)."""
    lines = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    return any(np.isfinite(np.asarray(ln.get_ydata(), dtype=float)).any() for ln in lines)


def _legend_words(fig) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def test_the_legend_names_what_the_series_drawn_have():
    """series= of wards with no trajectory (a baseline under its absolute target) or with
    neither target nor trajectory (a relative target of a zero baseline: the panel says "no
    target") listed both, because another ward of the ambition had them (docs check, trial 23)."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    high = ceiling_wards().assign(ward=lambda d: d.ward + "_high", y=lambda d: d.y * 10)
    data = pd.concat([ceiling_wards(), high], ignore_index=True)  # 3/11 and 30/110 per 1,000
    amb = qi.ambition(data, as_of="2022-03-01", **ARGS)
    assert amb.periods.groupby("ward").trajectory.count().to_dict() == {
        "rose": 0,
        "flat": 0,
        "rose_high": 36,
        "flat_high": 36,
    }
    one = amb.plot(series="rose")
    assert not _drawn(one.axes[0], "trajectory")
    assert "trajectory" not in _legend_words(one) and "target" in _legend_words(one)
    assert "trajectory" in _legend_words(amb.plot(series=["rose", "rose_high"]))

    # a zero baseline under a 50 % reduction: no target and no trajectory drawn
    zero = pd.DataFrame({"ward": "z", "month": MONTHS, "y": [0] * 12 + [1, 0] * 18, "n": 1000.0})
    other = pd.DataFrame({"ward": "a", "month": MONTHS, "y": [20] * 12 + [15] * 36, "n": 1000.0})
    kw = {k: v for k, v in ARGS.items() if k != "target"}  # change=-0.5: relative
    amb = qi.ambition(pd.concat([zero, other]), as_of="2022-03-01", **kw)
    z = amb.plot(series="z")
    assert not _drawn(z.axes[0], "target") and not _drawn(z.axes[0], "trajectory")
    assert not {"target", "trajectory"} & set(_legend_words(z)), _legend_words(z)
    assert {"target", "trajectory"} <= set(_legend_words(amb.plot(series="a")))
    plt.close("all")


def test_the_oe_panel_of_a_ward_without_a_trajectory_says_so():
    """oe=True: a baseline that meets its absolute target has no observed ÷ expected (no
    trajectory); its lower panel showed only the line at 1, as if something had failed."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    high = ceiling_wards().assign(ward=lambda d: d.ward + "_high", y=lambda d: d.y * 10)
    data = pd.concat([ceiling_wards(), high], ignore_index=True)
    amb = qi.ambition(data, as_of="2022-03-01", **ARGS)
    for ward, said in (("rose", True), ("rose_high", False)):
        fig = amb.plot(series=ward, oe=True)
        notes = [t.get_text() for a in fig.axes for t in a.texts if t.get_gid() == "oe_note"]
        assert notes == (["no trajectory to compare with"] if said else []), (ward, notes)
    plt.close("all")
