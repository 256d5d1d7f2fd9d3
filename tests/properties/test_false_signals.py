"""False-signal rates on independent normal data match their analytic values.

For a point of a long series of independent N(0, 1) values (probabilities worked out by hand):

* beyond 3σ: 2 · Φ(−3) = 0.0027;
* in a run of at least L points on one side of the centre: the run through a point extends a
  and b points either way, a and b independent with P(a ≥ j) = 2^−j, so
  P(a + b + 1 ≥ L) = (L + 1) / 2^L (L = 8: 0.0352; L = 7: 0.0625; L = 9: 0.0195);
* flagged by 2 of 3 beyond 2σ: the point is beyond 2σ on one side (p = Φ(−2) each side) and
  one of the four neighbours sharing a window of 3 with it is beyond on the same side:
  2p(1 − (1 − p)^4) = 0.0040;
* beyond MDC's screened XmR limits: a moving range |X₁ − X₂| is √2·|Z|, with mean √2·√(2/π);
  screening drops ranges at or above 3.267 times that mean, i.e. |Z| ≥ c = 3.267·√(2/π), so the
  screened mean is √2·√(2/π)·(1 − e^(−c²/2)) / (2Φ(c) − 1) and the limits are 2.66 times it:
  2Φ(−2.9277) = 0.0034.
"""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

import qistats as qi

N = 1_000_000  # per-point rates then have standard errors of 1e-4 to 1.5e-3
P3 = 2 * norm.sf(3)
P2 = norm.sf(2)


def shift_rate(length):
    return (length + 1) / 2**length


def screened_xmr_rate():
    c = 3.267 * np.sqrt(2 / np.pi)
    amr = np.sqrt(2) * np.sqrt(2 / np.pi) * (1 - np.exp(-(c**2) / 2)) / (2 * norm.cdf(c) - 1)
    return 2 * norm.sf(2.66 * amr)


def rates(seed, rules, chart="i", **kw):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"y": rng.normal(size=N)})
    pts = qi.spc(df, y="y", chart=chart, rules=rules, **kw).points
    return {c: pts[c].mean() for c in pts.columns if pts[c].dtype == bool}


@settings(max_examples=3, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_western_electric(seed):
    r = rates(seed, "western_electric")
    assert abs(r["outside_limits"] - P3) < 3e-4
    assert abs(r["shift"] - shift_rate(8)) < 4e-3
    assert abs(r["two_of_three"] - 2 * P2 * (1 - (1 - P2) ** 4)) < 6e-4


@settings(max_examples=3, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_nelson_and_mdc_and_ihi_shifts(seed):
    assert abs(rates(seed, "nelson")["shift"] - shift_rate(9)) < 3e-3
    # MDC's XmR uses 2.66 · MR̄ ≈ 2.9993σ: the same 0.0027 to the precision tested
    mdc = rates(seed, "mdc", chart="xmr", screen_mr=False)
    assert abs(mdc["shift"] - shift_rate(7)) < 5e-3
    assert abs(mdc["outside_limits"] - P3) < 3e-4
    # chart="xmr" screens the moving ranges by default (NHSRplotthedots): narrower limits
    screened = rates(seed, None, chart="xmr")["outside_limits"]
    assert abs(screened - screened_xmr_rate()) < 3e-4, (screened, screened_xmr_rate())
    # IHI: a run of 6 on one side of the median (no point lies on it with continuous data)
    assert abs(rates(seed, "ihi", chart="run")["shift"] - shift_rate(6)) < 7e-3


@settings(max_examples=3, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_anhoej_runs_signal_rate(seed):
    # Anhøj & Olesen (2014): the runs analysis signals in about 5-10 % of random series of
    # 20 to 100 points
    rng = np.random.default_rng(seed)
    lengths = rng.integers(20, 101, size=3000)
    df = pd.DataFrame(
        {"g": np.repeat(np.arange(lengths.size), lengths), "y": rng.normal(size=lengths.sum())}
    )
    rate = qi.spc(df, y="y", by="g", chart="run").summary().runs_signal.mean()
    assert 0.04 < rate < 0.11
