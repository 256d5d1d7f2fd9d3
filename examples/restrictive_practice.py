"""
Restrictive practice: U charts per trust, a frozen baseline and an intervention phase
=====================================================================================

Restrictive interventions per 1,000 occupied bed days, one U chart per trust. The collaborative
launched in October 2021: each trust gets a phase from then on, and in each phase the first 12
months are the baseline from which the centre line and limits are computed (``freeze`` and
``phase`` combine, which qicharts2 does not allow).
"""

import qistats as qi

df = qi.datasets.restrictive_practice()

# %%
# Trust level: rows sharing (trust, month) are summed (events and bed days), so the plotted
# value is the trust's rate, not the mean of its wards' rates.
res = qi.spc(
    df,
    y="restraints",
    n="bed_days",
    x="month",
    by="trust",
    chart="u",
    multiply=1000,
    phase=["2021-10-01"],
    freeze=12,
    rules="mdc",
    improvement="decrease",
)
summary = res.summary()
print(
    summary[["trust", "phase", "cl", "lcl", "ucl", "n_outside", "n_shift", "variation"]]
    .round(2)
    .to_string(index=False)
)

# %%
# The chart: one panel per trust, the Making Data Count colours (blue improvement, orange
# concern) and the variation icon of each trust's latest month.
fig = res.plot(sharey=False, ncols=4)

# %%
# Which trusts changed after the launch? Compare the two phases' centre lines.
wide = summary.pivot(index="trust", columns="phase", values="cl")
wide["change_%"] = (wide[2] / wide[1] - 1) * 100
print(wide.round(1).sort_values("change_%").to_string())
