"""Wards that fall gradually (over 6 months) and then stall short of a 50 % target: how often
``qi.ambition`` calls them "on_track" a year and more before the deadline, beside the same
falls as an immediate step and wards exactly on the trajectory (for which "off_track" is the
error); prints a report.

The figures of "A gradual fall that stalls: the recent pace" in
``docs/ambition_verdicts.rst``. Run from the repository root:
``python benchmarks/ambition_gradual_stall.py [wards]`` (default 500 a row, at 20 and at 100
events a baseline month; under a minute).
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


def shares(df: pd.DataFrame, look: int) -> pd.Series:
    """The share of each verdict with data up to month ``look``."""
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
    return s["verdict"].value_counts(normalize=True)


def main(n: int = 500) -> None:
    ramp = np.clip((MONTHS - 12) / 6, 0, 1)
    step = (MONTHS > 12).astype(float)
    # the compound trajectory to 0.5 of the baseline at month 37 (the judged window's start)
    trajectory = 1 - 0.5 ** np.clip((MONTHS - 13) / 24, 0, 1)
    courses = {
        "25 % over 6 months, then flat": (0.25, ramp),
        "35 % over 6 months, then flat": (0.35, ramp),
        "25 % at once, then flat": (0.25, step),
        "35 % at once, then flat": (0.35, step),
        "on the trajectory": (1.0, trajectory),
    }
    print(f"{n} wards a row, target -50 % by month 48; share 'on_track' (for the wards on the")
    print("trajectory also 'off_track') 12 / 18 / 24 months after the baseline")
    for per_month in (20.0, 100.0):
        print(f"{per_month:g} events a baseline month:")
        for seed, (name, (fall, shape)) in enumerate(courses.items()):
            df = wards(2026 + seed, n, fall, shape, per_month)
            got = [shares(df, look) for look in LOOKS]
            on = " / ".join(f"{g.get('on_track', 0.0):.3f}" for g in got)
            line = f"  {name:>30}: on_track {on}"
            if fall == 1.0:
                line += "; off_track " + " / ".join(f"{g.get('off_track', 0.0):.3f}" for g in got)
            print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
