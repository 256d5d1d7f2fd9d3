"""The panels of one measure on a board share one x range and ticks over the periods of all
of them, and a stale panel crosses the periods of the report's period, not one more.

Checked on what is drawn: the tick labels, the x limits and the "no value" crosses. Expected
labels and periods are written by hand: monthly data from April 2020 to March 2024 on two
panels side by side are ticked every 12 months (as the board of the open ward alone is), at
April 2020, 2021, 2022 and 2023; quarterly data of the same span at Apr–Jun of 2020 and 2022
on a page of four panels, as when no ward closed."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

MONTHS = pd.date_range("2020-04-01", "2024-03-01", freq="MS")  # 48 months
YEARLY = ["Apr 2020", "Apr 2021", "Apr 2022", "Apr 2023"]
RESTRAINTS = pd.DataFrame({"measure": ["restraint"], "chart": ["u"], "multiply": [1000]})


def _ward(name, months, measure="restraint"):
    k = np.arange(len(months))
    return pd.DataFrame(
        {"measure": measure, "ward": name, "month": months, "y": 5 + k % 4, "n": 400 + k % 7}
    )


def _plot(data, measures=RESTRAINTS, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = qi.board(data, measures, x="month", y="y", n="n", by="ward")
        return report, report.plot(**kw)


def _panels(fig):
    return [a for a in fig.axes if a.get_visible() and a.get_gid() is None and a.lines]


def _labels(ax):
    return [t.get_text() for t in ax.get_xticklabels()]


def _crossed(ax):
    x = [np.asarray(ln.get_xdata(), float) for ln in ax.lines if ln.get_gid() == "missing"]
    days = np.concatenate(x) if x else np.empty(0)
    return [mdates.num2date(d).strftime("%Y-%m-%d") for d in days]


def _day(text):
    return float(mdates.date2num(pd.Timestamp(text)))


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
@pytest.mark.parametrize("periods", [False, True])
def test_a_ward_closed_early_leaves_every_panel_ticked_to_the_end(style, periods):
    # (the qicharts2 style's room for limit labels made the open ward's panel the wider,
    # so it was ticked right before; the Making Data Count style was not)
    closed = _ward("BRI1", MONTHS[MONTHS <= "2022-09-01"])  # closed after September 2022
    data = pd.concat([closed, _ward("BRI3", MONTHS)])
    if periods:
        data["month"] = data["month"].dt.to_period("M")
    report, fig = _plot(data, style=style)
    assert report.table().set_index("ward").loc["BRI1", "stale"]  # the premise: run to March
    first, second = _panels(fig)
    # ticked on the last years as well (they stopped at Apr 2022, the closed ward's)
    assert _labels(first) == YEARLY
    assert _labels(second) == YEARLY
    assert first.get_xlim() == second.get_xlim()
    assert first.get_xlim()[1] > _day("2024-03-01")  # both run to March 2024
    # as a board of two open wards is ticked
    both = pd.concat([_ward("BRI1", MONTHS), _ward("BRI3", MONTHS)])
    if periods:
        both["month"] = both["month"].dt.to_period("M")
    _, open_board = _plot(both, style=style)
    assert [_labels(a) for a in _panels(open_board)] == [YEARLY, YEARLY]
    plt.close("all")


def test_a_ward_closed_and_one_opened_late_are_ticked_over_both():
    # neither panel spans the board's range: ticks over the months of both
    closed = _ward("Ash", MONTHS[MONTHS <= "2022-09-01"])
    opened = _ward("Elm", MONTHS[MONTHS >= "2022-10-01"])
    _, fig = _plot(pd.concat([closed, opened]))
    for ax in _panels(fig):
        assert _labels(ax) == YEARLY
        assert ax.get_xlim()[0] < _day("2020-04-01") and ax.get_xlim()[1] > _day("2024-03-01")
    plt.close("all")


def test_a_quarterly_measure_beside_a_monthly_one_keeps_its_own_ticks():
    quarters = pd.date_range("2020-04-01", "2024-01-01", freq="QS-JAN")  # 16 quarters
    monthly = pd.concat([_ward("BRI3", MONTHS), _ward("CAS1", MONTHS)])
    closed = _ward("CAS1", quarters[quarters <= "2022-07-01"], "quarterly")
    measures = pd.DataFrame(
        {"measure": ["restraint", "quarterly"], "chart": ["u", "u"], "multiply": [1000, 1000]}
    )
    want = ["Apr–Jun 2020", "Apr–Jun 2022"]
    for cas1 in (_ward("CAS1", quarters, "quarterly"), closed):  # as when no ward closed
        data = pd.concat([monthly, _ward("BRI3", quarters, "quarterly"), cas1])
        _, fig = _plot(data, measures)
        m1, m2, q1, q2 = _panels(fig)
        assert _labels(m1) == _labels(m2) == YEARLY
        assert _labels(q1) == _labels(q2) == want
        assert q1.get_xlim() == q2.get_xlim()
    # the closed ward's quarters after Jul–Sep 2022 up to Jan–Mar 2024 (the quarter of the
    # report's month, March 2024), not Apr–Jun 2024, which has not begun
    assert _crossed(q2) == [
        "2022-10-01",
        "2023-01-01",
        "2023-04-01",
        "2023-07-01",
        "2023-10-01",
        "2024-01-01",
    ]
    plt.close("all")


def test_a_single_stale_panel_is_ticked_to_the_reports_period():
    # no groups: one panel per measure; the stale one runs to the report's period
    falls = _ward("x", MONTHS).drop(columns="ward").assign(measure="falls")
    closed = _ward("x", MONTHS[MONTHS <= "2022-09-01"]).drop(columns="ward")
    measures = pd.DataFrame(
        {"measure": ["falls", "restraint"], "chart": ["u", "u"], "multiply": [1000, 1000]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = qi.board(pd.concat([falls, closed]), measures, x="month", y="y", n="n").plot()
    current, stale = _panels(fig)
    assert _labels(stale) == _labels(current) == YEARLY
    plt.close("all")


@pytest.mark.parametrize(
    ("latest", "stale", "crossed"),
    [
        # the board's latest month dated on its last day, the stale series on the 1st:
        # February and March are crossed, not April (its period begins after 31 March)
        ("2024-03-31", "2024-01-01", ["2024-02-01", "2024-03-01"]),
        # the other way round: March dated 31 March is in a report of March dated 1 March
        ("2024-03-01", "2023-12-31", ["2024-01-31", "2024-02-29", "2024-03-31"]),
    ],
)
def test_months_dated_differently_cross_the_reports_months_only(latest, stale, crossed):
    end = pd.Timestamp(latest)
    current = pd.date_range(end - pd.DateOffset(months=23), end, freq="ME" if end.day > 1 else "MS")
    mine = pd.date_range(
        pd.Timestamp(stale) - pd.DateOffset(months=20),
        stale,
        freq="ME" if pd.Timestamp(stale).day > 1 else "MS",
    )
    report, fig = _plot(pd.concat([_ward("Ash", current), _ward("Cedar", mine)]))
    assert report.table().set_index("ward").loc["Cedar", "stale"]  # the premise
    ash, cedar = _panels(fig)
    assert _crossed(ash) == []
    assert _crossed(cedar) == crossed
    plt.close("all")
