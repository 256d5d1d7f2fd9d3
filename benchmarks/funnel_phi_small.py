"""The robust φ at small counts: which z-scores it is computed from, on funnels with a known
truth; prints the table behind docs/funnel.rst ("Small counts").

The transformed-scale z of FunnelPlotR (arcsine, log) is far from N(0, 1) for small counts
near 0 % or 100 %: E[z²] reaches 1.8, so φ was about 1.7 in funnels with no overdispersion,
the limits were widened and real outliers hidden (new-user trial 19-2). Scores compared (the
benchmark's own :func:`_scores`, put in the place of ``qistats._funnel.phi_scores``; target,
skipping rule and limits as the default):

* ``z``: the transformed-scale z (the robust φ before trial 20);
* ``z/E0``: the same, φ = Σz² / ΣE₀[z²] over the units kept (E₀: each unit's exact null
  E[z²] over its pmf);
* ``mid-p``: the mid-p normal score Φ⁻¹(P(X < O) + ½P(X = O)) under the target;
* ``mid-p/E0``: the mid-p score, φ = Σz² / ΣE₀[z²] (the default);
* ``mid-p/E0 + test``: the default with ``adjust="test"``;
* ``normal limits``: the default φ with ``adjusted_limits="normal"``, the adjusted limits
  before session 21 (the transformed-scale normal approximation with τ², never narrower than
  the exact limits; the other columns have the default, "combined", continuous in τ² from the
  exact limits);
* ``exact``: ``adjust=False`` (no φ; the exact limits), for reference.

Cases: 200 funnels of 20 units (proportions: n uniform on 20–80 or 500–2,000, p₀ from 0.5 to
0.99) or 40 units (standardised ratios and rates: E uniform on 0.5–5, 5–50 or 50–500); no
overdispersion, or φ = 2 or 3 at the mean unit size (beta-binomial, intra-class correlation
ρ = (φ − 1)/(mean n − 1); gamma-Poisson, variance E + κE², κ = (φ − 1)/mean E). Each case is
run twice: as drawn (φ, limits widened, false flags of its units at 99.8 %) and with unit 0
replaced by a true outlier, a count whose exact tail probability at the target is about
1e-5 (proportions: the lower tail; counts: the upper), beyond its exact 99.8 % limit (power).

Run: ``python benchmarks/funnel_phi_small.py [funnels] [seed]`` (defaults 200 and 2026; about
five minutes).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
from scipy import stats

import qistats as qi
from qistats import _funnel as F

TAIL = 1e-5  # a true outlier: its count's exact tail probability under the target

SCORES = ("z", "z_e0", "midp_raw", "midp")
NAMES = {"z": "z", "z_e0": "z/E0", "midp_raw": "mid-p", "midp": "mid-p/E0"}
LIBRARY = F.phi_scores


def _scores(score):
    """The robust φ's scores and their null E[z²] (None: 1 each) for ``score``, in the
    signature of ``qistats._funnel.phi_scores``: "midp" is the library's; "midp_raw" the
    mid-p scores alone; "z" the transformed-scale z alone (the robust φ before trial 20);
    "z_e0" it over its exact null E[z²] (``null_z2``, each unit its own group at its
    target)."""
    if score == "midp":
        return LIBRARY

    def scores(y, n, n_used, t, z, spec):
        if score == "midp_raw":
            return F.midp_z(y, n, n_used, t, spec), None
        if score == "z":
            return z, None
        lay = F.K.Layout.from_starts(np.arange(t.size), t.size)
        unit = F.Fit(lay, y, n, n_used, y, z, z, z, t, *([None] * 4))
        return z, F.null_z2(unit, spec)[0]

    return scores


def _cases():
    for p in (0.5, 0.8, 0.95, 0.97, 0.99):
        for lo, hi in ((20, 80), (500, 2000)):
            for phi in (1.0, 2.0, 3.0) if p in (0.5, 0.97) else (1.0,):
                yield (f"pr p0={p} n {lo}-{hi} phi={phi:g}", "pr", p, lo, hi, phi)
    for lo, hi in ((0.5, 5.0), (5.0, 50.0), (50.0, 500.0)):
        for phi in (1.0, 2.0, 3.0):
            yield (f"sr E {lo:g}-{hi:g} phi={phi:g}", "sr", 1.0, lo, hi, phi)
    yield ("rate E 0.5-5 phi=1", "rate", 0.002, 0.5, 5.0, 1.0)
    yield ("rc m 10-60 phi=1", "rc", 0.5, 10, 60, 1.0)


def simulate(rng, funnels, kind, p, lo, hi, phi):
    """Two tables (as drawn; unit 0 a true outlier) of ``funnels`` funnels."""
    units = 20 if kind in ("pr", "rc") else 40
    shape = (funnels, units)
    if kind in ("pr", "rc"):
        n = rng.integers(lo, hi + 1, shape).astype(float)
        if phi > 1:
            rho = (phi - 1) / ((lo + hi) / 2 - 1)
            a = 1 / rho - 1
            pi = rng.beta(p * a, (1 - p) * a, shape)
        else:
            pi = np.full(shape, p)
        y = rng.binomial(n.astype(int), pi).astype(float)
        y_out = stats.binom.ppf(TAIL, n[:, 0], p)  # P(X <= y_out) about TAIL
        if kind == "rc":  # numerator given the total: y of n = y + d
            d = np.maximum(n - y, 1.0)  # (a denominator count of 0 is refused)
            y2 = y.copy()
            y2[:, 0] = y_out
            d2 = d.copy()
            d2[:, 0] = n[:, 0] - y_out
            return _table(y, d, funnels, units), _table(y2, d2, funnels, units)
    else:
        e = rng.uniform(lo, hi, shape)
        mu = e.copy()
        if phi > 1:
            kappa = (phi - 1) / ((lo + hi) / 2)
            mu = e * rng.gamma(1 / kappa, kappa, shape)
        y = rng.poisson(mu).astype(float)
        y_out = stats.poisson.isf(TAIL, e[:, 0]) + 1  # P(X >= y_out) below TAIL
        n = e / p if kind == "rate" else e
    y2 = y.copy()
    y2[:, 0] = y_out
    return _table(y, n, funnels, units), _table(y2, n, funnels, units)


def _table(y, n, funnels, units):
    return pd.DataFrame(
        {
            "funnel": np.repeat(np.arange(funnels), units),
            "unit": np.tile(np.arange(units), funnels),
            "y": y.ravel(),
            "n": n.ravel(),
        }
    )


def _fits(data, kind):
    kw = {"y": "y", "n": "n", "unit": "unit", "by": "funnel", "kind": kind}
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for score in SCORES:
            F.phi_scores = _scores(score)
            try:
                out[NAMES[score]] = qi.funnel(data, **kw)
            finally:
                F.phi_scores = LIBRARY
        out["mid-p/E0 + test"] = qi.funnel(data, adjust="test", **kw)
        out["normal limits"] = qi.funnel(data, adjusted_limits="normal", **kw)
        out["exact"] = qi.funnel(data, adjust=False, **kw)
    return out


def run(funnels: int = 200, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for label, kind, p, lo, hi, phi in _cases():
        null, outl = simulate(rng, funnels, kind, p, lo, hi, phi)
        a, b = _fits(null, kind), _fits(outl, kind)
        first = null["unit"].to_numpy() == 0
        for name in a:
            phis = np.asarray(a[name].phi) if name != "exact" else np.full(funnels, np.nan)
            flagged = a[name].units["outlier"].to_numpy()
            rows.append(
                {
                    "case": label,
                    "score": name,
                    "median phi": float(np.median(phis)),
                    "mean phi / phi": float(np.mean(phis)) / phi,
                    "widened %": 100 * np.asarray(a[name].adjusted).mean(),
                    "false flags %": 100 * flagged.mean(),
                    "power %": 100 * b[name].units["outlier"].to_numpy()[first].mean(),
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    funnels = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    table = run(funnels, seed)
    print(f"{funnels} funnels a case (seed {seed}); false flags and power at 99.8 %")
    order = list(dict.fromkeys(table["case"]))
    wide = table.pivot(index="case", columns="score").reindex(order)
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        for metric, digits in (
            ("median phi", 2),
            ("widened %", 0),
            ("false flags %", 2),
            ("power %", 0),
        ):
            print(f"\n{metric}")
            print(wide[metric][list(dict.fromkeys(table["score"]))].round(digits).to_string())


if __name__ == "__main__":
    main()
