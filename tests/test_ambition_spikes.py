"""qi.ambition: one spike month (a very disturbed patient) and the overdispersion φ̂.

Between the baseline and the judged window a spike is a special cause set aside from φ̂ (it
made φ̂ 17.9 and a 60 % fall "insufficient_data"; trial 12 A1). In the baseline or the window its
events are in the level compared, so φ̂ carries it and the warnings name it (set aside there, a
ward with no change was "met"; trial 12, new 1). Expected values: the data are constant but
for the spike, so φ̂ without it is 0 (no variation at all) and the rate ratio is 8/20 by hand.
"""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2020-04-01", periods=48, freq="MS")
ARGS = dict(
    y="y",
    n="n",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
)


def _ward(spikes: dict[str, float]) -> pd.DataFrame:
    y = np.r_[np.full(12, 20.0), np.full(36, 8.0)]  # 20 a month, then 8: a 60 % fall
    df = pd.DataFrame({"ward": "A", "month": MONTHS, "y": y, "n": 1000.0})
    for month, value in spikes.items():
        df.loc[df.month == month, "y"] = value
    return df


@pytest.mark.parametrize(
    "spikes",
    [
        {"2022-06-01": 40.0},
        {"2022-06-01": 100.0},
        # two: each left in the other's yardstick hid it (φ̂ 45.6; trial 12, new 1)
        {"2022-06-01": 100.0, "2022-10-01": 100.0},
    ],
)
def test_a_spike_between_the_baseline_and_the_window_is_set_aside(spikes):
    s = qi.ambition(_ward(spikes), **ARGS).summary().iloc[0]
    assert s.overdispersion < 0.01  # the other months do not vary at all
    assert s.rate_ratio == pytest.approx(8 / 20)
    assert s.verdict == "met"
    assert "alone has" not in s.warnings
    # set aside, but not without a trace: the first named, the others counted
    first = "Jun 2022 (100 events)" if len(spikes) == 1 else "Oct 2022 (100 events) and 1 more"
    if spikes.get("2022-06-01") == 40.0:
        first = "Jun 2022 (40 events)"
    assert s.warnings.startswith(f"{first}"), s.warnings
    assert "set aside from the overdispersion" in s.warnings


@pytest.mark.parametrize(
    ("month", "where", "others"),
    [("2020-09-01", "baseline", 20), ("2023-10-01", "assessment window", 8)],
)
def test_a_spike_in_a_compared_level_stays_in_phi_and_is_named(month, where, others):
    s = qi.ambition(_ward({month: 150.0}), **ARGS).summary().iloc[0]
    assert s.overdispersion > 10  # the one month is all the variation there is
    # its interval carries it: about 4 times from end to end at φ̂ > 10 (1.6 if Poisson)
    assert s.rate_ratio_upper / s.rate_ratio_lower > 3
    when = pd.Timestamp(month).strftime("%b %Y")
    assert (
        f"{when} alone has 150 events, where the {where}'s other periods give about {others}"
        in s.warnings
    )


def test_a_mean_whose_period_to_period_variation_is_one_period_names_it():
    # trial 12 (new 2), kind="mean": stays of 9 and 11 days every month (mean 10), but Oct 2023
    # holds one stay of 95. By hand: the window's mean is (22·10 + 95)/23 = 13.70; its squares
    # 11·2·3.70² = 301 and 1·81.3² = 6,610, the baseline's 0; so Oct 2023 gives 96 % of the
    # period-to-period variation φ̂ allows for (MS_b 6,911/22 over MS_w 46/23: φ̂ 157)
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    rows = [(m, v) for m in months for v in (9.0, 11.0) if m != pd.Timestamp("2023-10-01")]
    data = pd.DataFrame(rows + [(pd.Timestamp("2023-10-01"), 95.0)], columns=["month", "los"])
    s = (
        qi.ambition(
            data,
            "los",
            x="month",
            kind="mean",
            baseline=("2022-04-01", "2023-03-01"),
            change=-0.15,
            deadline="2024-03-01",
        )
        .summary()
        .iloc[0]
    )
    assert s.overdispersion == pytest.approx((6910.7 / 22) / 2, rel=1e-3)
    assert (
        "Oct 2023's mean 95 (1 measurement) is far from the window's other periods (about 10): "
        "96% of the period-to-period variation allowed for" in s.warnings
    ), s.warnings
