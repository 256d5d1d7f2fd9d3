"""A y in most rows but an n in few (trial 5, B1): a DenominatorWarning naming the series or
the board measure and the counts; silence when denominators are complete or only a few are
missing (those points are ordinary gaps)."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def test_board_stray_n_in_a_shared_column():
    # the trial's case: one stray n makes an XmR measure a ratio and 23 of 24 months gaps
    d = pd.DataFrame({"measure": "los", "month": MONTHS, "value": 5.0, "n": np.nan})
    d.loc[7, "n"] = 100.0
    ms = pd.DataFrame({"measure": ["los"], "improvement": ["decrease"], "target": [6]})
    said = r"measure 'los' has a value of y='value' in 24 rows but a denominator in only 1 of"
    with pytest.warns(qi.DenominatorWarning, match=said):
        qi.board(d, ms, x="month", y="value", n="n", min_points=0)


def test_board_shared_column_as_documented_is_silent():
    # n given for one measure only (docs/board.rst): the others never use it ('uses_n'
    # False says it is by design, without which a NoDataWarning asks)
    d = pd.concat(
        [
            pd.DataFrame({"measure": "pct", "month": MONTHS, "value": 90, "n": 100.0}),
            pd.DataFrame({"measure": "count", "month": MONTHS, "value": 5.0, "n": np.nan}),
        ]
    )
    ms = pd.DataFrame(
        {"measure": ["pct", "count"], "chart": ["p", "xmr"], "multiply": [100, 1]}
    ).assign(uses_n=[None, False])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.board(d, ms, x="month", y="value", n="n")


def _named(p_missing: float, rng: np.random.Generator, series: int = 300) -> float:
    """Share of series named by the warning when each n is missing with ``p_missing``."""
    d = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(series), 24),
            "month": np.tile(MONTHS, series),
            "y": rng.poisson(20, series * 24),
            "n": np.where(rng.random(series * 24) < p_missing, np.nan, 1000.0),
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        qi.spc(d, y="y", n="n", x="month", by="ward", chart="u")
    told = [str(w.message) for w in caught if issubclass(w.category, qi.DenominatorWarning)]
    if not told:
        return 0.0
    return int(re.match(r"n='n': (\d+) of", told[0]).group(1)) / series


def test_spc_rates_on_known_data():
    rng = np.random.default_rng(5)
    rates = {p: _named(p, rng) for p in (0.0, 0.05, 0.2, 0.9, 0.96)}
    shown = ", ".join(f"n missing {p:.0%}: {r:.1%} of series named" for p, r in rates.items())
    # clean data and ordinary gaps: never
    assert rates[0.0] == rates[0.05] == rates[0.2] == 0, shown
    # a join that matched about 1 row in 10 or 25: every series with at least one n (a
    # series with none, probability p**24, is told by the NoDataWarning instead)
    for p in (0.9, 0.96):
        assert rates[p] >= 0.95 * (1 - p**24), shown


def test_spc_names_the_series_and_counts():
    d = pd.DataFrame({"ward": "A", "month": MONTHS, "y": 3, "n": np.nan})
    d.loc[[2, 9], "n"] = 50.0
    ok = pd.DataFrame({"ward": "B", "month": MONTHS, "y": 3, "n": 50.0})
    said = r"1 of 2 series has .* \(ward='A': 24 rows with y, 2 of them with n\)"
    # A's last point with n is its 10th month: it has none in the latest, said too
    behind = r"no value in the latest period of the data .*: ward='A'\."
    with (
        pytest.warns(qi.NoDataWarning, match=behind),
        pytest.warns(qi.DenominatorWarning, match=said),
    ):
        qi.spc(pd.concat([d, ok]), y="y", n="n", x="month", by="ward", chart="u", min_points=0)
