"""φ̂ from few periods: the rate ratio's one-sided misses and the wrong verdicts at early looks
on simulated wards (``tests/ambition_simulation.py::early_dispersion``); prints the table
behind docs/ambition_verdicts.rst ("Few periods").

Wards with no change, on the compound trajectory to −50 %, or with a 30 % fall right after the
baseline (power: the interval below 1), φ = 1, 2 or 3 (gamma-Poisson), 5, 20 or 100 events a
month, a baseline of months ``first``–12, judged 3, 6, 12 and 24 months after it. "below" and
"above" are the shares of intervals wholly below or above the true ratio (nominal α/2 = 2.5 %
each); "wrong" is "off_track" for the wards on the trajectory and "on_track" for those with no
change; "width" the median width of the interval (log scale).

Run from the repository root:
``python benchmarks/ambition_early_dispersion.py [wards] [first]`` (defaults 4,000 wards a row,
baseline months 1–12; ``first`` 10 for a 3-month baseline; about two minutes on a quiet
machine). Seeds: 1000·φ + events a month + 0/1/2 (no change, trajectory, fall).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ambition_simulation import early_dispersion

COURSES = {"no_change": 0, "trajectory": 1, "fall30": 2}


def main(wards: int = 4000, first: int = 1) -> None:
    start = time.perf_counter()
    print(f"{wards:,} wards a row, baseline months {first}-12; one-sided misses of the rate ratio")
    print("course       events  phi  look   below   above   wrong  improved  width")
    for course, offset in COURSES.items():
        for per_month in (5.0, 20.0, 100.0):
            for phi in (1.0, 2.0, 3.0):
                seed = int(1000 * phi + per_month) + offset
                got = early_dispersion(seed, wards, per_month, phi, course, first=first)
                for look, r in got.items():
                    wrong = {"no_change": r["on_track"], "trajectory": r["off_track"]}
                    print(
                        f"{course:11s} {per_month:6.0f} {phi:4.0f} {look:5d}  {r['below']:.4f}"
                        f"  {r['above']:.4f}  {wrong.get(course, float('nan')):.4f}"
                        f"  {r['improved']:8.3f}  {r['width']:.3f}",
                        flush=True,
                    )
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 4000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 1,
    )
