"""Ambition: when the ambition is judged (``as_of=``), series without baseline data, and the
range of ``change`` (expected values by hand)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, BaselineWarning

KW = {
    "y": "events",
    "n": "days",
    "x": "month",
    "baseline": ("2020-01-01", "2020-12-01"),
    "change": -0.5,
    "deadline": "2022-12-01",
    "overdispersion": None,
}


def ward(name, events, start="2020-01-01"):
    """Monthly counts of one ward over 1,000 bed days a month."""
    events = np.asarray(events, dtype=float)
    return pd.DataFrame(
        {
            "ward": name,
            "month": pd.date_range(start, periods=events.size, freq="MS"),
            "events": events,
            "days": 1000.0,
        }
    )


def test_a_ward_missing_only_the_deadline_month_is_judged_at_the_deadline():
    # ward A reports to Dec 2023, ward B stops in Nov 2022, a month before the deadline.
    # as_of defaults to the latest x in the data (Dec 2023), so both are judged at the deadline
    # on Jan–Dec 2022: B's December is a gap (11 periods), its level 11 × 90 / 11,000 = 0.09
    ev = np.r_[np.full(12, 200), np.full(12, 150), np.full(12, 90), np.full(12, 200)]
    df = pd.concat([ward("A", ev), ward("B", ev[:35])])
    s = qi.ambition(df, by="ward", **KW).summary().set_index("ward")
    assert s.deadline_reached.all()
    assert list(s.verdict) == ["met", "met"]
    assert list(s.window_periods) == [12, 11]
    assert (s.current_start == pd.Timestamp("2022-01-01")).all()
    assert s.loc["B", "current_end"] == pd.Timestamp("2022-11-01")
    assert s.loc["B", "current_value"] == pytest.approx(0.09)
    # B alone, as of the deadline: the same, with its December as a missing value or without
    # a row for it (periods are the months of the data's calendar, not the rows present)
    for b in (ward("B", np.r_[ev[:35], np.nan]), ward("B", ev[:35])):
        alone = qi.ambition(b, by="ward", as_of="2022-12-01", **KW).summary().iloc[0]
        assert (alone.verdict, alone.window_periods) == ("met", 11)
        assert alone.current_start == pd.Timestamp("2022-01-01")
    early = qi.ambition(df[df.ward == "B"], by="ward", **KW).summary().iloc[0]
    assert not early.deadline_reached and early.verdict != "met"


def test_as_of_judges_the_data_known_then():
    # as of Jun 2022 the window is Jul 2021–Jun 2022 (12 periods) and later data are unused
    ev = np.r_[np.full(12, 200), np.full(12, 150), np.full(12, 90), np.full(12, 200)]
    amb = qi.ambition(ward("A", ev), by="ward", as_of="2022-06-01", **KW)
    s = amb.summary().iloc[0]
    assert not s.deadline_reached
    assert (s.current_start, s.current_end) == (
        pd.Timestamp("2021-07-01"),
        pd.Timestamp("2022-06-01"),
    )
    assert s.current_value == pytest.approx((6 * 150 + 6 * 90) / 12000)
    later = amb.periods.month > pd.Timestamp("2022-06-01")
    assert (amb.periods.period[later] == "later").all()
    assert amb.periods.cum_observed[later].isna().all()
    # as of a date after the deadline: judged at the deadline, later data unused
    s = qi.ambition(ward("A", ev), by="ward", as_of="2030-01-01", **KW).summary().iloc[0]
    assert s.deadline_reached and s.current_value == pytest.approx(0.09)


def test_as_of_inside_the_baseline_is_refused():
    with pytest.raises(ArgumentError, match="as_of='2020-06-01'"):
        qi.ambition(ward("A", np.full(24, 20)), as_of="2020-06-01", **KW)


def test_a_ward_without_baseline_data_is_insufficient_and_named():
    # ward B starts after the baseline: missing statistics, insufficient_data, a warning
    # naming it, and ward A's result unchanged
    a = ward("A", np.r_[np.full(12, 200), np.full(12, 100)])
    b = ward("B", np.full(12, 50), start="2021-01-01")
    with pytest.warns(BaselineWarning, match="B"):
        s = qi.ambition(pd.concat([a, b]), by="ward", **KW).summary().set_index("ward")
    row = s.loc["B"]
    assert row.verdict == "insufficient_data"
    assert "no usable data in the baseline" in row.reason
    for col in ("baseline_value", "target_value", "rate_ratio", "p_improved", "prob_target_met"):
        assert np.isnan(row[col]), col
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        alone = qi.ambition(a, by="ward", **KW).summary().set_index("ward")
    cols = ["current_value", "rate_ratio", "prob_target_met", "verdict", "reason"]
    assert s.loc[["A"], cols].equals(alone[cols])


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        (50, r"Did you mean -0\.5 \(reduce by 50%\) or 0\.5"),
        (-50, "Did you mean -0.5"),
        (-1, "-0.5"),
        (1.5, "-0.5"),
    ],
)
def test_change_is_a_fraction(change, hint):
    with pytest.raises(ArgumentError, match=f"change={change!r}.*{hint}"):
        qi.ambition(ward("A", np.full(24, 20)), **{**KW, "change": change})


@pytest.mark.parametrize(
    ("change", "kind", "hint"),
    [
        (2, "rate", "Did you mean -0.02 (reduce by 2%), 0.02 (increase by 2%) or 1 (2 times"),
        (2, "proportion", "Did you mean -0.02 (reduce by 2%) or 0.02 (increase by 2%)?"),
        (-2, "rate", "Did you mean -0.02 (reduce by 2%)?"),
        (-100, "rate", "A reduction of 100% (to zero) is outside that range"),
    ],
)
def test_a_change_written_as_a_percentage_gets_the_fractions_it_may_mean(change, kind, hint):
    df = ward("A", np.full(24, 20))
    if kind == "proportion":
        df = df.assign(days=100.0)
    with pytest.raises(ArgumentError) as err:
        qi.ambition(df, kind=kind, **{**KW, "change": change})
    assert str(err.value).startswith(f"change={change}: ") and hint in str(err.value)
    assert "Did you mean -1 " not in str(err.value)  # never a value it would refuse


def test_doubling_is_allowed_for_rates_but_not_for_proportions():
    df = ward("A", np.r_[np.full(12, 20), np.full(12, 40)])
    s = qi.ambition(df, **{**KW, "change": 1.0}).summary().iloc[0]
    assert s.target_value == pytest.approx(0.04)  # twice 240 / 12,000
    with pytest.raises(ArgumentError, match=r"change=1\.0: for a proportion"):
        qi.ambition(df.assign(days=100.0), kind="proportion", **{**KW, "change": 1.0})
