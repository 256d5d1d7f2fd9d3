"""``qi.ambition``'s inputs: what it refuses, in its own words, and what it accepts."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, DataError

KW = dict(
    y="events",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2021-01-01", "2021-12-01"),
    change=-0.5,
    deadline="2023-12-01",
)


def wards() -> pd.DataFrame:
    """Two wards, 36 months, float event counts (as a CSV with a gap reads them)."""
    months = pd.date_range("2021-01-01", periods=36, freq="MS")
    rng = np.random.default_rng(5)
    return pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], 36),
            "month": np.tile(months, 2),
            "bed_days": 900.0,
            "events": rng.poisson(8, 72).astype(float),
        }
    )


def test_an_unknown_trajectory_says_what_is_expected():
    # not "no such column. Did you mean 'events'?": the named rules come first
    with pytest.raises(ArgumentError) as err:
        qi.ambition(wards(), **KW, trajectory="straight")
    text = str(err.value)
    assert text.startswith("trajectory='straight': expected 'compound'"), text
    assert "'linear'" in text and "the name of a column" in text and "no column 'straight'" in text
    assert "Did you mean" not in text  # nothing is close to 'straight'
    with pytest.raises(ArgumentError, match="Did you mean 'linear'"):
        qi.ambition(wards(), **KW, trajectory="lineer")


def test_a_trajectory_column_is_still_a_column():
    df = wards().assign(path=lambda d: 8 / 900)  # flat at the baseline's true level
    s = qi.ambition(df, **KW, trajectory="path").summary()
    assert len(s) == 2


def test_a_blank_in_a_trajectory_column_is_refused_where_it_is_compared():
    # trial 8 A4: one blank month made the trajectory test missing for every ward and changed
    # verdicts without a word. A blank in the baseline (before the trajectory starts) is not
    # compared, so it is accepted and changes nothing
    df = wards().assign(path=lambda d: np.where(d.month.dt.year == 2021, 8, 6) / 900)
    blank = df.assign(path=df.path.where(df.month != "2022-10-01"))
    with pytest.raises(DataError) as err:
        qi.ambition(blank, **KW, trajectory="path")
    text = str(err.value)
    assert text.startswith("trajectory='path': the point ward='A', month=2022-10-01 has no "), text
    assert "(2 such points)" in text
    early = df.assign(path=df.path.where(df.month != "2021-03-01"))
    want = qi.ambition(df, **KW, trajectory="path").summary()
    pd.testing.assert_frame_equal(qi.ambition(early, **KW, trajectory="path").summary(), want)


def test_a_negative_trajectory_value_is_refused_naming_the_point_and_value():
    # trial 12 A5: a trajectory of -6 gave "on_track", "-0.93× the trajectory", "a 158 % fall"
    # and negative expected events in periods
    df = wards().assign(path=lambda d: np.where(d.month.dt.year == 2021, 8, 6) / 900 * 1000)
    df.loc[(df.ward == "B") & (df.month == "2022-06-01"), "path"] = -6.0
    with pytest.raises(DataError) as err:
        qi.ambition(df, **KW, multiply=1000, trajectory="path")
    text = str(err.value)
    assert text.startswith(
        "trajectory='path': the point ward='B', month=2022-06-01 has the trajectory value -6;"
    ), text
    assert "expected a positive number" in text and "negative target" in text


def test_a_zero_trajectory_is_refused_saying_why():
    # trial 12 A5: a "zero tolerance" sheet (0 from Jan 2023) gave "on_track" with "–× the
    # trajectory" and "a 100 % fall": no ratio to 0 expected events can be judged
    df = wards().assign(path=lambda d: np.where(d.month >= "2023-01-01", 0.0, 8 / 900))
    with pytest.raises(DataError) as err:
        qi.ambition(df, **KW, trajectory="path")
    text = str(err.value)
    assert text.startswith(
        "trajectory='path': the point ward='A', month=2023-01-01 has the trajectory value 0 "
        "(24 points at or below 0)"  # 12 months x 2 wards
    ), text
    assert "zero tolerance" in text and 'chart="g"' in text


def test_a_zero_before_the_trajectory_starts_is_not_read():
    # as a blank there: the baseline's rows of a trajectory sheet are not compared
    df = wards().assign(path=lambda d: np.where(d.month.dt.year == 2021, 0.0, 6 / 900))
    s = qi.ambition(df, **KW, trajectory="path").summary()
    assert s.trajectory_ratio.notna().all()


@pytest.mark.parametrize("kind", ["rate", "proportion"])
def test_a_negative_count_is_refused_in_the_ambitions_words(kind):
    df = wards()
    df.loc[40, "events"] = -4
    with pytest.raises(DataError) as err:
        qi.ambition(df, **KW, kind=kind)
    text = str(err.value)
    assert (
        "row with index label 40 (ward='B', month=2021-05-01)" in text
        and "negative count (-4)" in text
    )
    assert f"for qi.ambition(kind='{kind}')" in text and "chart" not in text, text


def test_a_fractional_count_is_refused_for_rates():
    # the exact Poisson methods count events: 3.5 events is refused, named by row and value
    df = wards()
    df.loc[40, "events"] = 3.5
    with pytest.raises(DataError) as err:
        qi.ambition(df, **KW)
    text = str(err.value)
    assert (
        "row with index label 40 (ward='B', month=2021-05-01)" in text
        and "fractional count (3.5)" in text
    )
    assert "whole counts for qi.ambition(kind='rate')" in text and ".round()" in text, text


def test_a_count_within_rounding_of_a_whole_number_is_that_number():
    # 0.1 * 3 * 10 == 3.0000000000000004: the ambition of the whole count 3, to the last digit
    df = wards()
    df.loc[40, "events"] = 3.0
    exact = qi.ambition(df, **KW).summary()
    df.loc[40, "events"] = 0.1 * 3 * 10
    got = qi.ambition(df, **KW).summary()
    pd.testing.assert_frame_equal(got, exact)
    assert df.events[40] != 3.0  # the user's data are not modified


def test_measurements_stay_fractional_for_means():
    df = wards().assign(events=lambda d: d.events + 0.25)
    s = qi.ambition(df.drop(columns="bed_days"), **{**KW, "n": None}, kind="mean").summary()
    assert np.isfinite(s.current_value).all()


def test_p_value_target_replaces_p_target_met():
    # a p-value (small: the target met), not a probability of meeting it; in both tables
    amb = qi.ambition(wards(), **KW)
    for table in (amb.summary(), amb.pooled()):
        assert "p_value_target" in table and "p_target_met" not in table


# ------------------------------------------- an absolute target: change= optional (trial 8 C14)


def _absolute(change="omit", target=4, data=None, **kw):
    args = {**KW, "target": target, "multiply": 1000, **kw}
    if change == "omit":
        del args["change"]
    else:
        args["change"] = change
    return qi.ambition(wards() if data is None else data, **args)


def test_an_absolute_target_takes_its_direction_from_the_baselines():
    d = wards()
    base = d[d.month < "2022-01-01"].groupby("ward")[["events", "bed_days"]].sum()
    rate = 1000 * base.events / base.bed_days  # by hand: both about 8.9 per 1,000
    assert (rate > 4).all() and (rate < 20).all()
    # the direction inferred is said (trial 12 A3), with how to state either direction
    with pytest.warns(qi.TargetWarning) as seen:
        down = _absolute(target=4)
    (said,) = [str(w.message) for w in seen]
    shown = "; ".join(f"ward={w!r}: {r:.4g}" for w, r in rate.items())  # the rates by hand
    assert said.startswith(
        f"target=4 without change=: the target is below the baseline of every series ({shown})"
    ), said
    assert "so lower is taken as better: each series is to fall to 4." in said
    assert "to stay at or above instead, give change=0.5" in said
    assert down.definition.change is None and down.definition.improvement == "decrease"
    pd.testing.assert_frame_equal(down.summary(), _absolute(-0.5, target=4).summary())
    with pytest.warns(qi.TargetWarning, match=r"so higher is taken as better: .* rise to 20\."):
        up = _absolute(target=20)
    assert up.definition.improvement == "increase"
    pd.testing.assert_frame_equal(up.summary(), _absolute(0.3, target=20).summary())
    assert up.summary().baseline_value.round(6).tolist() == rate.round(6).tolist()


def test_an_absolute_ceiling_every_series_meets_is_not_read_silently_as_a_rise():
    # trial 12 A3: "keep restraints at or below 20 per 1,000", wards steady at 10 and 15,
    # target=20 without change=: read as "rise to 20", both "not_met", without a word. The
    # rule stays (higher is better for a target above every baseline), but it is said, and
    # the reason says which side of the target is good
    months = pd.date_range("2020-04-01", periods=48, freq="MS")
    d = pd.concat(
        [
            pd.DataFrame({"ward": w, "month": months, "events": r, "bed_days": 1000.0})
            for w, r in [("A", 10.0), ("B", 15.0)]
        ],
        ignore_index=True,
    )
    kw = {**KW, "baseline": ("2020-04-01", "2021-03-01"), "deadline": "2024-03-01"}
    kw.pop("change")
    with pytest.warns(qi.TargetWarning, match="give change=-0.5 .any negative number.") as seen:
        up = qi.ambition(d, **kw, target=20, multiply=1000).summary()
    assert len(seen) == 1
    assert "(ward='A': 10; ward='B': 15)" in str(seen[0].message)
    assert up.reason[0].startswith(
        "rate in Apr 2023–Mar 2024 was 10 per 1,000, target at or above 20 per 1,000: not met"
    ), up.reason[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.TargetWarning)  # (the ambition asks no change)
        down = qi.ambition(d, **kw, target=20, multiply=1000, change=-0.5).summary()
    assert down.verdict.tolist() == ["met", "met"]
    assert "target at or below 20 per 1,000: met" in down.reason[0], down.reason[0]


def test_an_absolute_target_between_the_baselines_needs_change():
    d = wards()
    d.loc[d.ward == "B", "events"] = d.loc[d.ward == "B", "events"] // 4  # B about 2 per 1,000
    with pytest.raises(ArgumentError, match=r"target=4 without change=: the target is below .*"
                       r"ward='A'.* above that of others \(ward='B'"):  # fmt: skip
        _absolute(data=d)
    _absolute(-0.5, data=d)  # given: A is to fall to 4, B is below it already


def test_a_change_against_an_absolute_target_warns_and_is_kept():
    said = r"target=4 with change=0.5: change says higher is better, but the target is below"
    with pytest.warns(qi.TargetWarning, match=said):
        amb = _absolute(0.5)
    assert amb.definition.improvement == "increase"
    # higher is better and every ward starts above 4: met whenever the window has data
    assert set(amb.summary().verdict) <= {"met", "on_track"}, amb.summary().verdict


def test_a_relative_target_still_needs_change():
    with pytest.raises(ArgumentError, match=r"change=None: target='relative' needs change="):
        qi.ambition(wards(), **{k: v for k, v in KW.items() if k != "change"})


# ------------------------------- a trajectory column on another scale (trial 9 A10)


def _planned(seed: int, n_wards: int):
    """Wards with a known truth: baselines from 0.05 to 500 per period's exposure in display
    units (multiply 1, 100 or 1000), 12 baseline months, then a planning team's own trajectory
    from each ward's true baseline level to a change of −90 % … +100 % (compound, linear or in
    quarterly steps), and Poisson counts along it."""
    rng = np.random.default_rng(seed)
    months = pd.date_range("2021-01-01", periods=36, freq="MS")
    frames = []
    for multiply in (1, 100, 1000):
        shown = np.exp(rng.uniform(np.log(0.05), np.log(500), n_wards))  # display units
        change = rng.uniform(-0.9, 1.0, n_wards)
        s = np.clip((np.arange(36) - 12) / 15, 0, 1)
        for w in range(n_wards):
            shape = rng.integers(3)
            level = (
                shown[w] * (1 + change[w]) ** s
                if shape == 0
                else shown[w] * (1 + change[w] * (s if shape == 1 else np.floor(s * 4) / 4))
            )
            exposure = rng.uniform(5, 50) * multiply / shown[w]  # about 5–50 events a month
            frames.append(
                pd.DataFrame(
                    {
                        "ward": f"{multiply}-{w}",
                        "multiply": multiply,
                        "month": months,
                        "bed_days": exposure,
                        "events": rng.poisson(level / multiply * exposure),
                        "plan": level,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def test_legitimate_trajectory_columns_never_warn_and_wrong_scales_always_do():
    # trial 9 A10: a trajectory in rates per bed day (0.016) beside multiply=1000 put every
    # ward "1448× the trajectory", off_track, without a word. Known truth: 120 wards with
    # their own trajectories in display units never warn; the same columns divided or
    # multiplied by the multiply 1000 (or by 100) warn for every ward, naming the column, the
    # factor and the fix
    df = _planned(11, 40)
    kw = dict(KW, baseline=("2021-01-01", "2021-12-01"), change=-0.5, deadline="2023-12-01")
    warned = {}
    for multiply, d in df.groupby("multiply"):
        for scale in (1, 1 / 1000, 1000, 1 / 100):
            data = d.assign(plan=d.plan * scale)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                qi.ambition(data, **kw, multiply=multiply, trajectory="plan")
            texts = [str(w.message) for w in caught if issubclass(w.category, qi.TargetWarning)]
            warned[(multiply, scale)] = texts
    legit = {k: len(v) for k, v in warned.items() if k[1] == 1}
    msg = f"warnings per (multiply, scale): { {k: len(v) for k, v in warned.items()} }"
    assert sum(legit.values()) == 0, msg
    for (multiply, scale), texts in warned.items():
        if scale == 1:
            continue
        assert len(texts) == 1, msg
        text = texts[0]
        assert text.startswith("trajectory='plan': the column starts at about "), text
        assert "for 40 of 40 series" in text, text
        factor = round(1 / scale) if scale < 1 else round(scale)
        way = "multiply" if scale < 1 else "divide"
        assert f"If so, {way} the column by {factor}." in text, text
        assert f"multiply={multiply}" in text, text
