"""pandas Period x (quarters, months, weeks, financial years) on every chart (trial 11, item 4:
``plot()`` raised "float() argument must be ... not 'Period'"). docs/missing.rst says a
Period is read as its start: points are drawn at the period's first day, and quarters and
years are ticked by their names as the board names them ("Apr–Jun 2024", "2023/24")."""

from __future__ import annotations

import warnings
from html import unescape

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import qistats as qi

COUNTS = [31, 27, 35, 30, 24, 29, 33, 28, 26, 30, 32, 27, 29, 31, 25, 30, 28, 34, 27, 30]
QUARTERS = pd.DataFrame(
    {
        "quarter": pd.period_range("2019Q1", periods=20, freq="Q"),
        "deaths": COUNTS,
        "spells": 1000,
        "measure": "shmi",
    }
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _ticks(ax) -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


def _day(text: str) -> float:
    return float(mdates.date2num(np.datetime64(text)))


def test_spc_quarters_named_as_the_board_names_them():
    fig = qi.spc(QUARTERS, y="deaths", n="spells", x="quarter", chart="u").plot()
    ax = fig.axes[0]
    # 20 quarters, ticked every 4 (the same quarter of each year), from the first
    assert _ticks(ax) == [f"Jan–Mar {y}" for y in range(2019, 2024)]
    assert np.allclose(ax.get_xticks(), [_day(f"{y}-01-01") for y in range(2019, 2024)])
    # each point at its quarter's first day
    points = ax.lines[0].get_xdata() if ax.lines else None
    drawn = np.concatenate(
        [np.asarray(c.get_offsets())[:, 0] for c in ax.collections if len(c.get_offsets())]
        + ([np.asarray(points, dtype=float)] if points is not None else [])
    )
    assert _day("2019-01-01") in drawn and _day("2023-10-01") in drawn
    assert drawn.min() == _day("2019-01-01") and drawn.max() == _day("2023-10-01")


def test_board_and_spc_agree_on_quarter_names():
    b = qi.board(
        QUARTERS,
        pd.DataFrame({"measure": ["shmi"], "chart": ["u"]}),
        x="quarter",
        y="deaths",
        n="spells",
    )
    assert "Oct–Dec 2023" in unescape(b.to_html())  # the board's name of the latest quarter
    ticks = _ticks(b.plot().axes[0])
    assert ticks[0] == "Jan–Mar 2019" and all("–" in t for t in ticks)


def test_ambition_with_period_baseline_and_deadline():
    q = QUARTERS.quarter
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few baseline periods: not the point here
        amb = qi.ambition(
            QUARTERS,
            y="deaths",
            n="spells",
            x="quarter",
            baseline=(q[0], q[3]),
            change=-0.2,
            deadline=q[19],
        )
    fig = amb.plot()
    title = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert "(Jan–Dec 2019) by Dec 2023" in title  # by the quarter's last month (session 18)
    ax = fig.axes[0]
    assert _ticks(ax)[0] == "Jan–Mar 2019"
    # the deadline line at the deadline quarter's start, inside the x range
    lo, hi = ax.get_xlim()
    assert lo < _day("2019-01-01") and hi > _day("2023-10-01")
    deadline = [
        ln for ln in ax.lines if np.allclose(np.asarray(ln.get_xdata(), float), _day("2023-10-01"))
    ]
    assert deadline


def test_months_and_weeks_read_as_their_start_dates():
    months = pd.DataFrame(
        {"m": pd.period_range("2022-01", periods=24, freq="M"), "y": COUNTS + [1] * 4}
    )
    ticks = _ticks(qi.spc(months, y="y", x="m", chart="c").plot().axes[0])
    assert ticks[:2] == ["Jan 2022", "Apr 2022"] or ticks[:2] == ["Jan 2022", "Mar 2022"]
    weeks = pd.DataFrame({"w": pd.period_range("2024-01-01", periods=20, freq="W"), "y": COUNTS})
    ax = qi.spc(weeks, y="y", x="w", chart="c").plot().axes[0]
    assert _ticks(ax)[0] == "1 Jan 2024"  # a week from Monday 1 January
    assert ax.get_xticks()[0] == _day("2024-01-01")


def test_financial_years_and_a_date_format():
    years = pd.DataFrame({"fy": pd.period_range("2016", periods=9, freq="Y-MAR"), "y": COUNTS[:9]})
    ax = qi.spc(years, y="y", x="fy", chart="c").plot().axes[0]
    # the year ending March 2016 is 2015/16
    assert _ticks(ax) == [f"{y}/{(y + 1) % 100:02d}" for y in range(2015, 2024)]
    assert ax.get_xticks()[0] == _day("2015-04-01")
    ax = qi.spc(QUARTERS, y="deaths", x="quarter", chart="c").plot(date_format="Q%q %Y").axes[0]
    # short labels: every 2 quarters fit
    assert _ticks(ax) == [f"Q{q} {y}" for y in range(2019, 2024) for q in (1, 3)]
