r"""
Anhøj: too few crossings of the median
======================================

The second question of a run chart: does the line cross the median often enough? In random
data the number of crossings of :math:`n` useful points is
:math:`\operatorname{Bin}(n - 1, \tfrac12)`; fewer than its 5th percentile signals. Here a
slow cycle (a season, a rota over months) keeps the points on one side for weeks at a time,
yet no single run is long enough to signal: 24 weeks need at least 8 crossings, and this
series has 4.

Too few crossings is a property of the whole phase, so ``few_crossings`` flags all of its
useful points; the qicharts2 style draws the median dashed when the runs analysis signals.
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(0)
cycle = 0.9 * np.sin(np.arange(24) * 2 * np.pi / 12)  # a 12-week cycle
z = cycle + 0.4 * rng.normal(size=24)
weeks = pd.date_range("2024-01-01", periods=24, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

res = qi.spc(df, y="minutes", x="week", chart="run", improvement="decrease")
cols = ["n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min"]
print(res.summary()[[*cols, "runs_signal"]].to_string(index=False))
fig = res.plot(style="qicharts2", title="Minutes from arrival to triage", subtitle="run chart")
