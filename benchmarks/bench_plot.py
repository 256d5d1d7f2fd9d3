"""Time to draw and render 100 small multiples (MDC style) to an in-memory PNG; prints seconds.

Run: ``python benchmarks/bench_plot.py`` (needs ``qistats[plot]``).
"""

from __future__ import annotations

import io
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
    for style in ("mdc", "qicharts2"):
        t0 = time.perf_counter()
        fig = res.plot(style=style, ncols=10)
        t1 = time.perf_counter()
        fig.savefig(io.BytesIO(), format="png", dpi=72)
        t2 = time.perf_counter()
        plt.close(fig)
        print(
            f"100 small multiples, {style:<9}: draw {t1 - t0:5.2f} s, render PNG "
            f"{t2 - t1:5.2f} s, total {t2 - t0:5.2f} s"
        )


if __name__ == "__main__":
    main()
