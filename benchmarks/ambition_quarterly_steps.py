"""A step fall in short quarterly series, and courses without a step: the same simulated wards
judged monthly and quarterly (``tests/ambition_simulation.py::quarterly_steps``); prints the
table behind docs/ambition_verdicts.rst ("A step" under Overdispersion).

Wards of 30 events a baseline month (90 a quarter), 800-1,200 bed days a month, baseline Apr
2020-Mar 2021, a -50 % ambition by Jan-Mar 2024, judged as of quarters 9, 10, 11 and 13 (and
the last month of each, the same twelve months). Courses: a 55 % fall at once at quarter 8
(truly on track: "off_track" wrong), no change ("on_track" wrong), the compound trajectory
("off_track" wrong), 25 % down and stalled ("on_track" wrong); φ = 1 or 3 (gamma-Poisson per
month). Columns: the share of each verdict (on / off / insufficient), "wrong", "used" (φ̂
allowed for), the median φ̂, and the rate ratio's one-sided misses of the true ratio (below,
above; nominal 0.025 each).

Run from the repository root: ``python benchmarks/ambition_quarterly_steps.py [wards] [seed]``
(defaults 2,000 wards a course, seed 11; about a minute on a quiet machine).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ambition_simulation import quarterly_steps

COURSES = [
    ("step55", 1.0),
    ("step55", 3.0),
    ("flat", 1.0),
    ("flat", 3.0),
    ("trajectory", 1.0),
    ("trajectory", 3.0),
    ("stalled", 3.0),
]


def main(wards: int = 2000, seed: int = 11) -> None:
    start = time.perf_counter()
    print(f"{wards:,} wards a course, seed {seed}")
    print(
        "course      phi  look  data       on     off    insuf  wrong   used   phi^  below  above"
    )
    for course, phi in COURSES:
        got = quarterly_steps(seed, wards, 30.0, course, phi)
        for look, r in got.items():
            for res, v in r.items():
                print(
                    f"{course:10s} {phi:4.0f}  q{look:<3d} {res:9s}"
                    f"  {v.get('on_track', 0):.3f}  {v.get('off_track', 0):.3f}"
                    f"  {v.get('insufficient_data', 0):.3f}  {v['wrong']:.3f}  {v['used']:.3f}"
                    f"  {v['phi']:.2f}  {v['below']:.3f}  {v['above']:.3f}",
                    flush=True,
                )
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 11,
    )
