"""Series numbered from Arrow text labels of one length, read as integers from Arrow's buffers
(frame._fixed_width_change), against Python's own comparison of the labels."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.frame import _fixed_width_change

pa = pytest.importorskip("pyarrow")


def _labels(width: int, m: int, rng: np.random.Generator) -> list[str]:
    # two letters: neighbours often equal, and labels differing in one byte anywhere
    labels = ["".join(rng.choice(["a", "b"], width)) for _ in range(m)]
    return sorted(labels) if m % 2 else labels


@pytest.mark.parametrize("typ", ["string", "large_string"])
@pytest.mark.parametrize("width", [1, 3, 7, 8, 9, 15, 16])
@pytest.mark.parametrize("sliced", [False, True])
def test_neighbours_differ_as_python_says(typ, width, sliced):
    rng = np.random.default_rng(width)
    for m in (2, 3, 9, 40, 301):
        labels = _labels(width, m, rng)
        arr = pa.array(["z" * width, *labels, "y" * width], type=getattr(pa, typ)())
        arr = arr.slice(1, m) if sliced else pa.array(labels, type=getattr(pa, typ)())
        v = pd.array(arr, dtype=pd.ArrowDtype(arr.type))
        out = np.zeros(m - 1, dtype=bool)
        assert _fixed_width_change(v, out)
        expected = [labels[i + 1] != labels[i] for i in range(m - 1)]
        assert out.tolist() == expected


@pytest.mark.parametrize(
    "labels",
    [
        ["a", "bb", "a"],  # lengths differ
        ["ab", None, "ab"],  # a missing label
        ["x" * 17, "x" * 17],  # longer than 16 bytes
    ],
)
def test_other_labels_left_to_arrow(labels):
    v = pd.array(labels, dtype="string[pyarrow]")  # Arrow text under pandas 2 and 3 alike
    out = np.zeros(len(labels) - 1, dtype=bool)
    assert not _fixed_width_change(v, out)
    assert not out.any()


def test_objects_and_numbers_left_alone():
    out = np.zeros(2, dtype=bool)
    assert not _fixed_width_change(np.array(["a", "b", "c"], dtype=object), out)
    assert not _fixed_width_change(pd.array([1, 2, 3], dtype="Int64"), out)


#: Arrow text dtypes: pandas 3's default "str" is Arrow text, pandas 2's is objects (skipped)
TEXT = [
    "string[pyarrow]",
    pytest.param(
        "str",
        marks=pytest.mark.skipif(
            int(pd.__version__.split(".")[0]) < 3, reason="pandas 2's str is objects"
        ),
    ),
]


@pytest.mark.parametrize("dtype", TEXT)
def test_same_series_as_object_labels(dtype):
    # the same data with the labels as Python objects (compared one by one): same result
    rng = np.random.default_rng(3)
    wards = np.array(["W003", "W001", "Wä1", "W002"], dtype=object)  # 'ä': two bytes
    data = pd.DataFrame(
        {
            "ward": np.repeat(wards, 15),
            "month": np.tile(pd.date_range("2021-01-01", periods=15, freq="MS"), 4),
            "y": rng.normal(10, 2, 60).round(1),
        }
    )
    text = data.astype({"ward": dtype})
    assert _fixed_width_change(text["ward"].array, np.zeros(59, dtype=bool))  # 4 bytes each
    as_text = qi.spc(text, y="y", x="month", by="ward", chart="i")
    as_objects = qi.spc(data.astype({"ward": object}), y="y", x="month", by="ward", chart="i")
    pd.testing.assert_frame_equal(
        as_text.points.astype({"ward": object}),
        as_objects.points.astype({"ward": object}),
        check_exact=True,
    )
    summary = as_text.summary()
    assert summary["ward"].tolist() == ["W001", "W002", "W003", "Wä1"]
    assert summary["n_points"].tolist() == [15, 15, 15, 15]


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]", "str"])
def test_sorted_labels_give_series_starts_in_every_text_dtype(dtype):
    # rows series after series, labels ascending: each series' first row is found while
    # numbering them (runs), whatever the text dtype; the codes and labels are pandas' own
    from qistats.frame import _sorted_run_codes

    labels = pd.Series(np.repeat(["A1", "A2", "B1"], [30, 20, 40]), dtype=dtype)
    codes, uniques, starts = _sorted_run_codes(labels)
    expected_codes, expected_uniques = pd.factorize(labels.astype(object), sort=True)
    assert codes.tolist() == expected_codes.tolist()
    assert list(uniques) == list(expected_uniques)
    assert starts is not None and starts.tolist() == [0, 30, 50]


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]"])
def test_missing_label_between_sorted_ones_still_refused(dtype):
    data = pd.DataFrame(
        {"ward": pd.Series(["A", "A", None, "B"], dtype=dtype), "y": [1.0, 2.0, 3.0, 4.0]}
    )
    with pytest.raises(qi.DataError, match="missing 'ward'"):
        qi.spc(data, y="y", by="ward", chart="i")
