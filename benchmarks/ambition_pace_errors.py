"""Wrong "off_track" for wards exactly on the trajectory, and what the pace costs stalled wards.

Wards on the compound trajectory to −50 % (reached at month 37, deadline 48), and three
courses that miss it: a 25 % fall at once then flat (``stalled``), a 35 % fall over 6 months
then flat (``ramp``), and the compound path to −25 % (``half-way``). 20 or 100 events a
baseline month, φ = 1, 2 or 3 (gamma-Poisson), judged 6, 12, 18 and 24 months after the
baseline (months 1–12). For the wards on the trajectory the share "off_track" is printed with
its parts: the window "behind" the trajectory and the pace that decides (since the baseline,
or the recent one where it slowed) with its interval at the judged window wholly beyond the
target; each is one-sided at α/2 = 2.5 %. For the others the shares "off_track" and
"on_track". Monte Carlo standard errors in brackets.

Run from the repository root:
``python benchmarks/ambition_pace_errors.py [wards] [courses]`` (default 4,000 wards a row, all
courses; courses a comma list of trajectory, stalled, ramp, half; about 4 minutes at 4,000
wards on a quiet machine). Seeds: 1000·φ + events + 7·(the course's place in the list
trajectory, stalled, ramp, half).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ambition_simulation import (
    BASELINE_END,
    MONTHS,
    compound_trajectory,
    constant_fall,
    rate_wards,
    track,
)

COURSES = {
    "trajectory": compound_trajectory(MONTHS, 0.5),
    "stalled": constant_fall(0.25),
    "ramp": 1 - 0.35 * np.clip((MONTHS - BASELINE_END) / 6, 0, 1),
    "half": compound_trajectory(MONTHS, 0.75),
}
LOOKS = (6, 12, 18, 24)


def _pct(p: float, wards: int) -> str:
    return f"{100 * p:5.2f} ({100 * np.sqrt(p * (1 - p) / wards):.2f})"


def main(wards: int, courses: list[str]) -> None:
    start = time.time()
    print(f"{wards} wards a row; % (Monte Carlo SE)")
    for name in courses:
        rel = COURSES[name]
        place = list(COURSES).index(name)
        print(f"\n{name}")
        if name == "trajectory":
            print("events  φ  look  off_track      behind         pace short     on_track")
        else:
            print("events  φ  look  off_track      on_track")
        for per_month in (20.0, 100.0):
            for phi in (1.0, 2.0, 3.0):
                seed = int(1000 * phi + per_month + 7 * place)
                last = BASELINE_END + max(LOOKS)
                df = rate_wards(seed, wards, rel, per_month, phi=phi, last_month=last)
                for look in LOOKS:
                    s = track(df[df.month <= BASELINE_END + look]).summary()
                    off = float(np.mean(s.verdict == "off_track"))
                    on = float(np.mean(s.verdict == "on_track"))
                    row = f"{per_month:6.0f} {phi:2.0f} {look:5d}  {_pct(off, wards)}  "
                    if name == "trajectory":
                        behind = float(np.mean(s.trajectory_status == "behind"))
                        short = float(np.mean(s.deadline_projection_lower > s.target_value))
                        row += f"{_pct(behind, wards)}  {_pct(short, wards)}  "
                    print(row + f"{_pct(on, wards)}  [{time.time() - start:.0f} s]", flush=True)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    which = sys.argv[2].split(",") if len(sys.argv) > 2 else list(COURSES)
    main(n, which)
