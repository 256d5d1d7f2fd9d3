"""
Sexual safety: a P chart of a survey proportion and a shortfall target
======================================================================

"Improve sexual safety by 50 % above baseline." For a proportion this is ambiguous: 1.5 × 64 %
is 96 %, and 1.5 × 70 % would be impossible. The *shortfall* reading closes half of the gap to
100 % (64 % → 82 %), which is what such ambitions usually mean.
"""

import textwrap

import qistats as qi

df = qi.datasets.sexual_safety()
trust = df[df.trust == "Brindley"]

# %%
# A P chart in per cent, the first year as the baseline.
res = qi.spc(
    trust,
    y="felt_safe",
    n="asked",
    x="month",
    chart="p",
    multiply=100,
    freeze=12,
    rules="mdc",
    improvement="increase",
)
print(res.summary()[["cl", "lcl", "ucl", "n_outside", "n_shift", "variation"]].round(1))
fig = res.plot()

# %%
# The ambition, for every trust, with the shortfall definition: judged on the failure ratio
# (1 − p₁)/(1 − p₀), so ``percent_change`` is the change in the share who did not feel safe
# (−50 % is the ambition).
amb = qi.ambition(
    df,
    y="felt_safe",
    n="asked",
    x="month",
    by="trust",
    kind="proportion",
    baseline=("2021-04-01", "2022-03-01"),
    change=0.5,
    target="shortfall",
    deadline="2024-03-01",
    multiply=100,
)
cols = [
    "trust",
    "baseline_value",
    "target_value",
    "current_value",
    "percent_change",
    "prob_target_met",
    "verdict",
]
print(amb.summary()[cols].round(1).to_string(index=False))
print(textwrap.fill(amb.summary().reason.iloc[0], 100))
