"""A performance analyst's messy data: a change given as text, a unit holding most of n named as
a possible total, rows copied in an XmR chart, deadlines inside a year of yearly data, a blank
text cell of a measures table, text dates of polars and arrow frames, a ward closed after its
baseline, and a ward typed two ways."""

import warnings

import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, DuplicateRowsWarning, OverdispersionWarning


def _wards():
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    return pd.DataFrame(
        {
            "ward": ["Ash"] * 24 + ["Birch"] * 24,
            "month": list(months) * 2,
            "restraints": [10, 12, 9, 14, 11, 13, 8, 12, 10, 11, 9, 13] * 4,
            "bed_days": [900, 1000, 950, 1100] * 12,
        }
    )


def _ambition(change):
    return qi.ambition(
        _wards(),
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2022-04-01", "2023-03-01"),
        change=change,
        deadline="2025-03-01",
    )


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("-50%", "Did you mean -0.5 (reduce by 50%)?"),
        (" -50 % ", "Did you mean -0.5 (reduce by 50%)?"),
        ("50%", "Did you mean -0.5 (reduce by 50%) or 0.5 (increase by 50%)?"),
        ("-0.5", "Did you mean -0.5?"),
        ("-0.5%", "Did you mean -0.005?"),  # half a per cent
        # review 18: a sign written is the direction meant, and a per cent sign is no
        # multiple of the baseline ("2%" was offered "1 (2 times the baseline)")
        ("+50%", "Did you mean 0.5 (increase by 50%)?"),
        ("2%", "Did you mean -0.02 (reduce by 2%) or 0.02 (increase by 2%)?"),
        ("100%", "Did you mean 1 (increase by 100%)?"),  # a 100% reduction is outside
    ],
)
def test_a_change_given_as_text_is_refused_with_the_fraction_it_means(given, hint):
    with pytest.raises(ArgumentError) as err:
        _ambition(given)
    msg = str(err.value)
    assert msg.startswith(f"change={given!r}: expected a number, not text: a fraction")
    assert msg.endswith(hint)


@pytest.mark.parametrize("given", ["half", "-150%", "-100%"])
def test_a_change_as_text_with_no_valid_reading_offers_no_fraction(given):
    with pytest.raises(ArgumentError) as err:
        _ambition(given)
    assert "Did you mean" not in str(err.value)


def _overdispersion_message(units):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        qi.funnel(units, y="y", n="n", unit="unit", kind="rate", multiply=1000)
    said = [str(w.message) for w in rec if issubclass(w.category, OverdispersionWarning)]
    assert len(said) == 1
    return said[0]


def test_of_two_units_the_bigger_is_not_named_as_a_possible_total():
    # of two units one always holds more than half of n: no "total or region" hint
    two = pd.DataFrame({"unit": ["Ash", "Birch"], "y": [120, 60], "n": [6000, 4000]})
    assert " holds " not in _overdispersion_message(two)


def test_beside_two_others_a_unit_holding_most_of_n_is_still_named():
    # 6,000 of 9,000 bed days: 66.7 %, by hand
    three = pd.DataFrame(
        {"unit": ["Ash", "Birch", "Cedar"], "y": [120, 60, 10], "n": [6000, 2000, 1000]}
    )
    msg = _overdispersion_message(three)
    assert "Unit unit='Ash' holds 67% of n='n' in its funnel (6,000 of 9,000)" in msg


def test_rows_copied_in_an_xmr_chart_are_warned_about_once():
    df = _wards()
    df["pct"] = [90.0, 92.0, 91.0, 95.0] * 12
    copied = pd.concat([df, df.iloc[[3]]])  # Ash's July 2022 exported twice
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = qi.spc(copied, y="pct", x="month", by="ward", chart="xmr")
    dup = [str(w.message) for w in rec if issubclass(w.category, DuplicateRowsWarning)]
    assert len(dup) == 1
    assert "an earlier row in every column" in dup[0]
    assert "combined (agg='mean')" in dup[0]
    # the mean of two equal rows is the row: July 2022 still 95.0
    pts = res.points
    assert pts.loc[(pts.ward == "Ash") & (pts.month == "2022-07-01"), "value"].item() == 95.0


def test_two_different_rows_of_one_month_in_an_xmr_chart_are_still_said_to_be_combined():
    df = _wards()
    df["pct"] = [90.0, 92.0, 91.0, 95.0] * 12
    extra = df.iloc[[3]].assign(pct=85.0)  # a second, different return for July 2022
    with pytest.warns(DuplicateRowsWarning, match=r"1 point of the XmR chart has more than"):
        res = qi.spc(pd.concat([df, extra]), y="pct", x="month", by="ward", chart="xmr")
    pts = res.points
    # (95 + 85) / 2 = 90, by hand
    assert pts.loc[(pts.ward == "Ash") & (pts.month == "2022-07-01"), "value"].item() == 90.0


def test_a_copied_row_does_not_hide_other_months_whose_different_rows_are_combined():
    # July 2022 copied whole (said once, by the copies' warning) and two other months with a
    # second, different return each: those two are still said to be combined (review 18: the
    # copies' warning silenced it, and 92 and 70 became 81 unsaid)
    df = _wards()
    df["pct"] = [90.0, 92.0, 91.0, 95.0] * 12
    copy = df.iloc[[3]]
    other = df.iloc[[5, 30]].assign(pct=70.0)  # Ash Sep 2022 (92), Birch Oct 2023 (91)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = qi.spc(pd.concat([df, copy, other]), y="pct", x="month", by="ward", chart="xmr")
    dup = [str(w.message) for w in rec if issubclass(w.category, DuplicateRowsWarning)]
    assert len(dup) == 2, dup
    assert dup[0].startswith("1 row of data repeats an earlier row in every column")
    # the two months of different rows, the first of them named (not the copied July), by
    # its position (the index repeats after the concat)
    assert dup[1].startswith(
        "2 points of the XmR chart have more than one row (the first: data.iloc[5] "
        "(ward='Ash', month=2022-09-01)"
    ), dup[1]
    pts = res.points
    # (92 + 70) / 2 = 81, by hand; July's copies still 95
    assert pts.loc[(pts.ward == "Ash") & (pts.month == "2022-09-01"), "value"].item() == 81.0
    assert pts.loc[(pts.ward == "Ash") & (pts.month == "2022-07-01"), "value"].item() == 95.0


@pytest.mark.parametrize(
    ("dates", "deadline", "words"),
    [
        # calendar years dated by their first day: 1 March 2024 is in 2024
        (("2021-01-01", "2022-01-01"), "2024-03-01", "(2021) by 2024; verdicts as of 2022."),
        # calendar years dated by their last day: 1 March 2024 is in the year ending 31 Dec 2024
        (("2021-12-31", "2022-12-31"), "2024-03-01", "(2021) by 2024; verdicts as of 2022."),
        # financial years from April: 31 March 2024 ends 2023/24
        (
            ("2021-04-01", "2022-04-01"),
            "2024-03-31",
            "(2021/22) by 2023/24; verdicts as of 2022/23.",
        ),
    ],
)
def test_a_deadline_inside_a_year_of_yearly_data_is_named_as_that_year(dates, deadline, words):
    df = pd.DataFrame({"year": pd.to_datetime(list(dates)), "y": [60, 22], "n": [3600, 1860]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (too few events: not the point here)
        amb = qi.ambition(
            df,
            y="y",
            n="n",
            x="year",
            baseline=(dates[0], dates[0]),
            change=-0.5,
            deadline=deadline,
            overdispersion=None,
        )
    assert repr(amb).startswith(f"Ambition: a 50% reduction from the baseline {words}")


@pytest.mark.parametrize("day", ["01-01", "12-31"])  # years dated by their first or last day
def test_the_reasons_of_yearly_data_name_the_deadline_as_the_year_holding_it(day):
    years = pd.to_datetime([f"{y}-{day}" for y in range(2016, 2024)])
    df = pd.DataFrame({"year": years, "y": [120, 118, 125, 119, 100, 90, 80, 70], "n": 10000})
    amb = qi.ambition(
        df,
        y="y",
        n="n",
        x="year",
        baseline=(years[0], years[3]),
        change=-0.5,
        deadline="2025-03-01",  # in the calendar year 2025
        multiply=1000,
    )
    reason = amb.summary().reason[0]
    # 2020–2023: 340 events in 40,000 → 8.5 per 1,000; the baseline 482 in 40,000 → 12.05,
    # the target half of it, 6.025 (by hand)
    assert "rate in 2020–2023 was 8.5 per 1,000" in reason
    assert "target 6.03 per 1,000 by 2025;" in reason
    assert "2025/26" not in reason
    assert repr(amb).startswith(
        "Ambition: a 50% reduction from the baseline (2016–2019) by 2025; verdicts as of 2023."
    )


def test_a_blank_text_cell_of_a_measures_table_is_refused_with_code_that_fixes_it():
    # a measures table kept in a CSV read with keep_default_na=False (or dtype=str): a blank
    # number cell is '' (text), refused as blanks in number columns are, with the
    # conversion, which runs
    months = pd.date_range("2023-04-01", periods=15, freq="MS")
    falls = [4, 6, 5, 7, 3, 5, 6, 4, 5, 6, 7, 5, 4, 6, 5]
    beds = [2, 1, 3, 2, 2, 1, 2, 3, 2, 2, 1, 2, 3, 2, 2]
    data = pd.DataFrame(
        {
            "measure": ["falls"] * 15 + ["beds_closed"] * 15,
            "month": list(months) * 2,
            "value": falls + beds,
        }
    )
    measures = pd.DataFrame(
        {"measure": ["falls", "beds_closed"], "chart": ["xmr", "c"], "target": ["", " "]}
    )
    with pytest.raises(qi.DataError) as err:
        qi.board(data, measures, x="month", y="value")
    msg = str(err.value)
    # both blanks listed in one error, the conversion once
    assert msg.startswith("measures: 2 problems in the measures table")
    assert "\n- 'target' of measure 'falls' (row with index label 0) is '' (text)" in msg
    assert msg.endswith(
        "\n- 'target' of measure 'beds_closed' (row with index label 1) is ' ' (text); "
        "expected a number (finite, below 1e100) or a missing value. (convert it as above)"
    )
    code = msg.split("make them missing first, e.g. ", 1)[1].split("\n")[0].removesuffix(".")
    exec(code, {"measures": measures})  # the advice runs: both blanks missing
    assert measures.target.isna().all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing to warn about
        got = qi.board(data, measures, x="month", y="value").table()
    # falls: XmR, mean 78 / 15 = 5.2; beds closed: C chart, 30 / 15 = 2
    assert got.cl.tolist() == pytest.approx([78 / 15, 2.0])


def test_text_dates_of_a_polars_or_arrow_frame_are_called_text_in_their_library_s_words():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"month": ["01/04/2022", "01/05/2022"], "y": [1, 2]})
    for data, has in [
        (frame, "has text (polars type String); expected dates or numbers"),
        (frame.to_arrow(), "has text (Arrow type string); expected dates or numbers"),
    ]:
        with pytest.raises(qi.QIStatsError) as err:
            qi.spc(data, y="y", x="month", chart="c")
        assert f"x='month': column 'month' {has}" in str(err.value)
        assert "as pandas reads it" not in str(err.value)
        assert "looks like a UK date" in str(err.value)


def test_a_ward_closed_after_its_baseline_says_so_on_its_ambition_panel():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    df = _wards()
    closed = df[~((df.ward == "Birch") & (df.month > "2023-03-01"))]  # Birch closed
    amb = qi.ambition(
        closed,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2022-04-01", "2023-03-01"),
        change=-0.5,
        deadline="2025-03-01",
    )
    assert amb.summary().verdict.tolist()[1] == "insufficient_data"
    fig = amb.plot()
    fig.canvas.draw()
    ash, birch = (a for a in fig.axes if a.get_gid() == "ambition")
    notes = [
        [t.get_text() for t in a.texts if (t.get_gid() or "").startswith("note")]
        for a in (ash, birch)
    ]
    assert notes == [[], ["no data after the baseline"]]
    plt.close(fig)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("ash ", "the labels 'Ash' and 'ash ' differ only by case and spaces at the start or end"),
        ("ASH", "the labels 'ASH' and 'Ash' differ only by case,"),  # (sorted)
        ("Ash ", "the labels 'Ash' and 'Ash ' differ only by spaces at the start or end,"),
    ],
)
def test_a_ward_typed_twice_is_warned_about_and_kept_as_two_series(typed, said):
    df = _wards()
    df.loc[7, "ward"] = typed  # one month of Ash typed by hand
    # (the typed label has no value in the latest month: a NoDataWarning names it too)
    with pytest.warns((qi.LabelWarning, qi.NoDataWarning)) as rec:
        res = qi.spc(df, y="restraints", n="bed_days", x="month", by="ward", chart="u")
    (msg,) = [str(w.message) for w in rec if w.category is qi.LabelWarning]
    assert msg.startswith(f"by='ward': {said}")
    advice = "Strip them first" if typed == "Ash " else "Give them one spelling first"
    assert advice in msg
    # kept as given: Ash 23 months, the typed label 1
    counts = res.summary().set_index("ward").n_points
    assert counts["Ash"] == 23 and counts[typed] == 1
