"""Time of ``qi.ambition`` for 10,000 series × 48 months (rates and proportions); prints seconds,
then memory in bytes per point by tracemalloc (a second call, traced): the peak during the call
and what the result keeps.

Run: ``python benchmarks/bench_ambition.py``. The target is under 3 s for rates; on a shared
machine the CPU time is the steadier figure (wall time grows with the load average).
"""

from __future__ import annotations

import gc
import time
import tracemalloc

import numpy as np
import pandas as pd

import qistats as qi


def main() -> None:
    rng = np.random.default_rng(0)
    series, months = 10_000, 48
    df = pd.DataFrame(
        {
            "g": np.repeat(np.arange(series), months),
            "month": np.tile(pd.date_range("2020-01-01", periods=months, freq="MS"), series),
            "n": rng.integers(500, 900, series * months),
        }
    )
    df["events"] = rng.poisson(df.n * 0.02)
    df["yes"] = rng.binomial(df.n, 0.3)
    for kind, y, change, target in (
        ("rate", "events", -0.5, "relative"),
        ("proportion", "yes", 0.5, "shortfall"),
    ):
        kw = dict(
            y=y,
            n="n",
            x="month",
            by="g",
            kind=kind,
            change=change,
            target=target,
            baseline=("2020-01-01", "2020-12-01"),
            deadline="2023-12-01",
        )
        t0, c0 = time.perf_counter(), time.process_time()
        qi.ambition(df, **kw)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"ambition, {kind:<10}: 10,000 series x 48 months in {wall:.2f} s (CPU {cpu:.2f} s)")
        gc.collect()
        tracemalloc.start()
        result = qi.ambition(df, **kw)
        gc.collect()
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del result
        print(
            f"ambition, {kind:<10}: peak {peak / len(df):.0f} bytes per point, "
            f"the result keeps {kept / len(df):.0f}"
        )


if __name__ == "__main__":
    main()
