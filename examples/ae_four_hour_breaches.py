"""
Real data: A&E four-hour breaches at one trust (Making Data Count)
==================================================================

Monthly type 1 A&E attendances and four-hour breaches at trust RJZ, April 2016 – March 2019,
from NHS England's A&E statistics (NHSRdatasets ``ae_attendances``; Open Government Licence /
CC0). An XmR chart the Making Data Count way, then the same rules as NHSRplotthedots 0.2.2.
"""

import pandas as pd

import qistats as qi

attendances = [
    16688,
    17656,
    17247,
    17404,
    16316,
    16771,
    16936,
    16842,
    17326,
    16752,
    15070,
    17810,
    16681,
    17830,
    17358,
    17817,
    16300,
    16887,
    18331,
    17766,
    17524,
    16668,
    14353,
    16452,
    15414,
    16701,
    16105,
    16777,
    15338,
    15758,
    16260,
    16157,
    15982,
    16678,
    15245,
    17193,
]
breaches = [
    3608,
    3515,
    3730,
    3805,
    2572,
    4042,
    4252,
    4568,
    5682,
    4887,
    3754,
    4153,
    3277,
    3364,
    3348,
    2805,
    3048,
    3336,
    4147,
    4449,
    4846,
    4931,
    5103,
    6284,
    4530,
    4528,
    3716,
    4899,
    3990,
    4992,
    4709,
    5577,
    6113,
    6685,
    6085,
    5908,
]
ae = pd.DataFrame(
    {
        "month": pd.date_range("2016-04-01", periods=36, freq="MS"),
        "attendances": attendances,
        "breaches": breaches,
    }
)

# %%
# Breaches: fewer is better. qistats' defaults follow the current MDC guidance (every point
# beyond 2σ counts towards two-of-three; improvement wins when rules disagree).
res = qi.spc(ae, y="breaches", x="month", chart="xmr", rules="mdc", improvement="decrease")
print(res.summary()[["cl", "lcl", "ucl", "n_outside", "n_shift", "n_trend", "variation"]].round(0))
fig = res.plot()

# %%
# NHSRplotthedots 0.2.2 exactly: points outside the limits do not count for two-of-three,
# labels by rule order, moving ranges screened.
ptd = qi.rules.mdc(two_of_three="near_limits", precedence="rule_order")
same = qi.spc(
    ae, y="breaches", x="month", chart="xmr", rules=ptd, screen_mr=True, improvement="decrease"
)
print(same.points.variation.value_counts())
