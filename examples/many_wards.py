"""
49 wards on one page, in both styles
====================================

A regional collaborative's restrictive interventions per 1,000 occupied bed days: one I chart
per ward, 49 small multiples, each ward's first 12 months as its baseline. The panels share one
y axis by default, so a ward that looks high *is* high; ``sharey=False`` gives each ward its
own scale when the shape within each ward matters more than comparisons between them.
"""

import qistats as qi

df = qi.datasets.restrictive_practice()
res = qi.spc(
    df,
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    chart="i",
    multiply=1000,
    freeze=12,
    rules="mdc",
    improvement="decrease",
)
s = res.summary()
counts = s.variation.value_counts()
print(counts[counts > 0].to_string())

# %%
# Making Data Count: special-cause points coloured (blue improvement, orange concern) and the
# variation icon of each ward's latest month.
fig = res.plot(title="Restrictive interventions per 1,000 occupied bed days, 49 wards")

# %%
# qicharts2: shaded limits, signal points in red, the centre line dashed where the runs
# analysis signals.
fig = res.plot(style="qicharts2", title="The same 49 wards, qicharts2 style")
