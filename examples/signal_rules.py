"""
Signal rules, in pictures
=========================

Each panel is a short series with one pattern, drawn with the rule that finds it. The flagged
points are coloured; every point of the pattern is flagged, not only the last one.
"""

import numpy as np
import pandas as pd

import qistats as qi

background = [0.4, -0.6, 0.5, -0.3, 0.2, -0.5, 0.6, -0.4]
patterns = {
    "Shift(7): 7 in a row on one side": background
    + [0.8, 1.1, 0.5, 0.9, 1.3, 0.7, 1.0]
    + background[::-1],
    "Trend(7): 7 rising in a row": background
    + [-1.6, -1.1, -0.7, -0.2, 0.3, 0.9, 1.4]
    + background,
    "Zone(2, 3, 2): 2 of 3 beyond 2σ": background + [2.4, 0.3, 2.3] + background + background,
    "OutsideLimits(): beyond 3σ": background + [4.0] + background + background,
}
frames = []
for name, values in patterns.items():
    frames.append(pd.DataFrame({"pattern": name, "t": np.arange(len(values)), "y": values}))
df = pd.concat(frames)

rules = [qi.rules.OutsideLimits(), qi.rules.Trend(7), qi.rules.Zone(2, 3, 2.0), qi.rules.Shift(7)]
# the centre line is fixed at 0; sigma comes from the moving ranges of each series
res = qi.spc(
    df,
    y="y",
    x="t",
    by="pattern",
    chart="i",
    cl=0,
    rules=rules,
    improvement="increase",
    min_points=0,
)
print(
    res.summary()[["pattern", "n_outside", "n_trend", "n_two_of_three", "n_shift"]].to_string(
        index=False
    )
)
fig = res.plot(ncols=2, icons=False)
