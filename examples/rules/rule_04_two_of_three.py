"""
Two of three points beyond 2σ on one side
=========================================

Two of three successive points beyond two sigma, on the same side, is a warning that a
single point outside the limits would miss. Only the two points beyond the line are flagged,
not the one between. Western Electric, Nelson and Making Data Count use it; Making Data Count
also asks all three points to be on that side (``same_side_window=True``, in
``qi.rules.mdc()``).
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(0)
z = rng.normal(size=30)
z[16], z[18] = 2.3, 2.2  # two of three weeks near the upper limit
weeks = pd.date_range("2024-01-01", periods=30, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

rule = qi.rules.Zone(2, 3, 2.0)
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
flagged = pts.loc[pts["two_of_three"]].set_index("week")[["value", "cl", "lcl", "ucl"]]
print(flagged.round(1))
fig = res.plot(title="Minutes from arrival to triage", subtitle=rule.describe())
