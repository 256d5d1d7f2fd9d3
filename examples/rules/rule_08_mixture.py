"""
Mixture: 8 points in a row beyond 1σ, either side
=================================================

Eight or more points in a row, none within one sigma of the centre line, on either side
(Nelson's test 8): the measure mixes two processes, one high and one low, and rarely lands in
between.
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(2)
z = rng.normal(size=30)
z[16:24] = np.where(rng.random(8) < 0.5, 1, -1) * rng.uniform(1.4, 2.2, 8)
weeks = pd.date_range("2024-01-01", periods=30, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.Mixture(8)
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
flagged = pts.loc[pts["mixture"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
