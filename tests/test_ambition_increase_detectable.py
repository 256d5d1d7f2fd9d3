"""``detectable_change`` of an ambition to *increase* a rate is a rise (issue 14: it was
reported as a fall). Expected values from the textbook power formula for a log rate ratio,
written here: the smallest detectable log ratio is (z₀.₉₇₅ + z₀.₈) × SE, with
SE² = 1/K₀ + 1/E[K₁] and E[K₁] the window's expected events if the target were met."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

Z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)


def _monthly(events) -> pd.DataFrame:
    events = np.asarray(events, dtype=float)
    return pd.DataFrame(
        {
            "month": pd.date_range("2020-01-01", periods=events.size, freq="MS"),
            "events": events,
            "days": 1000.0,
        }
    )


KW = dict(
    y="events",
    n="days",
    x="month",
    baseline=("2020-01-01", "2020-12-01"),
    deadline="2022-12-01",
    overdispersion=None,
)


@pytest.mark.parametrize("change", [0.3, 0.5, 1.0])
def test_an_increase_ambition_detects_a_rise(change):
    # 12 baseline months of 3 events (K0 = 36), then 24 months of 3; the window is the 12
    # months ending at the deadline, with the baseline's exposure
    s = qi.ambition(_monthly(np.full(36, 3.0)), change=change, **KW).summary().iloc[0]
    k0 = 36.0
    se = np.sqrt(1 / k0 + 1 / (k0 * (1 + change)))
    assert s.detectable_change == pytest.approx((np.exp(Z * se) - 1) * 100, rel=1e-9)
    assert s.detectable_change > 0


def test_a_decrease_ambition_detects_a_fall_of_the_mirrored_size():
    s = qi.ambition(_monthly(np.full(36, 3.0)), change=-0.5, **KW).summary().iloc[0]
    se = np.sqrt(1 / 36 + 1 / 18)
    assert s.detectable_change == pytest.approx(-(1 - np.exp(-Z * se)) * 100, rel=1e-9)
