"""OverdispersionWarning of P and U charts whose points vary far more than their limits allow.

Truth is known by construction: in-control binomial and Poisson series (no warning wanted) and
beta-binomial and gamma-Poisson ones of a given Laney σ_z (between-period variation at large
n). The σ_z quoted is checked against a hand computation of Laney's formula.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2021-01-01", periods=24, freq="MS")


def _caught(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, caught


def _said(caught):
    return [str(w.message) for w in caught if w.category is qi.OverdispersionWarning]


def _england() -> pd.DataFrame:
    ae = qi.datasets.ae_attendances().assign(within=lambda d: d.attendances - d.breaches)
    return ae[ae.org_code == "England"]


def _sigma_z_by_hand(y: np.ndarray, n: np.ndarray) -> float:
    """Laney's σ_z of a P chart: mean moving range of z over 1.128, ranges at or above 3.267
    times their mean dropped once."""
    p = y.sum() / n.sum()
    z = (y / n - p) / np.sqrt(p * (1 - p) / n)
    mr = np.abs(np.diff(z))
    mr = mr[mr < 3.267 * mr.mean()]
    return mr.mean() / 1.128


def test_a_p_chart_of_england_ae_names_the_overdispersion():
    eng = _england()
    r, caught = _caught(
        qi.spc,
        eng,
        y="within",
        n="attendances",
        x="month",
        chart="p",
        multiply=100,
        rules="mdc",
        improvement="increase",
        target=95,
    )
    said = _said(caught)
    assert len(said) == 1, said
    sz = _sigma_z_by_hand(eng.within.to_numpy(float), eng.attendances.to_numpy(float))
    assert sz > 20
    assert said[0].startswith(
        "chart='p': the points of the series vary far more than binomial limits allow "
        f"(Laney's σ_z {sz:.3g}, where binomial variation gives 1; 36 of 36 points outside the "
        "limits)."
    )
    assert int(r.points.outside_limits.sum()) == 36
    assert "chart='pp' for Laney's P′ limits" in said[0]
    assert "chart='xmr' of the percentages" in said[0]
    # the filter the message gives silences it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", "chart=.* vary far more than", qi.OverdispersionWarning)
        qi.spc(eng, y="within", n="attendances", x="month", chart="p", multiply=100)
    assert not _said(caught)


@pytest.mark.parametrize("chart", ["pp", "xmr", "i", "run"])
def test_charts_that_take_the_points_own_variation_stay_silent(chart):
    eng = _england()
    _, caught = _caught(qi.spc, eng, y="within", n="attendances", x="month", chart=chart)
    assert not _said(caught)


def _series(rng, k, m, n0, rate, sigma_z, chart):
    """``k`` series of ``m`` points, n uniform in [n0/2, 3n0/2], between-period variation
    giving Laney's σ_z about ``sigma_z`` (1: binomial or Poisson)."""
    n = rng.integers(n0 // 2, n0 * 3 // 2 + 1, k * m).astype(float)
    if sigma_z == 1:
        level = np.full(n.size, rate)
    elif chart == "p":  # beta-binomial: mean rate, variance (σ_z² − 1) p (1 − p) / n0
        size = rate * (1 - rate) / ((sigma_z**2 - 1) * rate * (1 - rate) / n0) - 1
        level = rng.beta(rate * size, (1 - rate) * size, n.size)
    else:  # gamma-Poisson: mean rate, variance (σ_z² − 1) rate / n0
        shape = rate**2 / ((sigma_z**2 - 1) * rate / n0)
        level = rng.gamma(shape, rate / shape, n.size)
    y = rng.binomial(n.astype(np.int64), level) if chart == "p" else rng.poisson(n * level)
    return pd.DataFrame(
        {
            "s": np.repeat(np.arange(k), m),
            "t": np.tile(np.arange(m), k),
            "y": y.astype(float),
            "n": n,
        }
    )


def _unimodal(chart, rate, sigma_z, n0):
    """Whether the between-period variation of :func:`_series` has a mode inside (0, 1) or
    (0, ∞): not periods of 0 % and 100 % (σ_z 10 at n 1,000 around 5 % asks for that)."""
    var = (sigma_z**2 - 1) * (rate * (1 - rate) if chart == "p" else rate) / n0
    if chart == "p":
        return min(rate, 1 - rate) * (rate * (1 - rate) / var - 1) >= 1
    return rate**2 / var >= 1


def _warned(df, chart):
    """How many series the warning counts, and how many have most points outside."""
    r, caught = _caught(qi.spc, df, "y", x="t", n="n", by="s", chart=chart)
    said = _said(caught)
    assert len(said) <= 1
    k = int(re.search(r"\((\d+) of \d+ series", said[0])[1]) if said else 0
    most = int((r.points.groupby("s").outside_limits.mean() > 0.5).sum())
    return k, most


def test_in_control_binomial_and_poisson_series_seldom_warn():
    rng = np.random.default_rng(11)
    warned = total = 0
    for m in (12, 24, 60):
        for n0 in (20, 100, 1_000, 10_000, 100_000):
            for p in (0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99):
                warned += _warned(_series(rng, 400, m, n0, p, 1, "p"), "p")[0]
                total += 400
            for lam in (0.001, 0.01, 0.1, 1.0):
                warned += _warned(_series(rng, 400, m, n0, lam, 1, "u"), "u")[0]
                total += 400
    print(f"in control: {warned} of {total} series warned ({warned / total:.4%})")
    # 5 of 330,000 (0.0015 %) in a run of 2,000 series a cell
    assert warned / total < 0.001


def test_overdispersed_series_warn_by_sigma_z():
    rng = np.random.default_rng(12)
    rates = {}
    for sz in (1.5, 3.0, 5.0, 10.0):
        warned = total = most = most_warned = 0
        for m in (12, 24, 60):
            for n0 in (1_000, 10_000, 100_000):
                cells = [("p", p) for p in (0.05, 0.2, 0.5, 0.9)] + [("u", 0.01), ("u", 0.1)]
                for chart, rate in cells:
                    if not _unimodal(chart, rate, sz, n0):
                        continue
                    k, mostly = _warned(_series(rng, 50, m, n0, rate, sz, chart), chart)
                    warned += k
                    total += 50
                    if mostly >= 45:  # the chart flags most points of nearly every series
                        most += 50
                        most_warned += k
        rates[sz] = warned / total
        print(f"σ_z {sz:g}: {warned} of {total} series warned ({warned / total:.1%})")
        if most:
            print(f"  where most points are outside: {most_warned} of {most} warned")
            assert most_warned / most > 0.99
    assert rates[1.5] < 0.06
    assert rates[3.0] > 0.85
    assert rates[5.0] > 0.98
    assert rates[10.0] > 0.99


def test_a_step_between_two_in_control_halves_is_no_overdispersion():
    # 24 months of 50,000 a month at 80 % then 90 %: binomial within each half, a shift
    # (a special cause the P chart should show), not variation between every period
    rng = np.random.default_rng(3)
    n = np.full(48, 50_000.0)
    p = np.where(np.arange(48) < 24, 0.8, 0.9)
    df = pd.DataFrame({"month": pd.date_range("2020-01-01", periods=48, freq="MS")})
    df = df.assign(y=rng.binomial(50_000, p).astype(float), n=n)
    _, caught = _caught(qi.spc, df, "y", x="month", n="n", chart="p")
    assert not _said(caught)


def test_series_named_among_several_and_u_charts_say_rates():
    rng = np.random.default_rng(5)
    calm = _series(rng, 3, 24, 200, 0.05, 1, "u")
    wild = _series(rng, 2, 24, 50_000, 0.05, 8, "u").assign(s=lambda d: d.s + 3)
    df = pd.concat([calm, wild]).assign(ward=lambda d: "W" + d.s.astype(str))
    _, caught = _caught(qi.spc, df, "y", x="t", n="n", by="ward", chart="u", multiply=1000)
    said = _said(caught)
    assert len(said) == 1
    assert said[0].startswith(
        "chart='u': the points of ward='W3'; ward='W4' vary far more than Poisson limits allow "
        "(2 of 5 series; ward='W3': Laney's σ_z "
    )
    assert "chart='up' for Laney's U′ limits" in said[0]
    assert "chart='xmr' of the rates" in said[0]


def test_board_names_the_measure():
    eng = _england()
    long = pd.concat(
        [
            eng.assign(measure="4-hour", y=eng.within, n=eng.attendances),
            eng.assign(measure="4-hour XmR", y=eng.within / eng.attendances, n=np.nan),
        ]
    )
    measures = pd.DataFrame(
        {
            "measure": ["4-hour", "4-hour XmR"],
            "chart": ["p", "xmr"],
            "multiply": [100, 100],
            "improvement": ["increase", "increase"],
        }
    )
    _, caught = _caught(qi.board, long, measures, x="month", y="y", n="n")
    said = _said(caught)
    assert len(said) == 1, said
    assert said[0].startswith(
        "chart='p': the points of measure='4-hour' vary far more than binomial limits allow "
        "(1 of 1 series; measure='4-hour': Laney's σ_z "
    )
    assert "give the measure chart='pp'" in said[0]
