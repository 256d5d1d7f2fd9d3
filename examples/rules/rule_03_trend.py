"""
Trend: 6 or more points rising (or falling) in a row
====================================================

Six or more points in a row, each higher than the one before (or each lower), is the Making
Data Count and Nelson trend; the IHI uses 5 and qicharts2 none (a trend rarely signals what a
shift would not). A repeated value ends the trend (``ties="break"``); ``ties="ignore"`` steps
over it, as the IHI rule does.
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(0)
z = rng.normal(size=30)
z = 0.5 * z
z[14:21] = np.linspace(-1.2, 1.6, 7)  # seven weeks, each slower than the last
weeks = pd.date_range("2024-01-01", periods=30, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.Trend(6)
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
flagged = pts.loc[pts["trend"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
