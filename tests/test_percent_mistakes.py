"""Percentages given where a proportion or a count was expected (trial 14 F1, F3).

F1: values already in per cent (about 80) with ``multiply=100`` are shown as 8,090 %, and a
target of 95 % reads as "below the lower limit (7,320 %)": assurance "pass" for a process
that always misses it. F3: a percentage y beside its denominators on the XmR path is divided
again (1.5 % shown for 80 %). The expected values are the trial's facts.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-04-01", "2025-03-01", freq="MS")


def _caught(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, [w for w in caught if issubclass(w.category, qi.QIStatsWarning)]


def _data(values, measure="seen4h", **more) -> pd.DataFrame:
    return pd.DataFrame(
        {"measure": measure, "month": MONTHS[: len(values)], "value": values, **more}
    )


def _measures(**row) -> pd.DataFrame:
    base = {"measure": "seen4h", "improvement": "increase", "multiply": 100, "unit": "%"}
    return pd.DataFrame([{**base, **row}])


def _percent_values():
    return np.round(np.random.default_rng(2).normal(80, 3, len(MONTHS)), 1)


@pytest.mark.parametrize("target", [95, np.nan])
def test_percentages_multiplied_by_100_on_a_board_are_named(target):
    data = _data(_percent_values())
    board, caught = _caught(qi.board, data, _measures(target=target), x="month", y="value")
    said = [str(w.message) for w in caught if w.category is qi.TargetWarning]
    assert len(said) == 1, [str(w.message) for w in caught]
    # the trial's values: 72.7 to 86.2 before multiplying, shown as 7,270 % to 8,620 %
    assert "measure='seen4h': 72.7 to 86.2" in said[0]
    assert "give multiply=1" in said[0]
    assert ("the target is compared with values 100 times too large" in said[0]) == (target == 95)
    assert board.table()["latest_value"].iloc[0] == pytest.approx(8090)  # as given, still


def test_percentages_multiplied_by_100_in_spc_are_named():
    data = _data(_percent_values())
    _, caught = _caught(
        qi.spc, data, y="value", x="month", chart="xmr", multiply=100,
        improvement="increase", target=95,
    )  # fmt: skip
    said = [str(w.message) for w in caught if w.category is qi.TargetWarning]
    assert len(said) == 1 and said[0].startswith("multiply=100: 1 of 1 series"), said
    assert "give multiply=1" in said[0]


@pytest.mark.parametrize(
    ("values", "target"),
    [
        # bed occupancy as a ratio: 0.94 to 1.03 (some at or below 1), target 0.92 shown 92 %
        (np.linspace(0.94, 1.03, 24), 92),
        # "% of plan": 1.1 to 1.3 times the plan, target 100 % of plan
        (np.linspace(1.1, 1.3, 24), 100),
        # a ratio above 1 throughout with no target: median 1.2, far below 10
        (np.linspace(1.1, 1.3, 24), np.nan),
    ],
)
def test_ratios_shown_in_percent_are_left_alone(values, target):
    _, caught = _caught(qi.board, _data(values), _measures(target=target), x="month", y="value")
    assert not [w for w in caught if w.category is qi.TargetWarning], caught


def test_small_percentages_are_found_by_their_target():
    # a mortality of 1.2 to 3.0 % typed as per cent, multiplied again (120 % to 300 %): the
    # median (2.1) alone cannot tell it from a ratio, but the target of 2 lies among the values
    values = np.linspace(1.2, 3.0, 24)
    _, caught = _caught(
        qi.board, _data(values), _measures(target=2, improvement="decrease"), x="month",
        y="value",
    )  # fmt: skip
    said = [str(w.message) for w in caught if w.category is qi.TargetWarning]
    assert len(said) == 1 and "measure='seen4h': 1.2 to 3" in said[0], said
    _, caught = _caught(qi.board, _data(values), _measures(), x="month", y="value")
    assert not caught  # without the target: a ratio of 1.2 to 3 is possible


def _with_n():
    rng = np.random.default_rng(3)
    n = rng.integers(4000, 6000, len(MONTHS))
    return _data(np.round(rng.normal(80, 3, len(MONTHS)), 1), n=n)


def test_a_percentage_over_its_denominator_on_the_xmr_path_warns():
    # the trial's layout: y = % seen (about 80), n = attendances (about 5,000), XmR chart:
    # y / n = 1.6 % is charted; the same check as the P chart's, with its own advice
    data = _with_n()
    for call in (
        lambda: qi.board(data, _measures(target=95), x="month", y="value", n="n"),
        lambda: qi.spc(data, y="value", x="month", n="n", chart="xmr", multiply=100),
        lambda: qi.spc(data, y="value", x="month", n="n", chart="i"),
    ):
        _, caught = _caught(call)
        said = [str(w.message) for w in caught if w.category is qi.DenominatorWarning]
        assert len(said) == 1, [str(w.message) for w in caught]
        assert "is 'value' a percentage of 'n', not a count of it" in said[0]
        assert "a percentage divided again" in said[0]
        assert "(df['value'] / 100 * df['n']).round()" in said[0]


def test_counts_over_their_denominator_on_the_xmr_path_stay_silent():
    # counts of cases (binomial, about 80 of 5,000) vary as counts do: no warning
    rng = np.random.default_rng(4)
    n = rng.integers(4000, 6000, len(MONTHS))
    data = _data(rng.binomial(n, 0.016).astype(float), n=n)
    _, caught = _caught(qi.spc, data, y="value", x="month", n="n", chart="xmr")
    assert not [w for w in caught if w.category is qi.DenominatorWarning]


def test_a_rate_rescaled_by_100_with_its_own_unit_is_left_alone():
    """32 to 46 per 1,000 shown per 100,000 (multiply 100, unit "per 100,000"): the unit says
    the 100 rescales a rate; the warning asked for multiply=1 (session 14 recheck)."""
    values = np.round(np.random.default_rng(11).normal(40, 4, len(MONTHS)), 1)
    assert values.min() > 1 and values.max() <= 100  # as percentages would be
    for target in (np.nan, 3500):
        measures = _measures(unit="per 100,000", improvement="decrease", target=target)
        _, caught = _caught(qi.board, _data(values), measures, x="month", y="value")
        assert not [w for w in caught if w.category is qi.TargetWarning], target


def test_a_steady_count_per_1000_is_not_taken_for_a_percentage():
    """Beds (88 to 92) per 1,000 population (n about 10,000): as steady as a percentage, but
    charted per 1,000 (multiply 1000), where y as a percentage of n is unlikely; shown as a
    ratio or in per cent (multiply 1 or 100) the same numbers still warn (session 14
    recheck)."""
    rng = np.random.default_rng(12)
    data = _data(
        rng.integers(88, 93, len(MONTHS)).astype(float), n=rng.integers(9800, 10200, len(MONTHS))
    )
    per_1000 = _measures(multiply=1000, unit="per 1,000 population")
    for call in (
        lambda: qi.board(data, per_1000, x="month", y="value", n="n"),
        lambda: qi.spc(data, y="value", x="month", n="n", chart="i", multiply=1000),
    ):
        _, caught = _caught(call)
        assert not [w for w in caught if w.category is qi.DenominatorWarning]
    _, caught = _caught(qi.spc, data, y="value", x="month", n="n", chart="i", multiply=100)
    assert [w for w in caught if w.category is qi.DenominatorWarning]
