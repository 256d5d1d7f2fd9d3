"""qistats.spark on a text x (trial 7 B5), and pyspark's pandas-3 warning (real local Spark).

``spark.read.csv`` without ``inferSchema`` gives x as ISO text. pandas ``qi.spc`` reads that as
dates; ``qs.spc`` and ``qs.board`` crashed inside their tasks (the driver kept x a ``string``
while the tasks returned dates). The expected results are the pandas functions' on the same
text (each series alone there, by the pandas engine), and the dates written by hand.
"""

import os
import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py

PANDAS3 = "PySpark does not yet fully support pandas"
MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _wards(form: str = "%Y-%m-%d") -> pd.DataFrame:
    rng = np.random.default_rng(8)
    return pd.DataFrame(
        {
            "measure": "falls",
            "ward": np.repeat(["A", "B", "C"], 24),
            "month": np.tile(MONTHS.strftime(form), 3),
            "falls": rng.poisson(6, 72),
            "bed_days": rng.integers(700, 900, 72).astype(float),
        }
    )


def _as_dates(col: pd.Series) -> pd.Series:
    return pd.to_datetime(col).astype("datetime64[ns]").reset_index(drop=True)


def test_iso_text_x_is_read_as_dates_as_pandas_reads_it(spark):
    from pyspark.sql import types as T

    import qistats.spark as qs

    pdf = _wards()
    kw = dict(y="falls", n="bed_days", x="month", by="ward", chart="u", multiply=1000)
    res = qs.spc(spark.createDataFrame(pdf), **kw)
    assert isinstance(res.points_schema["month"].dataType, T.DateType)
    got = res.points.toPandas().sort_values(["ward", "month"], ignore_index=True)
    want = qi.spc(pdf, **kw).points.sort_values(["ward", "month"], ignore_index=True)
    assert len(got) == 72
    pd.testing.assert_series_equal(_as_dates(got.month), _as_dates(want.month))
    assert got.month.iloc[0] == MONTHS[0].date()  # 2022-01-01, a Spark date
    for col in ("value", "cl", "lcl", "ucl"):
        np.testing.assert_array_equal(got[col].to_numpy(float), want[col].to_numpy(float))
    summary = res.summary().toPandas().sort_values("ward")
    assert summary.n_points.tolist() == [24, 24, 24]


def test_year_month_text_on_a_board_is_read_as_the_first_of_the_month(spark):
    import qistats.spark as qs

    pdf = _wards("%Y-%m")
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"], "multiply": [1000]})
    kw = dict(x="month", y="falls", n="bed_days", by="ward")
    report = qs.board(spark.createDataFrame(pdf), measures, **kw)
    got = report.table().toPandas()
    want = qi.board(pdf, measures, **kw).table()
    # "2023-12" is December 2023's first day, the latest month of every ward
    assert _as_dates(got.latest_x).tolist() == [pd.Timestamp("2023-12-01")] * 3
    pd.testing.assert_series_equal(_as_dates(got.latest_x), _as_dates(want.latest_x))
    assert got.variation.tolist() == want.variation.tolist()
    np.testing.assert_array_equal(got.cl.to_numpy(float), want.cl.to_numpy(float))
    assert report.as_of == pd.Timestamp("2023-12-01")


def test_ambition_on_iso_text_equals_pandas(spark):
    from pyspark.sql import types as T

    import qistats.spark as qs

    pdf = _wards()
    kw = dict(
        y="falls",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2022-01-01", "2022-12-01"),
        change=-0.5,
        deadline="2023-12-01",
        multiply=1000,
    )
    amb = qs.ambition(spark.createDataFrame(pdf), **kw)
    assert isinstance(amb.schemas["summary"]["current_start"].dataType, T.TimestampType)
    got = amb.summary().toPandas().sort_values("ward", ignore_index=True)
    want = qi.ambition(pdf, **kw).summary()
    # the 12 months after the baseline, Jan-Dec 2023, by hand
    assert _as_dates(got.current_start).tolist() == [pd.Timestamp("2023-01-01")] * 3
    # to rounding: a ward's overdispersion fit may differ in the last bits among others (C3)
    np.testing.assert_allclose(got.rate_ratio.to_numpy(), want.rate_ratio.to_numpy(), rtol=1e-12)
    assert got.reason.tolist() == want.reason.tolist()


@pytest.mark.parametrize(
    ("months", "said"),
    [
        # UK dates: Spark code, not pandas'
        (
            MONTHS.strftime("%d/%m/%Y"),
            [
                "The first value, '01/01/2022', looks like a UK date",
                "sdf.withColumn('month', F.to_date('month', \"dd/MM/yyyy\"))",
            ],
        ),
        # ISO dates but one UK date among them: that one is named, and only it is corrected
        # (trial 9 B2: converting the column as UK dates made the 23 ISO rows null)
        (
            [*MONTHS[:-1].strftime("%Y-%m-%d"), "01/12/2023"],
            [
                "'01/12/2023': not an ISO date like the other 23 rows (YYYY-MM-DD)",
                "sdf = sdf.replace({'01/12/2023': '2023-12-01'}, subset=['month'])",
            ],
        ),
        # financial years (session 14): never months, even '2008-09' ... '2011-12'
        *(
            (
                [f"{y}-{(y + 1) % 100:02d}" for y in range(first, first + 4)],
                [
                    "is a financial year (1 April",
                    "sdf.withColumn('month', F.to_date(F.concat(F.substring(F.trim('month'), "
                    "1, 4), F.lit('-04-01'))))",
                ],
            )
            for first in (2008, 2015)
        ),
        # dates written as digits (trial 13 recheck): Spark's pattern of '%Y%m'
        (MONTHS.strftime("%Y%m"), ["(YYYYMM: Jan 2022)", "F.to_date('month', 'yyyyMM')"]),
    ],
)
def test_other_text_x_is_refused_on_the_driver_with_spark_code(spark, months, said):
    import qistats.spark as qs

    pdf = pd.DataFrame({"ward": "A", "month": list(months), "falls": 5, "bed_days": 800.0})
    sdf = spark.createDataFrame(pdf)
    for call in (
        lambda: qs.spc(sdf, y="falls", n="bed_days", x="month", by="ward", chart="u"),
        lambda: qs.ambition(
            sdf,
            y="falls",
            n="bed_days",
            x="month",
            by="ward",
            baseline=("2022-01-01", "2022-12-01"),
            change=-0.5,
            deadline="2023-12-01",
        ),
    ):
        with pytest.raises(qi.ColumnError) as err:
            call()
        msg = str(err.value)
        assert msg.startswith("x='month': column 'month' has Spark type string"), msg
        for part in said:
            assert part in msg, msg
        assert "pd.to_datetime" not in msg


def test_the_advice_for_one_uk_row_among_iso_dates_keeps_the_iso_rows(spark):
    import qistats.spark as qs

    months = [*MONTHS[:-1].strftime("%Y-%m-%d"), "01/12/2023"]
    pdf = pd.DataFrame({"ward": "A", "month": months, "falls": 5, "bed_days": 800.0})
    sdf = spark.createDataFrame(pdf)
    fixed = sdf.replace({"01/12/2023": "2023-12-01"}, subset=["month"])  # the advice, verbatim
    res = qs.spc(fixed, y="falls", n="bed_days", x="month", by="ward", chart="u")
    got = res.points.toPandas()["month"]
    assert list(pd.to_datetime(got)) == list(MONTHS)  # 24 months, none lost


def test_an_impossible_iso_date_is_refused_as_pandas_refuses_it(spark):
    import qistats.spark as qs

    months = [*MONTHS[:-1].strftime("%Y-%m-%d"), "2023-13-01"]
    pdf = pd.DataFrame({"ward": "A", "month": months, "falls": 5, "bed_days": 800.0})
    kw = dict(y="falls", n="bed_days", x="month", by="ward", chart="u")
    with pytest.raises(qi.ColumnError, match=r"has dtype (str|object)"):  # pandas 3, 2
        qi.spc(pdf, **kw)
    with pytest.raises(qi.ColumnError, match=re.escape("has Spark type string")):
        qs.spc(spark.createDataFrame(pdf), **kw)


def test_the_pandas3_warning_is_silenced_in_qistats_calls_only(spark):
    import qistats.spark as qs

    sdf = spark.createDataFrame(_wards())
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        qs.spc(sdf, y="falls", n="bed_days", x="month", by="ward", chart="u")  # runs its tasks
        ours = [str(w.message) for w in seen]
        sdf.toPandas()  # pyspark's own call, outside qistats: its warnings are left alone
        after = [str(w.message) for w in seen[len(ours) :]]
    assert not [m for m in ours if m.startswith(PANDAS3)], ours
    assert not [m for m in ours if "The copy keyword is deprecated" in m], ours  # trial 9 B2
    if int(pd.__version__.split(".")[0]) >= 3:
        assert [m for m in after if m.startswith(PANDAS3)], after  # the filter is not global
    assert not [f for f in warnings.filters if f[1] is not None and PANDAS3 in f[1].pattern]


def test_a_task_silences_the_pandas3_warning_in_its_worker_before_rows_arrive():
    # An executor's Python worker unpickles each task before Spark converts its rows: what
    # unpickling a task's guard does in a fresh Python, then the conversion's version check
    # (which gives the warning under pandas >= 3).
    from pyspark import cloudpickle

    from qistats.spark import _WorkerQuiet

    check = (
        "import pickle, sys; from pyspark.sql.pandas.utils import "
        "require_minimum_pandas_version as check; {load}check()"
    )
    runs = {}
    for name, load in (("task", "pickle.loads(sys.stdin.buffer.read()); "), ("bare", "")):
        runs[name] = subprocess.run(
            [sys.executable, "-W", "default", "-c", check.format(load=load)],
            input=cloudpickle.dumps(_WorkerQuiet()),
            capture_output=True,
            check=True,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        )
    assert PANDAS3 not in runs["task"].stderr.decode()
    if int(pd.__version__.split(".")[0]) >= 3:
        assert PANDAS3 in runs["bare"].stderr.decode()


def test_london_midnights_read_in_a_utc_session_get_spark_advice(spark):
    # trial 9 A1b: 1 April 00:00 BST is 31 March 23:00 UTC, as a UTC session (Databricks'
    # default) reads a month written at London midnight; the driver says so once
    import qistats.spark as qs

    local = MONTHS.tz_localize("Europe/London").tz_convert("UTC").tz_localize(None)
    pdf = pd.DataFrame({"ward": "A", "month": local, "falls": 5, "bed_days": 800.0})
    sdf = spark.createDataFrame(pdf)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        qs.spc(sdf, y="falls", n="bed_days", x="month", by="ward", chart="u")
    said = [str(w.message) for w in seen if w.category is qi.DateWarning]
    assert len(said) == 1, said
    # 2022-01 to 2023-12: 14 of the 24 months are in BST (April to October)
    assert "14 of 24 dates in column 'month' are at 23:00" in said[0], said[0]
    assert "e.g. 2022-03-31 23:00:00" in said[0], said[0]
    assert "spark.conf.set('spark.sql.session.timeZone', 'Europe/London')" in said[0]
    assert "dt.ceil" not in said[0]  # pandas code, not for a Spark DataFrame


def _date_warnings(spark, pdf: pd.DataFrame) -> list[list[str]]:
    """The DateWarnings of qi.spc and of qistats.spark.spc on ``pdf`` (a U chart by ward)."""
    import qistats.spark as qs

    kw = dict(y="falls", n="bed_days", x="month", by="ward", chart="u")
    said = []
    for fn, frame in ((qi.spc, pdf), (qs.spc, spark.createDataFrame(pdf))):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            fn(frame, **kw)
        said.append([str(w.message) for w in seen if w.category is qi.DateWarning])
    return said


def test_year_and_month_numbers_get_the_pandas_hint_once(spark):
    # audit INP F6: 202201 ... 202312 is January 2022 to December 2023 as YYYYMM; the driver
    # judges every row (each bucket holds one ward) and says it once, as qi.spc does
    pdf = _wards().assign(month=np.tile(MONTHS.year * 100 + MONTHS.month, 3))
    said = _date_warnings(spark, pdf)
    assert len(said[0]) == 1 and said[1] == said[0], said
    assert "202201, which read as years and months (YYYYMM: 202201 is Jan 2022)" in said[0][0]


def test_year_and_week_numbers_get_the_pandas_hint_once(spark):
    # session 14: 202201 ... 202252, 202301 ... 202320 is ISO weeks as YYYYWW
    iso = pd.date_range("2022-01-03", periods=72, freq="W-MON").isocalendar()
    pdf = _wards().assign(month=np.tile(iso.year * 100 + iso.week, 3)[:72])
    pdf["ward"] = np.repeat(["A", "B", "C"], 24)
    said = _date_warnings(spark, pdf)
    assert len(said[0]) == 1 and said[1] == said[0], said
    assert "202201, which read as years and weeks (YYYYWW: 202201 is week 1 of 2022)" in said[0][0]


def test_year_and_quarter_numbers_get_the_pandas_hint_once(spark):
    # trial 13 recheck: 20221 ... 20234 is 2022 Q1 to 2023 Q4 as YYYYQ, not Excel dates of 1955
    quarters = pd.date_range("2022-01-01", periods=8, freq="QS")
    pdf = _wards().head(24).assign(month=np.tile(quarters.year * 10 + quarters.quarter, 3))
    pdf["ward"] = np.repeat(["A", "B", "C"], 8)
    said = _date_warnings(spark, pdf)
    assert len(said[0]) == 1 and said[1] == said[0], said
    assert "20221, which read as years and quarters (YYYYQ: 20221 is 2022 Q1)" in said[0][0]
