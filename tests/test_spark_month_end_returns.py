"""qistats.spark.ambition on monthly returns of several wards dated on different days near each
month's end (tests/test_ambition_month_end_returns.py): the buckets' calendar, given every x
of the whole data, is months too, as the pandas call's is."""

import warnings

import pandas as pd
import pytest

import qistats as qi

pytest.importorskip("pyspark")
from .test_ambition_month_end_returns import _returns

KW = dict(
    y="y", n="n", x="date", by="ward", baseline=("2021-04-01", "2022-03-01"), change=-0.2,
    deadline="2024-03-01",
)  # fmt: skip


def test_spark_ambition_judges_the_returns_in_months_as_pandas_does(spark):
    import qistats.spark as qs

    df = _returns()
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.DateWarning)
        want = qi.ambition(df, **KW).summary().set_index("ward").sort_index()
        got = qs.ambition(spark.createDataFrame(df).repartition(4), **KW)
        got = got.summary().toPandas().set_index("ward").sort_index()
    assert (got["window_periods"] == 12).all()
    for col in ["baseline_value", "current_value", "prob_target_met"]:
        assert got[col].to_numpy() == pytest.approx(want[col].to_numpy(), rel=1e-9)
    assert got["verdict"].tolist() == want["verdict"].tolist()
    assert (pd.to_datetime(got["current_start"]) == pd.Timestamp("2023-04-01")).all()
