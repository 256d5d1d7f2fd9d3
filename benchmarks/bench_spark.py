"""qistats.spark.spc on a local Spark: 20,000 series × 60 months, against pandas on one core.

Run: ``PYSPARK_PYTHON=$(which python) python benchmarks/bench_spark.py [n_series] [n_months]``

Prints, for a u chart with MDC rules:

- ``pandas``: :func:`qistats.spc` on the whole pandas frame (the vectorised engine, one process);
- ``spark total``: :func:`qistats.spark.spc` with ``check=True`` (every series computed once,
  persisted) — what a user waits for;
- ``spark overhead``: the same bucketing and shuffle with a task function that does no
  computation (rows in, nothing out): the cost of moving the data through Spark and Arrow;
- ``engine in spark``: total minus overhead.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

import qistats as qi


def make(n_series: int, n_months: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    month = pd.date_range("2019-01-01", periods=n_months, freq="MS")
    bed_days = rng.integers(300, 900, size=n_series * n_months)
    rate = np.repeat(rng.uniform(2, 12, n_series), n_months) / 1000
    return pd.DataFrame(
        {
            "ward": np.repeat(np.arange(n_series), n_months).astype(str),
            "month": np.tile(month, n_series),
            "restraints": rng.poisson(rate * bed_days),
            "bed_days": bed_days,
        }
    )


ARGS = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    chart="u",
    multiply=1000,
    rules="mdc",
    improvement="decrease",
)


def main(n_series: int = 20_000, n_months: int = 60) -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import qistats.spark as qs

    df = make(n_series, n_months)
    t = time.perf_counter()
    qi.spc(df, **ARGS)
    pandas_s = time.perf_counter() - t

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    sdf = spark.createDataFrame(df).persist()
    sdf.count()

    t = time.perf_counter()
    res = qs.spc(sdf, **ARGS)
    total_s = time.perf_counter() - t
    buckets = res.buckets

    def nothing(pdf: pd.DataFrame) -> pd.DataFrame:
        return pdf.iloc[:0][["ward"]]

    t = time.perf_counter()
    (
        sdf.withColumn("b", F.pmod(F.xxhash64("ward"), F.lit(buckets)))
        .groupBy("b")
        .applyInPandas(nothing, schema="ward string")
        .count()
    )
    overhead_s = time.perf_counter() - t
    points = n_series * n_months
    print(f"{n_series:,} series × {n_months} months = {points:,} points, u chart + MDC rules")
    print(f"pandas (one process)      {pandas_s:6.2f} s")
    print(f"spark total (local[2])    {total_s:6.2f} s   ({buckets} buckets)")
    print(f"  spark overhead          {overhead_s:6.2f} s   (shuffle + Arrow, no computation)")
    print(f"  engine and results      {total_s - overhead_s:6.2f} s")
    spark.stop()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
