"""A stale series' panel runs to the report's period, its unreported periods crossed as "no
value" (trial 23 M5: on a ward's page Complaints ended at Feb 2024 beside panels ending at Mar
2024, so its missing month was not seen; only "latest: Feb 2024 (stale)" said so).

Checked on what is drawn: the panels' x ranges, the crosses' x and the legend's entries. The
expected periods are written by hand (the report's period is March 2024, the latest month with
a value on the board, or the period of an ``as_of`` after the data: the table calls every
series stale then, and each panel runs to it)."""

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

MONTHS = pd.date_range("2023-01-01", "2024-03-01", freq="MS")  # 15 months


def _board(months=MONTHS, stale_until=-2, style_by=True):
    falls = [5, 7, 6, 4, 8, 6, 5, 7, 6, 5, 4, 6, 7, 5, 6][: len(months)]
    rows = [
        pd.DataFrame({"measure": "falls", "ward": w, "month": months, "y": falls})
        for w in ("Ash", "Cedar")
    ]
    # complaints of Cedar end a month early (stale in March's report); Ash's are current
    cut = len(months) + stale_until + 1
    rows.append(
        pd.DataFrame({"measure": "complaints", "ward": "Cedar", "month": months[:cut], "y": 3})
    )
    rows.append(pd.DataFrame({"measure": "complaints", "ward": "Ash", "month": months, "y": 2}))
    measures = pd.DataFrame({"measure": ["falls", "complaints"], "chart": ["c", "c"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.board(pd.concat(rows), measures, x="month", y="y", by="ward")


def _panels(fig):
    return [a for a in fig.axes if a.get_visible() and a.get_gid() is None and a.lines]


def _crosses(ax):
    return np.concatenate(
        [np.asarray(ln.get_xdata(), float) for ln in ax.lines if ln.get_gid() == "missing"]
        or [np.empty(0)]
    )


def _legend(fig):
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def _day(text):
    return float(mdates.date2num(pd.Timestamp(text)))


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_stale_panel_runs_to_the_reports_month_with_its_gap_crossed(style):
    report = _board()
    t = report.table().set_index(["measure", "ward"])
    assert bool(t.loc[("complaints", "Cedar"), "stale"])  # the premise
    fig = report.plot(series="Cedar", style=style)
    falls, complaints = _panels(fig)
    assert "latest: Feb 2024 (stale)" in complaints.get_title(loc="left")
    march = _day("2024-03-01")
    # the x range reaches March, as the current measure's does (it ended at February + margin)
    hi = complaints.get_xlim()[1]
    assert hi > march
    if style == "mdc":
        assert hi == pytest.approx(falls.get_xlim()[1])
    else:  # the room of the limit labels, right of the data, is kept after March
        assert hi - march > 20  # days: the labels ("3", "9.5") are not squeezed out
    np.testing.assert_array_equal(_crosses(complaints), [march])
    assert _crosses(falls).size == 0
    assert "no value" in _legend(fig)
    plt.close(fig)


def test_two_months_behind_get_two_crosses_and_current_pages_no_entry():
    report = _board(stale_until=-3)  # Cedar's complaints end at Jan 2024
    fig = report.plot(measure="complaints")
    ash, cedar = _panels(fig)
    np.testing.assert_array_equal(_crosses(cedar), [_day("2024-02-01"), _day("2024-03-01")])
    assert _crosses(ash).size == 0
    assert cedar.get_xlim() == ash.get_xlim()  # one measure's panels share their x range
    plt.close(fig)
    fig = report.plot(series="Ash")  # nothing stale: no crosses, no legend entry for them
    assert "no value" not in _legend(fig)
    assert all(_crosses(a).size == 0 for a in _panels(fig))
    plt.close(fig)


def test_month_end_dates_are_crossed_at_the_month_end():
    months = pd.date_range("2023-01-31", "2024-03-31", freq="ME")
    report = _board(months=months)
    fig = report.plot(series="Cedar")
    _, complaints = _panels(fig)
    np.testing.assert_array_equal(_crosses(complaints), [_day("2024-03-31")])
    plt.close(fig)


def test_a_board_without_groups():
    falls = pd.DataFrame({"measure": "falls", "month": MONTHS, "y": 5})
    late = pd.DataFrame({"measure": "complaints", "month": MONTHS[:-1], "y": 3})
    measures = pd.DataFrame({"measure": ["falls", "complaints"], "chart": ["c", "c"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = qi.board(pd.concat([falls, late]), measures, x="month", y="y")
    fig = report.plot()
    falls_ax, complaints = _panels(fig)
    np.testing.assert_array_equal(_crosses(complaints), [_day("2024-03-01")])
    assert _crosses(falls_ax).size == 0
    plt.close(fig)


def _report_as_of(months, as_of):
    falls = pd.DataFrame({"measure": "falls", "month": months, "y": 5})
    late = pd.DataFrame({"measure": "complaints", "month": months[:-1], "y": 3})
    measures = pd.DataFrame({"measure": ["falls", "complaints"], "chart": ["c", "c"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.board(pd.concat([falls, late]), measures, x="month", y="y", as_of=as_of)


@pytest.mark.parametrize(
    ("months", "as_of", "falls", "complaints"),
    [
        # the data end at March 2024; a report as of mid-May: both series are stale, and each
        # panel runs to May, its months without a value crossed (they ended at March)
        (MONTHS, "2024-05-15", ["2024-04-01", "2024-05-01"], ["2024-03-01", "2024-04-01"]),
        # month ends: as of 1 June names June, dated 30 June
        (
            pd.date_range("2023-01-31", "2024-03-31", freq="ME"),
            "2024-06-01",
            ["2024-04-30", "2024-05-31", "2024-06-30"],
            ["2024-03-31", "2024-04-30", "2024-05-31"],
        ),
    ],
)
def test_an_as_of_after_the_data_runs_the_stale_panels_to_it(months, as_of, falls, complaints):
    report = _report_as_of(months, as_of)
    assert report.table().stale.tolist() == [True, True]  # the table's verdict
    fig = report.plot()
    falls_ax, complaints_ax = _panels(fig)
    np.testing.assert_array_equal(_crosses(falls_ax), [_day(d) for d in falls])
    last = complaints + falls[-1:]  # the month after February, up to the report's
    np.testing.assert_array_equal(_crosses(complaints_ax), [_day(d) for d in last])
    assert falls_ax.get_xlim()[1] > _day(falls[-1])
    assert "no value" in _legend(fig)
    plt.close(fig)


def test_an_as_of_within_the_data_changes_nothing():
    report = _report_as_of(MONTHS, "2024-03-20")  # March's report, as without as_of
    fig = report.plot()
    falls_ax, complaints_ax = _panels(fig)
    assert _crosses(falls_ax).size == 0
    np.testing.assert_array_equal(_crosses(complaints_ax), [_day("2024-03-01")])
    plt.close(fig)


def test_periods_and_numbers_run_to_the_as_of_too():
    quarters = pd.period_range("2021Q1", "2023Q4", freq="Q")  # 12 quarters to 2023Q4
    report = _report_as_of(pd.Series(quarters), "2024-05-15")  # in 2024Q2
    fig = report.plot()
    falls_ax, complaints_ax = _panels(fig)
    # by hand: 2024Q1 and 2024Q2 (Jan and Apr 2024) unreported by falls, also 2023Q4 by
    # complaints; Period x are drawn at their start
    np.testing.assert_array_equal(_crosses(falls_ax), [_day("2024-01-01"), _day("2024-04-01")])
    assert _crosses(complaints_ax).size == 3
    plt.close(fig)
    report = _report_as_of(pd.Series(np.arange(1.0, 13.0)), 14.5)  # x 1 to 12; as of 14.5
    fig = report.plot()
    falls_ax, complaints_ax = _panels(fig)
    np.testing.assert_array_equal(_crosses(falls_ax), [13.0, 14.0])
    np.testing.assert_array_equal(_crosses(complaints_ax), [12.0, 13.0, 14.0])
    plt.close(fig)


def test_weeks_begun_by_the_as_of_are_crossed():
    weeks = pd.date_range("2024-01-01", periods=15, freq="W-MON")  # Mondays to 8 April
    report = _report_as_of(weeks, "2024-04-24")  # a Wednesday: the week of 22 April
    fig = report.plot()
    falls_ax, complaints_ax = _panels(fig)
    np.testing.assert_array_equal(_crosses(falls_ax), [_day("2024-04-15"), _day("2024-04-22")])
    np.testing.assert_array_equal(
        _crosses(complaints_ax), [_day(d) for d in ("2024-04-08", "2024-04-15", "2024-04-22")]
    )
    plt.close(fig)
