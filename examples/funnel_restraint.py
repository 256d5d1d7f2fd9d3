"""
Restraint by ward: a funnel plot of last year's rates
======================================================

Which wards' restraint rates last year were unusual for their size, and which only look high or
low because they are small? A funnel plot compares all 49 wards of the collaborative at once:
each ward's rate per 1,000 occupied bed days against its bed days, with limits around the
collaborative's rate that narrow as wards get bigger.

The data are the long monthly table the SPC examples use; ``x=`` and ``period=`` pick the
financial year April 2023 to March 2024, whose months are summed per ward.
"""

import qistats as qi

df = qi.datasets.restrictive_practice()
year = ("2023-04-01", "2024-03-01")

res = qi.funnel(
    df,
    y="restraints",
    n="bed_days",
    unit="ward",
    kind="rate",
    multiply=1000,
    x="month",
    period=year,
)
print(res.summary()[["n_units", "target", "phi", "tau2", "adjusted", "n_outliers"]].round(3))

# %%
# The collaborative's rate is the target line (pooled over the wards consistent with each other,
# so that a few extreme wards cannot move it: here all 49). φ is far above 1: the wards differ far
# more than chance alone would make them (they have different patients, and some have cut
# restraint since 2022). So the limits are adjusted for that overdispersion (the SHMI method):
# they ask "is this ward unusual *among wards like these*?". With this much real variation, no
# ward is.
fig = res.plot(improvement="decrease")

# %%
# Without the adjustment the limits only allow for chance, as if every ward had the same
# underlying rate. Most wards are then "outliers": the honest reading is that wards differ
# systematically, and the next question is why (case mix, model of care, the improvement
# programme), which an SPC chart per ward can follow over time.
plain = qi.funnel(
    df,
    y="restraints",
    n="bed_days",
    unit="ward",
    kind="rate",
    multiply=1000,
    x="month",
    period=year,
    adjust=False,
)
flagged = plain.units[plain.units["outlier"]]
print(f"{len(flagged)} of {len(plain.units)} wards outside the unadjusted 99.8 % limits")
print(flagged[["ward", "y", "n", "value", "lcl_99_8", "ucl_99_8", "direction"]].round(1).head(8))
fig = plain.plot(improvement="decrease", logx=True)

# %%
# One funnel per financial year (``by=``): each year's wards against that year's rate, on the
# same y axis, so the panels show how the spread between wards changed as some wards cut
# restraint. Without ``x=`` every row is used, summed per ward within each year.
df["year"] = (df["month"].dt.year - (df["month"].dt.month < 4)).map(
    lambda y: f"{y}/{(y + 1) % 100:02d}"
)
by_year = qi.funnel(
    df, y="restraints", n="bed_days", unit="ward", kind="rate", multiply=1000, by="year"
)
print(by_year.summary()[["year", "target", "phi", "n_outliers"]].round(2))
fig = by_year.plot(improvement="decrease", ncols=2)
