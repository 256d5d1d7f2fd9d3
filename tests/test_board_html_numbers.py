"""The board's HTML (trial 7 C): counts written whole, one number of decimals for all of a
measure's numbers, distinct headings for the measure's id and name, and an unnamed measure
named as its chart titles it. Expected cells are worked out by hand."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)[1:]  # after the heading row
    return [re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S) for r in rows]


def _heads(html: str) -> list[str]:
    return re.findall(r"<th[^>]*>([^<]*)</th>", html)


def test_counts_on_a_c_chart_are_whole_and_the_limits_share_one_decimal():
    # 3, 5, 4, 6 six times: mean 4.5, limits 4.5 ± 3 √4.5 = 4.5 ± 6.364: 0 (clamped) to 10.86
    data = pd.DataFrame({"measure": "falls", "month": MONTHS, "value": [3, 5, 4, 6] * 6})
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["c"], "target": [5]})
    html = qi.board(data, measures, x="month", y="value").to_html(
        columns=["latest_value", "target", "cl", "lcl", "ucl"]
    )
    assert _cells(html) == [["6", "5", "4.5", "0.0", "10.9"]]


def test_a_measure_of_decimals_writes_all_its_numbers_with_the_same_decimals():
    # 15.0 and 16.5 in turn: mean 15.75, MR̄ 1.5, limits 15.75 ± 3.99 = 11.76 to 19.74;
    # the value 16.5 has 3 significant figures with one decimal, and so has every number
    # but the target, a whole number as stated
    data = pd.DataFrame({"measure": "los", "month": MONTHS, "value": [15.0, 16.5] * 12})
    measures = pd.DataFrame({"measure": ["los"], "target": [12]})
    html = qi.board(data, measures, x="month", y="value").to_html(
        columns=["latest_value", "target", "cl", "lcl", "ucl"]
    )
    assert _cells(html) == [["16.5", "12", "15.8", "11.8", "19.7"]]


def test_breaches_across_trusts_have_no_decimals_in_any_number_column():
    ae = qi.datasets.ae_attendances()
    data = ae.melt(
        id_vars=["org_code", "month"],
        value_vars=["breaches"],
        var_name="measure",
        value_name="value",
    )
    measures = pd.DataFrame({"measure": ["breaches"], "improvement": ["decrease"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = qi.board(data, measures, x="month", y="value", by="org_code")
    html = report.to_html(columns=["org_code", "latest_value", "cl", "lcl", "ucl"])
    cells = _cells(html)
    assert len(cells) == len(report.table())
    numbers = [c for row in cells for c in row[1:] if c]
    # the trusts' median latest breaches are in the thousands: no decimals anywhere
    assert numbers and not any("." in c for c in numbers), numbers
    t = report.table()
    assert cells[0][2] == f"{t.cl[0]:,.0f}"


def test_all_columns_head_the_id_and_the_name_apart():
    data = pd.DataFrame({"measure": "falls", "month": MONTHS, "value": [3, 5, 4, 6] * 6})
    measures = pd.DataFrame({"measure": ["falls"], "name": ["Falls"]})
    heads = _heads(qi.board(data, measures, x="month", y="value").to_html(columns="all"))
    assert heads[:2] == ["Measure id", "Measure"]
    assert len(set(heads)) == len(heads)


def test_an_unnamed_measure_reads_as_its_panel_is_titled():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = pd.DataFrame({"measure": "beds_closed", "month": MONTHS, "value": [3, 5, 4, 6] * 6})
    report = qi.board(data, pd.DataFrame({"measure": ["beds_closed"]}), x="month", y="value")
    html = report.to_html()
    assert '<td class="qistats-name">beds closed</td>' in html
    fig = report.plot()
    try:
        assert fig.axes[0].get_title(loc="left") == "beds closed"
    finally:
        plt.close(fig)
    # a name given is kept as given; the table keeps the id
    named = qi.board(
        data,
        pd.DataFrame({"measure": ["beds_closed"], "name": ["Beds_closed (all)"]}),
        x="month",
        y="value",
    )
    assert '<td class="qistats-name">Beds_closed (all)</td>' in named.to_html()
    assert report.table().name[0] == "beds_closed" and np.all(
        report.table().measure == "beds_closed"
    )
