"""
Four of five points beyond 1σ on one side
=========================================

Four of five successive points beyond one sigma on the same side (Western Electric and
Nelson): a small, sustained shift shows here before a run of 8 or 9 completes. Only the four
points beyond the line are flagged.
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(2)
z = rng.normal(size=30)
z[16:21] = [1.4, 1.7, 0.3, 1.5, 1.3]  # four of five weeks beyond one sigma
weeks = pd.date_range("2024-01-01", periods=30, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.Zone(4, 5, 1.0)
res = qi.spc(
    df,
    y="minutes",
    x="week",
    chart="i",
    freeze=14,
    rules=[rule],
    improvement="decrease",
)
pts = res.points
flagged = pts.loc[pts["four_of_five"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
