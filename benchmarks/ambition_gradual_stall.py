"""Wards that fall gradually (over 6 months) and then stall short of a 50 % target: how often
``qi.ambition`` calls them "on_track" a year and more before the deadline, beside the same
falls as an immediate step; prints a report.

The figures of "A gradual fall that stalls" in ``docs/ambition_verdicts.rst`` (a known
limitation of the pace). Run from the repository root:
``python benchmarks/ambition_gradual_stall.py [wards]`` (default 500; under a minute).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = np.arange(1, 49)  # baseline months 1-12, deadline month 48
LOOKS = (24, 30, 36)  # 12, 18 and 24 months after the baseline


def wards(seed: int, n: int, fall: float, ramp: np.ndarray, per_month: float) -> pd.DataFrame:
    """``n`` wards at ``per_month`` events a month in the baseline, their rate falling by
    ``fall`` × ``ramp`` (0 to 1 by month), bed days 800 to 1,200 a month."""
    rng = np.random.default_rng(seed)
    rel = 1 - fall * ramp
    days = rng.integers(800, 1201, size=(n, len(MONTHS))).astype(float)
    return pd.DataFrame(
        {
            "ward": np.repeat(np.arange(n), len(MONTHS)),
            "month": np.tile(MONTHS, n),
            "bed_days": days.ravel(),
            "events": rng.poisson(per_month / 1000 * rel * days).ravel(),
        }
    )


def on_track(df: pd.DataFrame, look: int) -> float:
    """The share of wards "on_track" with data up to month ``look``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        s = qi.ambition(
            df[df["month"] <= look],
            y="events",
            n="bed_days",
            x="month",
            by="ward",
            baseline=(1, 12),
            change=-0.5,
            deadline=48,
        ).summary()
    return float(np.mean(s["verdict"] == "on_track"))


def main(n: int = 500) -> None:
    shapes = {
        "over 6 months": np.clip((MONTHS - 12) / 6, 0, 1),
        "at once": (MONTHS > 12).astype(float),
    }
    print(f"{n} wards a row, 100 events a baseline month, target -50 % by month 48;")
    print("share 'on_track' 12 / 18 / 24 months after the baseline (truth: not met)")
    for name, ramp in shapes.items():
        for seed, fall in enumerate((0.25, 0.35)):
            df = wards(2026 + seed, n, fall, ramp, 100.0)
            shares = " / ".join(f"{on_track(df, look):.3f}" for look in LOOKS)
            print(f"  {fall:.0%} fall {name:>13}, then flat: {shares}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
