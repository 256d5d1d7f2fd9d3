"""
Ambition tracker: 11 trusts and the programme
=============================================

"Reduce restrictive practice by 50 % by March 2024", tracked for every ward of 11 trusts
against its own fixed baseline (April 2020 – March 2021), then pooled for the programme.
"""

import textwrap

import qistats as qi

df = qi.datasets.restrictive_practice()
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

# %%
# Per ward: the change achieved (current ÷ baseline rate) with its 95 % interval, the
# probability that the 50 % target has been met, the verdict and the projected date of
# reaching the target.
s = amb.summary()
table = s[["ward", "baseline_value", "current_value"]].copy()
table["rate_ratio_95"] = (
    s.rate_ratio_lower.map("{:.2f}".format) + " to " + s.rate_ratio_upper.map("{:.2f}".format)
)
table[["prob_target_met", "verdict", "projected_date"]] = s[
    ["prob_target_met", "verdict", "projected_date"]
]
print(table.head(15).to_string(index=False, float_format="{:.2f}".format))
print(s.groupby("trust").verdict.value_counts().unstack(fill_value=0))

# %%
# Each verdict's reason, in one sentence: the window judged, the level against the target
# and the strength of the evidence beside it.
for ward, reason in s[["ward", "reason"]].head(5).itertuples(index=False):
    print(textwrap.fill(f"{ward}: {reason}", 100, subsequent_indent="    "))

# %%
# The programme: one Mantel–Haenszel rate ratio over all wards, each against its own baseline.
print(
    amb.pooled()[
        [
            "n_series",
            "baseline_value",
            "current_value",
            "rate_ratio",
            "rate_ratio_lower",
            "rate_ratio_upper",
            "p_improved",
        ]
    ]
    .round(3)
    .to_string(index=False)
)

# %%
# The same ambition a year before the deadline (``as_of``: later data are not used). "met" is
# judged on the 12 months ending at the deadline, so the trajectory reaches the target at
# their start (April 2023) and "on_track" means the same thing ahead of time. Before the
# deadline a ward is "on_track" only when its last 12 months could tell the change the
# trajectory expects by now (a 39 % fall) from no change, or already show a significant fall,
# and its pace along the trajectory is following it or could tell stalling from reaching the
# target (a pace that clearly falls short of the target over those 12 months is "off_track");
# otherwise it is "insufficient_data", too early to tell, and the reason says so.
early = qi.ambition(
    df,
    y="restraints",
    n="bed_days",
    x="month",
    by=["trust", "ward"],
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
    as_of="2023-03-01",
)
e = early.summary()
print(e.verdict.value_counts().to_string())
for ward, reason in e.loc[e.trust == "Brindley", ["ward", "reason"]].itertuples(index=False):
    print(textwrap.fill(f"{ward}: {reason}", 100, subsequent_indent="    "))

# %%
# One ward's path: observed rate, baseline, target and trajectory, the assessment window, the
# projected date of reaching the target; below it, the cumulative observed / expected events
# under the trajectory with its 95 % interval (below 1: ahead of the trajectory).
fig = amb.plot(series=("Brindley", "BRI3"), oe=True)

# %%
# The programme at a glance: every ward's change from its own baseline with its 95 % interval
# against the 50 % target, coloured by verdict, and the pooled change below.
fig = amb.plot(view="overview")
