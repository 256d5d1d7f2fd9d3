"""Board panels: percentage y ticks for measures shown in %, and "no data" panels without
meaningless y ticks."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")
import matplotlib.pyplot as plt

MONTHS = pd.date_range("2023-01-01", periods=18, freq="MS")


def _ticks(a) -> list[str]:
    """The y tick labels drawn inside the panel's range."""
    a.figure.canvas.draw()
    lo, hi = a.get_ylim()
    return [t.get_text() for t in a.get_yticklabels() if lo <= t.get_position()[1] <= hi]


def _panels(fig) -> dict[str, object]:
    return {a.get_title(loc="left"): a for a in fig.axes if a.get_title(loc="left")}


@pytest.fixture
def board():
    rng = np.random.default_rng(1)
    harm = np.round(rng.normal(96, 1.2, 18), 1)
    wait = np.round(rng.normal(40, 5, 18), 1)
    readmit = rng.binomial(200, 0.12, 18).astype(float)
    data = pd.DataFrame(
        {
            "measure": np.repeat(["harm_free", "seen_4h", "readmit", "wait"], 18),
            "month": np.tile(MONTHS, 4),
            "v": np.concatenate([harm, np.full(18, 180.0), readmit, wait]),
            "n": np.concatenate([np.full(18, np.nan), np.full(18, 200.0), np.full(18, 200.0),
                                 np.full(18, np.nan)]),
        }
    )  # fmt: skip
    measures = pd.DataFrame(
        {
            "measure": ["harm_free", "seen_4h", "readmit", "wait"],
            "unit": ["%", "", "", "minutes"],
            "chart": ["xmr", "xmr", "p", "xmr"],
            "multiply": [1, 100, 1, 1],
            "uses_n": [False, True, True, False],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        return qi.board(data, measures, x="month", y="v", n="n")


def test_measures_in_percent_get_percentage_ticks(board):
    report = board
    fig = report.plot(ncols=2)
    try:
        p = _panels(fig)
        harm = _ticks(p["harm free (%)"])
        # unit "%": values 93 to 99 are percentages, ticked "95%"
        assert harm and all(t.endswith("%") for t in harm), harm
        lo, hi = p["harm free (%)"].get_ylim()
        want = [f"{v:g}%" for v in np.arange(np.ceil(lo), np.floor(hi) + 1)]
        assert harm == want, (harm, want)
        # multiply=100: 180 of 200 is 90, ticked "90%"
        assert "90%" in _ticks(p["seen 4h"]), _ticks(p["seen 4h"])
        # a P chart of proportions (multiply 1): 0.1 is ticked "10%", as qi.spc plots it
        readmit = _ticks(p["readmit"])
        assert "10%" in readmit and all(t.endswith("%") for t in readmit), readmit
        # a plain measure keeps plain ticks
        assert not any(t.endswith("%") for t in _ticks(p["wait (minutes)"]))
    finally:
        plt.close(fig)


def test_percentage_axis_stops_at_100_when_everything_stays_below():
    # 99.0 to 99.6: the upper limit (about 100.0) is below 100, the margin would pass it
    v = np.tile([99.2, 99.4, 99.3, 99.5, 99.1, 99.4], 3)
    data = pd.DataFrame({"measure": "harm_free", "month": MONTHS, "v": v})
    measures = pd.DataFrame({"measure": ["harm_free"], "unit": ["%"]})
    report = qi.board(data, measures, x="month", y="v")
    ucl = report.table().ucl.iloc[0]
    assert ucl < 100  # mean 99.32, mean moving range 0.2: 99.32 + 2.66 × 0.2
    fig = report.plot()
    try:
        a = fig.axes[0]
        assert a.get_ylim()[1] == 100, a.get_ylim()
        assert _ticks(a)[-1] == "100%", _ticks(a)
    finally:
        plt.close(fig)


def test_no_data_panel_has_no_y_ticks_and_does_not_stretch_the_shared_range():
    rng = np.random.default_rng(2)
    data = pd.DataFrame(
        {
            "measure": "harm_free",
            "site": np.repeat(["A", "B"], 18),
            "month": np.tile(MONTHS, 2),
            "v": np.round(rng.normal(96, 1.0, 36), 1),
        }
    )
    measures = pd.DataFrame({"measure": ["harm_free"], "unit": ["%"], "target": [95]})
    expected = pd.DataFrame({"measure": "harm_free", "site": ["A", "B", "C"]})
    with pytest.warns(qi.NoDataWarning, match="site='C'"):
        report = qi.board(data, measures, x="month", y="v", by="site", expected=expected)
    fig = report.plot(ncols=3)
    try:
        p = _panels(fig)
        assert _ticks(p["C"]) == []  # no ±0.04 around 0
        assert [t.get_text() for t in p["C"].texts if t.get_gid() == "no_data"] == ["no data"]
        assert all(t.endswith("%") for t in _ticks(p["A"]))
        # the data panels share their own range; the empty panel does not pull it to 0
        lo = min(data.v.min(), report.table().lcl.min())
        assert p["A"].get_ylim() == p["B"].get_ylim() == p["C"].get_ylim()
        assert lo - 2 < p["A"].get_ylim()[0] < lo, (p["A"].get_ylim(), lo)
    finally:
        plt.close(fig)


def test_a_rate_per_100_is_not_a_percentage():
    """A U chart with multiply=100 is falls per 100 bed days: 3 falls in 150 bed days is 2
    per 100, ticked "2", not "2%"; its sentence in the table says no "%" either (the same
    rule for the panel and the words)."""
    rng = np.random.default_rng(3)
    data = pd.DataFrame(
        {
            "measure": "falls",
            "month": MONTHS,
            "v": rng.poisson(3, 18).astype(float),
            "n": np.full(18, 150.0),
        }
    )
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"], "multiply": [100]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        report = qi.board(data, measures, x="month", y="v", n="n")
    assert "%" not in report.table()["reason"].iloc[0]
    fig = report.plot()
    try:
        (panel,) = [a for a in fig.axes if a.get_title(loc="left")]
        ticks = _ticks(panel)
        assert ticks and not any(t.endswith("%") for t in ticks), ticks
        assert "2" in ticks, ticks
    finally:
        plt.close(fig)
