"""A figure's title is never broken inside a date (new-user trial 19: the funnel of the README,
drawn by trust, was titled "… by ward, Apr" over "2023–Mar 2024"). Checked on the title drawn."""

from __future__ import annotations

import warnings

import pytest

import qistats as qi
from qistats.plot.layout import wrap

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def test_the_funnel_title_keeps_its_period_whole():
    df = qi.datasets.restrictive_practice()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        fun = qi.funnel(df, y="restraints", n="bed_days", unit="ward", by="trust", kind="rate",
                        multiply=1000, x="month", period=("2023-04-01", "2024-03-01"))  # fmt: skip
    fig = fun.plot(series=["Brindley", "Ashford Vale"])
    (title,) = [t.get_text() for t in fig.texts if t.get_gid() == "title"]
    assert title.replace("\n", " ") == (
        "Funnel plot of restraints per 1,000 bed days by ward, Apr 2023–Mar 2024"
    )
    assert "Apr 2023–Mar 2024" in title.split("\n")  # a line of its own, not "Apr" / "2023–…"


@pytest.mark.parametrize(
    "date", ["Apr 2023–Mar 2024", "1 Jan 2024", "w/c 23 Sep 2024", "1 Jan–25 Mar 2024"]
)
def test_wrap_breaks_around_a_date_only(date):
    text = f"{'word ' * 9}{date} and more words after it"
    for width in (2.0, 2.5, 3.0, 3.5, 4.0):
        lines = wrap(text, width, 14).split("\n")
        assert " ".join(lines) == text  # no word cut inside ("A" / "pr 2023")
        if width >= 2.5:  # a line holds 18 characters or more: the date is on one line
            assert any(date in line for line in lines), (width, lines)


def test_words_like_months_still_break():
    # "May" and "Decimal" without a day or a year are words, not dates
    lines = wrap("May the decision of May be a Decimal point of view " * 2, 2.0, 14).split("\n")
    assert len(lines) > 3 and all(len(line) <= 22 for line in lines)
