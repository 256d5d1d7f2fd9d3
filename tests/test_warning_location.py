"""Every qistats warning points at the user's own call, not at a line inside qistats.

The same checks run at different depths under qi.spc, qi.board, qi.ambition and qi.funnel; a fixed
``stacklevel`` that is right for one path names a line of board.py (or a test helper) on another.
The expected location is this file and the line of the call, known without running qistats.
"""

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import (
    BaselineWarning,
    DuplicateRowsWarning,
    LabelWarning,
    NoDataWarning,
    OverdispersionWarning,
)

MONTHS = pd.date_range("2022-01-01", periods=20, freq="MS")


def _two_measures() -> pd.DataFrame:
    y = np.tile([20.0, 22, 19, 21, 18, 23, 20, 21, 19, 22], 4)
    return pd.DataFrame(
        {"measure": ["a"] * 20 + ["b"] * 20, "month": list(MONTHS) * 2, "y": y, "n": 100.0}
    )


def _spaced() -> pd.DataFrame:  # trusts "Ash" and "Ash " (an Excel extract's trailing space)
    d = _two_measures()
    return pd.concat([d.assign(trust="Ash"), d.assign(trust="Ash ")], ignore_index=True)


def _no_b() -> pd.DataFrame:
    d = _two_measures()
    d.loc[d.measure == "b", "y"] = np.nan
    return d


def _wards() -> pd.DataFrame:
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    events = np.tile([9.0, 11, 10, 12, 8, 10], 8)
    d = pd.DataFrame({"ward": ["A"] * 24 + ["B"] * 24, "month": list(months) * 2})
    d["events"], d["days"] = events, 1000.0
    return d


AMBITION = {
    "y": "events",
    "n": "days",
    "x": "month",
    "by": "ward",
    "baseline": ("2022-01-01", "2022-12-01"),
    "change": -0.5,
    "deadline": "2024-12-01",
}
MEASURES = pd.DataFrame({"measure": ["a", "b"]})
UNITS = pd.DataFrame(
    {"unit": list("ABCDEFGHIJKL"), "y": [20.0, 18, 25, 22, 19, 30, 21, 17, 24, 23, 20, 26]}
)
UNITS["n"] = UNITS["y"] * [1.0, 1.1, 0.9, 1.2, 1.0, 0.8, 1.0, 1.05, 0.95, 1.0, 1.1, 0.9]


def _board_no_n():
    d = _two_measures()
    d.loc[d.measure == "b", "n"] = np.nan
    return qi.board(d, MEASURES.assign(chart="p"), x="month", y="y", n="n")


CASES = {
    "board, labels differing by spaces": (
        LabelWarning,
        lambda: qi.board(_spaced(), MEASURES, x="month", y="y", by="trust"),
    ),
    "spc, labels differing by spaces": (
        LabelWarning,
        lambda: qi.spc(_spaced(), y="y", x="month", by=["measure", "trust"]),
    ),
    "board, a measure without data": (
        NoDataWarning,
        lambda: qi.board(_no_b(), MEASURES, x="month", y="y"),
    ),
    "board, an empty n column": (NoDataWarning, _board_no_n),
    "board, a copied row": (
        DuplicateRowsWarning,
        lambda: qi.board(pd.concat([_two_measures()] * 2), MEASURES, x="month", y="y"),
    ),
    "spc, target for an absent series": (
        NoDataWarning,
        lambda: qi.spc(_two_measures(), y="y", x="month", by="measure", target={"zz": 3}),
    ),
    "spc, phase outside the data": (
        NoDataWarning,
        lambda: qi.spc(_two_measures(), y="y", x="month", by="measure", phase=["2030-01-01"]),
    ),
    "spc, freeze longer than a series": (
        BaselineWarning,
        lambda: qi.spc(_two_measures(), y="y", x="month", by="measure", freeze=30),
    ),
    "ambition, no baseline data": (
        BaselineWarning,
        lambda: qi.ambition(_wards().query("ward == 'A' or month >= '2023-01-01'"), **AMBITION),
    ),
    "ambition, labels differing by spaces": (
        LabelWarning,
        lambda: qi.ambition(_wards().replace({"ward": {"B": "A "}}), **AMBITION),
    ),
    "funnel, labels differing by spaces": (
        LabelWarning,
        lambda: qi.funnel(
            pd.concat([UNITS, UNITS.assign(unit=UNITS.unit + " ")]), y="y", n="n", unit="unit"
        ),
    ),
    "funnel, few units": (
        OverdispersionWarning,
        lambda: qi.funnel(UNITS.iloc[:4], y="y", n="n", unit="unit"),
    ),
    "funnel, a unit absent in the latest period": (
        NoDataWarning,
        lambda: qi.funnel(
            pd.concat([UNITS.assign(q=1), UNITS.assign(q=2).iloc[:-1]]),
            y="y",
            n="n",
            unit="unit",
            x="q",
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_warning_names_the_callers_line(case):
    category, call = CASES[case]
    lines, first = inspect.getsourcelines(call)  # where the call to qistats is written
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    ours = [w for w in caught if issubclass(w.category, category)]
    assert ours, f"{case}: no {category.__name__} (got {[w.category for w in caught]})"
    for w in caught:
        assert w.filename == __file__, f"{case}: {w.category.__name__} at {w.filename}:{w.lineno}"
        assert first <= w.lineno < first + len(lines), (case, w.lineno, first)


def test_ambition_warns_once_about_labels():
    """Its inner chart (for the assurance icon) used to repeat the LabelWarning from ambition.py."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        qi.ambition(_wards().replace({"ward": {"B": "A "}}), **AMBITION)
    assert [w.category for w in caught] == [LabelWarning]


def test_every_warning_of_qistats_goes_through_the_caller_finding_helper():
    """A fixed stacklevel is right for one call path only; qistats._warn.warn finds the caller."""
    import pathlib

    import qistats

    root = pathlib.Path(qistats.__file__).parent
    direct = [
        f"{path.relative_to(root)}:{i}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "_warn.py"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "warnings.warn(" in line or "stacklevel=" in line
    ]
    assert direct == [], direct
