"""qistats.spark.board: the table's ``period_counts`` column (session 17, F5: a G measure fed
monthly counts) is in the Spark table's schema, as a boolean, with the values and reasons of
``qi.board`` on the same rows (written by hand: the two wards of the G measure of monthly
falls are marked, the C measure of the same falls is not)."""

import warnings

import pandas as pd

import qistats as qi

FALLS = [2, 0, 1, 3, 0, 0, 4, 1, 2, 0, 6, 1, 0, 2, 1, 0, 3, 5, 1, 0, 2, 1, 0, 4]
MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def test_the_spark_table_carries_period_counts_as_qi_board_does(spark):
    import pyspark.sql.types as T

    import qistats.spark as qs

    data = pd.concat(
        [
            pd.DataFrame({"measure": m, "ward": w, "month": MONTHS, "y": FALLS})
            for m in ("falls_g", "falls_c")
            for w in ("Ash", "Birch")
        ],
        ignore_index=True,
    )
    measures = pd.DataFrame({"measure": ["falls_g", "falls_c"], "chart": ["g", "c"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        want = qi.board(data, measures, x="month", y="y", by="ward").table()
        report = qs.board(
            spark.createDataFrame(data).repartition(3), measures, x="month", y="y", by="ward"
        )
        got = report.table().toPandas()
    assert isinstance(report.schemas["table"]["period_counts"].dataType, T.BooleanType)
    assert got["period_counts"].tolist() == [True, True, False, False]
    assert got["period_counts"].tolist() == want["period_counts"].tolist()
    assert got["reason"].tolist() == want["reason"].tolist()
    assert got["reason"].iloc[0].startswith("Counts per period on a G chart? Its rows are monthly")
