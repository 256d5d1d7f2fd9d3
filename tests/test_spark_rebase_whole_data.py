"""qistats.spark.board judges a measure's ``rebase`` dates on the whole data, as qi.board does:
a bucket whose wards all opened after the rebase date holds no point at it, yet the date is a
period of the measure (other wards have it). Expected values: qi.board on the same rows.
"""

import pandas as pd
import pytest

import qistats as qi
from tests.test_spark import _same_table

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py

BUCKETS = 4
OPENED = pd.Timestamp("2023-01-01")  # the late wards' first month, after the rebase
KW = dict(x="month", y="value", n="n", by="ward")


def _buckets(spark, wards):
    """Each ward's bucket, as qistats.spark.board hashes its series (measure, ward)."""
    from pyspark.sql import functions as F

    b = F.pmod(F.xxhash64(F.col("measure"), F.col("ward")), F.lit(BUCKETS))
    frame = pd.DataFrame({"measure": "restraint", "ward": wards})
    got = spark.createDataFrame(frame).withColumn("bucket", b).toPandas()
    return dict(zip(got["ward"], got["bucket"], strict=True))


def _data(spark) -> tuple[pd.DataFrame, list[str]]:
    """Restrictive practice on the wards of two buckets: those of one opened in January 2023
    (their rows before it dropped), so that bucket holds no month before then."""
    df = qi.datasets.restrictive_practice()
    bucket = _buckets(spark, sorted(df["ward"].unique()))
    late_bucket, early_bucket = sorted(set(bucket.values()))[:2]
    late = [w for w, b in bucket.items() if b == late_bucket]
    early = [w for w, b in bucket.items() if b == early_bucket]
    df = df[df["ward"].isin(late + early)]
    df = df[~(df["ward"].isin(late) & (df["month"] < OPENED))]
    data = df.rename(columns={"restraints": "value", "bed_days": "n"}).assign(measure="restraint")
    return data[["measure", "ward", "month", "value", "n"]].reset_index(drop=True), late


def _measures(rebase: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"measure": ["restraint"], "chart": ["u"], "multiply": [1000], "rebase": [rebase]}
    )


@pytest.mark.filterwarnings("ignore::qistats.QIStatsWarning")
def test_a_bucket_of_wards_opened_after_the_rebase_gets_qi_boards_table(spark):
    import qistats.spark as qs

    data, late = _data(spark)
    measures = _measures("2022-10-01")
    with pytest.raises(qi.errors.DataError, match="not a period of that measure"):
        qi.board(data[data["ward"].isin(late)], measures, **KW)  # the late bucket alone
    want = qi.board(data, measures, **KW)
    got = qs.board(spark.createDataFrame(data), measures, buckets=BUCKETS, **KW)
    _same_table(got.table().toPandas(), want.table(), measures, ["ward"])
    phases = got.points.toPandas().groupby("ward")["phase"].max().to_dict()
    assert phases == {w: 1 if w in late else 2 for w in data["ward"].unique()}


def test_a_rebase_date_no_ward_has_is_qi_boards_error(spark):
    import qistats.spark as qs

    data, _ = _data(spark)
    measures = _measures("2022-10-15")
    with pytest.raises(qi.errors.DataError) as want:
        qi.board(data, measures, **KW)
    assert "which is not a period of that measure" in str(want.value)
    with pytest.raises(qi.errors.DataError) as got:
        qs.board(spark.createDataFrame(data), measures, buckets=BUCKETS, **KW)
    assert str(got.value) == str(want.value)
