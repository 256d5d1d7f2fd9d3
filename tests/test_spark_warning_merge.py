"""The warnings each Spark task carries back, merged on the driver as one pandas call gives
them (:mod:`qistats._spark_warnings`), on texts the pandas functions write; no Spark session
needed (tests/test_spark.py runs the whole path on a local Spark)."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

pytest.importorskip("pyspark")
from qistats._spark_warnings import _short_phases


def _said(data: pd.DataFrame, **kw) -> list[tuple[str, str]]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        qi.spc(data, y="y", x="m", by="ward", chart="xmr", **kw)
    return [(w.category.__name__, str(w.message)) for w in got]


def _wards(names, short):
    """A ward of 20 months each, those in ``short`` of 5."""
    rows = [
        pd.DataFrame({"ward": w, "m": np.arange(1, (5 if w in short else 20) + 1), "y": 1.0})
        for w in names
    ]
    return pd.concat(rows, ignore_index=True).assign(y=lambda d: d.y + d.m % 3)


@pytest.mark.parametrize("kw", [{}, {"freeze": 6}])
def test_short_phases_are_counted_over_every_bucket(kw):
    # trial 11 D13: six wards, one of 5 points, in two buckets of 4 and 2: pandas on all six
    # says "1 of 6 phases"; the buckets said "1 of 4" and nothing, and with the phases of
    # every bucket (6 summary rows) it is "1 of 6" again.
    # with freeze=6 every phase's baseline is short (6 of 6) and the text carries its
    # threshold's parenthesis, which must survive
    names = ["A", "B", "C", "D", "E", "F"]
    whole = _said(_wards(names, {"B"}), **kw)
    parts = _said(_wards(names[:4], {"B"}), **kw) + _said(_wards(names[4:], set()), **kw)
    short = [t for c, t in whole if c == "ShortPhaseWarning"]
    k = 6 if kw else 1
    verb = "has" if k == 1 else "have"  # (trial 12 A10: "1 of 6 phases have")
    assert len(short) == 1 and short[0].startswith(f"{k} of 6 phases {verb} fewer than")
    merged = [t for c, t in _short_phases(parts, 6) if c == "ShortPhaseWarning"]
    assert merged == short, (merged, short)


def test_short_phases_of_two_buckets_add_up():
    names = ["A", "B", "C", "D"]
    parts = _said(_wards(names[:2], {"A"})) + _said(_wards(names[2:], {"C", "D"}))
    merged = [t for c, t in _short_phases(parts, 4) if c == "ShortPhaseWarning"]
    assert len(merged) == 1
    assert re.match(r"3 of 4 phases have fewer than \d+ observed points \(the first: ", merged[0])


def test_merged_short_phases_agree_with_their_count():
    # trial 12 A10: "1 of 1 phases have"; a bucket's "its limits" (1 short phase) merged with
    # another's 2 short phases reads "3 of 4 phases have ... their limits", and one short
    # phase among buckets reads "1 of 4 phases has ... its limits"
    names = ["A", "B", "C", "D"]
    parts = _said(_wards(names[:2], {"A"})) + _said(_wards(names[2:], {"C", "D"}))
    (one,) = [t for c, t in parts if c == "ShortPhaseWarning"][:1]
    assert one.startswith("1 of 2 phases has fewer than") and "): its limits are" in one, one
    (merged,) = [t for c, t in _short_phases(parts, 4) if c == "ShortPhaseWarning"]
    assert merged.startswith("3 of 4 phases have") and "): their limits are" in merged, merged
    single = _said(_wards(names[:2], {"A"})) + _said(_wards(names[2:], set()))
    (merged,) = [t for c, t in _short_phases(single, 4) if c == "ShortPhaseWarning"]
    assert merged.startswith("1 of 4 phases has") and "): its limits are" in merged, merged


def test_an_appended_extract_is_named_once():
    # every bucket of a tripled extract says its rows appear 3 times, each with its own first
    # row: one warning, the first bucket's (x dates: month numbers that restart at each copy
    # are named by the restart's warning instead, session 17 F6b)
    from qistats._spark_warnings import _merged

    def said(ward):
        months = pd.date_range("2023-01-01", periods=12, freq="MS")
        monthly = pd.DataFrame({"ward": ward, "m": months, "y": np.arange(12) % 4 + 5})
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            qi.spc(pd.concat([monthly] * 3), y="y", x="m", by="ward", chart="c")
        return [(w.category.__name__, str(w.message)) for w in got]

    parts = said("A") + said("B")
    assert sum("appears 3 times" in t for _, t in parts) == 2
    merged = [t for _, t in _merged(parts) if "appears 3 times" in t]
    assert len(merged) == 1 and "ward='A'" in merged[0]


@pytest.mark.parametrize("last_n", [np.nan, 0.0])
def test_events_without_n_of_two_buckets_read_as_one_call(last_n):
    # W0..W5 and W6..W11 in two buckets, every other ward without the last month's bed days:
    # the merged warning is the pandas text on all twelve, word for word
    from qistats._spark_warnings import _merged

    def wards(ids):
        rows = []
        for i in ids:
            n = np.full(12, 700.0)
            n[-1] = last_n if i % 2 == 0 else 700.0
            rows.append(
                pd.DataFrame({"ward": f"W{i:02d}", "m": np.arange(1, 13), "y": 4.0, "n": n})
            )
        return pd.concat(rows, ignore_index=True)

    def said(data):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            qi.spc(data, y="y", n="n", x="m", by="ward", chart="u")
        return [str(w.message) for w in got if "events" in str(w.message)]

    whole = said(wards(range(12)))
    assert len(whole) == 1 and whole[0].startswith("n='n': 6 points have events")
    parts = [("NoDataWarning", t) for t in said(wards(range(6))) + said(wards(range(6, 12)))]
    assert len(parts) == 2
    assert [t for _, t in _merged(parts)] == whole
    # one bucket's one point stays as it was said
    one = [("NoDataWarning", t) for t in said(wards([0, 1]))]
    assert [t for _, t in _merged(one)] == [t for _, t in one]


def _all_said(call) -> list[tuple[str, str]]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        call()
    return [(w.category.__name__, str(w.message)) for w in got]


def test_restarts_and_counts_on_gap_charts_of_two_buckets_read_as_the_whole_data():
    from qistats._spark_warnings import _merged

    # three wards whose month number restarts, in buckets of two and one
    def restarting(names):
        return pd.DataFrame(
            {
                "ward": np.repeat(names, 24),
                "m": np.tile(np.r_[np.arange(1, 13), np.arange(1, 13)], len(names)),
                "y": np.arange(24 * len(names)) % 5,
            }
        )

    def spc(names):
        return _all_said(lambda: qi.spc(restarting(names), y="y", x="m", by="ward", chart="c"))

    whole = [t for c, t in spc(["A", "B", "C"]) if "restarts" in t]
    parts = spc(["A", "B"]) + spc(["C"])
    assert [t for c, t in _merged(parts) if "restarts" in t] == whole
    assert whole[0].startswith("x='m' restarts in 3 series; in the first it falls from 12 to 1")

    # monthly counts on a G chart, three wards in buckets of one and two
    def counts(names):
        df = pd.DataFrame(
            {
                "ward": np.repeat(names, 12),
                "month": np.tile(pd.date_range("2023-01-01", periods=12, freq="MS"), len(names)),
                "y": np.arange(12 * len(names)) % 4,
            }
        )
        return _all_said(lambda: qi.spc(df, y="y", x="month", by="ward", chart="g"))

    for split in ([["A"], ["B", "C"]], [["A", "B"], ["C"]]):
        whole = [t for c, t in counts(["A", "B", "C"]) if "regular calendar" in t]
        parts = [w for names in split for w in counts(names)]
        assert [t for c, t in _merged(parts) if "regular calendar" in t] == whole
    one = [t for c, t in _merged(counts(["A"])) if "regular calendar" in t]
    assert one[0].startswith("chart='g': the series (ward='A') has x='month'")


def _switching(names, switched):
    """Wards of 12 months of proportions (0.90 to 0.95), those in ``switched`` in per cent from
    the seventh month (issue 10)."""
    low = np.array([0.90, 0.92, 0.91, 0.93, 0.95, 0.94] * 2)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "ward": w,
                    "month": pd.date_range("2022-04-01", periods=12, freq="MS"),
                    "value": low * np.r_[np.ones(6), np.full(6, 100 if w in switched else 1)],
                }
            )
            for w in names
        ],
        ignore_index=True,
    )


def test_scale_switches_of_several_buckets_read_as_one_call():
    from qistats._spark_warnings import _merged

    def said(names, switched):
        return [
            w
            for w in _all_said(
                lambda: qi.spc(_switching(names, switched), y="value", x="month", by="ward")
            )
            if "100-fold" in w[1]
        ]

    switched = {"A", "C", "D", "F"}
    whole = said("ABCDEF", switched)
    assert len(whole) == 1
    # pandas names the first three in series order, the fix for the first
    assert "ward='A': median 0.925 before month=2022-10-01, 92.5 from it; ward='C'" in whole[0][1]
    assert (
        "ward='D': median 0.925 before month=2022-10-01, 92.5 from it and 1 more (" in (whole[0][1])
    )
    for split in (["AB", "CDEF"], ["EF", "ABCD"], ["F", "E", "DCBA"]):
        parts = [w for names in split for w in said(names, switched)]
        merged = [w for w in _merged(parts) if "100-fold" in w[1]]
        assert len(merged) == 1 and merged[0][0] == "TargetWarning"
        # the same series named and counted, the fix for the first named (A), as pandas
        assert merged == whole


def test_rates_as_y_of_several_buckets_read_as_one_call():
    from qistats._spark_warnings import _merged

    rng = np.random.default_rng(4)
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    n = rng.integers(2000, 3000, 5 * 24).astype(float)
    data = pd.DataFrame(
        {
            "ward": np.repeat(list("ABCDE"), 24),
            "month": np.tile(months, 5),
            "bd": n,
            "rate": (rng.poisson(n * 0.005) / n * 1000).round(2),
        }
    )

    def said(names):
        part = data[data.ward.isin(list(names))]
        call = lambda: qi.spc(  # noqa: E731
            part, "rate", x="month", n="bd", by="ward", chart="u", multiply=1000
        )
        return [w for w in _all_said(call) if "read as rates" in w[1]]

    whole = said("ABCDE")
    assert len(whole) == 1
    assert whole[0][1].startswith(
        "y='rate': the values of ward='A'; ward='B'; ward='C' and 2 more read as rates per 1,000"
    )
    assert "(the point ward='A', month=2022-01-01 has y " in whole[0][1]
    for split in (["AB", "CDE"], ["DE", "ABC"], ["E", "D", "CBA"]):
        parts = [w for names in split for w in said(names)]
        merged = [w for w in _merged(parts) if "read as rates" in w[1]]
        # the series named and counted, and the example point of the first named (A), as
        # pandas gives them: not the first bucket's
        assert merged == whole
