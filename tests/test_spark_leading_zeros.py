"""qistats.spark.spc gives qi.spc's warning about a series that starts with values of 0 and has
none after them (months before a ward opened), as its buckets run the pandas function."""

import warnings

import numpy as np
import pandas as pd


def test_spark_names_a_ward_opened_late(spark):
    import qistats.spark as qs

    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    data = pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Cedar"], 24),
            "month": np.tile(months, 2),
            "y": np.r_[np.full(24, 8.0) + np.arange(24) % 3, np.zeros(9), np.full(15, 8.3)],
        }
    )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        qs.spc(
            spark.createDataFrame(data), "y", x="month", by="ward", chart="i"
        ).summary().toPandas()
    said = [str(w.message) for w in seen if "values of 0" in str(w.message)]
    assert len(said) == 1
    assert "(ward='Cedar': 9 zeros, 2022-04-01 to 2022-12-01, then 15 values, none 0)" in said[0]
