r"""
Anhøj: an unusually long run
============================

A run chart's first question: is any run of points on one side of the median longer than
chance allows? Anhøj's limit grows with the number of useful points :math:`n` (those not on
the median): a run longer than :math:`\operatorname{round}(\log_2 n) + 3` signals. With 36
weeks the limit is 8, so a run of 9 or more signals; the summary reports the longest run and
its limit.

A sustained change usually shows both ways: the long run, and too few crossings of the median
(the next page). Either one signals (``runs_signal``).
"""

import numpy as np
import pandas as pd

import qistats as qi

rng = np.random.default_rng(1)
z = rng.normal(size=36)
z[20:32] = -np.abs(z[20:32]) - 0.4  # twelve faster weeks after a change
weeks = pd.date_range("2024-01-01", periods=36, freq="W-MON")
df = pd.DataFrame({"week": weeks, "minutes": np.round(30 + 4 * z, 1)})

res = qi.spc(df, y="minutes", x="week", chart="run", improvement="decrease")
cols = ["n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min"]
print(res.summary()[[*cols, "runs_signal"]].to_string(index=False))
pts = res.points
print(pts.loc[pts["long_run"], ["week", "value", "cl"]].to_string(index=False))
fig = res.plot(style="qicharts2", title="Minutes from arrival to triage", subtitle="run chart")
