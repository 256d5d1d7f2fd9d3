"""qistats.spark judges on the whole data what pandas judges on the whole data (real local
Spark): the series are split into several buckets (``buckets=``), each task sees its own few,
and the warnings and errors must still be those of the pandas function on all the rows.

The expected texts are the pandas functions' on the same rows; where Spark cannot name a row by
its position (its rows have no order), the row is named by its series and x, the first in
series and x order (the data are sorted so, so that pandas' first row is that one too).
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
WARDS = [f"W{i}" for i in range(8)]
BUCKETS = 4
KW = dict(y="falls", n="bed_days", x="month", by="ward", chart="u")


def _wards(months=MONTHS) -> pd.DataFrame:
    rng = np.random.default_rng(10)
    k = len(WARDS) * len(months)
    return pd.DataFrame(
        {
            "ward": np.repeat(WARDS, len(months)),
            "month": np.tile(months, len(WARDS)),
            "falls": rng.poisson(8, k),
            "bed_days": rng.integers(700, 900, k).astype(float),
        }
    )


def _buckets(spark, sdf, by="ward"):
    """Each series' bucket, as qistats.spark hashes it."""
    from pyspark.sql import functions as F

    b = F.pmod(F.xxhash64(F.col(by)), F.lit(BUCKETS))
    got = sdf.select(by).distinct().withColumn("bucket", b).toPandas()
    return dict(zip(got[by], got["bucket"], strict=True))


def _said(seen, category):
    return [str(w.message) for w in seen if w.category is category]


def _record(fn):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out = fn()
    return out, seen


# --------------------------------------------------- dates: local midnights stored in UTC


def test_midnights_stored_in_utc_are_counted_over_every_bucket_once(spark):
    import qistats.spark as qs

    local = MONTHS.tz_localize("Europe/London").tz_convert("UTC").tz_localize(None)
    data = _wards(local)
    sdf = spark.createDataFrame(data)
    assert len(set(_buckets(spark, sdf).values())) > 1  # the split matters
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DateWarning)
    # 8 wards x the 14 of their 24 months in BST (April to October)
    assert want.startswith("x='month': 112 of 192 dates in column 'month' are at 23:00"), want
    _, spark_seen = _record(lambda: qs.spc(sdf, **KW, buckets=BUCKETS))
    said = _said(spark_seen, qi.DateWarning)
    assert len(said) == 1, said
    assert said[0].split(" (")[0] == want.split(" (")[0], said[0]
    # Spark rows have no order: the earliest such date is the example, with Spark advice
    assert "(e.g. 2022-03-31 23:00:00)" in said[0], said[0]
    assert "spark.conf.set('spark.sql.session.timeZone', 'Europe/London')" in said[0]


def test_midnights_are_judged_on_the_whole_data_not_per_bucket(spark):
    # two wards' dates at 21:00 and 22:00: three times of day in all (with 23:00), which
    # pandas does not read as midnights of a zone (two offsets at most); the buckets without
    # those wards alone would
    import qistats.spark as qs

    local = MONTHS.tz_localize("Europe/London").tz_convert("UTC").tz_localize(None)
    data = _wards(local)
    for ward, hour in (("W3", 21), ("W4", 22)):
        odd = data.ward == ward
        data.loc[odd, "month"] = data.loc[odd, "month"].dt.normalize() + pd.Timedelta(hours=hour)
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    # not midnights: pandas says instead that each ward has months with two dates
    (want,) = _said(pandas_seen, qi.DateWarning)
    assert want.startswith("8 series of monthly data have two dates in one month (16 months")
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(lambda: qs.spc(sdf, **KW, buckets=BUCKETS))
    said = _said(spark_seen, qi.DateWarning)
    assert not [w for w in said if "local midnights" in w], said
    # (a bucket without W3 and W4 reads its own rows as midnights, and so says nothing of
    # their months with two dates: the months a Spark call names are at most pandas')
    months = [w for w in said if "two dates in one month" in w]
    assert len(months) <= 1 and len(said) == len(months), said


def test_day_month_text_read_month_first_is_judged_on_the_whole_data(spark):
    """Trial 13 F6: 8 wards' months from April 2022 written '01/04/2022' and read month
    first are days 1 to 12 of January; Spark says so once, on the whole data, as pandas does
    (its conversion in Spark terms), and nothing of months with two dates."""
    import qistats.spark as qs

    misread = pd.to_datetime([f"{d:%d/%m/%Y}" for d in MONTHS + pd.DateOffset(months=3)])
    data = _wards(misread)
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DateWarning)
    assert want.startswith(
        "x='month': every date is on day 1 to 12 of January (24 dates in 3 years, the first "
        "2022-01-04): day/month text read month first? '01/04/2022' read as month/day is 4 "
        "January 2022; read day first, it is 1 April 2022"
    )
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(lambda: qs.spc(sdf, **KW, buckets=BUCKETS))
    (said,) = _said(spark_seen, qi.DateWarning)
    assert said.startswith(want[: want.index("Convert")])
    assert "F.to_date('month', 'dd/MM/yyyy')" in said


# ------------------------------------------------------------------ copied rows (B5)


def test_copied_rows_in_several_buckets_are_one_warning_counting_them_all(spark):
    import qistats.spark as qs

    data = _wards()
    sdf0 = spark.createDataFrame(data)
    bucket = _buckets(spark, sdf0)
    # one copied row in each of three wards of different buckets
    wards, seen_buckets = [], set()
    for w in WARDS:
        if bucket[w] not in seen_buckets:
            wards.append(w)
            seen_buckets.add(bucket[w])
    wards = wards[:3]
    assert len(wards) == 3
    copies = data[data.ward.isin(wards) & (data.month == "2022-05-01")]
    data = pd.concat([data, copies], ignore_index=True)
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DuplicateRowsWarning)
    assert want.startswith("3 rows of data repeat an earlier row in every column"), want
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(lambda: qs.spc(sdf, **KW, buckets=BUCKETS))
    said = _said(spark_seen, qi.DuplicateRowsWarning)
    assert len(said) == 1, said
    assert said[0].startswith("3 rows of data repeat an earlier row in every column"), said[0]
    named = re.search(r"\(the first: the row \(ward='(W\d)', month=2022-05-01\)\)", said[0])
    assert named and named.group(1) in wards, said[0]


def test_copied_rows_in_every_bucket_are_counted_once(spark):
    import qistats.spark as qs

    data = _wards()
    copies = data[data.month == "2022-05-01"]  # a copied row in every ward
    data = pd.concat([data, copies], ignore_index=True)
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DuplicateRowsWarning)
    assert want.startswith("8 rows of data repeat"), want
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(lambda: qs.spc(sdf, **KW, buckets=BUCKETS))
    said = _said(spark_seen, qi.DuplicateRowsWarning)
    assert len(said) == 1 and said[0].startswith("8 rows of data repeat"), said


# ------------------------------------------------------- a resubmitted return (session 19)


def _resubmitted(data, ward, months):
    """``data`` with the rows of ``ward`` at ``months`` given again with other figures."""
    again = data[(data.ward == ward) & data.month.isin(months)].assign(falls=99)
    return pd.concat([data, again], ignore_index=True).sort_values(
        ["ward", "month"], kind="stable", ignore_index=True
    )


def test_a_few_repeated_keys_are_judged_among_every_buckets_keys(spark):
    # r keys of ward W1 given twice in mid-series: over its bucket's keys (24 per ward) they
    # are more than 10 %, and the bucket said nothing; among all 8 x 24 = 192 keys they are
    # r of 192, under 10 %, and pandas warns
    import qistats.spark as qs

    data = _wards()
    sizes = pd.Series(_buckets(spark, spark.createDataFrame(data))).value_counts()
    k = int(sizes[_buckets(spark, spark.createDataFrame(data))["W1"]])  # wards in W1's bucket
    r = int(2.4 * k) + 1  # > 10 % of 24 k, <= 19 (10 % of 192)
    assert r <= 19
    data = _resubmitted(data, "W1", MONTHS[5 : 5 + r])
    head = f"{r} of 192 (series, x) keys have more than one row while every other has one"
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DuplicateRowsWarning)
    assert want.startswith(head), want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **KW, buckets=BUCKETS))
    said = _said(spark_seen, qi.DuplicateRowsWarning)
    assert len(said) == 1, said
    assert said[0].startswith(head + " (the first: the row (ward='W1', month=2022-06-01)"), said
    said_rows = "): a corrected resubmission appended to the original? The rows' y and n"
    assert said_rows in want and said_rows in said[0], said[0]
    assert "(e.g. dropping the earlier rows)" in said[0], said[0]  # Spark's rows: no index


def test_a_resubmitted_month_in_several_buckets_is_one_warning(spark):
    # the latest month of two wards of different buckets given again: 2 of 192 keys, once
    # (each bucket said its own, "1 of 48 ...")
    import qistats.spark as qs

    data = _wards()
    bucket = _buckets(spark, spark.createDataFrame(data))
    other = next(w for w in WARDS if bucket[w] != bucket["W0"])
    for ward in ("W0", other):
        data = _resubmitted(data, ward, MONTHS[-1:])
    head = "2 of 192 (series, x) keys have more than one row while every other has one"
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DuplicateRowsWarning)
    assert want.startswith(head), want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **KW, buckets=BUCKETS))
    said = _said(spark_seen, qi.DuplicateRowsWarning)
    assert len(said) == 1 and said[0].startswith(head), said


def test_no_resubmission_is_said_where_a_bucket_has_rows_copied_whole(spark):
    # pandas: rows copied whole anywhere say it by their own warning and nothing of the keys
    import qistats.spark as qs

    data = _wards()
    bucket = _buckets(spark, spark.createDataFrame(data))
    other = next(w for w in WARDS if bucket[w] != bucket["W0"])
    data = _resubmitted(data, "W0", MONTHS[-1:])
    copy = data[(data.ward == other) & (data.month == MONTHS[3])]
    data = pd.concat([data, copy], ignore_index=True).sort_values(
        ["ward", "month"], kind="stable", ignore_index=True
    )
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DuplicateRowsWarning)
    assert want.startswith("1 row of data repeats an earlier row"), want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **KW, buckets=BUCKETS))
    said = _said(spark_seen, qi.DuplicateRowsWarning)
    assert len(said) == 1 and said[0].startswith("1 row of data repeats"), said


def test_series_mostly_without_n_in_several_buckets_are_one_warning_among_every_series(spark):
    # two wards of different buckets with n only in their first 4 of 24 months: pandas counts
    # them among all 8 series, once; each bucket said its own ("1 of 2 series …")
    import qistats.spark as qs

    data = _wards().astype({"bed_days": float})
    bucket = _buckets(spark, spark.createDataFrame(data))
    other = next(w for w in WARDS if bucket[w] != bucket["W0"])
    data.loc[data.ward.isin(["W0", other]) & (data.month >= MONTHS[4]), "bed_days"] = np.nan
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.DenominatorWarning)
    assert want.startswith(
        "n='bed_days': 2 of 8 series have a value of y='falls' in most rows but a denominator "
        f"in only a few (ward='W0': 24 rows with y, 4 of them with n; ward='{other}' too)"
    ), want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **KW, buckets=BUCKETS))
    assert _said(spark_seen, qi.DenominatorWarning) == [want]


def test_rare_event_series_of_several_buckets_are_one_warning_among_every_series(spark):
    # three wards of rare events (falls about 0.3 a month) in different buckets: pandas
    # counts them among all 8 series; a bucket counted its own among its own
    import qistats.spark as qs

    data = _wards()
    bucket = _buckets(spark, spark.createDataFrame(data))
    rare, used = [], set()
    for w in WARDS:
        if bucket[w] not in used:
            rare.append(w)
            used.add(bucket[w])
    rare = rare[:3]
    rng = np.random.default_rng(14)
    few = data.ward.isin(rare)
    data.loc[few, "falls"] = rng.poisson(0.3, few.sum())
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.RareEventsWarning)
    assert want.startswith("3 of 8 series on a U chart have numerators y"), want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **KW, buckets=BUCKETS))
    assert _said(spark_seen, qi.RareEventsWarning) == [want]


def test_a_target_without_a_direction_in_every_bucket_is_one_warning_naming_all(spark):
    # every ward has the target and no direction: pandas names the first five of the eight
    import qistats.spark as qs

    data = _wards()
    kw = dict(KW, rules="mdc", target=0.01)
    _, pandas_seen = _record(lambda: qi.spc(data, **kw))
    (want,) = _said(pandas_seen, qi.TargetWarning)
    assert want.startswith(
        "target=0.01 without an improvement direction for ward='W0'; ward='W1'; ward='W2'; "
        "ward='W3'; ward='W4' and 3 more (improvement=None)"
    ), want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **kw, buckets=BUCKETS))
    assert _said(spark_seen, qi.TargetWarning) == [want]


def test_series_behind_the_whole_datas_latest_period_are_one_warning(spark):
    # every ward of one bucket, and one ward of another, without December 2023: that bucket's
    # own latest month is November, so alone it would see none of its wards behind
    import qistats.spark as qs

    data = _wards()
    bucket = _buckets(spark, spark.createDataFrame(data))
    some = bucket[WARDS[0]]
    behind = [w for w in WARDS if bucket[w] == some]
    behind.append(next(w for w in WARDS if bucket[w] != some))
    assert len(behind) < len(WARDS)
    data = data[~(data.ward.isin(behind) & (data.month == MONTHS[-1]))].reset_index(drop=True)
    _, pandas_seen = _record(lambda: qi.spc(data, **KW))
    (want,) = _said(pandas_seen, qi.NoDataWarning)
    assert want.startswith(
        f"{len(behind)} of 8 series have no value in the latest period of the data "
        "(month=2023-12-01)"
    ), want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **KW, buckets=BUCKETS))
    assert _said(spark_seen, qi.NoDataWarning) == [want]


# ---------------------------------------------------------------- the exclude column


def test_an_exclude_column_that_is_no_flags_names_the_row_pandas_names(spark):
    import qistats.spark as qs

    data = _wards().assign(skip=0)
    data.loc[(data.ward == "W2") & (data.month == "2022-07-01"), "skip"] = 2
    sdf = spark.createDataFrame(data)
    with pytest.raises(qi.ColumnError) as want:
        qi.spc(sdf.toPandas(), **KW, exclude="skip")
    assert "; row with index label 54 (ward='W2', month=2022-07-01) has 2." in str(want.value), (
        want.value
    )
    with pytest.raises(qi.ColumnError) as got:
        qs.spc(sdf, **KW, exclude="skip", buckets=BUCKETS)
    assert str(got.value) == str(want.value).replace("row with index label 54 (", "the row ("), (
        got.value
    )


def test_an_exclude_column_with_a_gap_has_the_whole_columns_dtype(spark):
    # a missing flag in W5 makes the whole column float64 in pandas; the buckets without W5
    # had int64, and the first bad row in series and x order is W1's 3, as in pandas
    from pyspark.sql import functions as F

    import qistats.spark as qs

    data = _wards().assign(skip=0)
    data.loc[(data.ward == "W1") & (data.month == "2023-02-01"), "skip"] = 3
    sdf = spark.createDataFrame(data)
    gap = (F.col("ward") == "W5") & (F.col("month") == F.lit(pd.Timestamp("2022-03-01")))
    sdf = sdf.withColumn("skip", F.when(gap, F.lit(None)).otherwise(F.col("skip")))
    pdf = sdf.toPandas()
    with pytest.raises(qi.ColumnError) as want:
        qi.spc(pdf, **KW, exclude="skip")
    assert (
        "it has dtype float64; row with index label 37 (ward='W1', month=2023-02-01) has 3.0."
        in str(want.value)
    ), want.value
    with pytest.raises(qi.ColumnError) as got:
        qs.spc(sdf, **KW, exclude="skip", buckets=BUCKETS)
    assert str(got.value) == str(want.value).replace("row with index label 37 (", "the row ("), (
        got.value
    )


def test_a_sparse_exclude_column_excludes_its_ticked_rows_only(spark):
    # True where excluded and null elsewhere (a boolean column), and 1.0 / NaN (a double
    # column): a blank is not excluded, as in qi.spc. The ticked points are W1's Feb 2023 and
    # W5's Mar 2022; each ward's centre line is its 23 other rates' u-bar (sum of falls over
    # sum of bed days), computed here from the pandas rows.
    from pyspark.sql import functions as F

    import qistats.spark as qs

    data = _wards()
    ticked = ((data.ward == "W1") & (data.month == "2023-02-01")) | (
        (data.ward == "W5") & (data.month == "2022-03-01")
    )
    sdf = spark.createDataFrame(data.assign(one=np.where(ticked, 1.0, np.nan)))
    hit = ((F.col("ward") == "W1") & (F.col("month") == F.lit(pd.Timestamp("2023-02-01")))) | (
        (F.col("ward") == "W5") & (F.col("month") == F.lit(pd.Timestamp("2022-03-01")))
    )
    sdf = sdf.withColumn("tick", F.when(hit, F.lit(True)))  # null elsewhere
    kept = data[~ticked]
    ubar = kept.groupby("ward").falls.sum() / kept.groupby("ward").bed_days.sum()
    for col in ("tick", "one"):
        res = qs.spc(sdf, **KW, exclude=col, buckets=BUCKETS)
        pts = res.points.toPandas().sort_values(["ward", "month"])
        got = pts.loc[pts.excluded, ["ward", "month"]].astype({"month": "datetime64[ns]"})
        assert [(w, str(m.date())) for w, m in got.itertuples(index=False)] == [
            ("W1", "2023-02-01"),
            ("W5", "2022-03-01"),
        ]
        cl = res.summary().toPandas().set_index("ward").cl.sort_index()
        np.testing.assert_allclose(cl.to_numpy(), ubar.sort_index().to_numpy(), rtol=1e-12)


# ------------------------------------------------------- the board: a date far beyond


def _board_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(12)
    trusts = [f"T{i}" for i in range(6)]
    data = pd.DataFrame(
        {
            "measure": "falls",
            "trust": np.repeat(trusts, MONTHS.size),
            "month": np.tile(MONTHS, len(trusts)),
            "value": rng.normal(20, 3, len(trusts) * MONTHS.size).round(1),
        }
    )
    measures = pd.DataFrame({"measure": ["falls"], "improvement": ["decrease"]})
    return data, measures


def test_a_last_date_far_beyond_the_rest_is_named_as_qi_board_names_it(spark):
    import qistats.spark as qs

    data, measures = _board_data()
    data.loc[(data.trust == "T3") & (data.month == MONTHS[-1]), "month"] = pd.Timestamp(
        "2033-12-01"
    )
    kw = dict(x="month", y="value", by="trust")
    _, pandas_seen = _record(lambda: qi.board(data, measures, **kw))
    (want,) = _said(pandas_seen, qi.DateWarning)
    assert "1 of 6 series has a last point" in want and "It sets the report's period" in want
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(lambda: qs.board(sdf, measures, **kw, buckets=BUCKETS))
    assert _said(spark_seen, qi.DateWarning) == [want]


def test_a_last_date_far_only_within_its_bucket_is_not_named(spark):
    # T0 pauses for a year and reports again in December 2023 while the others report up to
    # then: far beyond the other series of T0's bucket that stopped early, not beyond all
    import qistats.spark as qs

    data, measures = _board_data()
    sdf0 = spark.createDataFrame(data)
    bucket = _buckets(spark, sdf0, "trust")
    mates = [t for t in bucket if t != "T0" and bucket[t] == bucket["T0"]]
    others = [t for t in bucket if bucket[t] != bucket["T0"]]
    assert others, bucket
    stop = pd.Timestamp("2022-06-01")
    early = data.trust.isin(mates) & (data.month > stop)
    pause = (data.trust == "T0") & (data.month > stop) & (data.month < MONTHS[-1])
    data = data[~(early | pause)].reset_index(drop=True)
    kw = dict(x="month", y="value", by="trust", as_of=MONTHS[-1])
    _, pandas_seen = _record(lambda: qi.board(data, measures, **kw))
    assert not _said(pandas_seen, qi.DateWarning)
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(lambda: qs.board(sdf, measures, **kw, buckets=BUCKETS))
    assert not _said(spark_seen, qi.DateWarning), _said(spark_seen, qi.DateWarning)


# ------------------------------------------- ambition: an absolute target's direction


AMB = dict(
    y="falls",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2022-01-01", "2022-06-01"),
    deadline="2023-06-01",
    target=10,
    multiply=1000,
)


def _rates(spark, low_rate=4.0):
    """8 wards with falls per 1,000 bed days from 14 to 20, but one (alone in its bucket if one
    is) at ``low_rate``: the target of 10 is between their baselines."""
    rng = np.random.default_rng(13)
    data = _wards()
    bucket = _buckets(spark, spark.createDataFrame(data))
    sizes = pd.Series(bucket).value_counts()
    alone = [w for w in WARDS if sizes[bucket[w]] == 1]
    low = (alone or WARDS)[-1]
    rate = pd.Series(np.linspace(14, 20, len(WARDS)), index=WARDS)
    rate[low] = low_rate
    data["falls"] = rng.poisson(data.ward.map(rate) * data.bed_days / 1000)
    return data, low


def test_an_absolute_target_between_the_baselines_is_refused_as_pandas_refuses_it(spark):
    import qistats.spark as qs

    data, low = _rates(spark)
    with pytest.raises(qi.ArgumentError) as want:
        qi.ambition(data, **AMB)
    assert "below the baseline of some series" in str(want.value), want.value
    assert f"above that of others (ward={low!r}" in str(want.value), want.value
    with pytest.raises(qi.ArgumentError) as got:
        qs.ambition(spark.createDataFrame(data), **AMB, buckets=BUCKETS)
    assert str(got.value) == str(want.value)


def test_an_absolute_targets_direction_is_the_whole_datas_in_every_bucket(spark):
    # the low ward has no baseline data: pandas takes the direction from the others (lower
    # is better); its bucket alone has no baseline to compare with
    import qistats.spark as qs

    data, low = _rates(spark)
    data = data[~((data.ward == low) & (data.month <= "2022-06-01"))].reset_index(drop=True)
    want, pandas_seen = _record(lambda: qi.ambition(data, **AMB))
    got, spark_seen = _record(
        lambda: qs.ambition(spark.createDataFrame(data), **AMB, buckets=BUCKETS)
    )
    cols = ["ward", "verdict", "reason", "target_value", "baseline_value"]
    table = got.summary().toPandas().sort_values("ward", ignore_index=True)
    pd.testing.assert_frame_equal(table[cols], want.summary()[cols], check_dtype=False)
    # the same warnings (the baseline-less ward named), each once
    ours = [
        [str(w.message) for w in seen if issubclass(w.category, qi.QIStatsWarning)]
        for seen in (spark_seen, pandas_seen)
    ]
    assert sorted(ours[0]) == sorted(ours[1]) and any(f"ward={low!r}" in w for w in ours[1])


def test_a_change_away_from_an_absolute_target_is_judged_on_every_series(spark):
    # change=+0.5 says higher is better: every ward but the low one starts above the target
    # already; pandas does not warn (the low one is below), the buckets without it would
    import qistats.spark as qs

    data, _ = _rates(spark)
    kw = dict(AMB, change=0.5)
    _, pandas_seen = _record(lambda: qi.ambition(data, **kw))
    assert not _said(pandas_seen, qi.TargetWarning)
    _, spark_seen = _record(lambda: qs.ambition(spark.createDataFrame(data), **kw, buckets=4))
    assert not _said(spark_seen, qi.TargetWarning), _said(spark_seen, qi.TargetWarning)
    # and with the low ward above it too, both warn, naming every series alike
    high, _ = _rates(spark, low_rate=12.0)
    _, pandas_seen = _record(lambda: qi.ambition(high, **kw))
    (want,) = _said(pandas_seen, qi.TargetWarning)
    _, spark_seen = _record(lambda: qs.ambition(spark.createDataFrame(high), **kw, buckets=4))
    assert _said(spark_seen, qi.TargetWarning) == [want]


def test_wards_without_a_baseline_in_several_buckets_are_named_once_as_pandas_names_them(spark):
    # a relative target; two wards of different buckets (one alone in its bucket, if one is)
    # open after the baseline: pandas names both in one BaselineWarning; a bucket holding
    # only such a ward refused its baseline as if no series had data
    import qistats.spark as qs

    data, low = _rates(spark)
    bucket = _buckets(spark, spark.createDataFrame(data))
    other = next(w for w in WARDS if bucket[w] != bucket[low])
    late = data.ward.isin([low, other]) & (data.month <= "2022-06-01")
    data = data[~late].reset_index(drop=True)
    kw = dict(AMB, target="relative", change=-0.3)
    want, pandas_seen = _record(lambda: qi.ambition(data, **kw))
    (named,) = _said(pandas_seen, qi.BaselineWarning)
    got, spark_seen = _record(
        lambda: qs.ambition(spark.createDataFrame(data), **kw, buckets=BUCKETS)
    )
    assert _said(spark_seen, qi.BaselineWarning) == [named]
    cols = ["ward", "verdict", "reason", "target_value", "baseline_value"]
    table = got.summary().toPandas().sort_values("ward", ignore_index=True)
    pd.testing.assert_frame_equal(table[cols], want.summary()[cols], check_dtype=False)


def test_a_wrong_argument_beside_an_absolute_target_is_refused_as_pandas_refuses_it(spark):
    # the driver checks the arguments on one series before the buckets' first pass
    import qistats.spark as qs

    data, _ = _rates(spark)
    sdf = spark.createDataFrame(data)
    for kw in (dict(AMB, target=-10), dict(AMB, baseline=("2022-06-01", "2022-01-01"))):
        with pytest.raises(qi.ArgumentError) as want:
            qi.ambition(data, **kw)
        with pytest.raises(qi.ArgumentError) as got:
            qs.ambition(sdf, **kw, buckets=BUCKETS)
        assert str(got.value) == str(want.value)
    no_deadline = {k: v for k, v in AMB.items() if k != "deadline"}
    with pytest.raises(TypeError, match="deadline"):
        qs.ambition(sdf, **no_deadline, buckets=BUCKETS)


# ------------------------- board: month-end dates read through their period (trial 11)


def test_board_month_end_dates_as_of_and_report_period(spark):
    """Trial 11 item 1: March dated 31 March is in a report as of 1 March, and a weekly
    measure's week of 23-29 September is current beside September dated 30 September, in
    Spark as in pandas (by hand: no series stale)."""
    import qistats.spark as qs

    data = _wards().rename(columns={"falls": "value", "bed_days": "n"})
    data["measure"] = "falls"
    data["month"] = data["month"] + pd.offsets.MonthEnd(0)
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"]})
    kw = dict(x="month", y="value", n="n", by="ward", as_of="2023-03-01")
    got = qs.board(spark.createDataFrame(data), measures, **kw, buckets=BUCKETS)
    table = got.table().toPandas().sort_values("ward", ignore_index=True)
    assert (pd.to_datetime(table["latest_x"]) == pd.Timestamp("2023-03-31")).all()
    assert not table["stale"].any()
    weeks = pd.date_range("2023-10-02", "2024-09-23", freq="W-MON")
    months = pd.date_range("2022-10-31", "2024-09-30", freq="ME")
    mixed = pd.concat(
        [
            pd.DataFrame({"measure": "beds", "x": weeks, "y": 92.0 + np.arange(weeks.size) % 3}),
            pd.DataFrame({"measure": "falls", "x": months, "y": 5.0 + np.arange(24) % 4}),
        ],
        ignore_index=True,
    )
    report = qs.board(
        spark.createDataFrame(mixed),
        pd.DataFrame({"measure": ["beds", "falls"]}),
        x="x",
        y="y",
        buckets=BUCKETS,
    )
    assert report.as_of == pd.Timestamp("2024-09-23")  # the week of 23 Sep starts last
    assert not report.table().toPandas()["stale"].any()


# ------------------------- board: a template's blank future months (session 15 F9)


def test_board_blank_template_months_set_no_report_period_in_spark_as_in_pandas(spark):
    """A board template with the next three months' rows blank (y and n missing), and one
    ward's December closed (0 bed days, a gap): the report's period is December, the latest
    month with a value, so no ward is stale (by hand: every ward's latest observed month is
    December but W0's, November, which is one period behind: stale)."""
    import qistats.spark as qs

    data = _wards().rename(columns={"falls": "value", "bed_days": "n"})
    data["measure"] = "falls"
    data.loc[(data.ward == "W0") & (data.month == MONTHS[-1]), ["value", "n"]] = [0, 0.0]
    blank = _wards(pd.date_range(MONTHS[-1], periods=4, freq="MS")[1:])
    blank = blank.rename(columns={"falls": "value", "bed_days": "n"}).assign(measure="falls")
    blank[["value", "n"]] = np.nan
    data = pd.concat([data.astype({"value": float}), blank], ignore_index=True)
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"]})
    kw = dict(x="month", y="value", n="n", by="ward")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.NoDataWarning)  # W0's 0 bed days
        alone = qi.board(data, measures, **kw).table().sort_values("ward", ignore_index=True)
        spark_report = qs.board(spark.createDataFrame(data), measures, **kw, buckets=BUCKETS)
    got = spark_report.table().toPandas().sort_values("ward", ignore_index=True)
    assert spark_report.as_of == MONTHS[-1]
    for table in (alone, got):
        assert table["stale"].tolist() == [True] + [False] * (len(WARDS) - 1)
        assert (pd.to_datetime(table["latest_x"][1:]) == MONTHS[-1]).all()


def test_copies_of_the_only_row_at_their_x_in_two_buckets_are_said_once_as_unchanged(spark):
    # an I chart's mean of a row and its copy is the row: pandas says "unchanged" once for
    # both copies; the buckets' two warnings must merge into that one, not into "weighs twice"
    import qistats.spark as qs

    data = _wards().assign(falls=lambda d: d.falls.astype(float))
    bucket = _buckets(spark, spark.createDataFrame(data))
    other = next(w for w in WARDS if bucket[w] != bucket["W0"])
    copies = data[(data.ward.isin(["W0", other])) & (data.month == MONTHS[3])]
    data = pd.concat([data, copies], ignore_index=True).sort_values(
        ["ward", "month"], kind="stable", ignore_index=True
    )
    kw = dict(y="falls", x="month", by="ward", chart="i")
    _, pandas_seen = _record(lambda: qi.spc(data, **kw))
    (want,) = _said(pandas_seen, qi.DuplicateRowsWarning)
    assert want.startswith("2 rows of data repeat an earlier row"), want
    assert "so the chart is unchanged" in want, want
    _, spark_seen = _record(lambda: qs.spc(spark.createDataFrame(data), **kw, buckets=BUCKETS))
    said = _said(spark_seen, qi.DuplicateRowsWarning)
    assert len(said) == 1 and said[0].startswith("2 rows of data repeat"), said
    assert "so the chart is unchanged" in said[0], said


def test_a_boards_measures_are_judged_apart_for_midnights_stored_in_utc(spark):
    """A monthly measure of London midnights stored in UTC beside a measure of events with
    real times of day (naive UTC, a session in UTC): Spark names the monthly measure as
    qi.board does, and says nothing of months with two dates; a measure at midnights keeps its
    own month with two dates."""
    import qistats.spark as qs

    months = pd.date_range("2022-01-01", periods=24, freq="MS", tz="Europe/London")
    rng = np.random.default_rng(3)
    events = pd.Timestamp("2022-01-03 09:00", tz="Europe/London") + pd.to_timedelta(
        np.sort(rng.uniform(0, 700, 15)), unit="D"
    )
    staff = months.tz_localize(None).insert(5, pd.Timestamp("2022-05-31"))
    parts = [
        ("beds", months.tz_convert("UTC").tz_localize(None)),
        ("days_between", events.tz_convert("UTC").tz_localize(None)),
        ("staff", staff.sort_values()),
    ]
    data = pd.concat(
        [
            pd.DataFrame({"measure": m, "ward": w, "x": d, "value": rng.poisson(6, len(d)) + 1.0})
            for m, d in parts
            for w in ("A", "B")
        ],
        ignore_index=True,
    )
    measures = pd.DataFrame(
        {"measure": ["beds", "days_between", "staff"], "chart": ["xmr", "t", "xmr"]}
    )
    kw = dict(x="x", y="value", by="ward")
    _, pandas_seen = _record(lambda: qi.board(data, measures, **kw))
    want = _said(pandas_seen, qi.DateWarning)
    # 14 of each ward's 24 months in BST; the two wards' 'staff' on 1 and 31 May 2022
    assert len(want) == 2, want
    assert want[0].startswith("x='x': 28 of 48 dates of measure 'beds' in column 'x' are at 23")
    assert want[1].startswith("2 series of monthly data have two dates in one month (2 months")
    _, spark_seen = _record(lambda: qs.board(spark.createDataFrame(data), measures, **kw))
    said = _said(spark_seen, qi.DateWarning)
    assert len(said) == 2, said
    assert said[0].split(" (")[0] == want[0].split(" (")[0], said[0]
    assert "(e.g. 2022-03-31 23:00:00)" in said[0], said[0]
    assert said[1].startswith("2 series of monthly data have two dates in one month"), said[1]
    # without the events the whole column reads as midnights in UTC (the single measure's
    # warning), and 'staff' at midnights keeps its months with two dates, in Spark too
    no_events = data[data["measure"] != "days_between"]
    _, pandas_seen = _record(lambda: qi.board(no_events, measures.iloc[[0, 2]], **kw))
    want = _said(pandas_seen, qi.DateWarning)
    assert len(want) == 2 and want[0].startswith("x='x': 28 of 98 dates in column 'x'"), want
    sdf = spark.createDataFrame(no_events)
    _, spark_seen = _record(lambda: qs.board(sdf, measures.iloc[[0, 2]], **kw))
    said = _said(spark_seen, qi.DateWarning)
    assert len(said) == 2 and said[0].split(" (")[0] == want[0].split(" (")[0], said
    assert said[1].startswith("2 series of monthly data have two dates in one month"), said[1]


def test_a_date_of_one_series_between_two_of_anothers_is_named_as_in_pandas(spark):
    """Ward A dates its weeks by the Monday, ward B by the Sunday: exclude='2023-03-12' (B's
    11th week) excludes B's week alone and names ward A, between its Mondays of 6 and 13
    March, as qi.spc does; a bucket holding A alone does not refuse it as no x value."""
    import qistats.spark as qs

    weeks = pd.date_range("2023-01-02", periods=30, freq="W-MON")
    rng = np.random.default_rng(1)
    wk = pd.DataFrame({"week": weeks, "falls": rng.poisson(8, 30).astype(float)})
    b = wk.assign(ward="B", week=wk["week"] - pd.Timedelta(days=1))
    data = pd.concat([wk.assign(ward="A"), b], ignore_index=True)
    kw = dict(y="falls", x="week", by="ward", chart="c", exclude=["2023-03-12"])
    want = "'2023-03-12' is an x value of some series but not of ward='A', where it falls"
    _, pandas_seen = _record(lambda: qi.spc(data, **kw))
    assert [w for w in _said(pandas_seen, qi.DateWarning) if want in w]
    for buckets in (1, 2):
        res, seen = _record(lambda b=buckets: qs.spc(spark.createDataFrame(data), **kw, buckets=b))
        said = _said(seen, qi.DateWarning)
        assert len(said) == 1 and want in said[0], said
        got = res.points.toPandas().groupby("ward")["excluded"].sum().to_dict()
        assert got == {"A": 0, "B": 1}, got
