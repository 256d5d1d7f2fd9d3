"""
Alternating: 14 points in a row up, down, up, down
==================================================

Fourteen or more points in a row that go up and down in turn (Nelson's test 4) suggest two
alternating sources (two shifts, two machines, a rota) mixed into one measure. All points of
the alternating run are flagged, including neighbours that happen to continue it.
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(0)
z = rng.normal(size=36)
saw = np.where(np.arange(14) % 2 == 0, 1, -1)
z[14:28] = 0.9 * saw + 0.2 * rng.normal(size=14)  # e.g. two staff rotas
weeks = pd.date_range("2024-01-01", periods=36, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.Alternating(14)
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
flagged = pts.loc[pts["alternating"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
