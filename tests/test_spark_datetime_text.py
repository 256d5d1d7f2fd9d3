"""qistats.spark on ISO date-and-time text x (``2022-01-01 00:00:00``, as SQL and Excel extracts
write dates; session 18 audit of issue 12): pandas ``qi.spc`` reads it as those times, and
Spark refused it. The expected results are the pandas functions' on the same text, and the
times written by hand.
"""

import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _wards(form: str) -> pd.DataFrame:
    rng = np.random.default_rng(18)
    return pd.DataFrame(
        {
            "measure": "falls",
            "ward": np.repeat(["A", "B", "C"], 24),
            "month": np.tile(MONTHS.strftime(form), 3),
            "falls": rng.poisson(6, 72),
            "bed_days": rng.integers(700, 900, 72).astype(float),
        }
    )


def _as_times(col: pd.Series) -> list[pd.Timestamp]:
    return [pd.Timestamp(v) for v in col]


@pytest.mark.parametrize("form", ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"])
def test_iso_date_time_text_x_is_read_as_pandas_reads_it(spark, form):
    from pyspark.sql import types as T

    import qistats.spark as qs

    pdf = _wards(form)
    kw = dict(y="falls", n="bed_days", x="month", by="ward", chart="u", multiply=1000)
    res = qs.spc(spark.createDataFrame(pdf), **kw)
    assert isinstance(res.points_schema["month"].dataType, T.TimestampType)
    got = res.points.toPandas().sort_values(["ward", "month"], ignore_index=True)
    want = qi.spc(pdf, **kw).points.sort_values(["ward", "month"], ignore_index=True)
    assert len(got) == 72
    # the first of each month at midnight, by hand
    assert _as_times(got.month) == list(MONTHS) * 3
    assert _as_times(got.month) == _as_times(want.month)
    for col in ("value", "cl", "lcl", "ucl"):
        np.testing.assert_array_equal(got[col].to_numpy(float), want[col].to_numpy(float))
    assert got.signal.tolist() == want.signal.tolist()


def test_board_and_ambition_on_iso_date_time_text_equal_pandas(spark):
    import qistats.spark as qs

    pdf = _wards("%Y-%m-%d %H:%M:%S")
    sdf = spark.createDataFrame(pdf)
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"], "multiply": [1000]})
    kw = dict(x="month", y="falls", n="bed_days", by="ward")
    got = qs.board(sdf, measures, **kw).table().toPandas()
    want = qi.board(pdf, measures, **kw).table()
    assert _as_times(got.latest_x) == [pd.Timestamp("2023-12-01")] * 3
    assert got.variation.tolist() == want.variation.tolist()
    np.testing.assert_array_equal(got.cl.to_numpy(float), want.cl.to_numpy(float))
    amb = dict(
        y="falls",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2022-01-01", "2022-12-01"),
        change=-0.5,
        deadline="2023-12-01",
        multiply=1000,
    )
    got = qs.ambition(sdf, **amb).summary().toPandas().sort_values("ward", ignore_index=True)
    want = qi.ambition(pdf, **amb).summary()
    assert _as_times(got.current_start) == [pd.Timestamp("2023-01-01")] * 3
    np.testing.assert_allclose(got.rate_ratio.to_numpy(), want.rate_ratio.to_numpy(), rtol=1e-12)
    assert got.reason.tolist() == want.reason.tolist()


def test_an_impossible_iso_date_time_is_refused_as_pandas_refuses_it(spark):
    import qistats.spark as qs

    months = [*MONTHS[:-1].strftime("%Y-%m-%d %H:%M:%S"), "2023-02-30 00:00:00"]
    pdf = pd.DataFrame({"ward": "A", "month": months, "falls": 5, "bed_days": 800.0})
    kw = dict(y="falls", n="bed_days", x="month", by="ward", chart="u")
    with pytest.raises(qi.ColumnError, match=r"has dtype (str|object)"):  # pandas 3, 2
        qi.spc(pdf, **kw)
    with pytest.raises(qi.ColumnError, match=re.escape("has Spark type string")):
        qs.spc(spark.createDataFrame(pdf), **kw)
