"""qistats.spark reads the dates of ``freeze``, ``phase``, ``exclude`` and a board's ``freeze`` and
``rebase`` cells as qistats does on the whole data: when one trust's wards date their months on
their last day and another's on the 1st, a date means its month in every series, even in a
bucket that holds only month-end (or last-working-day) wards (where the dates alone are one
convention). Expected values: the original data's (every ward dated on the 1st), counted with
pandas.
"""

import pandas as pd
import pytest

import qistats as qi

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py

WARDS = ["BRI1", "BRI2", "BRI3", "CAS1", "CAS2", "CAS3"]
ENDS = ["BRI1", "BRI2", "BRI3"]
BUCKETS = 6


def _original() -> pd.DataFrame:
    df = qi.datasets.restrictive_practice()
    return df[df["ward"].isin(WARDS)].reset_index(drop=True)


MONTH_END = pd.offsets.MonthEnd(0)


def _merged(end=MONTH_END) -> pd.DataFrame:
    df = _original()
    late = df["ward"].isin(ENDS)
    df.loc[late, "month"] = df.loc[late, "month"] + end
    return df


def _buckets(sdf, by="ward"):
    """Each series' bucket, as qistats.spark hashes it."""
    from pyspark.sql import functions as F

    b = F.pmod(F.xxhash64(F.col(by)), F.lit(BUCKETS))
    got = sdf.select(by).distinct().withColumn("bucket", b).toPandas()
    return dict(zip(got[by], got["bucket"], strict=True))


def _split_matters(sdf) -> None:
    """Some bucket holds month-end wards only: its dates alone are one convention."""
    bucket = _buckets(sdf)
    ends_only = {bucket[w] for w in ENDS} - {bucket[w] for w in WARDS if w not in ENDS}
    assert ends_only, bucket


@pytest.mark.filterwarnings("ignore::qistats.OverdispersionWarning")
@pytest.mark.parametrize(
    "end", [pd.offsets.MonthEnd(0), pd.offsets.BMonthEnd(0)], ids=["month_end", "working_day"]
)
def test_spark_spc_freeze_phase_exclude_dates_mean_their_month(spark, end):
    import qistats.spark as qs

    orig = _original()
    base = orig[orig["month"] <= "2021-03-01"].groupby("ward").size().to_dict()
    before = orig[orig["month"] < "2022-10-01"].groupby("ward").size().to_dict()
    sdf = spark.createDataFrame(_merged(end))
    _split_matters(sdf)
    kw = dict(y="restraints", n="bed_days", x="month", by="ward", chart="u")
    res = qs.spc(
        sdf,
        **kw,
        freeze="2021-03-01",
        phase=["2022-10-31"],
        exclude=["2022-10-01"],
        buckets=BUCKETS,
    )
    pts = res.points.toPandas()
    first = pts[pts["phase"] == 1]
    assert first.groupby("ward")["baseline"].sum().to_dict() == base
    assert first.groupby("ward").size().to_dict() == before
    out = pts[pts["excluded"]]
    assert sorted(out["ward"]) == WARDS
    assert {(d.year, d.month) for d in pd.to_datetime(out["month"])} == {(2022, 10)}


def test_spark_board_freeze_and_rebase_cells_mean_their_month(spark):
    import qistats.spark as qs

    orig = _original()
    base = orig[orig["month"] <= "2021-03-01"].groupby("ward").size()
    later = orig[orig["month"] >= "2022-10-01"].groupby("ward").size()
    data = _merged().rename(columns={"restraints": "value", "bed_days": "n"})
    data["measure"] = "restraint"
    sdf = spark.createDataFrame(data[["measure", "ward", "month", "value", "n"]])
    _split_matters(sdf)
    ms = pd.DataFrame(
        {"measure": ["restraint"], "chart": ["u"], "multiply": [1000], "freeze": ["2021-03-01"]}
    )
    ms["rebase"] = ["2022-10-31"]
    b = qs.board(sdf, ms, x="month", y="value", n="n", by="ward", buckets=BUCKETS)
    pts = b.points.toPandas()
    assert pts[pts["phase"] == 2].groupby("ward").size().to_dict() == later.to_dict()
    assert pts.groupby("ward")["baseline"].sum().to_dict() == (base + later).to_dict()
