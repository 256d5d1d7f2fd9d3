"""qistats.spark.board on G and T measures (one row per event): as qi.board, never ``stale``
for want of a recent event, with the open gap since the last event (``open_gap``, days, counted
by hand here) and its sentence; and the events set no monthly measure's report period (the
driver's report period without as_of, the buckets' finest period)."""

import warnings

import numpy as np
import pandas as pd

import qistats as qi


def _data() -> tuple[pd.DataFrame, pd.DataFrame]:
    ev = qi.datasets.incidents()  # 45 incidents, the last on 16 Nov 2024
    t = ev.assign(measure="days").rename(columns={"days_since": "value"})
    rows = [t.assign(ward="A"), t.iloc[:-3].assign(ward="B")]  # B's last: 9 Jan 2024
    months = pd.date_range("2023-01-01", "2024-10-01", freq="MS")
    rng = np.random.default_rng(3)
    for ward in ("A", "B"):
        los = pd.DataFrame({"measure": "los", "ward": ward, "date": months})
        rows.append(los.assign(value=rng.normal(5, 0.5, months.size)))
    data = pd.concat(rows, ignore_index=True)[["measure", "ward", "date", "value"]]
    measures = pd.DataFrame(
        {"measure": ["days", "los"], "improvement": ["increase", "decrease"], "chart": ["t", "i"]}
    )
    return data, measures


def test_spark_board_gives_qi_boards_open_gaps(spark):
    import qistats.spark as qs

    data, measures = _data()
    sdf = spark.createDataFrame(data).repartition(3)
    for as_of in (None, "2024-12-31"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kw = {} if as_of is None else {"as_of": as_of}
            want = qi.board(data, measures, x="date", y="value", by="ward", **kw).table()
            got = qs.board(sdf, measures, x="date", y="value", by="ward", **kw).table()
            got = got.toPandas()
        cols = ["measure", "ward", "stale", "open_gap", "reason"]
        pd.testing.assert_frame_equal(
            got[cols].reset_index(drop=True), want[cols].reset_index(drop=True), obj=str(as_of)
        )
        days = got[got["measure"] == "days"]
        if as_of is None:
            # the report's period is October 2024, the monthly measure's: the incidents of
            # November set no period of their own. A's last incident is after 1 October: 0;
            # B's 9 Jan to 1 Oct 2024: to 31 Jan 22, February 29 (leap year), March to
            # September, and 1 to 1 October
            days_b = 22 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 1
            assert days["open_gap"].tolist() == [0.0, days_b]
            assert got.loc[got["measure"] == "los", "stale"].tolist() == [False, False]
        else:
            # 16 Nov to 31 Dec 2024: 14 + 31; 9 Jan: 357 (2024 has 366 days, 8 before 9 Jan)
            assert days["open_gap"].tolist() == [45.0, 366 - 8 - 1]
            # October's figure in December's report: stale
            assert got.loc[got["measure"] == "los", "stale"].tolist() == [True, True]
        assert not days["stale"].any()
