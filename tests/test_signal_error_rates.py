"""Error rates of the SPC verdicts, on simulated series whose truth is known.

A board reads the Making Data Count variation icon of the latest point as a verdict
("special cause improvement"), and a run chart's runs analysis as "this has changed". Each
test prints its rates (``pytest -s``) and bounds them; the expected values come from outside
the code under test: exact probabilities for independent normal points, an independent
implementation of the runs analysis, and the documented figures in docs/mdc.rst and
docs/rules/.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

S = 4_000  # series per setting: a rate of 2 % is estimated to about ±0.2 points (1 SE)
N = 24  # two years of months, the length of a typical board chart


def _series(rng: np.random.Generator, shift: float = 0.0, start: int = 16) -> pd.DataFrame:
    """S independent N(0, 1) series of N months; ``shift`` (in σ) added from month ``start``."""
    y = rng.normal(size=(S, N))
    y[:, start:] += shift
    return pd.DataFrame(
        {"g": np.repeat(np.arange(S), N), "month": np.tile(np.arange(N), S), "y": y.ravel()}
    )


def _latest_icons(data: pd.DataFrame, **kw) -> pd.Series:
    res = qi.spc(
        data, y="y", x="month", by="g", chart="xmr", rules="mdc", improvement="increase", **kw
    )
    return res.summary()["variation"].astype(str).value_counts(normalize=True)


def test_false_icons_on_in_control_series_are_rare():
    """No change at all (known truth): the latest point's icon is common cause but for the
    rare chance pattern. With known mean and σ, the latest point carries the improvement icon
    when it is above the upper limit, ends a run of 7 above the mean, ends 7 rising points or
    is the second of 2 in 3 beyond 2σ: about 1.0 % (computed below). Limits from the same 24
    points (the mean pulled towards the run) give a little less; a baseline of 16 months
    frozen, more (the next 8 months are judged against an estimated mean and σ)."""
    p3, p2 = stats.norm.sf(3), stats.norm.sf(2)
    known = p3 + 2.0**-7 + 1 / 5040 + p2 * (1 - (1 - p2) ** 2)
    rng = np.random.default_rng(20261201)
    whole = _latest_icons(_series(rng))
    frozen = _latest_icons(_series(rng), freeze=16)
    print(f"\nknown mean and σ, by hand: {known:.4f} per direction")
    for name, rates in (("limits from all 24", whole), ("baseline of 16 frozen", frozen)):
        print(
            f"{name}: improvement {rates.get('improvement_high', 0):.4f}, "
            f"concern {rates.get('concern_low', 0):.4f}"
        )
    for direction in ("improvement_high", "concern_low"):
        # symmetric: both directions as likely, each near the by-hand figure
        assert 0.5 * known <= whole.get(direction, 0) <= 1.5 * known, direction
        # docs/mdc.rst: about 2.5 % each way against a frozen baseline of 16 months
        assert 0.015 <= frozen.get(direction, 0) <= 0.035, direction
    # never any other icon: a series with an improvement direction has no neutral icon
    assert set(whole.index) | set(frozen.index) <= {
        "common_cause",
        "improvement_high",
        "concern_low",
    }


def test_a_sustained_change_is_found_in_the_right_direction():
    """A true change of 2σ for the last 8 of 24 months (known truth): against a frozen
    baseline of the first 16 the latest icon is found most of the time; a change the other
    way is (almost) never called an improvement. The by-hand lower bound: the last 7 points
    all above the baseline mean, each with probability Φ(2) (ignoring the estimated mean),
    0.977⁷ = 0.85, and the other rules only add to it."""
    by_hand = stats.norm.cdf(2) ** 7
    rng = np.random.default_rng(7)
    better = _latest_icons(_series(rng, shift=2.0), freeze=16)
    worse = _latest_icons(_series(rng, shift=-2.0), freeze=16)
    unfrozen = _latest_icons(_series(rng, shift=2.0))
    print(
        f"\n+2σ, frozen: improvement {better.get('improvement_high', 0):.3f} "
        f"(by hand at least about {by_hand:.3f}); concern {better.get('concern_low', 0):.4f}"
    )
    print(
        f"-2σ, frozen: concern {worse.get('concern_low', 0):.3f}; "
        f"improvement {worse.get('improvement_high', 0):.4f}"
    )
    print(f"+2σ, limits from all 24: improvement {unfrozen.get('improvement_high', 0):.3f}")
    assert better.get("improvement_high", 0) >= by_hand - 0.02
    assert worse.get("concern_low", 0) >= by_hand - 0.02
    # a deterioration called an improvement only by 7 rising points within it (1/5040 each)
    assert worse.get("improvement_high", 0) <= 0.002
    assert better.get("concern_low", 0) <= 0.002
    # limits computed with the change inside them miss it far more often (docs/mdc.rst)
    assert 0.40 <= unfrozen.get("improvement_high", 0) <= 0.75


def test_rule_rates_per_point_equal_their_exact_probabilities():
    """200,000 independent normal points, centre fixed at the true mean 0: a point lies in a
    run of 7 or more on one side with probability (7 + 1)/2⁷ (run lengths are geometric);
    beyond 3σ limits with 2Φ(-3) (with σ from the unscreened moving ranges, as the MDC Excel
    tools compute it: ``screen_mr=False``)."""
    rng = np.random.default_rng(11)
    data = pd.DataFrame({"y": rng.normal(size=200_000)})
    pts = qi.spc(data, y="y", chart="xmr", rules="mdc", cl=0, screen_mr=False).points
    shift, outside = pts["shift"].mean(), pts["outside_limits"].mean()
    print(f"\nshift {shift:.4f} (exact {8 / 128:.4f}); outside {outside:.5f} (exact 0.00270)")
    assert shift == pytest.approx(8 / 128, rel=0.05)
    assert outside == pytest.approx(2 * stats.norm.sf(3), rel=0.12)


def _runs_signal_by_hand(y: np.ndarray) -> bool:
    """Anhøj's runs analysis written out from its definition (Anhøj & Olesen 2014): points
    on the median are not useful; a signal when the longest run exceeds round(log2(n) + 3)
    or the crossings are fewer than the 5 % quantile of Binomial(n - 1, 1/2)."""
    side = np.sign(y - np.median(y))
    side = side[side != 0]
    n = side.size
    changes = np.flatnonzero(side[1:] != side[:-1])
    runs = np.diff(np.concatenate([[0], changes + 1, [n]]))
    longest_max = round(np.log2(n) + 3)
    crossings_min = stats.binom.ppf(0.05, n - 1, 0.5)
    return bool(runs.max() > longest_max or changes.size < crossings_min)


def test_runs_analysis_false_signals_match_an_independent_implementation():
    """Random series of 20 to 100 points (no change): the runs analysis signals in about 5 %
    of them (docs/rules/anhoej.rst: 4.8 %), and every series' verdict equals the rule
    written out independently."""
    rng = np.random.default_rng(5)
    lengths = rng.integers(20, 101, size=3_000)
    y = rng.normal(size=lengths.sum())
    data = pd.DataFrame({"g": np.repeat(np.arange(lengths.size), lengths), "y": y})
    got = qi.spc(data, y="y", by="g", chart="run").summary()["runs_signal"].to_numpy()
    parts = np.split(y, np.cumsum(lengths)[:-1])
    want = np.array([_runs_signal_by_hand(part) for part in parts])
    print(f"\nruns analysis false signals: {got.mean():.4f} (by hand {want.mean():.4f})")
    np.testing.assert_array_equal(got, want)
    assert 0.035 <= got.mean() <= 0.065
