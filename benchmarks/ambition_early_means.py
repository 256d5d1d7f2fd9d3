"""Means (kind="mean") from few periods: the ratio of means' one-sided misses and the wrong
verdicts at early looks on simulated wards (``tests/ambition_simulation.py::early_means``);
prints the table behind docs/ambition_verdicts.rst ("Few periods", means).

Lengths of stay (gamma, CV 0.5) around a ward's monthly mean, which moves as a whole from month
to month (log-normal) so that φ (the variance of a month's mean over what its stays give) is
1, 2 or 3; Poisson(5, 20 or 100) stays a month. Wards with no change, on the compound
trajectory to −20 % (the ambition), or 15 % down right after the baseline (power: the interval
below 1), a baseline of months ``first``–12, judged 3, 6 and 12 months after it (the
assessment window is as long as the baseline). "below" and "above" are the shares of
intervals wholly below or above the true ratio (nominal α/2 = 2.5 % each); "wrong" is
"off_track" for the wards on the trajectory and "on_track" for those with no change; "phi"
the median φ̂, "width" the median width of the interval (log scale).

Run from the repository root:
``python benchmarks/ambition_early_means.py [wards] [first]`` (defaults 2,000 wards a row and
``first`` 10, a 3-month baseline; 1 for 12 months; about 2.5 minutes on the shared
machine). Seeds: 1000·φ + stays a month + 0/1/2
(no change, trajectory, fall).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ambition_simulation import early_means

COURSES = {"no_change": 0, "trajectory": 1, "fall15": 2}


def main(wards: int = 2000, first: int = 10) -> None:
    start = time.perf_counter()
    print(f"{wards:,} wards a row, baseline months {first}-12; one-sided misses of the ratio")
    print("course       stays  phi  look   below   above   wrong  improved   phi^  width")
    for course, offset in COURSES.items():
        for per_month in (5.0, 20.0, 100.0):
            for phi in (1.0, 2.0, 3.0):
                seed = int(1000 * phi + per_month) + offset
                got = early_means(seed, wards, per_month, phi, course, first=first)
                for look, r in got.items():
                    wrong = {"no_change": r["on_track"], "trajectory": r["off_track"]}
                    print(
                        f"{course:11s} {per_month:6.0f} {phi:4.0f} {look:5d}  {r['below']:.4f}"
                        f"  {r['above']:.4f}  {wrong.get(course, float('nan')):.4f}"
                        f"  {r['improved']:8.3f}  {r['phi']:5.2f}  {r['width']:.3f}",
                        flush=True,
                    )
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 10,
    )
