"""
Quickstart: many wards at once
==============================

Run charts and I charts of restrictive interventions for every ward of a regional collaborative
(the bundled synthetic data: 11 trusts, 49 wards, 48 months), then the ambition "reduce by 50 %
by March 2024" for every ward and for the programme. ``make demo`` runs this script.
"""

import textwrap

import numpy as np
import pandas as pd

import qistats as qi

df = qi.datasets.restrictive_practice()
print(
    f"{len(df):,} rows: {df.trust.nunique()} trusts, {df.ward.nunique()} wards, "
    f"{df.month.nunique()} months\n"
)

# Run charts of the rate per 1,000 occupied bed days, one per ward, with the first
# 12 months of every ward as the baseline (the median is frozen there).
run = qi.spc(
    df,
    y="restraints",
    n="bed_days",
    x="month",
    by=["trust", "ward"],
    chart="run",
    multiply=1000,
    freeze=12,
)
summary = run.summary()
print(run.title)
print(
    f"Wards whose runs analysis signals non-random variation: "
    f"{summary.runs_signal.sum()} of {len(summary)}\n"
)
cols = [
    "trust",
    "ward",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "cl",
]
print(summary.loc[summary.runs_signal, cols].head(8).round(2).to_string(index=False))

# I chart of one ward, first with the 12 months before its improvement programme as the
# baseline, then with a phase of its own for the programme.
ward = df[df.ward == "BRI3"].assign(
    period=lambda d: np.where(d.intervention, "programme", "before")
)
start = ward.month[ward.intervention].min()
frozen = qi.spc(
    ward,
    y="restraints",
    n="bed_days",
    x="month",
    chart="i",
    multiply=1000,
    freeze=start - pd.DateOffset(months=1),
)
print(f"\n{frozen.title}, ward BRI3, limits frozen on the months before {start:%B %Y}:")
cols = ["phase", "n_points", "cl", "lcl", "ucl", "runs_signal", "n_outside"]
print(frozen.summary()[cols].round(2).to_string(index=False))

i_chart = qi.spc(
    ward, y="restraints", n="bed_days", x="month", chart="i", multiply=1000, phase="period"
)
print("\nThe same ward with a phase for the programme:")
print(i_chart.summary()[cols].round(2).to_string(index=False))
# The chart (Making Data Count style); fig.savefig("BRI3.png", dpi=200) writes it for a paper.
fig = i_chart.plot(title="Restrictive interventions per 1,000 bed days, ward BRI3")

# Points that signal against the frozen baseline, with the rule that fired. (Too few
# crossings is a property of the whole phase, so `few_crossings` flags all of its points.)
pts = frozen.points
flagged = pts[pts.outside_limits | pts.long_run]
flagged = flagged[["month", "value", "cl", "lcl", "outside_limits", "long_run"]]
print(f"\n{len(flagged)} points are outside the limits or in a long run; the first five:")
print(flagged.head().round({"value": 2, "cl": 2, "lcl": 2}).to_string(index=False))

# The ambition: "reduce restrictive practice by 50% by March 2024", every ward against its own
# fixed baseline (April 2020 - March 2021), and the programme as a whole.
amb = qi.ambition(
    df,
    y="restraints",
    n="bed_days",
    x="month",
    by=["trust", "ward"],
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
)
s = amb.summary()
table = s[["ward", "baseline_value", "current_value", "percent_change"]].round(2)
table["rate_ratio_95"] = (
    s.rate_ratio_lower.map("{:.2f}".format) + " to " + s.rate_ratio_upper.map("{:.2f}".format)
)
table[["prob_target_met", "verdict"]] = s[["prob_target_met", "verdict"]].round(2)
print("\nAmbition: -50% by March 2024 (rates per 1,000 occupied bed days), first ten wards:")
print(table.head(10).to_string(index=False))
print("\nVerdicts:", ", ".join(f"{k} {v}" for k, v in s.verdict.value_counts().items()))
# Every verdict comes with its reason: the window judged (the 12 months ending at the deadline,
# once the data reach it), the level against the target and the strength of the evidence.
print("\nWhy, for the Brindley wards:")
for ward, reason in s.loc[s.trust == "Brindley", ["ward", "reason"]].itertuples(index=False):
    print(textwrap.fill(f"{ward}: {reason}", 100, initial_indent="  ", subsequent_indent="    "))
pooled = amb.pooled().iloc[0]
print(
    f"Programme (Mantel-Haenszel, each ward against its own baseline): rate ratio "
    f"{pooled.rate_ratio:.2f} ({pooled.rate_ratio_lower:.2f} to {pooled.rate_ratio_upper:.2f}),"
    f"\n  a {-pooled.percent_change:.0f}% fall against an ambition of 50%."
)
# That interval treats the wards as one; they differ far more than chance allows (I², τ²),
# so the random-effects ratio is the programme's average ward, and the prediction interval
# says where a ward's own ratio may lie.
print(
    f"The wards differ (I² {pooled.i_squared:.2f}): the average ward's ratio "
    f"{pooled.random_effects_ratio:.2f} ({pooled.random_effects_lower:.2f} to "
    f"{pooled.random_effects_upper:.2f});\n  a ward like these would have a ratio between "
    f"{pooled.prediction_lower:.2f} and {pooled.prediction_upper:.2f} (95% prediction interval)."
)
