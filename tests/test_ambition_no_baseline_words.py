"""The BaselineWarning of qi.ambition naming series without baseline data agrees with their
number (session 18 audit C: "ward='B'; ward='C' has no usable data …; its statistics"), and
so does qistats.spark's, merged from buckets (without a Spark session)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _wards(new: list[str]) -> pd.DataFrame:
    """Ward A with 24 months of 10 events per 1,000 bed days; the wards in ``new`` opened
    after the baseline (months 13-24 only)."""
    m = np.arange(1, 25)
    rows = [pd.DataFrame({"ward": "A", "m": m, "y": 10.0, "n": 1000.0})]
    rows += [pd.DataFrame({"ward": w, "m": m[12:], "y": 9.0, "n": 1000.0}) for w in new]
    return pd.concat(rows, ignore_index=True)


KW = dict(y="y", n="n", x="m", by="ward", baseline=(1, 12), change=-0.5, deadline=24)


def _said(data):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        qi.ambition(data, **KW)
    return [(w.category.__name__, str(w.message)) for w in got]


@pytest.mark.parametrize(
    ("new", "words"),
    [
        (["B"], "ward='B' has no usable data in the baseline period; its statistics are "
         "missing and its verdict is 'insufficient_data'."),
        (["B", "C"], "ward='B'; ward='C' have no usable data in the baseline period; their "
         "statistics are missing and their verdicts are 'insufficient_data'."),
    ],
)  # fmt: skip
def test_the_words_agree_with_the_number_of_series(new, words):
    said = [t for c, t in _said(_wards(new)) if c == "BaselineWarning"]
    assert said == [f"baseline=(1, 12): {words}"]


def test_a_merge_of_buckets_agrees_with_the_merged_number():
    pytest.importorskip("pyspark")
    from qistats._spark_warnings import _merged

    # one bucket names B alone ("has ... its"), another C and D: one warning of three
    data = pd.concat([_wards(["B", "C", "D"]), _wards([]).assign(ward="E")], ignore_index=True)
    parts = _said(data[data.ward.isin(["A", "B"])]) + _said(data[data.ward.isin(["C", "D", "E"])])
    merged = [t for c, t in _merged(parts) if c == "BaselineWarning"]
    whole = [t for c, t in _said(data) if c == "BaselineWarning"]
    assert merged == whole
    assert whole[0].startswith("baseline=(1, 12): ward='B'; ward='C'; ward='D' have no usable")
