"""``qi.ambition``'s inputs: what it refuses, in its own words, and what it accepts."""

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


@pytest.mark.parametrize("kind", ["rate", "proportion"])
def test_a_negative_count_is_refused_in_the_ambitions_words(kind):
    df = wards()
    df.loc[40, "events"] = -4
    with pytest.raises(DataError) as err:
        qi.ambition(df, **KW, kind=kind)
    text = str(err.value)
    assert "row 40 (ward='B', month=2021-05-01)" in text and "negative count (-4)" in text
    assert f"for qi.ambition(kind='{kind}')" in text and "chart" not in text, text


def test_a_fractional_count_is_refused_for_rates():
    # the exact Poisson methods count events: 3.5 events is refused, named by row and value
    df = wards()
    df.loc[40, "events"] = 3.5
    with pytest.raises(DataError) as err:
        qi.ambition(df, **KW)
    text = str(err.value)
    assert "row 40 (ward='B', month=2021-05-01)" in text and "fractional count (3.5)" in text
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
