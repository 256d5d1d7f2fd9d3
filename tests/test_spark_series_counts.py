"""qistats.spark counts a warning's series (or phases) among the whole data's, as pandas does:
the series of a kind are spread over several buckets (``buckets=``), each task counts its own
among its own, and the driver gives one warning counting every bucket's among all, naming the
first three in the order of their names (pandas' too, for these wards).

Each test's expected text is the pandas function's on the same rows.
"""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

from .test_spark_whole_data import BUCKETS, _buckets, _record, _said

# skipped without pyspark or Java, and pyspark's own warnings filtered: tests/conftest.py

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
WARDS = [f"W{i:02d}" for i in range(16)]
SOME = WARDS[::4]  # the wards of the kind: W00, W04, W08, W12
KW = dict(y="falls", n="bed_days", x="month", by="ward", chart="u")


def _wards() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    k = len(WARDS) * len(MONTHS)
    return pd.DataFrame(
        {
            "ward": np.repeat(WARDS, len(MONTHS)),
            "month": np.tile(MONTHS, len(WARDS)),
            "falls": rng.poisson(8, k).astype(float),
            "bed_days": rng.integers(700, 900, k).astype(float),
        }
    )


def _compare(spark, data, category, kw, start):
    """pandas' one warning ``category`` (starting ``start``: the whole data's count) is Spark's
    exactly, with the wards of the kind in three buckets or more."""
    import qistats.spark as qs

    sdf = spark.createDataFrame(data)
    assert len({_buckets(spark, sdf)[w] for w in SOME}) >= 3  # the split matters
    _, pandas_seen = _record(lambda: qi.spc(data, **kw))
    (want,) = _said(pandas_seen, category)
    assert want.startswith(start), want
    _, spark_seen = _record(lambda: qs.spc(sdf, **kw, buckets=BUCKETS).summary().toPandas())
    assert _said(spark_seen, category) == [want]


def test_freeze_count_that_series_do_not_reach_counts_every_series(spark):
    # four wards opened in August 2023: 5 months, fewer than freeze=12 (was "1 of 3 series",
    # "2 of 7 series" and "1 of 4 series", one warning per bucket)
    data = _wards()
    data = data[~(data.ward.isin(SOME) & (data.month < "2023-08-01"))]
    _compare(
        spark,
        data,
        qi.BaselineWarning,
        dict(KW, freeze=12),
        "freeze=12: 4 of 16 series have fewer than the 12 baseline points asked for (ward='W00'; "
        "ward='W04'; ward='W08' and 1 more); each of them is its own baseline",
    )


def test_one_series_short_of_the_freeze_count_is_one_of_every_series(spark):
    data = _wards()
    data = data[~((data.ward == "W04") & (data.month < "2023-08-01"))]
    import qistats.spark as qs

    _, pandas_seen = _record(lambda: qi.spc(data, **KW, freeze=12))
    (want,) = _said(pandas_seen, qi.BaselineWarning)
    assert want == (
        "freeze=12: 1 of 16 series has fewer than the 12 baseline points asked for "
        "(ward='W04'); it is its own baseline (all its points)."
    )
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(lambda: qs.spc(sdf, **KW, freeze=12, buckets=BUCKETS).summary())
    assert _said(spark_seen, qi.BaselineWarning) == [want]


@pytest.mark.parametrize(
    "cut, why",
    [
        (lambda d: d.month < "2023-01-01", "no point by then"),
        (lambda d: d.month > "2022-03-01", "no point after it (a mistyped date?)"),
    ],
)
def test_freeze_date_outside_series_counts_every_series(spark, cut, why):
    data = _wards()
    data = data[~(data.ward.isin(SOME) & cut(data))]
    _compare(
        spark,
        data,
        qi.BaselineWarning,
        dict(KW, freeze="2022-06-01"),
        f"freeze='2022-06-01': 4 of 16 series have {why} (ward='W00'; ward='W04'; "
        "ward='W08' and 1 more); each of them is its own baseline",
    )


def test_series_without_an_observed_value_count_every_series(spark):
    data = _wards()
    data.loc[data.ward.isin(SOME), "falls"] = np.nan
    _compare(
        spark,
        data,
        qi.NoDataWarning,
        KW,
        "4 of 16 series have no observed value (ward='W00'; ward='W04'; ward='W08' and 1 more)",
    )


def test_series_without_a_denominator_count_every_series_and_those_without_n(spark):
    # two of the four wards without a value have no n in any row either: "2 of them", named
    data = _wards()
    data.loc[data.ward.isin(SOME), "falls"] = np.nan
    data.loc[data.ward.isin(["W04", "W12"]), "bed_days"] = np.nan
    _compare(
        spark,
        data,
        qi.NoDataWarning,
        KW,
        "4 of 16 series have no observed value (ward='W00'; ward='W04'; ward='W08' and 1 more): "
        "no centre line, limits or variation. The denominator column n='bed_days' is empty in "
        "every row of 2 of them (ward='W04'; ward='W12')",
    )


def test_series_without_a_moving_range_count_every_series(spark):
    # on an MR chart two wards have one value (no moving range), two none
    data = _wards()
    data.loc[data.ward.isin(SOME), "falls"] = np.nan
    data.loc[data.ward.isin(["W00", "W08"]) & (data.month == MONTHS[3]), "falls"] = 5.0
    _compare(
        spark,
        data,
        qi.NoDataWarning,
        dict(y="falls", x="month", by="ward", chart="mr"),
        "4 of 16 series have no moving range (fewer than 2 successive observed values, or none) "
        "(ward='W00'; ward='W04'; ward='W08' and 1 more)",
    )


def test_series_with_every_point_excluded_count_every_series(spark):
    data = _wards().assign(gone=lambda d: d.ward.isin(SOME))
    _compare(
        spark,
        data,
        qi.NoDataWarning,
        dict(KW, exclude="gone"),
        "4 of 16 series have every observed point excluded by exclude='gone' (ward='W00'; "
        "ward='W04'; ward='W08' and 1 more)",
    )


def test_phases_with_every_point_excluded_count_every_phase(spark):
    data = _wards().assign(stage=lambda d: np.where(d.month < "2023-01-01", "a", "b"))
    data["gone"] = data.ward.isin(SOME) & (data.stage == "b")
    _compare(
        spark,
        data,
        qi.NoDataWarning,
        dict(KW, exclude="gone", phase="stage"),
        "4 of 32 phases have every observed point excluded by exclude='gone' (ward='W00', "
        "phase 'b'; ward='W04', phase 'b'; ward='W08', phase 'b' and 1 more)",
    )


def test_xbar_series_with_one_row_per_subgroup_count_every_series(spark):
    data = _wards()
    twice = data[~data.ward.isin(SOME)]
    data = pd.concat([data, twice.assign(falls=twice.falls + 1)], ignore_index=True)
    data = data.sort_values(["ward", "month"], kind="stable", ignore_index=True)
    _compare(
        spark,
        data,
        qi.NoDataWarning,
        dict(y="falls", x="month", by="ward", chart="xbar"),
        "4 of 16 series on an Xbar chart have one row per subgroup (x) throughout (ward='W00'; "
        "ward='W04'; ward='W08' and 1 more)",
    )


def _shares() -> pd.DataFrame:
    """The wards' falls as a share of bed days within (0.8), a % of them and its target."""
    data = _wards()
    data["within"] = (data.bed_days * 0.8).round()
    data["pct"] = 100 * data.within / data.bed_days
    return data


P = dict(y="within", n="bed_days", x="month", by="ward", chart="p", improvement="increase")


def test_percentage_targets_on_proportions_count_every_series(spark):
    data = _shares().assign(goal=lambda d: np.where(d.ward.isin(SOME), 95.0, 0.9))
    _compare(
        spark,
        data,
        qi.TargetWarning,
        dict(P, target="goal"),
        "target: 4 of 16 series of proportions (every value between 0 and 1) have a target "
        "above 1 (ward='W00': 95; ward='W04': 95; ward='W08': 95 and 1 more): a percentage",
    )


def test_proportion_targets_shown_in_percent_count_every_series(spark):
    data = _shares().assign(goal=lambda d: np.where(d.ward.isin(SOME), 0.9, 90.0))
    _compare(
        spark,
        data,
        qi.TargetWarning,
        dict(P, target="goal", multiply=100),
        "target: 4 of 16 series shown in % have a target of 1 or less while every value is far "
        "above it (ward='W00': 0.9; ward='W04': 0.9; ward='W08': 0.9 and 1 more)",
    )


def test_proportion_targets_beside_percentages_count_every_series(spark):
    data = _shares().assign(goal=lambda d: np.where(d.ward.isin(SOME), 0.95, 95.0))
    _compare(
        spark,
        data,
        qi.TargetWarning,
        dict(y="pct", x="month", by="ward", chart="xmr", improvement="increase", target="goal"),
        "target: 4 of 16 series have every value between 1 and 100 and a target of 1 or less "
        "far below them (ward='W00': 0.95; ward='W04': 0.95; ward='W08': 0.95 and 1 more)",
    )


def test_percentages_multiplied_again_count_every_series(spark):
    data = _shares()
    data["pct"] = np.where(data.ward.isin(SOME), data.pct, data.pct / 100)
    _compare(
        spark,
        data,
        qi.TargetWarning,
        dict(y="pct", x="month", by="ward", chart="xmr", multiply=100),
        "multiply=100: 4 of 16 series multiplied by 100 have every value between 1 and 100 "
        "before multiplying (ward='W00': ",
    )


def test_board_freeze_dates_outside_series_count_every_series_of_the_board(spark):
    import qistats.spark as qs

    data = _wards()
    data = data[~(data.ward.isin(SOME) & (data.month < "2023-01-01"))]
    data = pd.concat([data.assign(measure="a"), data.assign(measure="b")], ignore_index=True)
    measures = pd.DataFrame({"measure": ["a", "b"], "chart": "u", "freeze": "2022-06-01"})
    kw = dict(x="month", y="falls", n="bed_days", by="ward")
    _, pandas_seen = _record(lambda: qi.board(data, measures, **kw))
    (want,) = _said(pandas_seen, qi.BaselineWarning)
    assert want == (
        "measures: 'freeze' (a date): 8 of 32 series have no point by then (measure='a', "
        "ward='W00'; measure='a', ward='W04'; measure='a', ward='W08' and 5 more); each of "
        "them is its own baseline (all its points)."
    )
    sdf = spark.createDataFrame(data)
    _, spark_seen = _record(
        lambda: qs.board(sdf, measures, buckets=BUCKETS, **kw).table().toPandas()
    )
    assert _said(spark_seen, qi.BaselineWarning) == [want]


# ------------------------------------- ambition: its own warnings, counted among all series

AMB = dict(
    y="falls",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2022-01-01", "2022-06-01"),
    deadline="2023-06-01",
    change=-0.3,
    multiply=1000,
)
#: The summary's columns the two must agree on (its every column: a series' figures)
SUMMARY_TEXT = ("trajectory_status", "assurance")


def _compare_ambition(spark, data, category, kw, start):
    """pandas' one ambition warning ``category`` (starting ``start``) is Spark's exactly, with
    the wards of the kind in three buckets or more, and the summaries agree."""
    import qistats.spark as qs

    sdf = spark.createDataFrame(data)
    assert len({_buckets(spark, sdf)[w] for w in SOME}) >= 3  # the split matters
    want, pandas_seen = _record(lambda: qi.ambition(data, **kw))
    (said,) = _said(pandas_seen, category)
    assert said.startswith(start), said
    got, spark_seen = _record(lambda: qs.ambition(sdf, **kw, buckets=BUCKETS))
    assert _said(spark_seen, category) == [said]
    _same_summary(got.summary().toPandas(), want.summary())


def _same_summary(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Spark's ambition summary is pandas': the same columns in the same order and the same
    values, with two artefacts of pyspark's conversion to pandas 3 allowed: dates come back
    in microseconds (pandas' are nanoseconds), and the text columns that may be missing come
    back as str columns with NaN where pandas keeps an object column with None."""
    assert list(got.columns) == list(want.columns)
    got = got.sort_values("ward", ignore_index=True)
    for col in want.columns:
        if str(want[col].dtype).startswith("datetime64"):
            got[col] = got[col].astype(want[col].dtype)
        elif col in SUMMARY_TEXT:
            assert want[col].dtype == object and str(got[col].dtype) in ("str", "string", "object")
            got[col] = got[col].astype(object).where(got[col].notna(), None)
    pd.testing.assert_frame_equal(got, want, check_dtype=True)


def test_a_trajectory_column_on_another_scale_counts_every_series(spark):
    # four wards' trajectory column in rates per bed day (0.009) beside the others' per 1,000
    # (9): pandas gives one TargetWarning, "4 of 16 series" (was refused: Spark did not read
    # the column; then "1 of 3", "2 of 7" and "1 of 4", one a bucket)
    data = _wards().assign(traj=lambda d: np.where(d.ward.isin(SOME), 0.009, 9.0))
    _compare_ambition(
        spark,
        data,
        qi.TargetWarning,
        dict(AMB, trajectory="traj"),
        "trajectory='traj': the column starts at about 1/1000 of the baseline for 4 of 16 series "
        "(ward='W00': 0.009 against a baseline of ",
    )


def test_relative_targets_above_100_percent_count_every_series(spark):
    # four wards at 80 % within (the others at 30 %): +50 % of 80 % is above 100 %
    data = _wards()
    share = np.where(data.ward.isin(SOME), 0.8, 0.3)
    data["within"] = (data.bed_days * share).round()
    kw = dict(AMB, y="within", kind="proportion", change=0.5, multiply=1)
    _compare_ambition(
        spark,
        data,
        qi.TargetWarning,
        kw,
        "target='relative': +50% of the baseline proportion is above 100 % for 4 series "
        "(ward='W00' (80.0%); ward='W04' (80.0%); ward='W08' (80.0%) and 1 more): they are "
        "'insufficient_data'.",
    )


def _labels_apart(spark) -> pd.DataFrame:
    """The wards with W01 spelt 'w00', in another bucket from W00's."""
    data = _wards()
    data.loc[data.ward == "W01", "ward"] = "w00"
    bucket = _buckets(spark, spark.createDataFrame(data))
    assert bucket["w00"] != bucket["W00"]  # each bucket alone has one spelling
    return data


def test_labels_differing_by_case_in_two_buckets_are_said_as_pandas_says_them(spark):
    import qistats.spark as qs

    data = _labels_apart(spark)
    want = (
        "by='ward': the labels 'W00' and 'w00' differ only by case, so they are kept apart "
        "(labels are used as given). Give them one spelling first if they are one."
    )
    sdf = spark.createDataFrame(data)
    for pandas_call, spark_call in (
        (lambda: qi.spc(data, **KW), lambda: qs.spc(sdf, **KW, buckets=BUCKETS).summary()),
        (lambda: qi.ambition(data, **AMB), lambda: qs.ambition(sdf, **AMB, buckets=BUCKETS)),
    ):
        _, pandas_seen = _record(pandas_call)
        assert _said(pandas_seen, qi.LabelWarning) == [want]
        _, spark_seen = _record(spark_call)
        assert _said(spark_seen, qi.LabelWarning) == [want]
