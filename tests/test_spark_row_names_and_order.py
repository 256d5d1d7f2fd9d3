"""qistats.spark (real local Spark): warnings name a row by its series and x, never a task's
own row number; the board table comes back in qi.board's order; a stale check with a lag uses
the whole data's spacing, as qi.board does; and clocks changing at midnight in the session's
time zone.

The expected values are the pandas functions' on the same rows, and orders and rows written
by hand.
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py

MONTHS = pd.date_range("2022-01-01", periods=20, freq="MS")
#: a label or position in a frame: "row with index label 12 (" (pandas), which a Spark task
#: must never give
ROW_NUMBER = re.compile(r"\brow (?:with index label )?-?\d+\b")


def _wards(names=("A", "B", "C")) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    k = len(names) * MONTHS.size
    return pd.DataFrame(
        {
            "ward": np.repeat(list(names), MONTHS.size),
            "month": np.tile(MONTHS, len(names)),
            "falls": rng.poisson(6, k),
            "bed_days": rng.integers(700, 900, k).astype(float),
        }
    )


# ------------------------------------------------------------------- rows named by series and x


def _copied(data: pd.DataFrame, ward: str, month: str) -> pd.DataFrame:
    row = data[(data.ward == ward) & (data.month == month)]
    return pd.concat([data, row], ignore_index=True)


def test_a_warning_on_spark_names_the_row_by_series_and_x_not_a_task_row(spark):
    import qistats.spark as qs

    # one ward (the driver computes it first, so its warning reaches the caller), its March
    # 2022 row copied: pandas names the copy row 20 (its index), Spark by ward and month alone
    data = _copied(_wards(["A"]), "A", "2022-03-01")
    kw = dict(y="falls", n="bed_days", x="month", by="ward", chart="u")
    with pytest.warns(qi.DuplicateRowsWarning) as pandas_says:
        qi.spc(data, **kw)
    assert "(the first: row with index label 20 (ward='A', month=2022-03-01))" in str(
        pandas_says[0].message
    )
    sdf = spark.createDataFrame(data)  # outside: pyspark's own pandas-3 warning is not ours
    with pytest.warns(qi.DuplicateRowsWarning) as spark_says:
        qs.spc(sdf, **kw)
    said = [str(w.message) for w in spark_says if w.category is qi.DuplicateRowsWarning]
    assert said, [str(w.message) for w in spark_says]
    assert "(the first: the row (ward='A', month=2022-03-01))" in said[0], said[0]
    assert not ROW_NUMBER.search(said[0]), said[0]


def test_a_task_names_rows_by_series_and_x_in_warnings_and_errors():
    # What each executor task runs, on a bucket of three wards: its rows are numbered 0..59
    # in the task (ward C's copied row would be "row 43"), which mean nothing to the user.
    from pyspark.sql import types as T

    from qistats.spark import _runner

    data = _copied(_wards(), "C", "2022-04-01")
    types = {
        "ward": T.StringType(),
        "month": T.TimestampType(),
        "falls": T.LongType(),
        "bed_days": T.DoubleType(),
    }
    kw = dict(y="falls", n="bed_days", x="month", by="ward", chart="u")
    columns = ["ward", "month", "falls", "bed_days"]

    def run(pdf):
        return _runner(lambda p: {"points": qi.spc(p, **kw).points}, columns, types, columns[:2])(
            pdf
        )

    shuffled = data.sample(frac=1.0, random_state=3, ignore_index=True)
    with pytest.warns(qi.DuplicateRowsWarning) as seen:
        run(shuffled)
    message = str(seen[0].message)
    assert "(the first: the row (ward='C', month=2022-04-01))" in message, message
    assert not ROW_NUMBER.search(message), message
    # an error names the row alike: ward B's negative bed days in June 2022
    bad = data.copy()
    bad.loc[(bad.ward == "B") & (bad.month == "2022-06-01"), "bed_days"] = -5.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.DuplicateRowsWarning)
        with pytest.raises(qi.QIStatsError) as err:
            run(bad.sample(frac=1.0, random_state=4, ignore_index=True))
    assert "the row (ward='B', month=2022-06-01)" in str(err.value), str(err.value)
    assert not ROW_NUMBER.search(str(err.value)), str(err.value)


# ---------------------------------------------------------------------- the board table's order


def _ae() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A new user's board: A&E attendances within 4 hours (a %) and breaches, per organisation;
    the measures table lists within_4h first (alphabetically it is last)."""
    ae = qi.datasets.ae_attendances().assign(within_4h=lambda t: t.attendances - t.breaches)
    data = ae.melt(
        id_vars=["org_code", "month", "attendances"],
        var_name="measure",
        value_vars=["within_4h", "breaches"],
        value_name="value",
    )
    data["n"] = data.attendances.where(data.measure == "within_4h").astype(float)
    data["value"] = data.value.astype(float)
    measures = pd.DataFrame(
        {
            "measure": ["within_4h", "breaches"],
            "improvement": ["increase", "decrease"],
            "multiply": [100, 1],
            "uses_n": [True, False],
        }
    )
    return data, measures


def test_the_board_table_comes_back_in_qi_boards_order(spark):
    import qistats.spark as qs

    data, measures = _ae()
    kw = dict(x="month", y="value", n="n", by="org_code")
    want = qi.board(data, measures, **kw).table()
    shuffled = data.sample(frac=1.0, random_state=5, ignore_index=True)
    report = qs.board(spark.createDataFrame(shuffled).repartition(8), measures, **kw, buckets=7)
    got = report.table().toPandas()
    orgs = sorted(data.org_code.unique())  # by hand: the measures table's order, then by org
    assert list(zip(got.measure, got.org_code, strict=True)) == [
        (m, o) for m in ("within_4h", "breaches") for o in orgs
    ]
    assert list(zip(got.measure, got.org_code, strict=True)) == list(
        zip(want.measure, want.org_code, strict=True)
    )
    assert got.measure_order.tolist() == [0] * len(orgs) + [1] * len(orgs)
    assert report.schemas["table"]["measure_order"].dataType.simpleString() == "bigint"
    assert list(got.columns) == [*want.columns, "measure_order"]
    np.testing.assert_array_equal(got.cl.to_numpy(float), want.cl.to_numpy(float))
    # the order is restored after a shuffle by sorting on measure_order and the by column
    again = report.table().groupBy("measure_order", "org_code").count()
    back = again.orderBy("measure_order", "org_code").toPandas()
    assert back.org_code.tolist() == orgs * 2


# ----------------------------------------------- stale with a lag: the whole data's spacing


def _irregular() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Series of one measure at different spacings: waits monthly at A, every other month at
    B and C (last Nov 2023); falls (lag 1) monthly at A, quarterly at B (last Oct 2023)."""
    rng = np.random.default_rng(2)
    months = pd.date_range("2022-01-01", "2023-12-01", freq="MS")
    every = {
        ("waits", "A"): months,
        ("waits", "B"): months[-2::-2][::-1],
        ("waits", "C"): months[-2::-2][::-1],
        ("falls", "A"): months[:-2],
        ("falls", "B"): months[-3::-3][::-1],
    }
    data = pd.concat(
        [
            pd.DataFrame({"measure": m, "org": o, "month": x, "value": rng.normal(10, 1, x.size)})
            for (m, o), x in every.items()
        ],
        ignore_index=True,
    )
    data.loc[3, "value"] = np.nan  # a month without a value is still a period
    measures = pd.DataFrame(
        {"measure": ["waits", "falls"], "improvement": "decrease", "lag": [0, 1]}
    )
    return data, measures


@pytest.mark.parametrize("dates", [False, True])
def test_stale_with_a_lag_uses_the_whole_datas_spacing_as_qi_board(spark, dates):
    # qi.board takes each measure's spacing over all its series: waits' 45 gaps are mostly a
    # month, falls' 28 too. A bucket holding B alone saw two months (waits) or three (falls),
    # and called B current where qi.board calls it stale.
    from pyspark.sql import functions as F

    import qistats.spark as qs

    data, measures = _irregular()
    kw = dict(x="month", y="value", by="org")
    want = qi.board(data, measures, **kw).table()
    # by hand, the report's period Dec 2023: waits B, Nov 2023 + 1 month = 1 Dec <= Dec, stale;
    # falls B (lag 1), Oct 2023 + 2 months = 1 Dec <= Dec, stale; falls A the same
    assert want.stale.tolist() == [False, True, True, True, True]
    sdf = spark.createDataFrame(data)
    if dates:  # a Spark date x: the keys a task sees are its days' nanoseconds
        sdf = sdf.withColumn("month", F.to_date("month"))
    for buckets in (1, 5):
        got = qs.board(sdf, measures, **kw, buckets=buckets).table().toPandas()
        assert got.org.tolist() == want.org.tolist()
        assert got.stale.tolist() == want.stale.tolist(), buckets
        assert got.reason.tolist() == want.reason.tolist(), buckets
        np.testing.assert_array_equal(got.cl.to_numpy(float), want.cl.to_numpy(float))


# ------------------------------------------ clocks changing at midnight in the session's zone


@pytest.fixture
def zone(spark):
    """Set the session time zone for one test (the session is shared), then put it back."""
    before = spark.conf.get("spark.sql.session.timeZone")
    yield lambda tz: spark.conf.set("spark.sql.session.timeZone", tz)
    spark.conf.set("spark.sql.session.timeZone", before)


def test_a_skipped_midnight_in_the_session_zone_is_the_days_first_instant(spark, zone):
    # São Paulo's clocks skipped 4 Nov 2018 00:00-00:59. The ambition window starts that day:
    # the task's wall-clock midnight made Spark fail in every task; it is 01:00 −02:00,
    # as qi.ambition says on the same data
    import qistats.spark as qs

    tz = "America/Sao_Paulo"
    days = pd.date_range("2018-10-01", "2018-12-07", freq="D").tz_localize(
        tz, nonexistent="shift_forward"
    )
    rng = np.random.default_rng(6)
    data = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], days.size),
            "day": np.tile(days, 2),
            "falls": rng.poisson(60, 2 * days.size),
            "bed_days": rng.integers(7000, 9000, 2 * days.size).astype(float),
        }
    )
    kw = dict(
        y="falls",
        n="bed_days",
        x="day",
        by="ward",
        baseline=("2018-10-01", "2018-11-03"),
        change=-0.3,
        deadline="2018-12-07",
    )
    want = qi.ambition(data, **kw).summary()
    assert want.current_start.tolist() == [pd.Timestamp("2018-11-04 03:00", tz="UTC")] * 2
    zone(tz)
    sdf = spark.createDataFrame(data)
    got = qs.ambition(sdf, **kw).summary().toPandas()  # session-local wall-clock times
    start = want.current_start.dt.tz_convert(tz).dt.tz_localize(None)  # 01:00
    assert got.current_start.tolist() == start.tolist()
    np.testing.assert_allclose(got.rate_ratio.to_numpy(), want.rate_ratio.to_numpy(), rtol=1e-12)


def test_a_repeated_midnight_keeps_its_instant_and_its_second_one_is_refused(spark, zone):
    # Havana's 1 Nov 2020 began at 00:00 −04:00; an hour later the clocks read 00:00 again
    from pyspark.sql import functions as F

    import qistats.spark as qs

    tz = "America/Havana"
    months = pd.date_range("2019-01-01", "2021-10-01", freq="MS").tz_localize(
        tz, ambiguous=np.ones(34, dtype=bool)
    )
    data = pd.DataFrame({"ward": "A", "month": months, "falls": 6, "bed_days": 800.0})
    kw = dict(y="falls", x="month", by="ward", chart="c")
    zone(tz)
    sdf = spark.createDataFrame(data)
    res = qs.spc(sdf, **kw)
    micros = res.points.select(F.unix_micros("month").alias("us")).toPandas().us
    # every month's instant as given (1 Nov 2020 came back an hour late, at −05:00, before)
    assert sorted(micros) == months.as_unit("us").asi8.tolist()
    second = data.assign(month=data.month.where(data.index != 22, months[22] + pd.Timedelta("1h")))
    assert second.month[22].utcoffset() == pd.Timedelta(hours=-5)  # 00:00 −05:00
    sdf = spark.createDataFrame(second)
    with pytest.raises(qi.ColumnError) as err:
        qs.spc(sdf, **kw)
    msg = str(err.value)
    assert msg.startswith("x='month': 2020-11-01 00:00:00 -05:00 is a time that the clocks"), msg
    assert "the first time at 2020-11-01 00:00:00 -04:00" in msg, msg
    zone("UTC")  # in UTC every instant is its own time
    assert qs.spc(spark.createDataFrame(second), **kw).points.count() == 34
