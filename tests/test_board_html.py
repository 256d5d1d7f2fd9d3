"""The default HTML table is the one a board pack shows (new-user trial 4, items 18-19): human
headings, the latest period in words, the reason on a line under its row so that rows stay
short; ``columns="all"`` still gives every column."""

import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi

from .test_board import _chromium, _screenshot, flat, long


def _report():
    weekly = flat(start="2023-01-02", freq="W-MON").assign(value=lambda d: d.value * 3)
    data = long(
        falls=flat([12.0, 8.0]),
        vacancy=flat([7.0]),  # a month behind the others: stale
        handover_time=weekly,
    )
    measures = pd.DataFrame(
        {
            "measure": ["falls", "vacancy", "handover_time"],
            "name": ["Inpatient falls", "Vacancy rate", "Ambulance handover time"],
            "unit": ["per 1,000 bed days", "%", "minutes"],
            "improvement": ["decrease", "decrease", "decrease"],
            "target": [9, 12, 30],
            "owner_team": ["CNO", "CPO", "COO"],
        }
    )
    return qi.board(data, measures, x="month", y="value")


def _headings(html):
    return re.findall(r"<th[^>]*>([^<]*)</th>", html)


def _rows(html, kind=""):
    """The cells' text of the body rows (``kind``: the rows' class, "" for none)."""
    tag = f'<tr class="{kind}">' if kind else "<tr>"
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(re.escape(tag) + r"(.*?)</tr>", html)
        if "<td" in row
    ]


def test_the_default_table_has_human_headings_and_dates_in_words():
    report = _report()
    html = report.to_html()
    assert _headings(html) == [
        "Measure",
        "Unit",
        "Owner team",
        "Latest",
        "Value",
        "Target",
        "Variation",
        "Assurance",
    ]
    rows = _rows(html, "qistats-main")
    table = report.table()
    assert [r[0] for r in rows] == ["Inpatient falls", "Vacancy rate", "Ambulance handover time"]
    # monthly data by month, weekly data by the day it commences; a stale row says so
    assert [r[3] for r in rows] == ["Mar 2023", "Feb 2023 (stale)", "w/c 27 Mar 2023"]
    assert table.latest_x.dt.strftime("%Y-%m-%d").tolist() == [
        "2023-03-01",
        "2023-02-01",
        "2023-03-27",
    ]
    # under each row, the whole sentence across the table
    under = _rows(html, "qistats-reason-row")
    assert [r for (r,) in under] == table.reason.tolist()
    assert html.count('colspan="8"') == 3
    assert "2023-03-01" not in html and "latest_x" not in html
    assert html.count("<svg") == 6  # the two icons of each row


def test_large_values_have_thousands_separators():
    data = long(breaches=flat().assign(value=lambda d: d.value * 28_166.6))
    html = qi.board(data, pd.DataFrame({"measure": ["breaches"]}), x="month", y="value").to_html()
    (row,) = _rows(html, "qistats-main")
    # (no unit or target in the measures table: those columns are left out)
    assert _headings(html)[:3] == ["Measure", "Latest", "Value"]
    assert row[2] == "281,666"  # 10 × 28,166.6, the latest value, rounded to a whole number


def test_all_columns_on_request_and_sorting_keeps_each_date_with_its_row():
    report = _report()
    html = report.to_html(columns="all")
    table = report.table()
    assert len(_headings(html)) == len(table.columns)
    assert {"Lower limit", "Upper limit", "Mean", "Points", "Stale", "Rules"} <= set(
        _headings(html)
    )
    rows = _rows(report.to_html(columns=["name", "latest_x", "n_points"], sort_by="n_points"))
    by_name = {r[0]: r[1] for r in rows}
    assert by_name == {
        "Inpatient falls": "Mar 2023",
        "Vacancy rate": "Feb 2023 (stale)",
        "Ambulance handover time": "w/c 27 Mar 2023",
    }
    assert [r[0] for r in rows] == table.sort_values("n_points", kind="stable").name.tolist()
    with pytest.raises(qi.ArgumentError, match="columns='all'"):
        report.to_html(columns=["latest"])


@pytest.mark.skipif(_chromium() is None, reason="needs a Chromium or Chrome browser")
def test_in_a_browser_no_row_is_more_than_a_few_lines_high_and_dates_do_not_wrap(tmp_path):
    report = _report()
    img = _screenshot(report.to_html(), tmp_path / "board.png", size=(1280, 600))
    # the measures' bottom borders (#d9d9d9) run across the table
    border = (np.abs(img - 217).sum(axis=2) < 12).sum(axis=1) > 400
    ys = np.flatnonzero(border)
    ys = ys[np.r_[True, np.diff(ys) > 1]]  # one y per border line
    assert len(ys) == 1 + len(report.table()), ys  # under the header and under each measure
    heights = np.diff(ys)
    # a measure is its row (the icon, 28 px) and its reason on one or two 16 px lines,
    # under 75 px; the trial's 17-column default made rows of eight lines (about 150 px)
    assert heights.max() < 75, heights


def test_carried_columns_of_lists_are_joined_as_text():
    # audit INP: a carried column of names per measure (a list per cell) made to_html() and
    # Jupyter's _repr_html_ raise "could not convert string to float: 'Dr A'"
    data = long(falls=flat(), los=flat())
    measures = pd.DataFrame(
        {
            "measure": ["falls", "los"],
            "leads": [["Dr A", "<b>Dr B</b>"], [1200, 15.5]],
        }
    )
    report = qi.board(data, measures, x="month", y="value")
    html = report.to_html()
    assert report._repr_html_() == html
    rows = _rows(html, "qistats-main")
    cells = [r[_headings(html).index("Leads")] for r in rows]
    assert cells == ["Dr A; &lt;b&gt;Dr B&lt;/b&gt;", "1,200; 15.5"]
