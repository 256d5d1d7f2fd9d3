"""Error rates of ``qi.ambition``'s intervals and verdicts on simulated wards; prints a report.

The scenarios of ``tests/test_ambition_simulation.py`` (defined in
``tests/ambition_simulation.py``) on more wards, with the seeds printed. The figures are quoted
in ``docs/ambition_verdicts.rst``.

Run from the repository root:
``python benchmarks/ambition_error_rates.py [wards] [verdicts|deadline]`` (default 20,000 wards
per scenario; a few minutes). With ``verdicts`` only the verdicts before the deadline are run
(sections 2, 2b, 2c, 2e and 2d: on the trajectory, no change, stalled, before a pace, before
and at the deadline);
with ``deadline`` only the verdicts at the deadline (sections 3, 3b and 4: a constant 25 %
fall, falls of 0–70 %, rare events).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ambition_simulation import (
    FALLS,
    at_the_deadline,
    before_and_at_deadline,
    calibration,
    constant_fall,
    coverage,
    early_looks,
    no_change,
    on_trajectory,
    stalled,
    verdict_shares,
)


def _verdicts(shares: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1]))


def coverage_section(wards: int, seed: int) -> None:
    print("\n1. Coverage of the 95 % intervals (rates; true rate ratio 0.7; 12 + 12 months)")
    print("   expected baseline events   phi   baseline  current  rate ratio")
    for expected in (5, 10, 400):
        for phi in (1.0, 3.0):
            c = coverage(seed, wards, expected, phi)
            print(
                f"   {expected:>24}  {phi:>4.0f}   {c['baseline']:8.3f} {c['current']:8.3f}"
                f" {c['rate_ratio']:11.3f}"
            )


def before_deadline_section(wards: int, seed: int) -> None:
    print("\n2. A ward exactly on the compound trajectory")
    for per_month in (20.0, 500.0):
        for phi in (1.0, 3.0):
            got = on_trajectory(seed, wards, per_month, phi, looks=(12, 24, 36))
            for look in (12, 24, 36):
                print(
                    f"   {per_month:.0f}/month, phi {phi:.0f}, {look} months after the baseline:"
                    f" {_verdicts(got[look])}"
                )
            behind = got["behind"]
            print(
                f"   {per_month:.0f}/month, phi {phi:.0f}, share 'behind' per month (13-48): "
                f"min {behind.min():.3f}, mean {behind.mean():.3f}, max {behind.max():.3f}"
            )
    print("\n2b. A ward with no change at all (on_track is wrong)")
    for per_month in (20.0, 150.0):
        got = no_change(seed, wards, per_month)
        for look, shares in got.items():
            print(f"   {per_month:.0f}/month, {look} months: {_verdicts(shares)}")
    print(
        "\n2c. A 25 % fall then flat (stalled) against the trajectory, a year before the deadline"
    )
    for per_month in (10.0, 20.0, 50.0):
        got = stalled(seed, wards, per_month)
        for course, shares in got.items():
            print(f"   {per_month:.0f}/month, {course}: {_verdicts(shares)}")
    print("\n2e. Before a pace exists: 40, 60 or 50 % down at once, then flat (target 50 %)")
    for per_month in (20.0, 100.0):
        got = early_looks(seed, wards, per_month)
        for course, looks in got.items():
            for look, shares in looks.items():
                print(f"   {per_month:.0f}/month, {course}, {look} months: {_verdicts(shares)}")
    print("\n2d. Before the deadline (months 36, 47) and at it (48), and P(met | on_track)")
    for per_month in (10.0, 30.0):
        got = before_and_at_deadline(seed, wards, per_month)
        for course, looks in got.items():
            for look, shares in looks.items():
                text = _verdicts(shares) if look != "met_if_on_track" else shares
                print(f"   {per_month:.0f}/month, {course}, {look}: {text}")


def deadline_section(wards: int, seed: int) -> None:
    print("\n3. A constant 25 % fall (target 50 %), judged at the deadline")
    for per_month in (2.0, 5.0, 10.0, 20.0):
        got = verdict_shares(seed, wards, constant_fall(0.25), per_month, last_month=48)
        print(f"   {per_month:>4.0f} events a month: {_verdicts(got)}")
    print("\n3b. A fall of 0-70 % after the baseline (target 50 %), judged at the deadline")
    for per_month in (1.0, 5.0, 20.0):
        got = at_the_deadline(seed, wards, per_month)
        for fall in FALLS:
            print(f"   {per_month:>4.0f} events a month, fall {fall:.0%}: {_verdicts(got[fall])}")
        print(
            f"   {per_month:>4.0f} events a month: insufficient_data among the {got['shown']:,}"
            f" wards with a significant fall at or beyond the target: {got['hidden']:.3f}"
        )
    print("\n4. 0.3 events a month and no change")
    for look in (12, 24, 36):
        got = verdict_shares(seed, wards, np.ones(48), 0.3, last_month=12 + look)
        print(f"   {look} months after the baseline: {_verdicts(got)}")


def calibration_section(wards: int, seed: int) -> None:
    print(f"\n5. Calibration of prob_target_met, {4 * wards:,} wards (prior: ambition_simulation)")
    for target in ("relative", "absolute", "shortfall"):
        table = calibration(seed, 4 * wards, target)
        worst = table.gap.abs().max()
        print(f"   {target}: worst |observed - predicted| over decile bins {worst:.3f}")
        print("      " + table.round(3).to_string().replace("\n", "\n      "))


def main(wards: int = 20_000, seed: int = 2026, only: str = "") -> None:
    start = time.perf_counter()
    print(f"qi.ambition error rates: {wards:,} simulated wards per scenario, seed {seed}")
    if not only:
        coverage_section(wards, seed)
    if only in ("", "verdicts"):
        before_deadline_section(wards, seed)
    if only in ("", "deadline"):
        deadline_section(wards, seed)
    if not only:
        calibration_section(wards, seed)
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 20_000,
        only=sys.argv[2] if len(sys.argv) > 2 else "",
    )
