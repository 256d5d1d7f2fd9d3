"""Throughput and peak memory of ``qi.spc``; prints one line per workload.

Workloads: first a bare-numpy *floor* (XmR limits and a 7-point shift for all 10,000 series ×
120 points, vectorised, no data frames: :func:`floor`), then the engine on the same data (u chart
with the Anhøj rules, XmR with the MDC rules, u with the MDC rules), each line with its best time
as a multiple of the floor's, two ways: timed alternately (floor, engine, floor, ...), so that
both meet the same machine load (wall clock, and CPU time beside it), and each timed alone,
back to back (the best times printed: engine's best / floor's best). They differ: timed alone
the floor reuses the memory of its previous call, while the engine's call faults its memory in
afresh every time (glibc hands a call's large frees back to the system); in alternation the
floor faults its memory in afresh too and runs about a tenth slower, so the alternated
multiple reads lower. Then 10,000 series × 120 points grouped by ward (charts run, i, mr, u, p,
up, xmr with the MDC rules, i with the Nelson rules), and one series of 1,000,000 points. Each
is timed over a few repeats (best and median shown); peak memory is measured separately with
tracemalloc (numpy and pandas report their buffers to it), also per point.

Run: ``make bench`` or ``python benchmarks/bench_spc.py [--repeat 5] [--key]``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd

import qistats as qi


def grouped_data(n_series: int = 10_000, n_points: int = 120, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    months = pd.date_range("2015-01-01", periods=n_points, freq="MS")
    wards = np.array([f"W{i:05d}" for i in range(n_series)], dtype=object)
    return pd.DataFrame(
        {
            "ward": np.repeat(wards, n_points),
            "month": np.tile(months.to_numpy(), n_series),
            "y": rng.normal(10, 2, n_series * n_points).round(2),
            "n": rng.integers(500, 900, n_series * n_points),
            "events": rng.poisson(20, n_series * n_points),
        }
    )


def long_data(n_points: int = 1_000_000, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"t": np.arange(n_points), "y": rng.normal(10, 2, n_points).round(2)})


def floor(y: np.ndarray) -> np.ndarray:
    """The bare-numpy floor: XmR limits and a 7-point shift for every series (rows of y).

    What any XmR implementation must do at least, vectorised over all series at once with no
    data-frame work: the mean and mean moving range of each series, its limits, the points
    outside them, and the runs of 7 or more points on one side of the mean.
    """
    mean = y.mean(axis=1, keepdims=True)
    amr = np.abs(np.diff(y, axis=1)).mean(axis=1, keepdims=True)
    outside = (y > mean + 2.66 * amr) | (y < mean - 2.66 * amr)
    side = np.sign(y - mean).ravel()
    new = np.ones(side.size, dtype=bool)
    new[1:] = side[1:] != side[:-1]
    new[:: y.shape[1]] = True  # every series starts a run
    run_id = np.cumsum(new) - 1
    length = np.bincount(run_id)[run_id]
    return outside.ravel() | ((length >= 7) & (side != 0))


def timed(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def against_floor(fn, floor_fn, repeat: int) -> tuple[float, float]:
    """Best time of ``fn`` as a multiple of the floor's, wall clock and CPU time, the two timed
    alternately (floor, engine, floor, ...) so that both meet the same machine load."""
    fn(), floor_fn()  # warm up
    wall: dict[int, list[float]] = {0: [], 1: []}
    cpu: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(repeat):
        for which, f in enumerate((floor_fn, fn)):
            w0, c0 = time.perf_counter(), time.process_time()
            f()
            cpu[which].append(time.process_time() - c0)
            wall[which].append(time.perf_counter() - w0)
    return min(wall[1]) / min(wall[0]), min(cpu[1]) / min(cpu[0])


def measure(
    label: str, fn, n_points: int, repeat: int, floor_fn=None, floor_best: float = 0.0
) -> float:
    """Print one workload's line; returns its best time (seconds)."""
    best, med = timed(fn, repeat)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ratio = ""
    if floor_fn is not None:
        wall, cpu = against_floor(fn, floor_fn, repeat)
        ratio = (
            f"  {wall:4.1f}x floor alternated (CPU time {cpu:4.1f}x), "
            f"{best / floor_best:4.1f}x timed alone"
        )
    print(
        f"{label:<44} {best * 1e3:8.1f} ms best {med * 1e3:8.1f} ms median "
        f"{n_points / best / 1e6:7.2f} M points/s  peak {peak / 2**20:7.1f} MiB "
        f"({peak / n_points:4.0f} B/point){ratio}"
    )
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--key", action="store_true", help="only the floor and the engine ratios")
    args = ap.parse_args()
    print(
        f"qistats {qi.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    g = grouped_data()
    n_g = len(g)
    y2d = g["y"].to_numpy().reshape(10_000, 120)

    def base() -> None:
        floor(y2d)

    fb = measure(
        "floor: bare numpy XmR + shift 7, 10,000 x 120", lambda: floor(y2d), n_g, args.repeat
    )
    measure(
        "u + anhoej: 10,000 x 120, by ward",
        lambda: qi.spc(g, y="events", n="n", x="month", by="ward", chart="u", rules="anhoej"),
        n_g,
        args.repeat,
        base,
        fb,
    )
    measure(
        "xmr + mdc: 10,000 x 120, by ward",
        lambda: qi.spc(g, y="y", x="month", by="ward", chart="xmr", rules="mdc"),
        n_g,
        args.repeat,
        base,
        fb,
    )
    measure(
        "u + mdc rules: 10,000 x 120, by ward",
        lambda: qi.spc(g, y="events", n="n", x="month", by="ward", chart="u", rules="mdc"),
        n_g,
        args.repeat,
        base,
        fb,
    )
    if args.key:
        return
    for chart in ("run", "i", "mr"):
        measure(
            f"{chart}: 10,000 series x 120 points, by ward",
            lambda chart=chart: qi.spc(g, y="y", x="month", by="ward", chart=chart),
            n_g,
            args.repeat,
        )
    measure(
        "i: 10,000 x 120, by ward, freeze 24, screened",
        lambda: qi.spc(g, y="y", x="month", by="ward", chart="i", freeze=24, screen_mr=True),
        n_g,
        args.repeat,
    )
    measure(
        "i: 10,000 x 120, by ward, y/n x 1000",
        lambda: qi.spc(g, y="y", n="n", x="month", by="ward", chart="i", multiply=1000),
        n_g,
        args.repeat,
    )
    for chart in ("u", "p"):
        measure(
            f"{chart}: 10,000 x 120, by ward, events / n",
            lambda chart=chart: qi.spc(
                g, y="events", n="n", x="month", by="ward", chart=chart, multiply=1000
            ),
            n_g,
            args.repeat,
        )
    measure(
        "up: 10,000 x 120, by ward, events / n",
        lambda: qi.spc(g, y="events", n="n", x="month", by="ward", chart="up"),
        n_g,
        args.repeat,
    )
    measure(
        "xmr + mdc, improvement=decrease: 10,000 x 120",
        lambda: qi.spc(
            g, y="y", x="month", by="ward", chart="xmr", rules="mdc", improvement="decrease"
        ),
        n_g,
        args.repeat,
    )
    measure(
        "i + nelson rules: 10,000 x 120, by ward",
        lambda: qi.spc(g, y="y", x="month", by="ward", chart="i", rules="nelson"),
        n_g,
        args.repeat,
    )
    shuffled = g.sample(frac=1.0, random_state=3)
    measure(
        "i: 10,000 x 120, by ward, rows shuffled",
        lambda: qi.spc(shuffled, y="y", x="month", by="ward", chart="i"),
        n_g,
        args.repeat,
    )
    big = long_data()
    for chart in ("run", "i"):
        measure(
            f"{chart}: 1 series x 1,000,000 points",
            lambda chart=chart: qi.spc(big, y="y", x="t", chart=chart),
            len(big),
            args.repeat,
        )


if __name__ == "__main__":
    main()
