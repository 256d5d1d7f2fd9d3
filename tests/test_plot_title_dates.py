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


@pytest.mark.parametrize("width", [6, 6.5, 7, 8.5])
def test_the_ambition_overview_title_keeps_its_dates_whole(width):
    # trial 21: the overview's title (fitted to the figure's width by its own routine) read
    # "Ambition: a 50% reduction from the baseline (Apr 2020–Mar 2021) by Mar" over
    # "2024; verdicts as of Sep 2022" (8.5 in, the default width); "(Apr" over "2020–Mar
    # 2021)" and "Sep" over "2022" at 6 in
    df = qi.datasets.restrictive_practice()
    df = df[df.ward.isin(["BRI3", "ASH1", "CAS1"]) & (df.month <= "2022-09-01")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        amb = qi.ambition(df, y="restraints", n="bed_days", x="month", by="ward",
                          baseline=("2020-04-01", "2021-03-01"), change=-0.5,
                          deadline="2024-03-01", multiply=1000)  # fmt: skip
    fig = amb.plot(view="overview", figsize=(width, 4))
    (title,) = [t.get_text() for t in fig.texts if t.get_gid() == "title"]
    assert title.replace("\n", " ") == (
        "Ambition: a 50% reduction from the baseline (Apr 2020–Mar 2021) by Mar 2024; "
        "verdicts as of Sep 2022"
    )
    assert "\n" in title  # wrapped at this width, but not inside a date
    lines = title.split("\n")
    for date in ("Apr 2020–Mar 2021", "Mar 2024", "Sep 2022"):
        assert any(date in line for line in lines), lines
