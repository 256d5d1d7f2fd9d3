"""Board inputs, each reproduced by hand: an ``expected`` schedule keyed by text codes for
numeric codes is refused, the far-date warning quotes where the rest of the data ends, and
plotting a measure by its display name says which measure it names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _falls(orgs):
    month = pd.date_range("2022-01-01", periods=24, freq="MS")
    values = np.tile([7.0, 9.0], 12)
    rows = [pd.DataFrame({"measure": "falls", "org": o, "m": month, "v": values}) for o in orgs]
    return pd.concat(rows, ignore_index=True)


def test_expected_keyed_by_text_codes_for_numeric_codes_is_refused():
    # a reporting schedule read from CSV has '101'; the data's codes are numbers. Before, the
    # board had 101 and 102 twice, once as "no data", and counted 3 no_data series, not 1
    data = _falls([101, 102])
    schedule = pd.DataFrame({"measure": ["falls"] * 3, "org": ["101", "102", "103"]})
    measures = pd.DataFrame({"measure": ["falls"]})
    with pytest.raises(qi.DataError, match=r"3 of the 3 expected series match no series") as err:
        qi.board(data, measures, x="m", y="v", by="org", expected=schedule)
    assert "org='101'" in str(err.value) and "holds numbers in data and text in expected" in str(
        err.value
    )
    # converted, only 103 is missing: one no_data series, with its warning
    fixed = schedule.assign(org=pd.to_numeric(schedule.org))
    with pytest.warns(qi.NoDataWarning, match="org=103"):
        b = qi.board(data, measures, x="m", y="v", by="org", expected=fixed)
    assert b.matrix().loc["no_data"].sum() == 1 and len(b.table()) == 3


def test_the_far_date_warning_quotes_where_the_rest_of_the_data_ends():
    # every series runs to March 2024; the last row of one is typed 2034. The rest of the data
    # ends in March 2024 (it said February: every series' last point was left out)
    data = _falls(["A", "B"]).assign(m=lambda d: d.m + pd.DateOffset(months=3))  # to Mar 2024
    data = pd.concat([data, data.assign(measure="los")], ignore_index=True)
    data.loc[data.index[-1], "m"] = pd.Timestamp("2034-03-01")
    assert data.m[data.m < "2030-01-01"].max() == pd.Timestamp("2024-03-01")
    measures = pd.DataFrame({"measure": ["falls", "los"]})
    said = r"1 of 4 series has a last point .* ends at 2024-03-01 \(measure='los', org='B' at 2034"
    with pytest.warns(qi.DateWarning, match=said):
        qi.board(data, measures, x="m", y="v", by="org")


def test_plotting_a_measure_by_its_name_says_which_measure_it_names():
    data = _falls(["A"])
    measures = pd.DataFrame({"measure": ["falls"], "name": ["Falls with harm"]})
    report = qi.board(data, measures, x="m", y="v", by="org")
    said = r"measure='Falls with harm': no such measure; 'Falls with harm' is the name of measure "
    with pytest.raises(qi.ArgumentError, match=said + r"'falls': pass measure='falls'"):
        report.plot(measure="Falls with harm")
