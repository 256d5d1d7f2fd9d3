"""Trial 11 item 14: ``to_html(sort_by="variation")`` sorts by severity, concerns first, not by
the icons' names."""

import re

import pandas as pd

import qistats as qi


def test_sort_by_variation_and_assurance_is_by_severity():
    months = pd.date_range("2023-01-01", periods=14, freq="MS")
    flat = [9, 11] * 6 + [10]
    data = pd.DataFrame(
        {
            "measure": ["calm"] * 14 + ["falls"] * 14 + ["seen"] * 14,
            "month": list(months) * 3,
            "value": [*flat, 10] + [*flat, 30] + [*flat, 30],
        }
    )
    # by hand (mean 10, limits 4.9 to 15.1 from 13 frozen points): calm's 10 is common cause;
    # 30 is above the limit: falls (fewer is better) a concern, seen (more is better) an
    # improvement. Targets: calm 20 above 15.1 on the good side (decrease): pass; falls 12
    # within: hit or miss; seen 40 above (increase): fail.
    measures = pd.DataFrame(
        {
            "measure": ["calm", "falls", "seen"],
            "improvement": ["decrease", "decrease", "increase"],
            "target": [20, 12, 40],
            "freeze": 13,
        }
    )
    report = qi.board(data, measures, x="month", y="value")
    assert report.table()["variation"].tolist() == [
        "common_cause",
        "concern_high",
        "improvement_high",
    ]

    def order(sort_by):
        html = report.to_html(sort_by=sort_by)
        return re.findall(r"<td[^>]*>(calm|falls|seen)</td>", html)

    assert order("variation") == ["falls", "seen", "calm"]
    assert order("assurance") == ["seen", "falls", "calm"]
    assert order("measure") == ["calm", "falls", "seen"]
