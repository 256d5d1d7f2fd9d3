"""Rules for ``qi.ambition``'s verdict before a pace exists, measured on simulated wards.

Before a ward has 12 months after its baseline (6 quarters) there is no pace to tell a fall
that stalls from one that goes on, and "on_track" needs the window's level at the target
already (its point estimate; ``pace_unclear`` in ``qistats/ambition/verdict.py``). This script
measures looser rules on wards of known truth: each exempts from that check the wards its
condition passes (the verdict "insufficient_data" with the reason "too early to tell whether
the pace is enough … needs 12 …", every earlier step of the verdict passed), which become
"on_track". Courses (``tests/ambition_simulation.py``; seeds as ``early_looks``'s, then
after them): a fall of 40 % (short of the −50 % target: "on_track" wrong), 60 % (right),
50 % (exactly at the target: a boundary), 45 % (a little short: wrong), right after the
baseline and then flat; and wards on the compound trajectory ("off_track" wrong).

Run from the repository root: ``python benchmarks/ambition_early_rules.py [wards] [seed]``
(default 3,000 wards per course and look, seed 2026; about 15 s). Quoted in
``docs/ambition_verdicts.rst`` ("Before there is a pace").
"""

from __future__ import annotations

import sys
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

LOOKS = (1, 2, 6, 11)
RHO = 0.5  # the target ratio (change=-0.5)
COURSES = {  # name: (seed offset, course); early_looks' courses keep its seeds
    "stalled_40": (0, constant_fall(0.4)),
    "ahead_60": (1, constant_fall(0.6)),
    "at_target_50": (2, constant_fall(0.5)),
    "stalled_45": (3, constant_fall(0.45)),
    "on_trajectory": (4, compound_trajectory(MONTHS, 0.5)),
}
RULES = {
    "current (point_met)": lambda s: np.zeros(len(s), dtype=bool),
    "ahead & CI has target": lambda s: (
        (s.trajectory_status == "ahead") & (s.rate_ratio_lower <= RHO)
    ),
    "P(met) >= 0.4": lambda s: s.prob_target_met >= 0.4,
    "P(met) >= 0.3": lambda s: s.prob_target_met >= 0.3,
    "P(met) >= 0.2": lambda s: s.prob_target_met >= 0.2,
    "ahead & upper < 1.2 tgt": lambda s: (
        (s.trajectory_status == "ahead") & (s.rate_ratio_upper < 1.2 * RHO)
    ),
}


def measure(seed: int, wards: int, per_month: float) -> dict:
    """Per (rule, course, look): the share of each verdict."""
    out = {}
    for name, (offset, course) in COURSES.items():
        df = rate_wards(seed + offset, wards, course, per_month, last_month=24)
        for look in LOOKS:
            s = track(df[df.month <= BASELINE_END + look]).summary()
            young = (
                (s.verdict == "insufficient_data")
                & s.reason.str.startswith("too early to tell whether the pace is enough")
                & s.reason.str.contains("needs 12")
            )
            for rule, passes in RULES.items():
                v = np.where(young & passes(s), "on_track", s.verdict)
                shares = {k: float(np.mean(v == k)) for k in ("on_track", "off_track")}
                out[rule, name, look] = shares
    return out


def _looks(got: dict, rule: str, course: str, verdict: str) -> str:
    return ",".join(f"{got[rule, course, k][verdict]:.3f}".lstrip("0") for k in LOOKS)


def main() -> None:
    wards = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    for per_month in (20.0, 100.0):
        got = measure(seed, wards, per_month)
        print(f"\n{per_month:g} events a month, {wards:,} wards per course and look, seed {seed}")
        print("share on_track at looks 1/2/6/11 months (on_trajectory: on_track | off_track)")
        print(f"{'rule':<24}" + "".join(f"{c:>26}" for c in COURSES))
        for rule in RULES:
            row = f"{rule:<24}"
            for c in COURSES:
                on = _looks(got, rule, c, "on_track")
                if c == "on_trajectory":
                    row += f"  {on} | {_looks(got, rule, c, 'off_track')}"
                else:
                    row += f"{on:>26}"
            print(row)


if __name__ == "__main__":
    main()
