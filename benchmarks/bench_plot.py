"""Time to draw and save 100 small multiples (both styles) and the 49-ward ambition plot to
in-memory PNGs at 72 dpi; prints wall and CPU seconds, the figure size and the load average
(the goals: under 5 s and under 10 s; times measured while other work runs are inflated).

One small chart is drawn first so that matplotlib's font cache and first-use imports are not
counted. Run: ``python benchmarks/bench_plot.py`` (needs ``qistats[plot]``).
"""

from __future__ import annotations

import io
import os
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import qistats as qi


def main() -> None:
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
    for style in ("mdc", "qicharts2"):
        timed(f"100 small multiples, {style}", lambda style=style: res.plot(style=style, ncols=10))
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
    timed("49-ward ambition", amb.plot)


def timed(what: str, draw) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    fig = draw()
    t1 = time.perf_counter()
    fig.savefig(io.BytesIO(), format="png", dpi=72)
    t2, c2 = time.perf_counter(), time.process_time()
    w, h = fig.get_size_inches()
    plt.close(fig)
    print(
        f"{what:<32}: draw {t1 - t0:5.2f} s, save PNG {t2 - t1:5.2f} s, total {t2 - t0:5.2f} s "
        f"({c2 - c0:5.2f} s CPU), {w:.0f} x {h:.0f} in, load {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
