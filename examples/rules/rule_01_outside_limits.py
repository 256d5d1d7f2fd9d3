"""
A point outside the limits
==========================

The first rule of every rule set: a point above the upper or below the lower limit (three
sigma by default, ``sigma=`` in :func:`qistats.spc`). On independent normal data it fires on 0.27 %
of points, about once in 370.
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(0)
z = rng.normal(size=30)
z[18] = 4.2  # one very slow week
weeks = pd.date_range("2024-01-01", periods=30, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.OutsideLimits()
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
flagged = pts.loc[pts["outside_limits"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
