"""φ and outlier flags of ``qi.funnel`` on funnels with a known truth; prints the docs' table.

Each case: ``funnels`` funnels of 40 units (``kind="sr"``, SHMI method), expected counts
uniform on 20–400. The first k units of each funnel are true outliers, observed at 1.8–2 times
their expected count; the others are Poisson (or, for φ = 1.5 and 3, Poisson with log-normal
random effects of variance τ² = (φ − 1)/mean(E), so that φ ≈ 1 + τ²E on average). Methods:

* ``FunnelPlotR``: ``compat="FunnelPlotR"`` (raw trimmed mean square, adjusted when φ > 1);
* ``trim``: ``phi="trim"`` (the trimmed mean square divided by its normal-theory factor: the
  default before the robust φ);
* ``robust``: the default, ``phi="robust"``;
* ``robust + test``: ``adjust="test"``, the robust φ, adjusted only when the overdispersion is
  significant at 5 % (see :func:`qistats._funnel.overdispersion_p`).

Per case and method: median φ, the share of funnels with adjusted limits, the false-flag rate
(share of the in-control units flagged at 99.8 %) and the power (share of true outliers flagged).
The figures are quoted in docs/funnel.rst; tests/test_funnel_simulation.py bounds them.

Run: ``python benchmarks/funnel_phi.py [funnels] [seed]`` (defaults 400 and 2026; about 10 s).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd

import qistats as qi

UNITS = 40
CASES = (  # label, true outliers, true phi
    ("0 outliers", 0, 1.0),
    ("2 outliers", 2, 1.0),
    ("4 outliers", 4, 1.0),
    ("8 outliers", 8, 1.0),
    ("phi = 1.5", 0, 1.5),
    ("phi = 3", 0, 3.0),
)


def simulate(rng: np.random.Generator, funnels: int, k: int, phi: float) -> pd.DataFrame:
    """One table of ``funnels`` funnels of 40 units, the first k of each true outliers."""
    e = rng.uniform(20, 400, (funnels, UNITS))
    mu = e.copy()
    mu[:, :k] *= rng.uniform(1.8, 2.0, (funnels, k))
    if phi > 1:
        tau2 = (phi - 1) / 210.0  # 210 = mean of U(20, 400)
        mu *= np.exp(rng.normal(-tau2 / 2, np.sqrt(tau2), mu.shape))
    return pd.DataFrame(
        {
            "funnel": np.repeat(np.arange(funnels), UNITS),
            "unit": np.tile(np.arange(UNITS), funnels),
            "o": rng.poisson(mu).ravel(),
            "e": e.ravel(),
        }
    )


def run(funnels: int = 400, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    kw = {"y": "o", "n": "e", "unit": "unit", "by": "funnel", "kind": "sr"}
    for label, k, phi in CASES:
        data = simulate(rng, funnels, k, phi)
        truth = data["unit"].to_numpy() < k
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", qi.OverdispersionWarning)
            fits = {
                "FunnelPlotR": qi.funnel(data, compat="FunnelPlotR", **kw),
                "trim": qi.funnel(data, phi="trim", **kw),
                "robust": qi.funnel(data, **kw),
                "robust + test": qi.funnel(data, adjust="test", **kw),
            }
        for name, res in fits.items():
            flagged = res.units["outlier"].to_numpy()
            adjusted = np.asarray(res.adjusted)
            rows.append(
                {
                    "case": label,
                    "method": name,
                    "median phi": float(np.median(res.phi)),
                    "adjusted %": 100 * adjusted.mean(),
                    "false flags %": 100 * flagged[~truth].mean(),
                    "power %": 100 * flagged[truth].mean() if k else np.nan,
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    funnels = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    table = run(funnels, seed)
    print(f"{funnels} funnels of {UNITS} units a case (seed {seed}); false flags at 99.8 %")
    wide = table.pivot(index="case", columns="method").reindex([c[0] for c in CASES])
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        for metric, digits in (
            ("median phi", 2),
            ("adjusted %", 0),
            ("false flags %", 2),
            ("power %", 0),
        ):
            print(f"\n{metric}")
            print(wide[metric][list(table["method"].unique())].round(digits).to_string())


if __name__ == "__main__":
    main()
