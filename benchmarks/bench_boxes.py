"""Time of Anhøj & Wentzel-Larsen's best box and cut box for one distinct number of points.

Each n is computed once and cached, so the figure is the cost a chart pays the first time it
meets a series of that length (``rules=qi.rules.anhoej(method="bestbox")`` or ``"cutbox"``).
Each n is timed in a fresh cache; the best and the median of ``--repeat`` runs are printed, with
the load average, since the figure is only meaningful on a quiet machine.

Run: ``python benchmarks/bench_boxes.py [--n 800 1600 4000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from qistats import _boxes


def time_box(n: int, repeat: int) -> tuple[float, float, tuple[int, int, int, int]]:
    """Best and median seconds for the boxes of n points, each from an empty cache."""
    times = []
    for _ in range(repeat):
        _boxes.boxes.cache_clear()
        _boxes._tilt.cache_clear()
        start = time.perf_counter()
        box = _boxes.boxes(n)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), box


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 800, 1600, 4000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    for n in args.n:
        best, median, (cb, lb, cbord, lbord) = time_box(n, args.repeat)
        print(
            f"n = {n:>6,}: best {best:.3f} s, median {median:.3f} s"
            f"  (best box C >= {cb}, L <= {lb}; cut box border C {cbord}, L {lbord})"
        )


if __name__ == "__main__":
    main()
