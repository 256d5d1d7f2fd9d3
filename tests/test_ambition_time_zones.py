"""Ambition on monthly dates with a time zone (trial 7 B6): the months are the zone's months.

1 April 00:00 BST is 31 March 23:00 UTC; the window's first month was reported as 31 March
("rate in Mar 2023–Mar 2024") for the 12 months April 2023 to March 2024. Expected values are
written by hand: the window of 12 months ending at the deadline (March 2024) starts in April
2023, and its rate is the sum of its events over the sum of its exposure.
"""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2021-04-01", periods=36, freq="MS")
ARGS = dict(
    y="falls",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2021-04-01", "2022-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
)


def _wards(tz: str) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    d = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], 36),
            "month": np.tile(MONTHS.tz_localize(tz), 2),
            "falls": rng.poisson(8, 72),
            "bed_days": 800.0,
        }
    )
    return d.drop(index=[40, 50]).reset_index(drop=True)  # ward B misses two months


# Europe/London: BST months start at 23:00 UTC the day before; Australia/Sydney: every month
# starts the day before in UTC; America/New_York: at 04:00 or 05:00 UTC on the day.
@pytest.mark.parametrize("tz", ["Europe/London", "Australia/Sydney", "America/New_York"])
def test_window_is_the_zones_months(tz):
    d = _wards(tz)
    s = qi.ambition(d, **ARGS).summary()
    apr, mar = pd.Timestamp("2023-04-01", tz=tz), pd.Timestamp("2024-03-01", tz=tz)
    assert s.current_start.tolist() == [apr, apr]
    assert s.current_end.tolist() == [mar, mar]
    assert str(s.current_start.dtype) == f"datetime64[ns, {tz}]"
    assert s.window_periods.tolist() == [12, 12]
    for row in s.itertuples():
        ward = row.ward
        inside = d[(d.ward == ward) & (d.month >= apr) & (d.month <= mar)]
        rate = inside.falls.sum() / inside.bed_days.sum() * 1000
        assert row.current_value == pytest.approx(rate, rel=1e-12)
        assert row.reason.startswith(f"rate in Apr 2023–Mar 2024 was {rate:.3g}"), row.reason


@pytest.mark.parametrize("tz", ["Europe/London", "Australia/Sydney"])
def test_periods_keep_the_zone_and_the_baseline_is_twelve_months(tz):
    amb = qi.ambition(_wards(tz), **ARGS)
    a = amb.periods[amb.periods.ward == "A"]
    assert str(a.month.dtype).endswith(f", {tz}]")
    # Apr 2021 - Mar 2022 is the baseline, by its zone's months
    base = a.month[a.period == "baseline"]
    assert base.min() == pd.Timestamp("2021-04-01", tz=tz)
    assert base.max() == pd.Timestamp("2022-03-01", tz=tz)
    assert len(base) == 12
    assert str(amb.chart().points.month.dtype).endswith(f", {tz}]")


def test_dates_given_with_a_zone_mean_the_same_months():
    d = _wards("Europe/London")
    given = dict(
        ARGS,
        baseline=(
            pd.Timestamp("2021-04-01", tz="Europe/London"),
            pd.Timestamp("2022-03-01", tz="Europe/London"),
        ),
        deadline=pd.Timestamp("2024-03-01", tz="Europe/London"),
        as_of=pd.Timestamp("2023-09-01", tz="Europe/London"),
    )
    s = qi.ambition(d, **given).summary()
    # as of Sep 2023: the 12 months after the baseline up to it (Oct 2022 - Sep 2023)
    assert s.current_start.iloc[0] == pd.Timestamp("2022-10-01", tz="Europe/London")
    assert s.current_end.iloc[0] == pd.Timestamp("2023-09-01", tz="Europe/London")
    assert s.reason.iloc[0].startswith("rate in Oct 2022–Sep 2023"), s.reason.iloc[0]
