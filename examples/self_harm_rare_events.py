"""
Rare events: G and T charts of serious self-harm incidents
==========================================================

Monthly counts of rare events are mostly zeros and their limits say little. Chart the events
themselves: the number of admissions (G chart) or the days (T chart) between incidents. A
longer gap is better, so improvement shows as points above the centre line.
"""

import qistats as qi

events = qi.datasets.incidents()

# %%
# G chart: admissions between incidents. The centre line shown is the median (the geometric
# distribution is skewed); the limits come from the mean.
g = qi.spc(events, y="admissions_since", x="date", chart="g", freeze=24)
print(g.summary()[["n_points", "cl", "ucl", "longest_run", "longest_run_max", "runs_signal"]])
fig = g.plot(style="qicharts2")

# %%
# T chart: days between incidents, transformed to near-normality (y^(1/3.6)) and back.
t = qi.spc(events, y="days_since", x="date", chart="t", freeze=24)
print(t.summary()[["n_points", "cl", "lcl", "ucl", "runs_signal"]].round(1))
fig = t.plot(style="qicharts2")
