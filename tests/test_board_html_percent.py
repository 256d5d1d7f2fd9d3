"""Session 18 audit B: a board's HTML wrote a percentage measure without a unit as "79.5" with
a target of "95", beside a reason saying "the target of 95%"; it now writes "79.5%" and
"95%" (its sentence's rule: no unit, ``multiply`` 100, a chart that is not of counts or
rates). A measure with a unit keeps it in the Unit column; a rate per 100 (U chart) gets no
"%". The Variation and Assurance headings are centred over their icons. Expected cells worked
out by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import qistats as qi

from .test_board import _chromium, _screenshot

MONTHS = pd.date_range("2022-01-01", periods=16, freq="MS")


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr class="qistats-main">(.*?)</tr>', html, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S)]
        for r in rows
    ]


def _data():
    # seen: 45 of 60 and 40 of 60 in turn, then 47 of 60 (78.3%); falls: 3 and 5 a month over
    # 100 bed days, then 4 (a rate of 4 per 100); beds: 90 and 92, then 91 (an XmR of
    # percentages with a unit, "%")
    seen = pd.DataFrame({"month": MONTHS, "value": [45, 40] * 7 + [45, 47], "n": 60.0})
    falls = pd.DataFrame({"month": MONTHS, "value": [3, 5] * 7 + [3, 4], "n": 100.0})
    beds = pd.DataFrame({"month": MONTHS, "value": [90.0, 92.0] * 7 + [90.0, 91.0]})
    return pd.concat(
        [seen.assign(measure="seen"), falls.assign(measure="falls"), beds.assign(measure="beds")],
        ignore_index=True,
    )


def _measures(unit_of_beds="%"):
    return pd.DataFrame(
        {
            "measure": ["seen", "falls", "beds"],
            "name": ["Seen in 4 hours", "Falls per 100 bed days", "Bed occupancy"],
            "unit": ["", "", unit_of_beds],
            "chart": ["p", "u", "xmr"],
            "improvement": ["increase", "decrease", "neutral"],
            "target": [95, 2, 92],
            "multiply": [100, 100, 1],
            "uses_n": [True, True, False],
        }
    )


def test_a_percentage_without_a_unit_has_percent_signs_after_its_numbers():
    report = qi.board(_data(), _measures(), x="month", y="value", n="n")
    html = report.to_html(columns=["name", "unit", "latest_value", "target", "last_values"])
    assert _cells_plain(html) == [
        # 47 / 60 = 78.3%, after 40 / 60 = 66.7% and 45 / 60 = 75.0%
        ["Seen in 4 hours", "", "78.3%", "95%", "66.7%; 75.0%; 78.3%"],
        # 4 per 100 bed days: a rate, not a percentage; counts are written whole
        ["Falls per 100 bed days", "", "4", "2", "5; 3; 4"],
        # its unit says "%": the Unit column shows it, the numbers stay plain
        ["Bed occupancy", "%", "91", "92", "92; 90; 91"],
    ]
    # the reason says the same numbers the same way
    assert "the target of 95% is" in report.table().reason.iloc[0]


def _cells_plain(html):
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S)]
        for r in rows
        if "<td" in r
    ]


def test_the_default_table_writes_the_percent_sign_and_centres_the_icon_headings():
    measures = _measures(unit_of_beds="")  # no unit anywhere: no Unit column
    report = qi.board(_data(), measures, x="month", y="value", n="n")
    html = report.to_html()
    heads = re.findall(r"<th([^>]*)>([^<]*)</th>", html)
    assert [h for _, h in heads] == [
        "Measure", "Latest", "Value", "Target", "Variation", "Assurance",
    ]  # fmt: skip
    classes = dict((h, a) for a, h in heads)
    assert 'class="qistats-icon-cell"' in classes["Variation"]
    assert 'class="qistats-icon-cell"' in classes["Assurance"]
    assert ".qistats-board .qistats-icon-cell{text-align:center}" in html
    cells = _cells(html)
    assert [c[:4] for c in cells] == [
        ["Seen in 4 hours", "Apr 2023", "78.3%", "95%"],
        ["Falls per 100 bed days", "Apr 2023", "4", "2"],
        ["Bed occupancy", "Apr 2023", "91", "92"],
    ]
    # sorted, the signs stay with their rows
    ordered = _cells(report.to_html(sort_by="target"))
    assert [c[2:4] for c in ordered] == [["4", "2"], ["91", "92"], ["78.3%", "95%"]]


@pytest.mark.skipif(_chromium() is None, reason="needs a Chromium or Chrome browser")
def test_in_a_browser_the_icon_headings_sit_over_their_icons(tmp_path):
    import numpy as np

    report = qi.board(_data(), _measures(unit_of_beds=""), x="month", y="value", n="n")
    # one column, its icons (120 px) wider than its heading: a heading left in the cell sits
    # left of the icons' middle, centred it sits over it
    html = report.to_html(columns=["assurance"], icon_size=120)
    # the heading in red, to find it on the screenshot
    html = html.replace("<style>", "<style>.qistats-board th{color:#ff0000}", 1)
    img = _screenshot(html, tmp_path / "board.png", size=(600, 600))
    red = (img[..., 0] > 200) & (img[..., 1] < 80) & (img[..., 2] < 80)
    head_rows = np.flatnonzero(red.any(axis=1))
    head_x = np.flatnonzero(red.any(axis=0))
    # the icons below the heading: any pixel not white nor the border's grey (#d9d9d9)
    ink = (np.abs(img - 255).sum(axis=2) > 60) & (np.abs(img - 217).sum(axis=2) > 12)
    ink[: head_rows.max() + 4] = False
    icon_x = np.flatnonzero(ink.any(axis=0))
    assert head_x.size and icon_x.size
    heading = (head_x.min() + head_x.max()) / 2
    icons = (icon_x.min() + icon_x.max()) / 2
    assert icon_x.max() - icon_x.min() > 100  # the 120 px icons are drawn
    # centred: the midpoints within 3 px (a heading left in the cell: about 30 px left)
    assert abs(heading - icons) <= 3, (head_x.min(), head_x.max(), icon_x.min(), icon_x.max())
