"""qistats.spark.spc gives qi.spc's warning about a series that starts with values of 0 and has
none after them (months before a ward opened), as its buckets run the pandas function."""

import warnings

import numpy as np
import pandas as pd


def test_spark_names_a_ward_opened_late(spark):
    import qistats.spark as qs

    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    data = pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Cedar"], 24),
            "month": np.tile(months, 2),
            "y": np.r_[np.full(24, 8.0) + np.arange(24) % 3, np.zeros(9), np.full(15, 8.3)],
        }
    )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        qs.spc(
            spark.createDataFrame(data), "y", x="month", by="ward", chart="i"
        ).summary().toPandas()
    said = [str(w.message) for w in seen if "values of 0" in str(w.message)]
    assert len(said) == 1
    assert "(ward='Cedar': 9 zeros, 2022-04-01 to 2022-12-01, then 15 values, none 0)" in said[0]


def _wards(late: int) -> pd.DataFrame:
    """24 months of 8 wards; the last ``late`` of them opened after 9 months the extract wrote
    as 0."""
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    wards = [f"W{i}" for i in range(8)]
    y = np.tile(np.full(24, 8.0) + np.arange(24) % 3, len(wards))
    for k in range(len(wards) - late, len(wards)):
        y[24 * k : 24 * k + 9] = 0.0
    return pd.DataFrame(
        {"measure": "los", "ward": np.repeat(wards, 24), "month": np.tile(months, 8), "y": y}
    )


def _zeros_said(run) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        run()
    return [str(w.message) for w in seen if "values of 0" in str(w.message)]


def test_spark_spc_gives_one_warning_for_wards_in_several_buckets(spark):
    # each bucket names its own late wards; the driver gives them as qi.spc does on the whole
    # data: one warning, all five counted, the first three named
    import qistats as qi
    import qistats.spark as qs

    data = _wards(late=5)
    want = _zeros_said(lambda: qi.spc(data, "y", x="month", by="ward", chart="i"))
    assert len(want) == 1 and "5 series without" in want[0] and "; and 2 more)" in want[0]
    for buckets in (3, 8):
        sdf = spark.createDataFrame(data.sample(frac=1, random_state=buckets))
        got = _zeros_said(
            lambda sdf=sdf, b=buckets: (
                qs.spc(sdf, "y", x="month", by="ward", chart="i", buckets=b).summary().toPandas()
            )
        )
        assert got == want


def test_spark_board_names_late_wards_as_qi_board(spark):
    # the distributed board silenced its buckets' NoDataWarnings, this one among them
    import qistats as qi
    import qistats.spark as qs

    data = _wards(late=2)
    measures = pd.DataFrame({"measure": ["los"], "improvement": ["decrease"]})
    kw = dict(x="month", y="y", by="ward")
    want = _zeros_said(lambda: qi.board(data, measures, **kw))
    assert len(want) == 1 and "2 series of measures without" in want[0]
    got = _zeros_said(
        lambda: qs.board(spark.createDataFrame(data), measures, **kw, buckets=4).table().count()
    )
    assert got == want
