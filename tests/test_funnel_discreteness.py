"""The OverdispersionWarning when a funnel's phi is no more than the discreteness of small
counts gives (trial 19, 2: near 0 % or 100 % the arcsine z-scores' null mean square is well
above 1, so phi > 1 in an in-control funnel and the widened limits hide outliers).

Since trial 20 the default phi (phi="robust") is computed from mid-p scores over their exact
null E[z^2], which the discreteness does not inflate (tests/test_funnel_phi_small_counts.py);
the warning remains for phi="trim" and compat="FunnelPlotR", whose phi is FunnelPlotR's.

The null E[z^2] is computed here from scipy's binomial and Poisson pmfs, not by qistats."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

MATCH = "discreteness of small counts"


def ez2_binom(n: int, p: float) -> float:
    """E[z^2] of the arcsine z-score of X ~ Binomial(n, p) against p, over the whole pmf."""
    k = np.arange(n + 1)
    z = (np.arcsin(np.sqrt(k / n)) - np.arcsin(np.sqrt(p))) * 2 * np.sqrt(n)
    return float(np.sum(stats.binom.pmf(k, n, p) * z * z))


def ez2_poisson_log(e: float) -> float:
    k = np.arange(int(10 * e + 100))
    z = np.sqrt(e) * np.log(np.maximum(k, 0.5) / e)
    return float(np.sum(stats.poisson.pmf(k, e) * z * z))


def _frame(y, n) -> pd.DataFrame:
    return pd.DataFrame({"u": [f"u{i:02d}" for i in range(len(y))], "y": y, "n": n})


def _run(df: pd.DataFrame, **kw):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = qi.funnel(df, y="y", n="n", unit="u", **kw)
    said = [str(w.message) for w in rec if issubclass(w.category, qi.OverdispersionWarning)]
    return res, [s for s in said if MATCH in s]


def test_exact_null_mean_square_the_threshold_rests_on():
    # the rarer outcome's expected count n*min(p, 1-p) sets E[z^2], whatever p
    assert ez2_binom(40, 0.975) == pytest.approx(1.82, abs=0.02)  # expects 1
    assert ez2_binom(100, 0.97) == pytest.approx(1.39, abs=0.02)  # expects 3
    assert ez2_binom(200, 0.97) == pytest.approx(1.11, abs=0.02)  # expects 6: the threshold
    assert ez2_binom(40, 0.8) == pytest.approx(1.06, abs=0.01)  # expects 8: no warning
    assert ez2_poisson_log(5.0) == pytest.approx(1.51, abs=0.01)
    assert ez2_poisson_log(10.0) == pytest.approx(1.24, abs=0.01)


def test_the_warning_quotes_the_exact_null_phi_and_names_phi():
    # 20 wards of 40 at 97.5 % (one of the rarer outcome expected): in control, phi > 1
    n = [40] * 20
    y = [40, 39, 39, 38, 40, 39, 37, 40, 39, 38, 40, 40, 39, 36, 40, 39, 38, 39, 40, 39]
    res, said = _run(_frame(y, n), kind="pr", phi="trim")
    assert res.adjusted and res.phi > 1
    assert len(said) == 1
    (text,) = said
    t = float(res.target)
    expect = ez2_binom(40, t)  # every unit of the same size: the group's mean is this
    assert re.search(rf"phi = {res.phi:.3g} may be inflated", text)
    assert f"would give phi about {expect:.3g} with no overdispersion" in text
    assert "20 of 20 units would give 1.1 or more alone" in text
    assert f"expects {40 * (1 - t):.3g} of the rarer outcome" in text
    assert "adjust=False" in text and "hide real outliers" in text
    # exact limits: no warning (phi is not used)
    assert _run(_frame(y, n), kind="pr", phi="trim", adjust=False)[1] == []
    # the default phi, from mid-p scores, is not inflated: no warning, and phi below 1.1
    res, said = _run(_frame(y, n), kind="pr")
    assert said == [] and res.phi < 1.1
    # FunnelPlotR's method has the same z-scores: the same warning
    assert len(_run(_frame(y, n), kind="pr", compat="FunnelPlotR")[1]) == 1


def test_no_warning_where_the_approximation_holds_or_phi_is_well_above_it():
    rng = np.random.default_rng(5)
    n = np.full(20, 400)
    y = rng.binomial(n, 0.97)  # each expects 12 of the rarer outcome: E[z^2] 1.03
    assert ez2_binom(400, 0.97) < 1.1
    assert _run(_frame(y, n), kind="pr", phi="trim")[1] == []
    # small units with real spread: phi far above the 1.7 the discreteness gives
    n = np.full(20, 40)
    p = np.linspace(0.55, 1.0, 20)  # from 55 % to 100 %
    y = rng.binomial(n, p)
    res, said = _run(_frame(y, n), kind="pr", phi="trim")
    assert res.phi > 3 and said == [], (res.phi, said)


def _share_warned(p: tuple[float, float], n: tuple[int, int], runs: int, seed: int):
    rng = np.random.default_rng(seed)
    warned = widened = 0
    for _ in range(runs):
        nn = rng.integers(n[0], n[1] + 1, 20)
        y = rng.binomial(nn, rng.uniform(*p))
        res, said = _run(_frame(y, nn), kind="pr", phi="trim")
        widened += bool(res.adjusted and res.phi > 1)
        warned += bool(said)
    return warned / runs, widened / runs


def test_simulated_in_control_funnels():
    # phi="trim" (FunnelPlotR's winsorised arcsine z); high compliance, small wards: the
    # warning in most funnels (70 % of 92 % widened: the winsorised phi varies more than the
    # robust one did, so it is significantly above the discreteness's more often)
    warned, widened = _share_warned((0.97, 0.97), (20, 80), 100, seed=19)
    msg = f"p=0.97, n 20-80: warned {warned:.0%}, limits widened {widened:.0%}"
    assert warned >= 0.6, msg
    assert warned >= widened - 0.3, msg
    # p 0.5-0.8, n >= 40 (8 or more of the rarer outcome expected): the approximation holds
    warned, widened = _share_warned((0.5, 0.8), (40, 200), 100, seed=20)
    msg = f"p=0.5-0.8, n 40-200: warned {warned:.0%}, limits widened {widened:.0%}"
    assert warned <= 0.02, msg
