"""y and n swapped on a U chart (bed days as y, falls as n): a month with no falls is events
over zero exposure, whose NoDataWarning then asks whether y and n are swapped, with both
ranges. A late-loaded denominator of genuine rates does not get the question."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import NoDataWarning

BED_DAYS = [900, 880, 910, 870, 905, 890, 860, 920]
FALLS = [3, 0, 2, 5, 1, 0, 4, 2]


def months() -> pd.Series:
    return pd.date_range("2023-01-01", periods=8, freq="MS")


def test_swapped_columns_are_asked_about_with_both_ranges():
    df = pd.DataFrame({"month": months(), "bed_days": BED_DAYS, "falls": FALLS})
    with pytest.warns(NoDataWarning) as rec:
        qi.spc(df, y="bed_days", n="falls", x="month", chart="u")
    msg = str(rec[0].message)
    assert "2 points have events over zero exposure" in msg
    assert (
        "Or are y and n swapped? Every 'falls' (0 to 5) is below every 'bed_days' (860 to " in msg
    )
    assert "920)" in msg and "(y='falls', n='bed_days')" in msg


def test_a_late_loaded_denominator_of_genuine_rates_is_not_called_swapped():
    bed_days = np.array(BED_DAYS, dtype=float)
    bed_days[-1] = 0  # not yet loaded
    df = pd.DataFrame({"month": months(), "falls": FALLS, "bed_days": bed_days})
    with pytest.warns(NoDataWarning, match="not yet loaded there\\?$"):
        qi.spc(df, y="falls", n="bed_days", x="month", chart="u")
