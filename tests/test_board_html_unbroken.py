"""The board's HTML keeps a date or a range on one line: in a narrow column "2023-09-01" broke
at its hyphens ("2023-" over "09-01") and "Apr–Jun 2023" or "4.3–15.7" after the dash. The
text itself is unchanged (copied or read aloud, it is the same): only a ``white-space: nowrap``
keeps it whole.

Checked in a real browser: the line boxes of every date and range drawn, in tables squeezed to
widths from 160 to 460 pixels, counted with the page's own layout (a range of text on two
lines has two boxes)."""

from __future__ import annotations

import json
import re
import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

from .test_board import _chromium

MONTHS = pd.date_range("2022-01-01", periods=30, freq="MS")
QUARTERS = pd.date_range("2021-04-01", periods=16, freq="QS-APR")


def _report():
    """A monthly and a quarterly measure, each with a shift whose sentence names the rebase
    ("add 2023-09-01 to the measure's 'rebase'", "since Apr–Jun 2023"), and a carried date."""
    wiggle = np.tile([0.5, -0.5], 15)
    data = pd.concat(
        [
            pd.DataFrame(
                {"measure": "a", "month": MONTHS, "y": np.r_[np.full(20, 5.0), np.full(10, 9.0)]}
            ).assign(y=lambda d: d.y + wiggle),
            pd.DataFrame(
                {"measure": "q", "month": QUARTERS, "y": np.r_[np.full(8, 5.0), np.full(8, 9.0)]}
            ).assign(y=lambda d: d.y + wiggle[:16]),
        ]
    )
    measures = pd.DataFrame(
        {
            "measure": ["a", "q"],
            "improvement": ["increase", "increase"],
            "target": [7, 7],
            "audited": pd.to_datetime(["2023-09-01", "2023-10-01"]),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.board(data, measures, x="month", y="y")


def test_the_text_is_unchanged_and_dates_and_ranges_are_each_kept_whole():
    report = _report()
    reasons = report.table().reason.tolist()
    assert "add 2023-09-01 to the measure's 'rebase'" in reasons[0]  # the premise
    assert "since Apr–Jun 2023" in reasons[1]
    html = report.to_html(columns=["name", "audited", "reason"])
    # the same characters once the tags are gone: nothing replaced (no U+2011 hyphens)
    text = re.sub(r"<[^>]+>", "", html.split("</style>")[1])
    assert "2023-09-01" in text and "&#8211;" in text and "&#8209;" not in text
    kept = re.findall(r'<span class="qistats-nowrap">([^<]*)</span>', html)
    # by hand: the first sentence's latest month (stale), "Sep 2023" twice and its date, the
    # second's quarter twice and its date; the carried dates are in cells that do not wrap
    first = ["Jun 2024", "Sep 2023", "Sep 2023", "2023-09-01"]
    assert sorted(kept) == sorted(first + ["Apr&#8211;Jun 2023"] * 2 + ["2023-04-01"])
    assert html.count('<td class="qistats-date">2023-') == 2
    assert ".qistats-board .qistats-nowrap{white-space:nowrap}" in html


# in the page: every date (ISO, or a month with its year) and every range joined by an en
# dash, found in the text as drawn, and the number of line boxes each occupies
_COUNT = r"""
<script>
const found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const pattern = /\d{4}-\d{2}-\d{2}|[^\s\u2013]+\u2013[^\s\u2013]+|[A-Z][a-z]{2} \d{4}/g;
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (node.parentElement.closest("style, script")) continue;
  for (const m of node.data.matchAll(pattern)) {
    const range = document.createRange();
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    found.push([m[0], range.getClientRects().length]);
  }
}
document.body.setAttribute("data-found", JSON.stringify(found));
</script>
"""


def _line_boxes(html: str, tmp_path) -> list[list]:
    """[text, line boxes] of every date and range, the table drawn at widths 160 to 460 px
    (a fixed table layout: its columns as narrow as the width makes them)."""
    copies = "".join(
        f'<div style="width:{w}px;margin-bottom:8px">{html}</div>' for w in range(160, 461, 6)
    )
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        "table.qistats-board{table-layout:fixed;width:100%}</style></head>"
        f'<body style="margin:0">{copies}{_COUNT}</body></html>',
        encoding="utf-8",
    )
    dom = subprocess.run(
        [
            _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri(),
        ],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    found = re.search(r'data-found="([^"]*)"', dom).group(1)
    return json.loads(found.replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.skipif(_chromium() is None, reason="needs a Chromium or Chrome browser")
@pytest.mark.parametrize("columns", [["name", "audited", "reason"], None])
def test_no_date_or_range_is_drawn_on_two_lines(columns, tmp_path):
    html = _report().to_html(columns=columns)
    found = _line_boxes(html, tmp_path)
    seen = {text for text, _ in found}
    # by hand: what the two sentences and the carried column say
    assert {"2023-09-01", "2023-04-01", "Sep 2023", "Apr–Jun"} <= seen
    if columns is not None:
        assert "2023-10-01" in seen  # the second carried date
    broken = sorted({text for text, boxes in found if boxes != 1})
    assert broken == []
