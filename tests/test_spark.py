"""qistats.spark on a real local Spark: the same results as qi.spc, and the same errors."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py
pytestmark = [
    # pyspark's pandas-3 FutureWarning is also given from pandas' frames of its conversions
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    # the 2,000 random series include a few of rare events; the pandas reference warns
    pytest.mark.filterwarnings("ignore::qistats.errors.RareEventsWarning"),
    # the closed months (zero bed days) include some wards' latest: both warn alike
    # (tests/test_spark_whole_data.py compares the warnings)
    pytest.mark.filterwarnings(
        "ignore:.*no value in the latest period of the data:qistats.errors.NoDataWarning"
    ),
]

N_SERIES = 2_000
N_MONTHS = 30


@pytest.fixture(scope="module")
def wards() -> pd.DataFrame:
    """2,000 wards × 30 months of restraint counts: a fall after month 18 in a third of them,
    a target column that varies by ward, and a few closed months (zero bed days)."""
    rng = np.random.default_rng(20261129)
    month = pd.date_range("2021-01-01", periods=N_MONTHS, freq="MS")
    ward = np.repeat([f"W{i:04d}" for i in range(N_SERIES)], N_MONTHS)
    trust = np.repeat([f"T{i % 37:02d}" for i in range(N_SERIES)], N_MONTHS)
    t = np.tile(np.arange(N_MONTHS), N_SERIES)
    bed_days = rng.integers(400, 900, size=t.size)
    rate = np.repeat(rng.uniform(2, 12, N_SERIES), N_MONTHS) / 1000
    falls = np.repeat(rng.random(N_SERIES) < 1 / 3, N_MONTHS) & (t >= 18)
    restraints = rng.poisson(rate * bed_days * np.where(falls, 0.5, 1.0))
    bed_days[rng.random(t.size) < 0.01] = 0
    restraints[bed_days == 0] = 0
    return pd.DataFrame(
        {
            "trust": trust,
            "ward": ward,
            "month": np.tile(month, N_SERIES),
            "restraints": restraints,
            "bed_days": bed_days,
            "target": np.repeat(rng.uniform(2, 8, N_SERIES).round(1), N_MONTHS),
        }
    )


ARGS = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by=["trust", "ward"],
    chart="u",
    multiply=1000,
    freeze=12,
    phase=["2022-07-01"],
    exclude=["2021-03-01"],
    target="target",
    rules="mdc",
    improvement="decrease",
)


def _shuffled(spark, frame: pd.DataFrame):
    shuffled = frame.sample(frac=1.0, random_state=7).reset_index(drop=True)
    return spark.createDataFrame(shuffled).repartition(8)


def _same_table(got: pd.DataFrame, want: pd.DataFrame, measures: pd.DataFrame, by: list[str]):
    """A Spark board table (collected) against qi.board's: the same rows in the same order
    (the measures table's, then the by-values'), measure_order the position of each row's
    measure in the measures table, then every column but last_values with :func:`_same`."""
    keys = ["measure", *by]
    assert got[keys].values.tolist() == want[keys].values.tolist()
    position = {m: i for i, m in enumerate(measures.measure)}
    assert got.measure_order.tolist() == [position[m] for m in want.measure]
    drop = ["last_values", "measure_order"]
    _same(got.drop(columns=drop), want.drop(columns=drop[:1]), keys)


def _same(got: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    got = got.sort_values(keys, ignore_index=True)
    expected = expected.sort_values(keys, ignore_index=True)
    assert list(got.columns) == list(expected.columns)
    for col in expected.columns:
        a, b = expected[col], got[col]
        if pd.api.types.is_float_dtype(a.dtype):
            # bit for bit: identical floats, missing in the same places
            np.testing.assert_array_equal(a.to_numpy(), b.to_numpy().astype(float), err_msg=col)
        else:
            left = a.astype(object).where(a.notna(), None).tolist()
            right = b.astype(object).where(b.notna(), None).tolist()
            assert left == right, col


@pytest.fixture(scope="module")
def results(spark, wards):
    import qistats.spark as qs

    res = qs.spc(_shuffled(spark, wards), **ARGS)
    return res, res.points.toPandas(), res.summary().toPandas()


def test_points_equal_pandas_bit_for_bit(wards, results):
    _, points, _ = results
    expected = qi.spc(wards, **ARGS).points
    assert len(points) == N_SERIES * N_MONTHS
    _same(points, expected, ["trust", "ward", "month"])


def test_summary_equals_pandas(wards, results):
    _, _, summary = results
    expected = qi.spc(wards, **ARGS).summary()
    assert len(summary) == len(expected) == 2 * N_SERIES
    _same(summary, expected, ["trust", "ward", "phase"])


def test_schema_is_explicit(results):
    from pyspark.sql import types as T

    res, _, _ = results
    types = {f.name: f.dataType for f in res.points_schema.fields}
    assert isinstance(types["ward"], T.StringType)
    assert isinstance(types["month"], T.TimestampType)
    assert isinstance(types["value"], T.DoubleType)
    assert isinstance(types["phase"], T.LongType)
    assert isinstance(types["signal"], T.BooleanType)
    assert isinstance(types["variation"], T.StringType)
    assert res.points.schema == res.points_schema
    assert res.summary().schema == res.summary_schema


def test_bucket_count_does_not_change_results(spark, wards):
    import qistats.spark as qs

    few = wards[wards["trust"].isin(["T01", "T02"])]
    expected = qi.spc(few, **ARGS).points
    for buckets in (1, 3, 50):
        got = qs.spc(_shuffled(spark, few), buckets=buckets, check=False, **ARGS)
        _same(got.points.toPandas(), expected, ["trust", "ward", "month"])


def test_date_typed_x(spark, wards):
    from pyspark.sql import functions as F

    import qistats.spark as qs

    few = wards[wards["trust"] == "T03"]
    sdf = spark.createDataFrame(few).withColumn("month", F.to_date("month"))
    got = qs.spc(sdf, **ARGS).points.toPandas()
    expected = qi.spc(few, **ARGS).points
    assert got["month"].map(type).eq(__import__("datetime").date).all()
    got["month"] = pd.to_datetime(got["month"]).astype(expected["month"].dtype)
    _same(got, expected, ["trust", "ward", "month"])


def test_driver_errors_are_the_pandas_errors(spark, wards):
    import qistats.spark as qs

    sdf = spark.createDataFrame(wards[wards["trust"] == "T04"])
    with pytest.raises(qi.ColumnError, match="n='beds': no such column in data"):
        qs.spc(sdf, **{**ARGS, "n": "beds"})
    # pandas' words ("must hold numbers"), and Spark's way to convert text (trial 13)
    with pytest.raises(qi.ColumnError) as info:
        qs.spc(sdf, **{**ARGS, "y": "ward"})
    assert str(info.value) == (
        "y='ward': column 'ward' must hold numbers, but it has Spark type string; expected a "
        "numeric column. Convert it first, e.g. sdf.withColumn('ward', F.col('ward')"
        ".cast('double')) (which makes text that is not a number null: check those rows first)."
    )
    with pytest.raises(qi.ArgumentError, match="needs the column"):
        qs.spc(sdf, **{**ARGS, "by": []})
    # a misspelt column: pandas' message, closest match included
    with pytest.raises(qi.ColumnError) as spark_err:
        qs.spc(sdf, **{**ARGS, "y": "restraint"})
    assert str(spark_err.value).startswith(
        "y='restraint': no such column in data. Did you mean 'restraints'?"
    )
    with pytest.raises(qi.ColumnError) as pandas_err:
        qi.spc(wards, **{**ARGS, "y": "restraint"})
    assert str(spark_err.value) == str(pandas_err.value)
    # by= left out: an ArgumentError saying why Spark needs it (not a bare TypeError)
    no_by = {k: v for k, v in ARGS.items() if k != "by"}
    for call in (qs.spc, qs.ambition):
        with pytest.raises(qi.ArgumentError) as info:
            call(sdf, **no_by)
        msg = str(info.value)
        assert msg.startswith("by=None: qistats.spark needs the column(s) naming the series")
        assert "whole series" in msg and "workers" in msg
    with pytest.raises(qi.ArgumentError, match="buckets"):
        qs.spc(sdf, buckets=0, **ARGS)
    with pytest.raises(qi.ArgumentError, match="chart"):
        qs.spc(sdf, **{**ARGS, "chart": "nonsense"})
    with pytest.raises(qi.ArgumentError, match="expected a Spark DataFrame"):
        qs.spc(wards, **ARGS)
    # per-row labels or flags (taken by qi.spc) have no rows to follow on Spark: refused
    labels = ["before"] * (len(wards) - 1) + ["after"]
    for kw in ({"phase": labels}, {"exclude": np.zeros(len(wards), dtype=bool)}):
        with pytest.raises(qi.ArgumentError, match="Spark DataFrame, which have no order"):
            qs.spc(sdf, **{**ARGS, **kw})


def test_a_boolean_y_counts_as_in_pandas(spark, wards):
    """A boolean column (a flag per record) is 0/1 to qi.spc; Spark refused it as not numeric
    (trial 13)."""
    import qistats.spark as qs

    few = wards[wards["trust"] == "T07"].assign(restrained=lambda d: d["restraints"] > 4)
    kw = {**ARGS, "y": "restrained", "target": None}
    got = qs.spc(_shuffled(spark, few), **kw).points.toPandas()
    expected = qi.spc(few, **kw).points
    assert expected["value"].max() > 0
    _same(got, expected, ["trust", "ward", "month"])


def test_executor_error_names_the_series(spark, wards):
    import qistats.spark as qs

    few = wards[wards["trust"].isin(["T05", "T06"])].copy()
    bad = few["ward"] == few["ward"].iloc[-1]
    few.loc[bad & (few["month"] == "2022-02-01"), "bed_days"] = -5
    with pytest.raises(qi.QIStatsError) as pandas_error:
        qi.spc(few, **ARGS)
    with pytest.raises(type(pandas_error.value)) as spark_error:
        qs.spc(_shuffled(spark, few), **ARGS)

    # Spark rows have no labels: a task's row number is none of the user's, so Spark's
    # message names the row by its series and x only; otherwise it is pandas' message
    spark_msg = str(spark_error.value)
    said = re.sub(r"\brow with index label \d+ \(", "the row (", str(pandas_error.value))
    assert spark_msg == said
    assert not re.search(r"\brow (with index label )?\d", spark_msg)
    assert few.loc[bad, "ward"].iloc[0] in spark_msg


def test_executor_error_names_the_first_bad_month_in_time_order(spark, wards):
    import qistats.spark as qs

    few = wards[wards["trust"].isin(["T05", "T06"])].copy()
    ward = few["ward"].iloc[-1]
    few.loc[few["ward"] == ward, "bed_days"] -= 10**6  # every month of the ward negative
    first = few.loc[few["ward"] == ward, "month"].min().strftime("%Y-%m-%d")
    with pytest.raises(qi.DataError) as caught:
        qs.spc(_shuffled(spark, few), **ARGS)
    msg = str(caught.value)
    assert f"ward='{ward}', month={first})" in msg, msg
    assert not re.search(r"\brow (with index label )?\d", msg), msg


@pytest.fixture(scope="module")
def board_data():
    """Three measures × 6 trusts × 24 months, one trust without the third measure."""
    rng = np.random.default_rng(3)
    month = pd.date_range("2022-01-01", periods=24, freq="MS")
    rows = []
    for m, (level, sd) in {"falls": (30, 5), "harm_free": (92, 2), "waits": (40, 8)}.items():
        for t in range(6):
            if m == "waits" and t == 5:
                continue
            shift = np.where(np.arange(24) >= 16, -0.3 * level if m == "falls" else 0, 0)
            rows.append(
                pd.DataFrame(
                    {
                        "measure": m,
                        "trust": f"T{t}",
                        "month": month,
                        "value": level + shift + rng.normal(0, sd, 24),
                    }
                )
            )
    data = pd.concat(rows, ignore_index=True)
    measures = pd.DataFrame(
        {
            "measure": ["falls", "harm_free", "waits"],
            "improvement": ["decrease", "increase", "decrease"],
            "target": [25.0, 95.0, np.nan],
            "owner": ["Chief Nurse", "Chief Nurse", "COO"],
        }
    )
    return data, measures


def test_board_equals_pandas(spark, board_data):
    import qistats.spark as qs

    data, measures = board_data
    expected = qi.board(data, measures, x="month", y="value", by="trust")
    report = qs.board(_shuffled(spark, data), measures, x="month", y="value", by="trust")
    table = report.table().toPandas()
    expected_table = expected.table()
    assert len(table) == len(expected_table) == 17
    got_values = table["last_values"].map(list).tolist()
    want_values = expected_table["last_values"].tolist()
    assert got_values == [list(map(float, v)) for v in want_values]
    _same_table(table, expected_table, measures, ["trust"])
    _same(report.points.toPandas(), expected.points, ["measure", "trust", "month"])
    pd.testing.assert_frame_equal(report.matrix(), expected.matrix())


def test_board_takes_a_measures_lag_as_qi_board_does(spark, board_data):
    # waits reported a month in arrears (lag 1): current in every bucket, as in pandas
    import qistats.spark as qs

    data, measures = board_data
    late = data[~((data.measure == "waits") & (data.month == data.month.max()))]
    lagged = measures.assign(lag=[0, 0, 1])
    want = qi.board(late, lagged, x="month", y="value", by="trust")
    got = qs.board(_shuffled(spark, late), lagged, x="month", y="value", by="trust", buckets=3)
    table = got.table().toPandas()
    _same_table(table, want.table(), lagged, ["trust"])
    # Nov 2023 + 2 months = 1 Jan 2024, after the report's Dec 2023: no series is stale
    assert not table.stale.any() and got.matrix().loc["stale"].sum() == 0
    pd.testing.assert_frame_equal(got.matrix(), want.matrix())


def test_board_takes_expected_as_qi_board_does(spark, board_data):
    # T5 has no "waits" row: expected="all" (or a table naming it) puts it on the board with
    # no icons, as qi.board does; qistats.spark.board refused expected= before
    import qistats.spark as qs

    data, measures = board_data
    kw = dict(x="month", y="value", by="trust")
    wanted = pd.DataFrame({"measure": ["waits", "waits"], "trust": ["T0", "T5"]})
    for expected in ("all", wanted):
        with pytest.warns(qi.NoDataWarning, match="measure='waits', trust='T5'"):
            want = qi.board(data, measures, **kw, expected=expected)
        with pytest.warns(qi.NoDataWarning, match="measure='waits', trust='T5'"):
            got = qs.board(_shuffled(spark, data), measures, **kw, expected=expected)
        table = got.table().toPandas()
        assert len(table) == len(want.table()) == 18
        no_row = table[(table.measure == "waits") & (table.trust == "T5")].iloc[0]
        assert (no_row.n_points, no_row.stale) == (0, True) and pd.isna(no_row.variation)
        _same_table(table, want.table(), measures, ["trust"])
        pd.testing.assert_frame_equal(got.matrix(), want.matrix())
    # the same check and message as qi.board for a series of an unknown measure
    bad = pd.DataFrame({"measure": ["beds"], "trust": ["T0"]})
    with pytest.raises(qi.DataError, match="'beds', which is not in the measures table"):
        qs.board(spark.createDataFrame(data), measures, **kw, expected=bad)


def test_board_takes_targets_per_series_as_qi_board_does(spark, board_data):
    # a target per trust: checked on the driver against every series (a bucket sees a few)
    import qistats.spark as qs

    data, measures = board_data
    kw = dict(x="month", y="value", by="trust", as_of="2023-10-01")
    targets = pd.DataFrame(
        {
            "measure": ["falls", "falls", "waits", "waits"],
            "trust": ["T1", "T4", "T0", "T5"],  # T5 has no waits
            "target": [40.0, np.nan, 30.0, 35.0],
        }
    )
    match = r"1 of 4 targets .*measure 'waits', trust='T5'"
    with pytest.warns(qi.NoDataWarning, match=match):
        want = qi.board(data, measures, **kw, targets=targets)
    with pytest.warns(qi.NoDataWarning, match=match):
        got = qs.board(_shuffled(spark, data), measures, **kw, targets=targets)
    table = got.table().toPandas()
    _same_table(table, want.table(), measures, ["trust"])
    by_key = table.set_index(["measure", "trust"]).target
    assert by_key.loc[("falls", "T1")] == 40 and np.isnan(by_key.loc[("falls", "T4")])
    assert by_key.loc[("falls", "T2")] == 25 and by_key.loc[("waits", "T0")] == 30
    bad = targets.assign(measure=["falls", "falls", "beds", "waits"])
    with pytest.raises(qi.DataError, match="'beds', which is not in the measures table"):
        qs.board(spark.createDataFrame(data), measures, **kw, targets=bad)


def test_board_decides_which_measures_use_n_on_the_whole_data(spark):
    # falls has n but not in its latest month; a bucket (or the driver's first rows) that saw
    # only that row charted falls as plain values and warned. qi.board's decision, on all rows
    import qistats.spark as qs

    month = pd.date_range("2023-01-01", periods=15, freq="MS")
    falls = [5.0, 7, 6, 8, 5, 6, 7, 9, 4, 6, 5, 7, 6, 5, 8]
    data = pd.concat(
        [
            pd.DataFrame({"measure": m, "trust": t, "month": month, "value": v, "n": k})
            for m, v, k in (("harm_free", 90.0, 100.0), ("falls", falls, 500.0))
            for t in "AB"
        ],
        ignore_index=True,
    )
    data.loc[(data.measure == "falls") & (data.month == month[-1]), "n"] = np.nan
    measures = pd.DataFrame(
        {"measure": ["harm_free", "falls"], "chart": ["p", "xmr"], "multiply": [100, 1000]}
    )
    kw = dict(x="month", y="value", n="n", by="trust")
    # falls' latest month has events and no n: named (trial 11 item 7), and a gap
    with pytest.warns(qi.NoDataWarning, match="2 points have events and no 'n'"):
        want = qi.board(data, measures, **kw).table()
    with pytest.warns(qi.NoDataWarning, match="2 points have events and no 'n'"):  # as pandas
        got = qs.board(spark.createDataFrame(data), measures, **kw).table().toPandas()
    _same_table(got, want, measures, ["trust"])
    assert sorted(got.latest_value) == [10.0, 10.0, 90.0, 90.0]  # 5 / 500 × 1,000 in Feb 2024
    # falls without any n: the one warning qi.board gives, from the driver
    lost = data.assign(n=data.n.where(data.measure == "harm_free"))
    with pytest.warns(qi.NoDataWarning, match=r"1 measure \('falls'\) has no value"):
        got = qs.board(spark.createDataFrame(lost), measures, **kw).table().toPandas()
    assert sorted(got.latest_value) == [90.0, 90.0, 8000.0, 8000.0]


def test_board_checks_the_tables_on_the_driver(spark, board_data):
    import qistats.spark as qs

    data, measures = board_data
    sdf = spark.createDataFrame(data)
    extra = pd.concat([measures, pd.DataFrame({"measure": ["beds"]})], ignore_index=True)
    with pytest.raises(qi.QIStatsError) as pandas_error:
        qi.board(data, extra, x="month", y="value", by="trust")
    with pytest.raises(type(pandas_error.value), match="beds") as spark_error:
        qs.board(sdf, extra, x="month", y="value", by="trust")
    assert str(spark_error.value) == str(pandas_error.value)


AMBITION = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by=["trust", "ward"],
    baseline=("2021-01-01", "2021-12-01"),
    change=-0.5,
    deadline="2023-12-01",
    multiply=1000,
)


def test_ambition_equals_pandas(spark, wards):
    import qistats.spark as qs

    some = wards[wards["trust"].isin([f"T{i:02d}" for i in range(8)])]
    expected = qi.ambition(some, **AMBITION)
    got = qs.ambition(_shuffled(spark, some), **AMBITION)
    summary = got.summary().toPandas()
    assert len(summary) == some["ward"].nunique()
    _same(summary, expected.summary(), ["trust", "ward"])
    _same(got.periods.toPandas(), expected.periods, ["trust", "ward", "month"])
    # The pooled sums run over the series in another order: equal to rounding; the labels
    # (the estimand, since 9c7a457) exactly.
    pooled, want = got.pooled(), expected.pooled()
    assert list(pooled.columns) == list(want.columns)
    numbers = [c for c in want.columns if pd.api.types.is_numeric_dtype(want[c].dtype)]
    labels = [c for c in want.columns if c not in numbers]
    assert (
        pooled[labels].astype(object).values.tolist() == want[labels].astype(object).values.tolist()
    )
    np.testing.assert_allclose(
        pooled[numbers].to_numpy(dtype=float),
        want[numbers].to_numpy(dtype=float),
        rtol=1e-12,
        equal_nan=True,
    )


def test_ambition_warns_of_a_mistyped_latest_year_as_pandas_does(spark):
    """Trial 8 B7: one ward's March 2024 typed as 2032 sets the default as_of for every ward;
    qi.ambition warns, qistats.spark.ambition said nothing (the driver infers as_of)."""
    import warnings

    import qistats.spark as qs

    d = qi.datasets.restrictive_practice()
    d = d[d.trust == "Brindley"].copy()
    d.loc[d.index[-1], "month"] = pd.Timestamp("2032-03-01")
    kw = dict(
        x="month", y="restraints", n="bed_days", by="ward", change=-0.5,
        baseline=("2020-04-01", "2021-03-01"), deadline="2025-03-01", multiply=1000,
    )  # fmt: skip
    said = "x='month': the latest x with data (ward='BRI5' at 2032-03-01) is more than 12 "
    with pytest.warns(qi.DateWarning) as pandas_said:
        qi.ambition(d, **kw)
    with pytest.warns(qi.DateWarning) as spark_said:
        qs.ambition(_shuffled(spark, d), **kw)
    texts = [
        [str(w.message) for w in caught if issubclass(w.category, qi.DateWarning)]
        for caught in (pandas_said, spark_said)
    ]
    assert len(texts[0]) == 1 and texts[0][0].startswith(said), texts
    assert texts[1] == texts[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.DateWarning)
        qs.ambition(_shuffled(spark, d), as_of="2024-03-01", **kw)  # given: nothing inferred


def test_ambition_does_not_depend_on_the_bucket_count(spark):
    """A ward reporting every other month, alone in a bucket, is judged on the whole data's
    monthly calendar, as by qi.ambition (trial 6a A6): 6 periods in its window (by hand: May,
    July, ..., March of April 2023 - March 2024), whatever the number of buckets."""
    import qistats.spark as qs

    rng = np.random.default_rng(14)
    months = pd.date_range("2021-04-01", periods=36, freq="MS")
    fall = np.where(np.arange(36) < 12, 1, 0.45)
    frames = [
        pd.DataFrame({"ward": f"W{i}", "month": months, "bd": 1000.0, "y": rng.poisson(8 * fall)})
        for i in range(6)
    ]
    frames.append(
        pd.DataFrame(
            {"ward": "C", "month": months[1::2], "bd": 2000.0, "y": rng.poisson(16 * fall[1::2])}
        )
    )
    d = pd.concat(frames, ignore_index=True)
    kw = dict(
        y="y",
        n="bd",
        x="month",
        by="ward",
        baseline=("2021-04-01", "2022-03-01"),
        change=-0.5,
        deadline="2024-03-01",
    )
    expected = qi.ambition(d, **kw)
    assert expected.summary().set_index("ward").loc["C", "window_periods"] == 6
    sdf = _shuffled(spark, d)
    for buckets in (1, 7, 50):
        got = qs.ambition(sdf, buckets=buckets, **kw)
        _same(got.summary().toPandas(), expected.summary(), ["ward"])
        _same(got.periods.toPandas(), expected.periods, ["ward", "month"])


def test_board_and_ambition_count_a_boolean_y_as_pandas_does(spark, wards):
    """A boolean y (a flag per record: restrained or not) is 0/1 to qi.board and
    qi.ambition; their Spark versions refused it as "must hold numbers" (session 13 left this
    open after fixing qs.spc)."""
    import qistats.spark as qs

    few = wards[wards["trust"].isin(["T03", "T07"])].assign(
        restrained=lambda d: d["restraints"] > 4, measure="restrained"
    )
    assert few["restrained"].any() and not few["restrained"].all()
    measures = pd.DataFrame({"measure": ["restrained"], "chart": ["p"]})
    kw = dict(x="month", y="restrained", n="bed_days", by=["trust", "ward"])
    # a p chart of flags needs the number of records: one per row here
    flags = few.assign(bed_days=1)
    expected = qi.board(flags, measures, **kw)
    got = qs.board(_shuffled(spark, flags), measures, **kw)
    _same(got.points.toPandas(), expected.points, ["measure", "trust", "ward", "month"])

    amb = {**AMBITION, "y": "restrained"}
    want = qi.ambition(few, **amb)
    summary = qs.ambition(_shuffled(spark, few), **amb).summary().toPandas()
    # the baseline rate counts the flags: events per 1,000 bed days over 2021, by hand
    base = few[(few["month"] >= "2021-01-01") & (few["month"] <= "2021-12-01")]
    by_hand = base.groupby(["trust", "ward"])[["restrained", "bed_days"]].sum()
    rate = 1000 * by_hand["restrained"] / by_hand["bed_days"]
    got_rate = want.summary().set_index(["trust", "ward"])["baseline_value"]
    np.testing.assert_allclose(got_rate.loc[rate.index], rate, rtol=1e-12)
    _same(summary, want.summary(), ["trust", "ward"])


def test_board_names_quarter_end_dates_once_as_qi_board_does(spark):
    """Quarterly measures dated 1 Mar, 1 Jun, ... (trial 14 F8): each bucket named only its own
    measures, in one warning each; the driver judges every measure's dates, as qi.board."""
    import qistats.spark as qs

    rng = np.random.default_rng(1)
    ends = pd.date_range("2022-09-01", "2025-06-01", freq="3MS")
    data = pd.concat(
        [
            pd.DataFrame({"measure": f"q{i}", "trust": t, "month": ends, "value": rng.random(12)})
            for i in range(4)
            for t in "AB"
        ],
        ignore_index=True,
    )
    measures = pd.DataFrame({"measure": [f"q{i}" for i in range(4)]})
    kw = dict(x="month", y="value", by="trust")

    def said(call):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            call()
        return [str(w.message) for w in seen if "dated only early" in str(w.message)]

    want = said(lambda: qi.board(data, measures, **kw))
    got = said(lambda: qs.board(_shuffled(spark, data), measures, buckets=4, **kw).table().count())
    assert len(want) == 1 and "'q0', 'q1', 'q2' and 1 more" in want[0]
    assert got == want


def test_a_scale_switch_is_named_once_as_qi_spc_and_qi_board_name_it(spark):
    """Issue 10: wards whose proportions turn percentages part-way, in several buckets: the
    driver gives one TargetWarning naming the same series as the pandas function (the fix it
    suggests names the first bucket's first series)."""
    import qistats.spark as qs

    low = np.array([0.90, 0.92, 0.91, 0.93, 0.95, 0.94] * 2)
    switched = {"A", "C", "D", "F"}
    data = pd.concat(
        [
            pd.DataFrame(
                {
                    "measure": "vte",
                    "ward": w,
                    "month": pd.date_range("2022-04-01", periods=12, freq="MS"),
                    "value": low * np.r_[np.ones(6), np.full(6, 100 if w in switched else 1)],
                }
            )
            for w in "ABCDEF"
        ],
        ignore_index=True,
    )
    measures = pd.DataFrame({"measure": ["vte"], "improvement": ["increase"]})
    fix = r"e\.g\. df\.loc\[.*?\] \*= 100"

    def said(call):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            call()
        return [re.sub(fix, "", str(w.message)) for w in seen if "100-fold" in str(w.message)]

    kw = dict(y="value", x="month", by="ward", chart="xmr")
    want = said(lambda: qi.spc(data, **kw))
    got = said(lambda: qs.spc(_shuffled(spark, data), buckets=3, **kw).points.count())
    assert len(want) == 1 and "ward='A': median 0.925 before month=2022-10-01" in want[0]
    assert got == want
    kw = dict(x="month", y="value", by="ward")
    want = said(lambda: qi.board(data, measures, **kw))
    got = said(lambda: qs.board(_shuffled(spark, data), measures, buckets=3, **kw).table().count())
    assert len(want) == 1 and "measure='vte', ward='A': median 0.925" in want[0]
    assert got == want
