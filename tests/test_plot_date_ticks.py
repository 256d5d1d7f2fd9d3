"""Date ticks of quarterly and yearly data fall on a regular calendar (trial 7 C7: a narrow
board panel of quarterly data was ticked every fifth quarter, Apr 2019, Jul 2020, Oct 2021)."""

from itertools import pairwise

import pandas as pd
import pytest

from qistats.plot.formatting import date_ticks


def _labels(dates, width_in):
    return date_ticks(pd.Series(dates), width_in, None)[1]


@pytest.mark.parametrize("width_in", [2.5, 3.5, 6.0, 12.0])
def test_quarterly_ticks_are_every_1_2_4_or_8_quarters(width_in):
    q = pd.date_range("2019-04-01", "2024-01-01", freq="QS-JAN")  # 20 quarters
    labels = _labels(q, width_in)
    # each named as its quarter, "Apr–Jun 2019" (trial 17 #10d), from its first month
    months = [pd.Timestamp(f"01 {t[:3]} {t[-4:]}") for t in labels]
    gaps = {(b.year - a.year) * 12 + b.month - a.month for a, b in pairwise(months)}
    # (every 12 quarters in a 2.5-inch panel, whose room takes two such names)
    assert len(gaps) == 1 and gaps.pop() in (3, 6, 12, 24, 36), labels
    assert labels[0] == "Apr–Jun 2019"


def test_a_narrow_panel_of_quarters_is_ticked_on_the_same_quarter_of_each_year():
    q = pd.date_range("2019-04-01", "2024-01-01", freq="QS-JAN")
    labels = _labels(q, 2.5)
    assert all(t.startswith("Apr–Jun ") for t in labels), labels


def test_yearly_data_are_labelled_by_year():
    y = pd.date_range("2005-01-01", periods=19, freq="YS")
    labels = _labels(y, 3.0)
    years = [int(t) for t in labels]
    assert len({b - a for a, b in pairwise(years)}) == 1, labels
    assert years[0] == 2005
