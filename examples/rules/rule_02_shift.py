"""
Shift: 7 or more points on one side of the centre line
======================================================

A run of 7 or more points above (or below) the centre line is unlikely when nothing has
changed: each point is on a given side with probability ½, so 7 in a row happen by chance about
once in 64 tries. Making Data Count uses 7; Western Electric 8, Nelson 9 and the IHI 6
(``qi.rules.Shift(n)``). A point on the centre line breaks the run (``on_centre="break"``; the
IHI skips it, ``on_centre="skip"``).
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(1)
z = rng.normal(size=30)
z[14:21] += 1.8  # triage gets slower for seven weeks
weeks = pd.date_range("2024-01-01", periods=30, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.Shift(7)
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
flagged = pts.loc[pts["shift"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
