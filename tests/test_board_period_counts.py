"""Session 17, F5: a board measure on a G chart fed monthly counts (falls a month, where a G
chart takes the cases between events, one row per event) was named by a RareEventsWarning,
but its row of the table read as any other: a board showed a meaningless chart without a
word. The table now has ``period_counts`` (True for it), its reason starts by saying so, the
HTML marks its icon and the warning says that the table marks it. Expected words by hand."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import RareEventsWarning

FALLS = [2, 0, 1, 3, 0, 0, 4, 1, 2, 0, 6, 1, 0, 2, 1, 0, 3, 5, 1, 0, 2, 1, 0, 4]
MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
# genuine G data: one row per incident, at irregular dates, the cases since the one before
EVENT_DAYS = np.cumsum([3, 17, 40, 9, 25, 61, 12, 33, 8, 47, 20, 15])
EVENTS = pd.Timestamp("2022-01-01") + pd.to_timedelta(EVENT_DAYS, "D")
CASES = [35.0, 210, 480, 95, 300, 720, 140, 390, 88, 560, 230, 170]

HEAD = (
    "Counts per period on a G chart? Its rows are monthly, one each, of whole numbers, but the "
    "chart's values are the cases between events, one row per event, so this chart, its icons "
    "and its limits mean nothing: chart the counts on a C chart (or a U chart with a "
    "denominator). "
)


def _data() -> tuple[pd.DataFrame, pd.DataFrame]:
    data = pd.concat(
        [
            pd.DataFrame({"measure": "falls", "ward": w, "x": MONTHS, "y": FALLS})
            for w in ("Ash", "Birch")
        ]
        + [pd.DataFrame({"measure": "falls_c", "ward": "Ash", "x": MONTHS, "y": FALLS})]
        + [pd.DataFrame({"measure": "cases_between", "ward": "Ash", "x": EVENTS, "y": CASES})],
        ignore_index=True,
    )
    measures = pd.DataFrame(
        {"measure": ["falls", "falls_c", "cases_between"], "chart": ["g", "c", "g"]}
    )
    return data, measures


def test_the_table_marks_a_g_measure_of_monthly_counts_and_says_why():
    data, measures = _data()
    with pytest.warns(RareEventsWarning) as rec:
        b = qi.board(data, measures, x="x", y="y", by="ward")
    said = [str(w.message) for w in rec if "regular calendar" in str(w.message)]
    assert len(said) == 1
    assert said[0].startswith("chart='g': 2 series (the first: measure='falls', ward='Ash')")
    assert said[0].endswith("The board's table marks them (period_counts) and the reason says so.")
    t = b.table()
    assert t.columns.tolist()[-5:] == [
        "rare_events",
        "period_counts",
        "stale",
        "open_gap",
        "reason",
    ]
    assert t["period_counts"].tolist() == [True, True, False, False]
    assert t["period_counts"].dtype == bool
    for reason in t["reason"].iloc[:2]:
        assert reason.startswith(HEAD), reason
    assert not t["reason"].iloc[2:].str.contains("Counts per period").any()
    html = b.to_html()
    assert html.count(">counts per period?</span>") == 2
    assert '<th scope="col">Counts per period</th>' in b.to_html(columns="all")


def test_a_t_measure_of_weekly_counts_reads_time_between_events():
    weeks = pd.date_range("2024-01-01", periods=12, freq="7D")
    data = pd.DataFrame({"measure": "days", "x": weeks, "y": [1, 3, 2, 4, 1, 2, 3, 1, 2, 4, 3, 2]})
    with pytest.warns(RareEventsWarning, match=r"marks it \(period_counts\)"):
        t = qi.board(
            data, pd.DataFrame({"measure": ["days"], "chart": ["t"]}), x="x", y="y"
        ).table()
    assert (
        t["reason"]
        .iloc[0]
        .startswith(
            "Counts per period on a T chart? Its rows are weekly, one each, of whole numbers, but "
            "the chart's values are the time between events, one row per event, so this chart"
        )
    )


def test_genuine_g_data_are_not_marked():
    data, measures = _data()
    data = data[data.measure == "cases_between"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = qi.board(data, measures.iloc[2:], x="x", y="y", by="ward").table()
    assert t["period_counts"].tolist() == [False]
