"""
Real data: A&E, % of patients seen within 4 hours against the 95 % standard
===========================================================================

Monthly type 1 (major) A&E attendances and four-hour breaches, April 2016 – March 2019, from
NHS England's A&E statistics (NHSRdatasets ``ae_attendances``; Open Government Licence / CC0),
bundled with qistats as :func:`qistats.datasets.ae_attendances`. The measure boards see is the
percentage of patients admitted, transferred or discharged within four hours, against the
constitutional standard of 95 %.
"""

import textwrap
import warnings

import qistats as qi

ae = qi.datasets.ae_attendances()
ae["within_4h"] = 1 - ae.breaches / ae.attendances  # shown in per cent (multiply=100)
england = ae[ae.org_code == "England"]

# %%
# England, the Making Data Count way: an XmR chart with the MDC rules, higher is better, and
# the 95 % target. The summary gives the variation of the latest month and the *assurance*:
# whether the process, as it runs now, can be relied on to meet the target.
res = qi.spc(
    england,
    y="within_4h",
    x="month",
    chart="xmr",
    multiply=100,
    rules="mdc",
    improvement="increase",
    target=95,
)
print(res.summary()[["cl", "lcl", "ucl", "n_shift", "variation", "assurance"]].round(1))
fig = res.plot(
    title="England, type 1 A&E: patients seen within 4 hours",
    subtitle="against the 95 % standard (red)",
    ylabel="% seen within 4 hours",  # the axis in a board's words, not the column's
    percent=True,
)

# %%
# The upper process limit is below 95 %: every month can be expected to miss the standard
# ("fail") until the process itself changes. The same verdict as NHSRplotthedots 0.2.2
# (``consistent_fail`` on these data).
#
# Four trusts side by side, each with its own limits and the same target. RR1's returns stop
# in June 2018 (27 months): its icons describe June 2018, not March 2019, and qi.spc says so
# in a NoDataWarning (a board would mark it stale). Shown here rather than left to the log:
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always", qi.NoDataWarning)
    trusts = qi.spc(
        ae[ae.org_code != "England"],
        y="within_4h",
        x="month",
        by="org_code",
        chart="xmr",
        multiply=100,
        rules="mdc",
        improvement="increase",
        target=95,
    )
for w in seen:
    print(textwrap.fill(f"{w.category.__name__}: {w.message}", 100))
print(
    trusts.summary()[["org_code", "cl", "lcl", "ucl", "variation", "assurance"]]
    .round(1)
    .to_string(index=False)
)
fig = trusts.plot(
    title="Patients seen within 4 hours, four trusts",
    ylabel="% seen within 4 hours",
    percent=True,
)

# %%
# Breaches as counts (fewer is better), with the rules exactly as NHSRplotthedots 0.2.2
# applies them: points outside the limits do not count towards two-of-three, labels follow
# the rule order, and moving ranges are screened.
ptd = qi.rules.mdc(two_of_three="near_limits", precedence="rule_order")
rjz = qi.spc(
    ae[ae.org_code == "RJZ"],
    y="breaches",
    x="month",
    chart="xmr",
    rules=ptd,
    screen_mr=True,
    improvement="decrease",
)
print(rjz.points.variation.value_counts())
