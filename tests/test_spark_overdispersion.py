"""qistats.spark: the OverdispersionWarning of P and U charts is given once, as the pandas
function gives it: every bucket's series named and counted ("6 of 12 series"), the example
series (its σ_z and points outside) the first named.

The expected texts are qi.spc's on the same rows; 6 of the 12 wards vary between months far more
than binomial limits allow (beta-binomial months at n = 20,000), by construction."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _wards() -> pd.DataFrame:
    rng = np.random.default_rng(8)
    frames = []
    for i in range(12):
        n = np.full(24, 20_000.0)
        p = rng.beta(80, 20, 24) if i % 2 == 0 else np.full(24, 0.8)  # σ_z about 11, or 1
        frames.append(
            pd.DataFrame(
                {"ward": f"W{i:02d}", "month": MONTHS, "seen": rng.binomial(20_000, p), "n": n}
            )
        )
    return pd.concat(frames, ignore_index=True)


def _said(fn) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in seen if w.category is qi.OverdispersionWarning]


def _without_example(text: str) -> str:
    """The warning without its example series' numbers (the first bucket's)."""
    return re.sub(r"series; ward='W\d+': Laney's σ_z [^,]+, (.*?); \d+ of \d+ points", "", text)


def test_merged_texts_of_buckets_read_as_one_call():
    pytest.importorskip("pyspark")
    from qistats._spark_warnings import _merged

    data = _wards()

    def said(wards):
        part = data[data.ward.isin(wards)]
        got = _said(lambda: qi.spc(part, "seen", x="month", n="n", by="ward", chart="p"))
        return [("OverdispersionWarning", s) for s in got]

    wards = sorted(data.ward.unique())
    whole = said(wards)
    assert len(whole) == 1
    assert whole[0][1].startswith(
        "chart='p': the points of ward='W00'; ward='W02'; ward='W04' and 3 more vary far more "
        "than binomial limits allow (6 of 12 series; ward='W00': Laney's σ_z "
    )
    # whichever bucket holds the first ward, its example is that ward's, as pandas gives it
    splits = [
        (wards[:5], wards[5:]),
        (wards[:1], wards[1:7], wards[7:]),
        (wards[6:], wards[:6]),
        (wards[7:], wards[3:7], wards[:3]),
    ]
    for split in splits:
        merged = _merged([w for part in split for w in said(list(part))])
        assert merged == whole


def test_spark_names_overdispersed_series_once_as_pandas(spark):
    import qistats.spark as qs

    data = _wards()
    common = dict(y="seen", x="month", n="n", by="ward", chart="p", multiply=100)
    pandas = _said(lambda: qi.spc(data, **common))
    sdf = spark.createDataFrame(data)
    distributed = _said(lambda: qs.spc(sdf, buckets=3, **common).points.count())
    assert len(pandas) == 1 and len(distributed) == 1, distributed
    assert "(6 of 12 series; " in distributed[0]
    assert _without_example(distributed[0]) == _without_example(pandas[0])
