"""Speed of ``qi.funnel`` on 100,000 units; prints one line per workload.

Workloads (100,000 units each, text unit labels): a standardised ratio with the defaults
(overdispersed data, so adjusted limits), the same with ``adjust=False`` (exact Poisson limits
at every unit), a proportion with ``adjust=False`` (exact binomial limits), a rate in 1,000
funnels of 100 units (``by=``), and 1,000,000 record-level rows summed into the 100,000 units.
Each is timed over a few repeats (best and median wall time, median CPU time). The target is
under 1 s, judged on the CPU time (on a quiet machine the two agree; on one shared with other
jobs only the CPU time is the funnel's).

Run: ``python benchmarks/bench_funnel.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np
import pandas as pd

import qistats as qi

N_UNITS = 100_000


def units(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    e = rng.uniform(20, 3000, N_UNITS).round(3)
    n = rng.integers(50, 5000, N_UNITS)
    return pd.DataFrame(
        {
            "group": np.repeat(np.arange(1000), N_UNITS // 1000),
            "unit": np.array([f"U{i:06d}" for i in range(N_UNITS)], dtype=object),
            "observed": rng.poisson(e * np.exp(rng.normal(0, 0.15, N_UNITS))),
            "expected": e,
            "cases": n,
            "events": rng.binomial(n, 0.1),
        }
    )


def records(seed: int = 2) -> pd.DataFrame:
    base = units(seed)
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(N_UNITS), 10)
    return pd.DataFrame(
        {
            "unit": base["unit"].to_numpy()[rows],
            "observed": rng.poisson(base["expected"].to_numpy()[rows] / 10),
            "expected": base["expected"].to_numpy()[rows] / 10,
        }
    )


def measure(label: str, fn, repeat: int) -> float:
    fn()  # warm up
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    best, median, cpu_median = min(times), statistics.median(times), statistics.median(cpu)
    # judged on CPU time: on a machine shared with other jobs the wall time says little
    verdict = "ok" if cpu_median < 1.0 else "SLOW"
    print(
        f"{label:<58} best {best:6.3f} s  median {median:6.3f} s  "
        f"CPU {cpu_median:6.3f} s  [{verdict}]"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        f"qistats {qi.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    df = units()
    rec = records()
    sr = {"y": "observed", "n": "expected", "unit": "unit"}
    work = [
        ("sr, defaults (SHMI, adjusted limits)", lambda: qi.funnel(df, **sr)),
        ("sr, adjust=False (exact Poisson limits)", lambda: qi.funnel(df, **sr, adjust=False)),
        ("sr, CQC method, REML tau2", lambda: qi.funnel(df, **sr, method="cqc", tau2="reml")),
        (
            "pr, adjust=False (exact binomial limits)",
            lambda: qi.funnel(df, y="events", n="cases", unit="unit", kind="pr", adjust=False),
        ),
        (
            "rate per 1,000, by= 1,000 groups of 100 units",
            lambda: qi.funnel(
                df, y="observed", n="cases", unit="unit", kind="rate", multiply=1000, by="group"
            ),
        ),
        ("sr from 1,000,000 record rows", lambda: qi.funnel(rec, **sr)),
    ]
    for label, fn in work:
        measure(f"{N_UNITS:,} units: {label}", fn, args.repeat)


if __name__ == "__main__":
    main()
