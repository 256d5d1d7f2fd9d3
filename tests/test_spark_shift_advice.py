"""qistats.spark.board: the rebase advice of a shift at the end of a phase whose limits mix
both levels (trial 23 M3) reads as qi.board's, whatever the buckets (the words are built
per series: its own run, limits and target, and whether the board has ``by`` groups)."""

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=27, freq="MS")
SHIFTED = np.r_[np.tile([9.0, 11.0], 10), [14.0, 16.0] * 3 + [14.0]]  # last 7 above the mean
STEADY = np.r_[np.tile([9.0, 11.0], 13), [10.0]]


def test_the_spark_board_gives_the_rebase_advice_as_qi_board(spark):
    import qistats.spark as qs

    data = pd.concat(
        [
            pd.DataFrame({"measure": "m", "ward": w, "month": MONTHS, "y": y})
            for w, y in (("Ash", SHIFTED), ("Beech", STEADY), ("Cedar", SHIFTED))
        ],
        ignore_index=True,
    )
    measures = pd.DataFrame({"measure": ["m"], "improvement": ["increase"], "target": [15]})
    want = qi.board(data, measures, x="month", y="y", by="ward").table()
    advice = "add 2023-12-01 to the measure's 'rebase' in the measures table (it rebases every"
    assert [advice in r for r in want.reason] == [True, False, True]
    for buckets in (1, 3):
        got = qs.board(
            spark.createDataFrame(data), measures, x="month", y="y", by="ward", buckets=buckets
        )
        assert got.table().toPandas()["reason"].tolist() == want["reason"].tolist(), buckets
