"""A funnel of ``kind="rate"`` or ``"sr"`` given rates as y (events per 1,000 bed days beside
the bed days): a DenominatorWarning naming a row with its y, n and the count it was made from,
as on a U chart (``tests/test_data_warnings.py`` measures the rule's error rates)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _caught(*args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = qi.funnel(*args, **kw)
    return res, [str(w.message) for w in caught if w.category is qi.DenominatorWarning]


def _trusts():
    rng = np.random.default_rng(1)
    t = pd.DataFrame({"trust": list("ABCDEFGHIJK"), "bd": rng.integers(2000, 20000, 11)})
    t["bd"] = t["bd"].astype(float)
    t["ev"] = rng.poisson(t["bd"] * 0.005)
    t["rate"] = t["ev"] / t["bd"] * 1000
    return t


def test_rates_given_as_y_are_named_in_a_funnel():
    t = _trusts()
    for y, shown in (("rate", f"{t['rate'][0]:g}"), ("rate2", f"{t['rate'][0]:.2f}")):
        t["rate2"] = t["rate"].round(2)
        res, said = _caught(t, y, "bd", unit="trust", kind="rate", multiply=1000)
        assert len(said) == 1, said
        e, n = t["ev"][0], t["bd"][0]
        assert said[0].startswith(
            f"y='{y}': the values of the units read as rates per 1,000 of n='bd', not counts"
        )
        assert (
            f"row with index label 0 (trust='A') has y {shown} of n {n:,.0f}: {e} events"
            in (said[0])
        )
        assert f"(df['{y}'] * df['bd'] / 1000).round()" in said[0]
        # by hand: the funnel's value is the rate divided by the bed days again
        assert res.units["value"][0] == pytest.approx(float(shown) / n * 1000)
    # the counts the advice gives are the events: no warning, the rates charted
    t["count"] = (t["rate2"] * t["bd"] / 1000).round()
    assert (t["count"] == t["ev"]).all()
    res, said = _caught(t, "count", "bd", unit="trust", kind="rate", multiply=1000)
    assert not said
    assert res.units["value"][0] == pytest.approx(t["ev"][0] / t["bd"][0] * 1000)
    # kind="sr" takes fractional y too: an SMR per 100 beside expected deaths
    smr = pd.DataFrame({"trust": list("ABCDEFGH"), "exp": [12.4, 30.2, 8.7, 55.1, 20.0, 14.3,
                                                           41.9, 26.6]})  # fmt: skip
    smr["obs"] = [13, 27, 10, 60, 18, 15, 45, 24]
    smr["ratio"] = (smr["obs"] / smr["exp"] * 100).round(1)
    _, said = _caught(smr, "ratio", "exp", unit="trust", kind="sr", multiply=100)
    assert len(said) == 1 and "read as rates per 100 of n='exp'" in said[0], said
    assert "has y 104.8 of n 12.4: 13 events" in said[0]


def test_weighted_events_in_a_funnel_stay_silent():
    t = _trusts()
    rng = np.random.default_rng(3)
    for y in (t["ev"] * rng.uniform(0.6, 1.4, 11), (t["ev"] * rng.uniform(0.6, 1.4, 11)).round(1)):
        _, said = _caught(t.assign(w=y), "w", "bd", unit="trust", kind="rate", multiply=1000)
        assert not said
