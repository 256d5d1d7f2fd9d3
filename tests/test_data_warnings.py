"""Warnings about y and n that are probably not what was meant (trial 9 B3, A8): events over
zero exposure, and a percentage passed as the numerator of a proportion.

Known truth for A8: binomial counts of cases out of n (rare events and common ones) are the
negatives; whole-number percentages ("% seen within 4 hours") beside their denominators are
the positives.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=12, freq="MS")


def _caught(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, caught


def _said(caught, category):
    return [str(w.message) for w in caught if w.category is category]


def _restraints(y_oct: int, n_oct: int) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Elm"], 12),
            "month": list(MONTHS) * 2,
            "restraints": [2, 3, 1, 4, 2, 3, 2, 1, 3, 2, 4, 2] * 2,
            "bed_days": 800,
            "measure": "restraints",
        }
    )
    df.loc[18, ["restraints", "bed_days"]] = [y_oct, n_oct]  # Elm, October 2022
    return df


def test_events_over_zero_exposure_are_named_in_spc_and_board():
    df = _restraints(3, 0)
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"]})
    for call in (
        lambda: qi.spc(df, "restraints", x="month", n="bed_days", by="ward", chart="u"),
        lambda: qi.board(df, measures, x="month", y="restraints", n="bed_days", by="ward"),
    ):
        res, caught = _caught(call)
        said = _said(caught, qi.NoDataWarning)
        assert len(said) == 1, said
        assert "ward='Elm', month=2022-10-01 has 3 events ('restraints') over exposure 0" in said[0]
        assert "is 'bed_days' not yet loaded there?" in said[0]
    # still a gap: Elm's centre line is its 11 other months, 27 events over 8,800 bed days
    pts = qi.spc(df.drop(index=18), "restraints", x="month", n="bed_days", by="ward", chart="u")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.NoDataWarning)
        res = qi.spc(df, "restraints", x="month", n="bed_days", by="ward", chart="u")
    elm = res.points[res.points.ward == "Elm"]
    assert np.isnan(elm["value"].iloc[6])
    assert np.isclose(elm["cl"].iloc[0], 27 / 8800)
    assert np.isclose(pts.points[pts.points.ward == "Elm"]["cl"].iloc[0], 27 / 8800)


def test_several_points_over_zero_exposure_are_counted():
    df = _restraints(3, 0)
    df.loc[20, ["restraints", "bed_days"]] = [1, 0]
    _, caught = _caught(qi.spc, df, "restraints", x="month", n="bed_days", by="ward", chart="u")
    said = _said(caught, qi.NoDataWarning)
    assert len(said) == 1 and "2 points have events over zero exposure; the first" in said[0]


def test_a_closed_period_stays_silent():
    df = _restraints(0, 0)
    _, caught = _caught(qi.spc, df, "restraints", x="month", n="bed_days", by="ward", chart="u")
    assert not [w for w in caught if issubclass(w.category, qi.QIStatsWarning)]


def _percent_warned(df: pd.DataFrame, by) -> bool:
    _, caught = _caught(qi.spc, df, "y", x="month", n="n", by=by, chart="p")
    return any("a percentage of 'n'" in m for m in _said(caught, qi.DenominatorWarning))


def _frame(rng, units: int, k: int, y_of, mean_y=None) -> pd.DataFrame:
    """``units`` series of ``k`` months: n about a size drawn per unit, y drawn by ``y_of``
    from n and the unit's parameter repeated (``mean_y``)."""
    size = np.exp(rng.uniform(np.log(200), np.log(50_000), units))
    n = np.round(np.repeat(size, k) * rng.uniform(0.9, 1.1, units * k)).astype(int)
    y = y_of(n, np.repeat(mean_y, k))
    return pd.DataFrame(
        {
            "unit": np.repeat(np.arange(units), k),
            "month": np.tile(pd.date_range("2020-01-01", periods=k, freq="MS"), units),
            "y": y,
            "n": n,
        }
    )


def test_percentage_as_numerator_known_truth_rates():
    rng = np.random.default_rng(2029)
    trials = 150
    false = hard = hard_false = 0
    for t in range(trials):  # counts of cases: rare (2 of 5,000) to common, any size
        units, k = int(rng.choice([1, 2, 3, 8])), int(rng.choice([12, 24, 36]))
        if t % 3 == 0:  # the hard band: counts of 50 to 100, as a percentage would be
            mean_y = rng.uniform(50, 100, units)
            df = _frame(rng, units, k, lambda n, m: rng.binomial(n, np.minimum(1, m / n)), mean_y)
        else:
            p = np.exp(rng.uniform(np.log(1e-4), np.log(0.2), units))
            df = _frame(rng, units, k, lambda n, m: rng.binomial(n, m), p)
        warned = _percent_warned(df, "unit")
        false += warned
        hard += t % 3 == 0
        hard_false += warned and t % 3 == 0
    caught = 0
    for _ in range(trials // 2):  # whole-number percentages beside their denominators
        units, k = int(rng.choice([1, 3, 8])), int(rng.choice([24, 36]))
        level = rng.uniform(60, 98, units)
        df = _frame(
            rng,
            units,
            k,
            lambda n, m: np.clip(np.round(m + rng.normal(0, 3, m.size)), 0, 100),
            level,
        )
        df["n"] = df["n"] + 2_000  # attendances in the thousands
        caught += _percent_warned(df, "unit")
    detected = caught / (trials // 2)
    said = (
        f"false warnings {false}/{trials} on counts ({hard_false}/{hard} with counts of 50-100), "
        f"percentages detected {detected:.2f}"
    )
    print(said)
    assert false / trials <= 0.01 and hard_false / hard <= 0.02, said
    assert detected >= 0.8, said


def test_rare_event_proportions_never_warn():
    # 2 of 5,000: a proportion of 0.04 %, the data the warning must leave alone
    df = pd.DataFrame(
        {"month": MONTHS, "y": [2, 0, 1, 3, 2, 1, 0, 2, 4, 1, 2, 3], "n": 5_000, "unit": "a"}
    )
    assert not _percent_warned(df, None)


def test_the_trial_percentage_column_is_named():
    ae = qi.datasets.ae_attendances()
    ae["pct"] = (100 * (1 - ae.breaches / ae.attendances)).round()
    one = ae[ae.org_code == "RJC"]
    _, caught = _caught(qi.spc, one, y="pct", n="attendances", x="month", chart="p")
    said = _said(caught, qi.DenominatorWarning)
    assert len(said) == 1, said
    assert "is 'pct' a percentage of 'attendances'" in said[0]
    assert "(df['pct'] / 100 * df['attendances']).round()" in said[0]
    # the counts themselves (attendances seen within 4 hours) do not warn
    ae["seen"] = ae.attendances - ae.breaches
    _, caught = _caught(qi.spc, ae, y="seen", n="attendances", x="month", by="org_code", chart="p")
    assert not _said(caught, qi.DenominatorWarning)
    # qi.ambition says it once
    _, caught = _caught(
        qi.ambition, ae, y="pct", n="attendances", x="month", by="org_code",
        kind="proportion", baseline=("2016-04-01", "2017-03-01"), change=0.5,
        target="shortfall", deadline="2019-03-01", multiply=100,
    )  # fmt: skip
    assert len(_said(caught, qi.DenominatorWarning)) == 1
