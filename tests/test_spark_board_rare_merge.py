"""The board's rare-events warning of every Spark bucket given as the one qi.board gives on the
whole data (session 18 audit of issue 12: it came once per bucket, each counting its own
series). The expected text is qi.board's own on the whole data."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

pytest.importorskip("pyspark")
from qistats._rare import every_rare_measure
from qistats._spark_warnings import _board_baselines, _board_rare, _merged

MONTHS = pd.date_range("2021-01-01", periods=30, freq="MS")


def _data(measures: dict[str, float], wards: int = 20, seed: int = 1) -> pd.DataFrame:
    """Monthly counts of each measure (its mean per month) for ``wards`` wards; every fifth
    ward has ten times the mean, so not every series of a rare measure is rare."""
    rng = np.random.default_rng(seed)
    rows = []
    for w in range(wards):
        for name, lam in measures.items():
            mean = lam * (10 if w % 5 == 0 else 1)
            rows.append(
                pd.DataFrame(
                    {
                        "measure": name,
                        "ward": f"W{w:02d}",
                        "month": MONTHS,
                        "value": rng.poisson(mean, MONTHS.size).astype(float),
                        "n": 1000.0,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def _board(data, measures, every=False):
    u = measures.loc[measures.chart == "u", "measure"]
    data = data.assign(n=data.n.where(data.measure.isin(u)))  # a denominator for U charts only
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        if every:
            with every_rare_measure():
                res = qi.board(data, measures, x="month", y="value", n="n", by="ward")
        else:
            res = qi.board(data, measures, x="month", y="value", n="n", by="ward")
    return res, [(w.category.__name__, str(w.message)) for w in got]


def _rare(said):
    return [t for c, t in said if c == "RareEventsWarning"]


@pytest.mark.parametrize("names", [["falls", "deaths", "never"], list("abcdef")])
def test_buckets_rare_events_warnings_merge_into_qi_boards(names):
    means = {n: (8.0 if n in ("falls", "a") else 0.2) for n in names}
    data = _data(means)
    charts = ["c", "u"] * 3  # a U chart's numerators y, and C charts' values
    measures = pd.DataFrame({"measure": names, "chart": charts[: len(names)], "multiply": 1000.0})
    _, whole = _board(data, measures)
    (want,) = _rare(whole)
    # three buckets of wards, as Spark's tasks compute them: each names every measure
    said, counts = [], {}
    for part in np.array_split(np.arange(20), 3):
        rows = data[data.ward.isin([f"W{w:02d}" for w in part])]
        res, got = _board(rows, measures, every=True)
        said += got
        for k, v in res.table()["measure"].value_counts().items():
            counts[qi._args.fmt(k)] = counts.get(qi._args.fmt(k), 0) + int(v)
    assert len(_rare(said)) == 3
    labels = [qi._args.fmt(m) for m in names]
    merged = _merged(_board_rare(said, counts, labels))
    assert _rare(merged) == [want]
    # by hand: 16 of the 20 wards of each rare measure (mean 0.2; every fifth ward's is 2)
    k = len(names) - 1
    assert want.startswith(f"{16 * k} of the board's {20 * len(names)} series look like")


def test_one_buckets_warning_is_rewritten_too():
    """One bucket's warning alone names every measure and counts its own series: it is
    rewritten with the series of every bucket (those of the others had none rare)."""
    names = list("abcde")
    data = _data(dict.fromkeys(names, 0.2), wards=4)
    measures = pd.DataFrame({"measure": names, "chart": "c"})
    _, whole = _board(data, measures)
    res, said = _board(data, measures, every=True)
    assert "; and 2 more measures" not in _rare(said)[0]
    counts = {qi._args.fmt(k): int(v) for k, v in res.table()["measure"].value_counts().items()}
    assert _rare(_board_rare(said, counts, [qi._args.fmt(m) for m in names])) == _rare(whole)


def test_a_text_not_read_is_left_as_it_is():
    said = [("RareEventsWarning", "3 of the board's 9 series look odd")]
    assert _board_rare(said, {}, []) == said


def test_spark_board_gives_qi_boards_one_warning(spark):
    import qistats.spark as qs

    names = ["falls", "deaths", "never", "pressure", "escapes"]
    data = _data({"falls": 8.0, "deaths": 0.3, "never": 0.2, "pressure": 0.1, "escapes": 0.1})
    measures = pd.DataFrame({"measure": names, "chart": "c", "improvement": "decrease"})
    kw = dict(x="month", y="value", by="ward")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        want = qi.board(data.drop(columns="n"), measures, **kw).table()
    (text,) = _rare([(w.category.__name__, str(w.message)) for w in got])
    sdf = spark.createDataFrame(data.drop(columns="n"))
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        table = qs.board(sdf, measures, buckets=4, **kw).table().toPandas()
    assert _rare([(w.category.__name__, str(w.message)) for w in got]) == [text]
    assert "; and 1 more measures" in text  # the first three named, as qi.board names them
    assert table.rare_events.sum() == want.rare_events.sum() == int(text.split(" of ")[0])


def _baseline_data(short: set[int], blank: set[int]) -> pd.DataFrame:
    """12 wards × 30 months of two measures; the wards in ``short`` have 20 months, those in
    ``blank`` a blank 4th month."""
    rng = np.random.default_rng(4)
    rows = []
    for w in range(12):
        m = MONTHS[:20] if w in short else MONTHS
        for name, lam in (("falls", 8.0), ("sepsis", 40.0)):
            y = rng.poisson(lam, len(m)).astype(float)
            if w in blank:
                y[3] = np.nan
            rows.append(
                pd.DataFrame({"measure": name, "ward": f"W{w:02d}", "month": m, "value": y})
            )
    return pd.concat(rows, ignore_index=True)


BASELINE_MEASURES = pd.DataFrame(
    {"measure": ["falls", "sepsis"], "chart": ["c", "xmr"], "freeze": [24, 12]}
)


@pytest.mark.parametrize(
    ("short", "blank"),
    [({0, 5, 6, 11}, {2, 7, 8, 9}), ({5}, {9}), ({0, 1, 2, 3}, {3})],
)
def test_buckets_freeze_baseline_warnings_merge_into_qi_boards(short, blank):
    """qi.board's BaselineWarnings of a measure whose freeze some series do not reach, or
    whose blank rows give some series trial limits, from three buckets of wards, as one per
    measure; with one series in a bucket ('1 of its 4 series has') or several."""
    from qistats._args import fmt

    data = _baseline_data(short, blank)
    kw = dict(x="month", y="value", by="ward")

    def board(rows):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            res = qi.board(rows, BASELINE_MEASURES, **kw)
        return res, [(w.category.__name__, str(w.message)) for w in got]

    _, whole = board(data)
    want = [t for c, t in whole if c == "BaselineWarning"]
    assert len(want) == 2
    # by hand: the short wards of falls (freeze 24 of 20 months) and blank wards of sepsis
    k = len(short)
    assert f"is 24: {k} of its 12 series {'has' if k == 1 else 'have'} fewer" in want[0]
    assert f"give {len(blank)} of its series trial limits" in want[1]
    said, counts = [], {}
    for part in np.array_split(np.arange(12), 3):
        res, got = board(data[data.ward.isin([f"W{w:02d}" for w in part])])
        said += got
        for key, v in res.table()["measure"].value_counts().items():
            counts[fmt(key)] = counts.get(fmt(key), 0) + int(v)
    merged = _merged(_board_baselines(said, counts))
    assert [t for c, t in merged if c == "BaselineWarning"] == want


def test_spark_board_gives_qi_boards_baseline_warnings(spark):
    import qistats.spark as qs

    data = _baseline_data({0, 5, 6, 11}, {2, 7, 8, 9})
    kw = dict(x="month", y="value", by="ward")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        qi.board(data, BASELINE_MEASURES, **kw)
    want = [str(w.message) for w in got if issubclass(w.category, qi.BaselineWarning)]
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        qs.board(spark.createDataFrame(data), BASELINE_MEASURES, buckets=3, **kw).table()
    said = [str(w.message) for w in got if issubclass(w.category, qi.BaselineWarning)]
    assert said == want and len(want) == 2


def _unobserved_data(blank_y: set[int], blank_n: set[int]) -> pd.DataFrame:
    """24 wards × 30 months of falls per 1,000 bed days; the wards in ``blank_y`` have no
    value, those in ``blank_n`` no bed days in any row (a failed join)."""
    rng = np.random.default_rng(5)
    rows = []
    for w in range(24):
        y = rng.poisson(8.0, 30).astype(float)
        n = np.full(30, 1000.0)
        if w in blank_y:
            y[:] = np.nan
        if w in blank_n:
            n[:] = np.nan
        rows.append(
            pd.DataFrame(
                {"measure": "falls", "ward": f"W{w:02d}", "month": MONTHS, "value": y, "n": n}
            )
        )
    return pd.concat(rows, ignore_index=True)


UNOBSERVED_MEASURES = pd.DataFrame({"measure": ["falls"], "chart": ["u"], "multiply": [1000]})


@pytest.mark.parametrize(
    ("blank_y", "blank_n", "said"),
    [
        ({3, 17}, set(), "2 of 24 series have no observed value (measure='falls', ward='W03';"),
        ({3}, set(), "1 of 24 series has no observed value (measure='falls', ward='W03')"),
        ({3, 9, 17}, {5, 12, 20, 23}, "in every row of 4 of them (measure='falls', ward='W05';"),
        (set(), {5, 20}, "is empty in every row of each of them;"),
        (set(), {20}, "is empty in every row of that series;"),
    ],
)
def test_buckets_series_without_observed_values_merge_into_qi_boards(blank_y, blank_n, said):
    from qistats._args import fmt
    from qistats._spark_warnings import _unobserved

    data = _unobserved_data(blank_y, blank_n)
    kw = dict(x="month", y="value", n="n", by="ward")

    def board(rows):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            res = qi.board(rows, UNOBSERVED_MEASURES, **kw)
        return res, [(w.category.__name__, str(w.message)) for w in got]

    _, whole = board(data)
    want = [t for c, t in whole if c == "NoDataWarning" and "no observed value" in t]
    assert len(want) == 1 and said in want[0], want
    merged, total = [], 0
    for part in np.array_split(np.arange(24), 4):
        res, got = board(data[data.ward.isin([f"W{w:02d}" for w in part])])
        merged += got
        total += len(res.table())
    assert fmt(total) == "24"
    got = [t for c, t in _unobserved(merged, total) if "no observed value" in t]
    assert got == want


def test_spark_board_names_series_without_observed_values_as_qi_board(spark):
    import qistats.spark as qs

    data = _unobserved_data({3, 9, 17}, {5, 12, 20, 23})
    kw = dict(x="month", y="value", n="n", by="ward")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        qi.board(data, UNOBSERVED_MEASURES, **kw)
    want = [str(w.message) for w in got if "no observed value" in str(w.message)]
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        qs.board(spark.createDataFrame(data), UNOBSERVED_MEASURES, buckets=4, **kw).table()
    assert [str(w.message) for w in got if "no observed value" in str(w.message)] == want
    assert len(want) == 1 and want[0].startswith("7 of 24 series have no observed value")
