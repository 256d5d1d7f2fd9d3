"""qistats.spark: points with events and a missing (or zero) denominator are named once, as the
pandas functions name them, by ``qistats.spark.spc`` and ``qistats.spark.board`` (the board's
buckets silenced every NoDataWarning, this one with them).

The expected texts are the pandas functions' on the same rows (counts written by hand: 4 wards
of 12 lack the last month's bed days, 4 have 0 of them)."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=21, freq="MS")
MEASURES = pd.DataFrame({"measure": ["restraints"], "chart": ["u"], "multiply": [1000]})


def _wards() -> pd.DataFrame:
    frames = []
    for i in range(12):
        n = np.full(21, 700.0)
        n[-1] = (np.nan, 0.0, 700.0)[i % 3]  # W0, W3, …: not loaded; W1, W4, …: 0 bed days
        y = np.arange(21) % 5 + 3.0
        frames.append(
            pd.DataFrame({"ward": f"W{i}", "month": MONTHS, "restraints": y, "bed_days": n})
        )
    return pd.concat(frames, ignore_index=True).assign(measure="restraints")


def _said(fn) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in seen if w.category is qi.NoDataWarning]


def _heads(said: list[str]) -> list[str]:
    """Each warning's words before its example (which bucket's is first is Spark's order)."""
    return sorted(re.sub(r"; the first, .*", "", s, flags=re.S) for s in said if "events" in s)


EXPECTED = [
    "n='bed_days': 4 points have events and no 'bed_days'",
    "n='bed_days': 4 points have events over zero exposure",
]


@pytest.mark.parametrize("fn", ["spc", "board"])
def test_spark_names_events_without_n_once_as_pandas(spark, fn):
    import qistats.spark as qs

    data = _wards()
    sdf = spark.createDataFrame(data)
    common = dict(x="month", y="restraints", n="bed_days", by="ward")
    if fn == "spc":
        pandas = _said(lambda: qi.spc(data, chart="u", **common))
        distributed = _said(lambda: qs.spc(sdf, chart="u", buckets=4, **common).points.count())
    else:
        pandas = _said(lambda: qi.board(data, MEASURES, **common).table())
        distributed = _said(lambda: qs.board(sdf, MEASURES, buckets=4, **common).table().count())
    assert _heads(pandas) == EXPECTED
    assert _heads(distributed) == EXPECTED, distributed
