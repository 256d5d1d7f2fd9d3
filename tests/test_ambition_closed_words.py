"""A ward that closed before the assessment window: its warnings say only its baseline's
interval allows for the overdispersion (it was told "intervals, tests and the verdict allow for
it", though it has no test nor verdict; trial 20). Expected interval by hand (Garwood)."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi


def test_a_closed_ward_is_told_only_its_baseline_interval_allows_for_overdispersion():
    # CLOSED: months 1-12 alternate 2 and 18 events over 1,000 bed days (120 in all, a
    # month-to-month variance of 64 against a Poisson 10), months 13-15 of 10, then nothing:
    # none in the window judged at the deadline, months 25-36.
    # By hand, plain Garwood 95 %: 1/2 chi2(0.025; 240) to 1/2 chi2(0.975; 242) events in
    # 12,000 bed days, 8.29-11.96 per 1,000; allowing for phi > 1 widens it
    m = np.arange(1, 37)
    a = pd.DataFrame({"ward": "A", "m": m, "y": 10.0, "n": 1000.0})
    closed = pd.DataFrame({"ward": "CLOSED", "m": m[:15], "y": [2.0, 18.0] * 6 + [10.0] * 3,
                           "n": 1000.0})  # fmt: skip
    kw = dict(y="y", n="n", x="m", by="ward", baseline=(1, 12), change=-0.5, deadline=36,
              multiply=1000)  # fmt: skip
    s = qi.ambition(pd.concat([a, closed]), **kw).summary().set_index("ward")
    phi = s.overdispersion["CLOSED"]
    assert phi > 1 and s.verdict["CLOSED"] == "insufficient_data"
    assert s.warnings["CLOSED"] == (
        "no data in the assessment window; "
        f"overdispersion φ = {phi:.2f}: the baseline's interval allows for it"
    )
    lo, hi = stats.chi2.ppf(0.025, 240) / 2 / 12, stats.chi2.ppf(0.975, 242) / 2 / 12
    assert lo == pytest.approx(8.29, abs=0.01) and hi == pytest.approx(11.96, abs=0.01)
    assert s.baseline_lower["CLOSED"] < lo and s.baseline_upper["CLOSED"] > hi


def test_a_shortfall_too_weak_to_tell_names_its_failures():
    # trial 20: a shortfall is judged on the failures n - y; its reason said "too few events
    # ...; 20 in the baseline" beside 60 of the events (the numerator). Failures by hand:
    # 4 quarters of 20 plans with 15 reviewed: 4 x 5 = 20 in the baseline
    q = pd.date_range("2021-04-01", "2024-01-01", freq="QS-APR")
    df = pd.DataFrame({"ward": "A", "quarter": q, "y": 15, "n": 20})
    df.loc[4:, "y"] = 16
    s = qi.ambition(df, y="y", n="n", x="quarter", by="ward", kind="proportion",
                    target="shortfall", change=0.5, baseline=("2021-04-01", "2022-01-01"),
                    deadline="2024-03-31", multiply=100, overdispersion=None)  # fmt: skip
    reason = s.summary().reason[0]
    assert reason.startswith("too few failures to tell no change from a change of"), reason
    assert "; 20 in the baseline, " in reason, reason
