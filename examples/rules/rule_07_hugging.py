"""
Hugging: 15 points in a row within 1σ of the centre line
========================================================

Fifteen or more points in a row within one sigma of the centre line (Nelson's test 7):
less variation than the limits expect. Often the limits were computed from data that are no
longer like the present (a changed process, or averaged data); sometimes, real improvement in
consistency.
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(0)
z = rng.normal(size=36)
z[16:32] *= 0.25  # the variation collapses
weeks = pd.date_range("2024-01-01", periods=36, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.Hugging(15)
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
flagged = pts.loc[pts["hugging"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
