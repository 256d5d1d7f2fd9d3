"""Trial 11 item 7: a row with events and a missing denominator (bed days loaded late) is a gap,
and is named as the same row with n = 0 is, in qi.spc and qi.board."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=21, freq="MS")  # the last: Sep 2024


def _ward(last_n: float, last_y: float = 3.0) -> pd.DataFrame:
    y = np.arange(21) % 5 + 3.0
    y[-1] = last_y
    n = np.full(21, 700.0)
    n[-1] = last_n
    return pd.DataFrame({"ward": "A1", "month": MONTHS, "restraints": y, "bed_days": n})


@pytest.mark.parametrize("last_n", [np.nan, 0.0])
def test_events_without_denominator_are_named(last_n):
    with pytest.warns(qi.NoDataWarning) as seen:
        res = qi.spc(_ward(last_n), y="restraints", n="bed_days", x="month", chart="u")
    said = [str(w.message) for w in seen if w.category is qi.NoDataWarning]
    assert len(said) == 1, said
    assert "month=2024-09-01 has 3 events ('restraints')" in said[0]
    assert "not yet loaded" in said[0]
    assert np.isnan(res.points["value"].iloc[-1])  # a gap, as before


def test_board_names_the_series_and_month():
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"], "multiply": [1000]})
    data = _ward(np.nan).assign(measure="restraints")
    with pytest.warns(qi.NoDataWarning, match="ward='A1', month=2024-09-01 has 3 events"):
        qi.board(data, measures, x="month", y="restraints", n="bed_days", by="ward")


def test_no_events_or_most_rows_without_n_stay_as_they_were():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # 0 events and no bed days (a template's row): a gap without a word
        qi.spc(_ward(np.nan, 0.0), y="restraints", n="bed_days", x="month", chart="u")
    # most rows without n: the DenominatorWarning alone names them
    data = _ward(np.nan)
    data.loc[2:, "bed_days"] = np.nan
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        qi.spc(data, y="restraints", n="bed_days", x="month", chart="u")
    kinds = [w.category for w in seen]
    assert qi.DenominatorWarning in kinds and qi.NoDataWarning not in kinds, kinds


def test_board_stale_sentence_names_the_month_without_denominator():
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"], "multiply": [1000]})
    data = _ward(np.nan).assign(measure="restraints")
    with pytest.warns(qi.NoDataWarning):
        t = qi.board(data, measures, x="month", y="restraints", n="bed_days", by="ward").table()
    assert t["stale"].tolist() == [True]  # its latest point is August's
    assert t["reason"][0].startswith(
        "Last reported Aug 2024 (stale; Sep 2024 has events but no 'bed_days'). "
    )


def test_board_stale_sentence_names_a_zero_denominator_as_zero():
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"], "multiply": [1000]})
    data = _ward(0.0).assign(measure="restraints")
    with pytest.warns(qi.NoDataWarning):
        t = qi.board(data, measures, x="month", y="restraints", n="bed_days", by="ward").table()
    assert t["reason"][0].startswith(
        "Last reported Aug 2024 (stale; Sep 2024 has events but 'bed_days' 0). "
    )
