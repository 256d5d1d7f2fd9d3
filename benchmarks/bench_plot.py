"""Time to draw and save 100 small multiples (both styles) and the 49-ward ambition plot to
in-memory PNGs at 72 dpi; prints wall and CPU seconds, the figure size and the load average
(the goals, issue 9: under 5 s and under 10 s). The script exits with status 1 when a CPU time
misses its goal (CPU time, as wall time measured while other work runs is inflated).

One small chart is drawn first so that matplotlib's font cache and first-use imports are not
counted. Run: ``python benchmarks/bench_plot.py`` (needs ``qistats[plot]``).
"""

from __future__ import annotations

import io
import os
import sys
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import qistats as qi


def main() -> int:
    rng = np.random.default_rng(4)
    months = pd.date_range("2020-01-01", periods=48, freq="MS")
    df = pd.DataFrame(
        {
            "ward": np.repeat([f"W{i:03d}" for i in range(100)], 48),
            "month": np.tile(months, 100),
            "events": rng.poisson(12, 4800),
            "days": rng.integers(600, 800, 4800),
        }
    )
    res = qi.spc(
        df,
        y="events",
        n="days",
        x="month",
        by="ward",
        chart="u",
        multiply=1000,
        rules="mdc",
        improvement="decrease",
        target=15,
    )
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
    res.plot(series="W000").savefig(io.BytesIO(), format="png", dpi=72)  # warm-up
    plt.close("all")
    met = [
        timed(f"100 small multiples, {style}", lambda s=style: res.plot(style=s, ncols=10), 5.0)
        for style in ("mdc", "qicharts2")
    ]
    amb = qi.ambition(
        qi.datasets.restrictive_practice(),
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.3,
        deadline="2024-03-01",
        multiply=1000,
    )
    met.append(timed("49-ward ambition", amb.plot, 10.0))
    return 0 if all(met) else 1


def timed(what: str, draw, goal: float) -> bool:
    """Draw and save one figure, print the times; whether the CPU time is under ``goal``."""
    t0, c0 = time.perf_counter(), time.process_time()
    fig = draw()
    t1 = time.perf_counter()
    fig.savefig(io.BytesIO(), format="png", dpi=72)
    t2, c2 = time.perf_counter(), time.process_time()
    w, h = fig.get_size_inches()
    plt.close(fig)
    print(
        f"{what:<32}: draw {t1 - t0:5.2f} s, save PNG {t2 - t1:5.2f} s, total {t2 - t0:5.2f} s "
        f"({c2 - c0:5.2f} s CPU; goal < {goal:g} s), {w:.0f} x {h:.0f} in, "
        f"load {os.getloadavg()[0]:.2f}"
    )
    return c2 - c0 < goal


if __name__ == "__main__":
    sys.exit(main())
