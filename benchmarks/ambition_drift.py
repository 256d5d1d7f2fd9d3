"""Wards whose log rate wanders (AR(1)) with no change in its long-run mean: what the rate-ratio
intervals of ``qi.ambition`` hold, and how often such wards are "on_track"; prints a report.

The figures of "Slow drift is change, not noise" in ``docs/ambition_verdicts.rst``. Run from
the repository root: ``python benchmarks/ambition_drift.py [wards]`` (default 2,000; under a
minute).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd

import qistats as qi

LAST = 48  # baseline months 1-12, deadline month 48


def wards(seed: int, n: int, per_month: float, sd: float, rho: float):
    """Monthly events of ``n`` wards: log rate AR(1) with stationary sd ``sd`` and lag-1
    correlation ``rho`` around a constant mean of ``per_month`` events per 1,000 bed days; the
    data and each ward's expected events per month."""
    rng = np.random.default_rng(seed)
    lr = np.zeros((n, LAST))
    lr[:, 0] = rng.normal(0, sd, n)
    for j in range(1, LAST):
        lr[:, j] = rho * lr[:, j - 1] + rng.normal(0, sd * np.sqrt(1 - rho**2), n)
    days = rng.integers(800, 1201, size=(n, LAST)).astype(float)
    mu = per_month / 1000 * days * np.exp(lr)
    df = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(n), LAST),
            "month": np.tile(np.arange(1, LAST + 1), n),
            "bed_days": days.ravel(),
            "events": rng.poisson(mu).ravel(),
        }
    )
    return df, mu, days


def main(n: int = 2000) -> None:
    warnings.simplefilter("ignore")
    args = dict(y="events", n="bed_days", x="month", by="ward", baseline=(1, 12), change=-0.5)
    print(f"{n:,} wards per row, seed = events a month")
    for per_month in (20.0, 100.0):
        for sd, rho in ((0.15, 0.8), (0.15, 0.0)):
            df, mu, days = wards(int(per_month), n, per_month, sd, rho)
            s = qi.ambition(df, deadline=LAST, **args).summary()
            actual = (mu[:, 36:].sum(1) / days[:, 36:].sum(1)) / (
                mu[:, :12].sum(1) / days[:, :12].sum(1)
            )
            lo, hi = s.rate_ratio_lower.to_numpy(), s.rate_ratio_upper.to_numpy()
            held = np.mean((lo <= actual) & (actual <= hi))
            one = np.mean((lo <= 1) & (hi >= 1))
            early = qi.ambition(df[df.month <= 24], deadline=LAST, **args).summary()
            on = np.mean(early.verdict == "on_track")
            print(
                f"  {per_month:.0f}/month, sd {sd}, correlation {rho}: interval holds the actual "
                f"ratio {held:.3f}, holds 1 {one:.3f}, median phi "
                f"{s.overdispersion.median():.2f}; on_track 12 months after the baseline {on:.3f}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
