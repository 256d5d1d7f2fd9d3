"""Per-point false-signal rates of each named rule set on in-control data; prints a table.

One series of 1,000,000 independent N(0, 1) values (an I chart; XmR for "mdc"; a run chart for
"ihi"), and, for the runs analysis, 20,000 random series of 20 to 100 points. The figures are
quoted in the documentation's rule pages.

Run: ``python benchmarks/false_alarms.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import qistats as qi

SETS = {"anhoej": "i", "ihi": "run", "western_electric": "i", "nelson": "i", "mdc": "xmr"}


def main(n: int = 1_000_000, seed: int = 2024) -> None:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"y": rng.normal(size=n)})
    print(f"per-point rates on {n:,} independent normal points (seed {seed})")
    for name, chart in SETS.items():
        pts = qi.spc(df, y="y", chart=chart, rules=name).points
        rules = [
            c
            for c in pts.columns
            if pts[c].dtype == bool and c not in ("baseline", "excluded", "signal")
        ]
        parts = ", ".join(f"{c} {pts[c].mean():.4f}" for c in rules)
        print(f"  {name:<17} ({chart:>3}): any rule {pts.signal.mean():.4f}  [{parts}]")
    lengths = rng.integers(20, 101, size=20_000)
    series = pd.DataFrame(
        {"g": np.repeat(np.arange(lengths.size), lengths), "y": rng.normal(size=lengths.sum())}
    )
    s = qi.spc(series, y="y", by="g", chart="run").summary()
    print(f"share of {lengths.size:,} random series of 20-100 points with a signal:")
    print(f"  Anhøj runs analysis (run chart):   {s.runs_signal.mean():.3f}")
    for name, chart in SETS.items():
        pts = qi.spc(series, y="y", by="g", chart=chart, rules=name).points
        print(
            f"  any {name} rule ({chart}):{' ' * (18 - len(name) - len(chart))}"
            f"{pts.groupby('g').signal.any().mean():.3f}"
        )


if __name__ == "__main__":
    main()
