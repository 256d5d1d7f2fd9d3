"""A sustained shift at the end of a phase whose limits come from all its points (trial 23
M3): the limits mix the levels before and since the shift, so the board's sentence does not
say the target will be met by turns (or consistently missed on the side the process moved
to) but advises a rebase at the shift's first point, naming the measures table's ``rebase``
and the value to put there. The assurance icon stays the latest point's, as NHSRplotthedots
gives it (the simulation below shows why). Expected values by hand and by an independent
implementation of the shift rule."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=27, freq="MS")
# 20 months at 9, 11, … then 7 at 14, 16, …, 14 (from Dec 2023). By hand: mean 304/27 =
# 11.259; moving ranges: 19 of 2, one of 3 (11 to 14), 6 of 2: MR̄ 53/26 = 2.0385 (none
# beyond 3.267 MR̄ = 6.66, so none screened); limits 11.259 ± 2.66 × 2.0385 = 5.837 to
# 16.681; 2σ above the mean is 14.874, so of the last three (14, 16, 14) one is beyond it:
# no 2-in-3 at the latest point. The last 7 are above the mean: a shift, improvement.
VALUES = np.r_[np.tile([9.0, 11.0], 10), [14.0, 16.0] * 3 + [14.0]]
ADVICE = (
    "but the process has shifted since Dec 2023 and these limits mix both levels: add "
    "2023-12-01 to the measure's 'rebase' in the measures table{} to judge the target on the "
    "process as it is now."
)


def _board(target: float, by: bool = False, **settings) -> pd.DataFrame:
    data = pd.DataFrame({"measure": "m", "month": MONTHS, "y": VALUES})
    if by:
        data = pd.concat([data.assign(ward=w) for w in ("Ash", "Beech")], ignore_index=True)
    measures = pd.DataFrame(
        {"measure": ["m"], "improvement": ["increase"], "target": [target], **settings}
    )
    kw = {"by": "ward"} if by else {}
    return qi.board(data, measures, x="month", y="y", **kw).table()


def test_a_target_within_limits_that_mix_two_levels_gets_the_rebase_advice():
    row = _board(15).iloc[0]
    assert abs(row["lcl"] - (304 / 27 - 2.66 * 53 / 26)) < 1e-9
    assert abs(row["ucl"] - (304 / 27 + 2.66 * 53 / 26)) < 1e-9
    assert row["variation"] == "improvement_high"
    assert row["assurance"] == "hit_or_miss"  # the icon as NHSRplotthedots gives it
    assert row["reason"] == (
        "Special cause improvement: 7 points above the mean since Dec 2023; the target of 15 "
        "is within the limits (5.8 to 16.7), " + ADVICE.format("")
    )


def test_a_target_beyond_the_limits_on_the_side_the_process_moved_to():
    row = _board(17).iloc[0]
    assert row["assurance"] == "fail"
    assert row["reason"].endswith(
        "the target of 17 is above the upper limit (16.7), " + ADVICE.format("")
    ), row["reason"]
    assert "consistently" not in row["reason"]


def test_a_target_beyond_the_limits_the_process_moved_away_from_keeps_its_verdict():
    # the new level is further above the target of 5: it is met still
    row = _board(5).iloc[0]
    assert row["assurance"] == "pass"
    assert row["reason"].endswith(
        "the target of 5 is below the lower limit (5.8), so the process will consistently meet it."
    ), row["reason"]


def test_with_by_groups_the_advice_says_the_rebase_splits_every_series():
    t = _board(15, by=True)
    for reason in t.reason:
        assert reason.endswith(ADVICE.format(" (it rebases every series of the measure)"))


def test_following_the_advice_gives_the_new_level_its_own_limits():
    # rebased at Dec 2023: 7 points at 14, 16, …: trial limits (fewer than 13), no advice
    row = _board(15, rebase=["2023-12-01"]).iloc[0]
    assert row["short_phase"]
    assert row["assurance"] is None
    assert "mix both levels" not in row["reason"]
    assert "trial limits from 7 points" in row["reason"]


def test_a_shift_that_has_ended_gets_no_advice():
    # one more month at 9, below the mean: the latest point ends the run
    data = pd.DataFrame(
        {"measure": "m", "month": pd.date_range("2022-04-01", periods=28, freq="MS")}
    ).assign(y=np.r_[VALUES, 9.0])
    measures = pd.DataFrame({"measure": ["m"], "improvement": ["increase"], "target": [15]})
    row = qi.board(data, measures, x="month", y="y").table().iloc[0]
    assert "mix both levels" not in row["reason"]
    assert row["reason"].endswith("so it will be met some months and missed in others.")


# ------------------------------------------------------------ simulation with known truth

S = 4_000  # series per setting: a rate of 1 % is estimated to about ±0.16 points (1 SE)


def _sim_board(y: np.ndarray, target: np.ndarray, rebase: str | None = None) -> pd.DataFrame:
    s, n = y.shape
    months = pd.date_range("2020-01-01", periods=n, freq="MS")
    data = pd.DataFrame(
        {"measure": "m", "g": np.repeat(np.arange(s), n), "month": np.tile(months, s)}
    ).assign(y=y.ravel())
    targets = pd.DataFrame({"measure": "m", "g": np.arange(s), "target": target})
    measures = pd.DataFrame({"measure": ["m"], "improvement": ["increase"], "rebase": [rebase]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.board(data, measures, x="month", y="y", by="g", targets=targets).table()


def _advised(t: pd.DataFrame) -> np.ndarray:
    return t.reason.str.contains("these limits mix both levels", regex=False).to_numpy()


def _true_icon(target: np.ndarray, level: float) -> np.ndarray:
    # the current process N(level, 1): its true limits are level ± 3 (higher is better)
    return np.where(target < level - 3, "pass", np.where(target > level + 3, "fail", "hit_or_miss"))


def test_simulated_rates_of_the_advice_and_of_the_icon_it_qualifies():
    rng = np.random.default_rng(20261203)
    # 1. in control, 24 months, the target at the mean (always within the limits): the advice
    # appears exactly where the last 7 points are on one side of the mean (an independent
    # implementation of the shift rule), about 0.75 % of series (below 2 × 2⁻⁷ = 1.6 %, as the
    # run pulls the mean it is judged against)
    y = rng.normal(size=(S, 24))
    t = _sim_board(y, np.zeros(S))
    side = np.sign(y - y.mean(axis=1, keepdims=True))
    run_at_end = np.abs(side[:, -7:].sum(axis=1)) == 7
    advised = _advised(t)
    print(f"\nin control: advice {advised.mean():.2%}, independent run at the end "
          f"{run_at_end.mean():.2%}")  # fmt: skip
    np.testing.assert_array_equal(advised, run_at_end)
    assert 0.003 < advised.mean() < 0.012

    # 2. a true shift of 2σ in the last 7 of 24 months is advised on in most series
    y = rng.normal(size=(S, 24))
    y[:, -7:] += 2.0
    advised = _advised(_sim_board(y, np.zeros(S)))
    print(f"shift 2σ, last 7 of 24 months: advice {advised.mean():.1%}")
    assert advised.mean() > 0.5

    # 3. what the advice buys: a 2σ shift in the last 18 of 36 months, targets uniform over
    # both levels (-4 to 6). Where it is advised, the icon from the mixed limits is right
    # less often than the icon after the advised rebase (18 points: limits, not trial)
    y = rng.normal(size=(S, 36))
    y[:, -18:] += 2.0
    target = rng.uniform(-4, 6, S)
    mixed = _sim_board(y, target)
    rebased = _sim_board(y, target, rebase="2021-07-01")
    advised = _advised(mixed)
    truth = _true_icon(target, 2.0)
    right_mixed = (mixed.assurance.to_numpy() == truth)[advised].mean()
    right_rebased = (rebased.assurance.to_numpy() == truth)[advised].mean()
    print(f"shift 2σ, last 18 of 36: advice {advised.mean():.1%}; icon right where advised: "
          f"mixed limits {right_mixed:.1%}, rebased {right_rebased:.1%}")  # fmt: skip
    assert advised.mean() > 0.2
    assert right_rebased > 0.8
    assert right_rebased - right_mixed > 0.03
    # the mixed limits' icon is still right in most advised series: withholding it would hide
    # more right icons than wrong ones, so it stays (with the sentence's advice)
    assert right_mixed > 0.6
