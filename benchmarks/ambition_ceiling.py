"""``qi.ambition`` for wards whose baseline meets an absolute target already, on simulated wards.

The target is a ceiling at ``T`` × the baseline rate (lower is better), so every ward's
baseline meets it and the ambition asks no change of it. Courses (true rate as a multiple of
the baseline, ``tests/ambition_simulation.py``'s months: the baseline is months 1–12, the
deadline month 48): unchanged; a step right after the baseline to 0.9 × the target (under it:
"met" at the deadline) or to 1.3 × (over it: "not_met"); a straight rise over 24 months to
0.9 × or 1.3 × the target. Before trial 23 these wards were judged against the trajectory from
the baseline to the target, which rises; now by their window's level against the target
(``ceiling_behind`` in ``qistats/ambition/verdict.py``).

Run from the repository root:
``python benchmarks/ambition_ceiling.py [wards] [events a baseline month] [T]`` (default 1,000
wards, 10 events, T = 2; about 12 s). Quoted in ``docs/ambition_verdicts.rst``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ambition_simulation import MONTHS, rate_wards, track


def main(n: int, per: float, ceiling: float) -> None:
    after = MONTHS > 12
    ramp = np.clip((MONTHS - 12) / 24, 0, 1)
    courses = {
        "unchanged": np.ones(48),
        "step_to_0.9T": np.where(after, 0.9 * ceiling, 1.0),
        "ramp_to_0.9T": 1 + (0.9 * ceiling - 1) * ramp,
        "step_to_1.3T": np.where(after, 1.3 * ceiling, 1.0),
        "ramp_to_1.3T": 1 + (1.3 * ceiling - 1) * ramp,
    }
    print(f"{n} wards a course, {per:g} events a baseline month, target {ceiling:g} x baseline")
    print("look (month; baseline 1-12): on_track / off_track / insufficient_data; at 48 met / not")
    for i, (name, rel) in enumerate(courses.items()):
        df = rate_wards(900 + i, n, rel, per)
        row = []
        for look in (18, 24, 36, 47, 48):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the TargetWarning: no improvement asked
                v = track(df[df.month <= look], target=ceiling * per, multiply=1000)
            c = v.summary().verdict.value_counts(normalize=True)
            if look < 48:
                shares = (c.get(k, 0.0) for k in ("on_track", "off_track", "insufficient_data"))
            else:
                shares = (c.get(k, 0.0) for k in ("met", "not_met"))
            row.append(f"{look}: " + " / ".join(f"{x:.3f}" for x in shares))
        print(f"{name:13s} " + " | ".join(row))


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        int(args[0]) if args else 1000,
        float(args[1]) if len(args) > 1 else 10.0,
        float(args[2]) if len(args) > 2 else 2.0,
    )
