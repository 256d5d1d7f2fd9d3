"""Real-world inputs, second trial (issue #10): one minimal reproduction per defect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def test_board_measures_table_without_its_measure_column_says_measures():
    data = pd.DataFrame({"measure": ["a"] * 3, "month": [1, 2, 3], "value": [1.0, 2.0, 3.0]})
    with pytest.raises(qi.ColumnError, match=r"measure='measure': no such column in measures\."):
        qi.board(data, pd.DataFrame({"name": ["a"]}), x="month", y="value")


def test_s_chart_with_one_row_per_subgroup_says_it_needs_two_rows():
    data = pd.DataFrame({"x": range(20), "y": np.arange(20.0) % 7})
    with pytest.warns(qi.NoDataWarning, match="at least 2 rows per subgroup"):
        qi.spc(data, y="y", x="x", chart="s")


def test_s_chart_series_with_no_values_at_all_gets_no_subgroup_hint():
    data = pd.DataFrame({"x": [1, 1, 2, 2], "y": np.nan, "w": "a"})
    with pytest.warns(qi.NoDataWarning) as caught:
        qi.spc(data, y="y", x="x", chart="s")
    assert "2 rows per subgroup" not in str(caught[0].message)
