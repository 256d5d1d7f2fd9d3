"""Warnings about one series speak of one series (session 18 audit of issue 10): "1 of 2
series has …; its summary …", "it is its own baseline"; "their" for several."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _wards(behind: list[str]) -> pd.DataFrame:
    wards = ["A", "B", "C"]
    data = pd.DataFrame(
        {
            "ward": np.repeat(wards, 24),
            "month": np.tile(MONTHS, 3),
            "y": np.tile([9.0, 11.0, 10.0], 24),
        }
    )
    return data[~(data.ward.isin(behind) & (data.month == MONTHS[-1]))]


def _said(seen, kind) -> list[str]:
    return [str(w.message) for w in seen if issubclass(w.category, kind)]


def test_one_series_behind_the_latest_period():
    kind = qi.NoDataWarning
    with pytest.warns(qi.NoDataWarning) as seen:
        qi.spc(_wards(["B"]), y="y", x="month", by="ward", chart="xmr")
    (said,) = _said(seen, kind)
    assert said == (
        "1 of 3 series has no value in the latest period of the data (month=2023-12-01): "
        "ward='B'. Its summary (variation, assurance) describes its latest value, an earlier "
        "period; check whether its data are late or the series has ended."
    )


def test_two_series_behind_the_latest_period():
    kind = qi.NoDataWarning
    with pytest.warns(qi.NoDataWarning) as seen:
        qi.spc(_wards(["A", "C"]), y="y", x="month", by="ward", chart="xmr")
    (said,) = _said(seen, kind)
    assert said.startswith("2 of 3 series have no value in the latest period")
    assert said.endswith(
        "Their summary (variation, assurance) describes their latest value, an earlier "
        "period; check whether their data are late or the series has ended."
    )


def test_one_late_starter_is_its_own_baseline():
    data = _wards([])
    data = data[~((data.ward == "C") & (data.month < "2023-07-01"))]
    kind = qi.BaselineWarning
    with pytest.warns(qi.BaselineWarning) as seen:
        qi.spc(data, y="y", x="month", by="ward", chart="xmr", freeze="2023-05-01")
    (said,) = _said(seen, kind)
    assert said == (
        "freeze='2023-05-01': 1 of 3 series has no point by then (ward='C'); it is its own "
        "baseline (all its points)."
    )
