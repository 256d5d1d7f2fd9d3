"""Board wording checked by hand: a quarter is named by its months, a measure reported in
arrears says so in its sentence, HTML and panel, a measure shown in percent says "%" in its
sentence, the wording of run charts, rare events and chart names, and an HTML value that
differs from its target reads differently. Every expected period is read off the calendar by
hand, every limit computed from its formula."""

from __future__ import annotations

import re
from html import unescape

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-04-01", "2024-09-01", freq="MS")  # the report: Sep 2024


def _board(quarter_dates, lag=(0, 0, 0), los_end="2024-08-01"):
    """Falls monthly to Sep 2024, length of stay monthly to ``los_end`` and SHMI quarterly on
    ``quarter_dates``."""
    rng = np.random.default_rng(10)
    los = pd.date_range(MONTHS[0], los_end, freq="MS")
    data = pd.concat(
        [
            pd.DataFrame({"measure": "falls", "month": MONTHS, "value": rng.poisson(8, 30)}),
            pd.DataFrame({"measure": "los", "month": los, "value": rng.normal(6, 0.4, los.size)}),
            pd.DataFrame(
                {"measure": "shmi", "month": quarter_dates, "value": rng.normal(100, 3, 13)}
            ),
        ],
        ignore_index=True,
    ).astype({"value": float})
    measures = pd.DataFrame({"measure": ["falls", "los", "shmi"], "lag": list(lag)})
    return qi.board(data, measures, x="month", y="value")


STARTS = pd.date_range("2021-04-01", "2024-04-01", freq="QS-APR")  # Apr-Jun 2021 … Apr-Jun 2024
ENDS = pd.date_range("2021-06-30", "2024-06-30", freq="QE-JUN")  # the same quarters, last days


@pytest.mark.parametrize("dates", [STARTS, ENDS], ids=["first day", "last day"])
def test_a_stale_quarter_is_named_by_its_months(dates):
    # no lag: the quarter after Apr-Jun 2024 (Jul-Sep) has ended with September: stale
    report = _board(dates)
    t = report.table()
    assert t.stale.tolist() == [False, True, True]
    assert t.reason[2].startswith("Last reported Apr–Jun 2024 (stale). ")
    assert t.reason[1].startswith("Last reported Aug 2024 (stale). ")  # a month stays a month
    assert '<td class="qistats-date">Apr–Jun 2024 <span' in unescape(report.to_html())


def test_a_quarter_crossing_the_year_and_a_financial_year_are_named_by_their_months():
    # quarters Nov-Jan: the latest is Nov 2023-Jan 2024, whose next quarter (Feb-Apr 2024)
    # ended long before September 2024
    nov = pd.date_range("2020-11-01", "2023-11-01", freq="QS-NOV")
    assert _board(nov).table().reason[2].startswith("Last reported Nov 2023–Jan 2024 (stale).")
    # financial years to 2024/25 (dated 1 April 2024): current in September 2024
    years = pd.date_range("2012-04-01", "2024-04-01", freq="YS-APR")
    assert '<td class="qistats-date">Apr 2024–Mar 2025</td>' in unescape(_board(years).to_html())


def test_a_measure_in_arrears_says_so_in_its_sentence_html_and_panel():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # length of stay to Aug 2024 with lag 1 (a month), SHMI to Apr-Jun 2024 with lag 1 (a
    # quarter): both current in September's report, both older than its period
    report = _board(STARTS, lag=(0, 1, 1))
    t = report.table()
    assert t.stale.tolist() == [False, False, False]
    assert not t.reason[0].startswith("Reported")
    assert t.reason[1].startswith("Reported in arrears (lag of 1 month): latest Aug 2024. ")
    assert t.reason[2].startswith("Reported in arrears (lag of 1 quarter): latest Apr–Jun 2024.")
    html = report.to_html()
    assert html.count('<span class="qistats-lag">(in arrears)</span>') == 2
    assert 'Aug 2024 <span class="qistats-lag">(in arrears)</span>' in html
    fig = report.plot()
    titles = [a.get_title(loc="left") for a in fig.axes if a.get_visible()]
    plt.close(fig)
    assert titles[1].endswith("latest: Aug 2024 (in arrears)")
    assert titles[2].endswith("latest: Apr–Jun 2024 (in arrears)")
    assert "latest" not in titles[0]


def test_a_lagged_measure_that_is_up_to_date_is_not_marked():
    # length of stay to Sep 2024 with lag 1: the report's own period, nothing to explain
    report = _board(STARTS, lag=(0, 1, 1), los_end="2024-09-01")
    assert not report.table().reason[1].startswith("Reported")
    assert report.to_html().count("(in arrears)") == 1  # SHMI only


def test_a_percentage_says_percent_in_its_sentence_and_a_rate_per_100_does_not():
    # 20 months of 45 of 50: p̄ = 0.9, P-chart limits 0.9 ± 3·√(0.9·0.1/50) = 0.773 to 1.027,
    # clipped at 1: in percent 77.3 to 100. The same counts on a U chart are 90 per 100 with
    # limits 90 ± 3·√(0.9/50)·100 = 49.8 to 130.2: a rate, no "%"
    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    data = pd.DataFrame({"measure": "a", "month": months, "y": 45.0, "n": 50.0})
    data = pd.concat([data, data.assign(measure="b"), data.assign(measure="c")], ignore_index=True)
    measures = pd.DataFrame(
        {
            "measure": ["a", "b", "c"],
            "chart": ["p", "p", "u"],
            "multiply": [100, 1, 100],
            "unit": [None, "%", None],
            "improvement": "increase",
            "target": [95, 95, 95],  # b: proportions, shown in percent: typed as shown
        }
    )
    reason = qi.board(data, measures, x="month", y="y", n="n").table().reason
    half = 3 * np.sqrt(0.9 * 0.1 / 50)
    assert f"target of 95% is within the limits ({100 * (0.9 - half):.1f}% to 100%)" in reason[0]
    assert f"target of 95% is within the limits ({100 * (0.9 - half):.1f}% to 100%)" in reason[1]
    rate = 100 * 3 * np.sqrt(0.9 / 50)
    assert f"target of 95 is within the limits ({90 - rate:.1f} to {90 + rate:.1f})" in reason[2]


# six up, six down, six up, six down around 50: 3 crossings of the median (50; fewer than
# Anhøj's 8 for 24 useful points), runs of 6 (within the 8 allowed): few crossings alone
CROSSINGS = [52, 53, 54, 55, 56, 57, 44, 45, 46, 47, 48, 49]
CROSSINGS += [51, 52, 53, 54, 55, 56, 43, 44, 45, 46, 47, 48]


@pytest.mark.parametrize("chart", ["run", "xmr"])
def test_few_crossings_on_a_run_chart_do_not_mention_limits_it_lacks(chart):
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    data = pd.DataFrame({"measure": "m", "month": months, "value": CROSSINGS})
    measures = pd.DataFrame({"measure": ["m"], "chart": [chart], "improvement": ["increase"]})
    reason = qi.board(data, measures, x="month", y="value", rules="anhoej").table().reason[0]
    said = "neither improvement nor concern; find its cause"
    if chart == "run":
        assert reason.endswith(said + ".")
    else:  # an XmR chart has limits, which the pattern makes unreliable
        assert reason.endswith(said + " before relying on the limits.")


def test_a_rare_event_mean_is_said_per_month():
    # 30 months: 23 zeros, six months of 1 and one of 2: mean 8/30 = 0.27, 23/30 = 77 % zeros
    counts = np.zeros(30)
    counts[[2, 11, 17, 20, 22, 28]] = 1
    counts[-1] = 2
    months = pd.date_range("2022-04-01", periods=30, freq="MS")
    data = pd.DataFrame({"measure": "never_events", "month": months, "value": counts})
    measures = pd.DataFrame({"measure": ["never_events"], "chart": ["c"]})
    with pytest.warns(qi.RareEventsWarning):
        reason = qi.board(data, measures, x="month", y="value").table().reason[0]
    assert "counts of rare events (mean 0.27 a month, 77% zeros)" in reason


@pytest.mark.parametrize(("chart", "n", "said"), [("np", None, "needs"), ("xbar", "n", "takes no")])
def test_a_chart_is_named_without_a_wrong_article(chart, n, said):
    months = pd.date_range("2024-01-01", periods=5, freq="MS")
    data = pd.DataFrame({"measure": "a", "month": months, "v": [1, 2, 3, 4, 5], "n": 9})
    measures = pd.DataFrame({"measure": ["a"], "chart": [chart]})
    with pytest.raises(qi.QIStatsError, match=f"measure 'a' has chart '{chart}', which {said}"):
        qi.board(data, measures, x="month", y="v", n=n)


def test_a_target_without_a_direction_reads_no_direction_in_the_html():
    # falls has a target and no direction (the column left out), harm_free a direction and
    # no target, length of stay both: one "no direction" cell, and the sentence says why
    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    data = pd.DataFrame(
        {
            "measure": ["falls"] * 20 + ["harm_free"] * 20 + ["los"] * 20,
            "month": [*months] * 3,
            "value": [9.0, 11.0] * 10 + [95.0, 97.0] * 10 + [6.0, 7.0] * 10,
        }
    )
    measures = pd.DataFrame(
        {
            "measure": ["falls", "harm_free", "los"],
            "improvement": [None, "increase", "decrease"],
            "target": [12, None, 8],
        }
    )
    report = qi.board(data, measures, x="month", y="value")
    assert report.to_html().count(">no direction</span>") == 1
    assert (
        report.table()
        .reason[0]
        .endswith("the target of 12 is not assessed, as the measure has no improvement direction.")
    )


def test_weeks_dated_by_their_last_day_read_a_week_late_as_the_docs_say():
    # falls monthly to Aug 2024; beds weekly to the week 23-29 Sep 2024. Dated by its Monday,
    # September has not ended by that week's end (29 Sep): August is current. Dated by its
    # Sunday (29 Sep), the week is read as 29 Sep-5 Oct, past 1 Oct: August is stale. Shifted
    # back six days, as docs/board.rst advises, the board reads the weeks as their Mondays
    months = pd.date_range("2023-01-01", "2024-08-01", freq="MS")
    ending = pd.date_range("2024-01-07", "2024-09-29", freq="W-SUN")
    rows = [("falls", m, 8.0 + i % 3) for i, m in enumerate(months)]
    rows += [("beds", w, 90.0 + i % 4) for i, w in enumerate(ending)]
    data = pd.DataFrame(rows, columns=["measure", "week", "value"])
    measures = pd.DataFrame({"measure": ["falls", "beds"]})
    assert qi.board(data, measures, x="week", y="value").table().stale.tolist() == [True, False]
    moved = data.assign(
        week=data.week.where(data.measure == "falls", data.week - pd.Timedelta(days=6))
    )
    assert qi.board(moved, measures, x="week", y="value").table().stale.tolist() == [False, False]


def test_a_value_that_differs_from_its_target_does_not_read_as_it_in_the_html():
    # SHMI at 98-102 with a target of 100: three significant figures of about 100 give whole
    # numbers, and the latest 100.28 read "100" beside the target "100". One more decimal
    # tells them apart: "100.3" (and the measure's other numbers line up with it)
    quarters = pd.date_range("2021-04-01", periods=13, freq="QS-APR")
    values = [101.5, 100.7, 99.9, 98.1, 102.2, 100.4, 101.3, 99.1, 99.8, 100.0, 98.9, 101.9]
    data = pd.DataFrame({"measure": "shmi", "q": quarters, "value": [*values, 100.28]})
    measures = pd.DataFrame({"measure": ["shmi"], "improvement": ["decrease"], "target": [100]})
    html = qi.board(data, measures, x="q", y="value").to_html(columns=["latest_value", "target"])
    assert re.findall(r"<td class=\"qistats-num\">([^<]*)<", html) == ["100.3", "100"]


def test_the_last_three_values_are_written_as_the_value_is():
    # the latest value 7.2 has three significant figures, "7.20"; the last three share its
    # two decimals ("4.69; 4.65; 7.2" read unevenly)
    months = pd.date_range("2023-01-01", periods=15, freq="MS")
    values = [5.0, 6.0, 5.5, 6.5, 5.0, 6.0, 5.5, 6.5, 5.0, 6.0, 5.5, 6.5, 4.69, 4.65, 7.2]
    data = pd.DataFrame({"measure": "falls", "month": months, "value": values})
    html = qi.board(data, pd.DataFrame({"measure": ["falls"]}), x="month", y="value").to_html(
        columns=["latest_value", "last_values"]
    )
    assert re.findall(r"<td class=\"qistats-num\">([^<]*)<", html) == ["7.20", "4.69; 4.65; 7.20"]
