"""Messages and warnings a new user meets (trial 3): each says what was asked, what was found
and what to do. The expected text is written from the requirement, not copied from output."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, ColumnError

MONTHS = pd.date_range("2021-01-01", periods=24, freq="MS")


def two_wards(first="Ash", second="Elm") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ward": [first] * 24 + [second] * 24,
            "month": list(MONTHS) * 2,
            "falls": np.tile([3, 5, 4, 6, 2, 4], 8),
            "bed_days": 300,
        }
    )


def message(exc_type, call) -> str:
    with pytest.raises(exc_type) as info:
        call()
    return str(info.value)


# 1. text dates in the x column


def test_rows_blank_in_every_column_are_named_as_such():
    # audit INP F9: a CSV's trailing blank lines read as rows with every column missing; the
    # error said only "row 3 (ward=nan) has a missing x"
    df = pd.DataFrame(
        {"ward": ["Ash", "Ash", "Ash", None, None], "month": list(MONTHS[:3]) + [pd.NaT] * 2,
         "falls": [3.0, 4.0, 5.0, np.nan, np.nan]}
    )  # fmt: skip
    msg = message(qi.DataError, lambda: qi.spc(df, y="falls", x="month"))
    assert "2 rows of data are empty in every column (the first: row with index label 3)" in msg, (
        msg
    )
    assert "data.dropna(how='all')" in msg
    assert len(df.dropna(how="all")) == 3  # the advice, followed, keeps the data


def test_uk_text_dates_get_the_day_first_format_and_the_misreading():
    df = pd.DataFrame({"month": ["01/04/2023", "01/05/2023"], "falls": [3, 4]})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    assert "'01/04/2023'" in msg  # the first value, quoted
    assert "pd.to_datetime(df['month'], format=\"%d/%m/%Y\")" in msg
    assert "%Y-%m-%d" not in msg  # not the ISO format, which would fail on this value
    # month first reads 1 April 2023 as 4 January 2023
    assert "4 January 2023" in msg and "1 April 2023" in msg


def test_short_uk_dates_get_a_two_digit_year_format():
    df = pd.DataFrame({"month": ["1/4/23", "1/5/23"], "falls": [3, 4]})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    assert 'format="%d/%m/%y"' in msg and "'1/4/23'" in msg


def test_day_above_12_has_one_reading_so_no_misreading_is_claimed():
    df = pd.DataFrame({"month": ["13/04/2023", "13/05/2023"], "falls": [3, 4]})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    assert 'format="%d/%m/%Y"' in msg and "January" not in msg


ISO = "pd.to_datetime(df['month'], format=\"ISO8601\")"
STRIPPED = "pd.to_datetime(df['month'].str.strip(), format=\"%Y-%m-%d\")"


@pytest.mark.parametrize(
    ("months", "advice"),
    [
        (["2023-04-01", "2023-05"], ISO),
        ([" 2023-04-01", "2023-05-01"], STRIPPED),  # a space an export left
        # trailing: pandas' "ISO8601" fails on it (trial 13 recheck)
        (["2023-04-01 ", "2023-05-01"], STRIPPED),
        (["2023-04-01", "2023-05-01 09:30"], ISO),
    ],
)
def test_iso_text_dates_in_mixed_forms_get_the_iso_format(months, advice):
    # one form throughout is read as dates (trial 6b C2); forms mixed are refused with advice
    # for the whole column: format="%Y-%m-%d", judged from the first value, failed on
    # "2023-05" when followed (audit INP F10)
    df = pd.DataFrame({"month": months, "falls": [3, 4]})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    assert advice in msg and "UK" not in msg, msg
    read = eval(advice, {"pd": pd, "df": df})
    assert read.dt.strftime("%Y-%m-%d").tolist() == ["2023-04-01", "2023-05-01"]


@pytest.mark.parametrize(
    "form, shape, first",
    [("%Y%m", "YYYYMM: Apr 2022", "'202204'"), ("%Y%m%d", "YYYYMMDD: 01 Apr 2022", "'20220401'")],
)
def test_dates_written_as_digits_get_their_format(form, shape, first):
    # trial 13 recheck: text '202201' (a warehouse's period key read as text) got the generic
    # format=..., where the same keys as numbers got format='%Y%m'
    months = pd.date_range("2022-04-01", periods=15, freq="MS")  # over a year end
    df = pd.DataFrame({"month": list(months.strftime(form)), "falls": 3})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    advice = f"pd.to_datetime(df['month'], format='{form}')"
    assert f"The first value, {first}, is a date written as digits ({shape})" in msg, msg
    assert advice in msg, msg
    assert (eval(advice, {"pd": pd, "df": df}) == months).all()  # followed, gives the months
    spaced = df.assign(month=" " + df["month"])  # spaces an export left: stripped first
    msg = message(ColumnError, lambda: qi.spc(spaced, y="falls", x="month"))
    advice = f"pd.to_datetime(df['month'].str.strip(), format='{form}')"
    assert advice in msg, msg
    assert (eval(advice, {"pd": pd, "df": spaced}) == months).all()
    pl = pytest.importorskip("polars")
    msg = message(ColumnError, lambda: qi.spc(pl.from_pandas(df), y="falls", x="month"))
    advice = f"df.with_columns(pl.col('month').str.strptime(pl.Date, '{form}'))"
    assert advice in msg, msg
    read = eval(advice, {"pl": pl, "df": pl.from_pandas(df)})["month"].to_list()
    assert read == list(months.date)
    # digits that are not all dates of one form keep the generic advice
    for odd in (["202204", "202213"], ["123456", "234567"], ["202204", "2022041"]):
        msg = message(
            ColumnError,
            lambda odd=odd: qi.spc(pd.DataFrame({"month": odd, "falls": 3}), y="falls", x="month"),
        )
        assert "written as digits" not in msg and "format=..." in msg, msg


def test_a_total_row_below_the_dates_is_named_with_the_code_that_drops_it():
    # session 14: pd.read_excel of a sheet with a total row gives dates and 'Total' in one
    # column; the advice was pd.to_datetime(df['month']), which fails on 'Total'
    d = two_wards().assign(month=lambda t: t["month"].astype(object))
    total = {"ward": "Total", "month": "Total", "falls": d["falls"].sum(), "bed_days": 0}
    d = pd.concat([d, pd.DataFrame([total])], ignore_index=True)
    last = len(d) - 1  # the total row, counted by hand: the sheet's last
    msg = message(ColumnError, lambda: qi.spc(d, y="falls", x="month", by="ward"))
    said = f"Row with index label {last} (ward='Total') has 'Total': not a date like the other"
    assert f"{said} {last} rows" in msg
    advice = "df = df[df['month'] != 'Total']"
    assert advice in msg and "pd.to_datetime" not in msg, msg
    scope = {"df": d}
    exec(advice, {}, scope)  # the advice, followed, leaves the wards' months
    res = qi.spc(scope["df"], y="falls", x="month", by="ward", chart="c")
    assert res.points["month"].tolist() == list(two_wards()["month"])
    # several notes below the months: each is named, and dropped by one isin
    notes = pd.DataFrame({"ward": "Total", "month": ["Total", "Source: SUS"], "falls": 0})
    d2 = pd.concat([d.iloc[:-1], notes], ignore_index=True)
    msg = message(ColumnError, lambda: qi.spc(d2, y="falls", x="month", by="ward"))
    assert "not dates like the other" in msg
    assert "df = df[~df['month'].isin(['Total', 'Source: SUS'])]" in msg, msg


@pytest.mark.parametrize("sep", ["-", "/"])
def test_financial_years_as_text_are_named_and_never_read_as_months(sep):
    # session 14: '2015-16' (NHS annual statistics) got format="%Y-%m", which pandas then
    # refuses; and '2008-09' to '2011-12' were read, silently, as September 2008 to December
    # 2011 (13 months apart)
    for first in (2015, 2008):
        years = [f"{y}{sep}{(y + 1) % 100:02d}" for y in range(first, first + 4)]
        df = pd.DataFrame({"year": years, "falls": [3, 4, 2, 5]})
        msg = message(ColumnError, lambda df=df: qi.spc(df, y="falls", x="year"))
        assert (
            f"The first value, '{first}{sep}{(first + 1) % 100:02d}', is a financial year "
            f"(1 April {first} to 31 March {first + 1})" in msg
        ), msg
        advice = "pd.to_datetime(df['year'].str.strip().str[:4] + '-04-01')"
        assert advice in msg and "%Y-%m" not in msg, msg
        starts = [pd.Timestamp(y, 4, 1) for y in range(first, first + 4)]
        assert eval(advice, {"pd": pd, "df": df}).tolist() == starts
    pl = pytest.importorskip("polars")
    msg = message(ColumnError, lambda: qi.spc(pl.from_pandas(df), y="falls", x="year"))
    advice = (
        "df.with_columns((pl.col('year').str.strip_chars().str.slice(0, 4) + '-04-01')"
        ".str.strptime(pl.Date, '%Y-%m-%d'))"
    )
    assert advice in msg, msg
    got = eval(advice, {"pl": pl, "df": pl.from_pandas(df)})["year"].to_list()
    assert got == [t.date() for t in starts]
    # months of one year, and one lone '2010-11', stay months
    months = pd.DataFrame({"month": ["2010-11", "2010-12", "2011-01"], "falls": [3, 4, 2]})
    assert qi.spc(months, y="falls", x="month").points["month"][0] == pd.Timestamp("2010-11-01")


def test_one_uk_date_among_iso_dates_is_named_by_row_and_corrected_alone():
    # trial 9 B2: the error quoted the first (ISO) value and advised format="%Y-%m-%d"
    months = pd.date_range("2022-04-01", periods=12, freq="MS").strftime("%Y-%m-%d")
    df = pd.DataFrame(
        {"ward": np.repeat(["Ash", "Elm"], 12), "month": list(months) * 2, "falls": 3}
    )
    df.loc[17, "month"] = "01/09/2022"  # Elm's September, typed by hand
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month", by="ward"))
    assert "Row with index label 17 (ward='Elm') has '01/09/2022'" in msg, msg
    assert "not an ISO date like the other 23 rows (YYYY-MM-DD)" in msg, msg
    assert "df['month'] = df['month'].replace({'01/09/2022': '2022-09-01'})" in msg, msg
    assert "The first value" not in msg and "format=" not in msg
    # the advice, run as given, gives every month back as a date
    df["month"] = df["month"].replace({"01/09/2022": "2022-09-01"})
    res = qi.spc(df, y="falls", x="month", by="ward", chart="c")
    assert list(res.points["month"][:12]) == list(pd.to_datetime(months))


def test_several_odd_values_among_iso_dates_are_named_without_a_guess():
    months = list(pd.date_range("2022-04-01", periods=12, freq="MS").strftime("%Y-%m"))
    months[3], months[9] = "July 22", "n/a"
    df = pd.DataFrame({"month": months, "falls": 3})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    assert "Row with index label 3 has 'July 22'; row with index label 9 has 'n/a'" in msg, msg
    assert "not ISO dates like the other 10 rows (YYYY-MM)" in msg, msg
    assert "Correct or remove these rows" in msg and "replace" not in msg
    # mostly not ISO: the first value's advice, as before
    df = pd.DataFrame({"month": ["01/04/2023", "01/05/2023", "2023-06-01"], "falls": 3})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    assert "The first value, '01/04/2023', looks like a UK date" in msg


def test_iso_months_among_iso_dates_get_the_code_that_reads_both():
    # one ward's months written '2022-04' among '2022-04-01': both ISO 8601, which pandas'
    # format='ISO8601' reads together (the message called them "not ISO dates")
    months = pd.date_range("2022-04-01", periods=12, freq="MS")
    df = pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Elm", "Oak", "Yew"], 12),
            "month": [*months.strftime("%Y-%m-%d")] * 3 + [*months.strftime("%Y-%m")],
            "falls": 3,
        }
    )
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month", by="ward"))
    assert "Row with index label 36 (ward='Yew') has '2022-04'" in msg, msg
    assert "written YYYY-MM, unlike the other 36 rows (YYYY-MM-DD). Both are ISO 8601" in msg
    assert "not ISO dates" not in msg
    code = "df['month'] = pd.to_datetime(df['month'], format='ISO8601')"
    assert code in msg, msg
    exec(code)  # the advice, run as given, reads every month as its first day
    res = qi.spc(df, y="falls", x="month", by="ward", chart="c")
    assert list(res.points["month"]) == list(months) * 4


def test_x_in_the_index_says_so_and_suggests_reset_index():
    # trial 9 C12: "no such column" listed the columns, not that 'month' is the index's name
    df = pd.DataFrame({"month": pd.date_range("2023-01-01", periods=6, freq="MS"), "falls": 3})
    msg = message(ColumnError, lambda: qi.spc(df.set_index("month"), "falls", x="month"))
    assert "x='month': 'month' is the name of data.index, not a column of data" in msg, msg
    assert "data.reset_index()" in msg
    two = df.assign(ward="A").set_index(["ward", "month"])
    msg = message(ColumnError, lambda: qi.spc(two, "falls", x="month", by="ward"))
    assert "a level of data.index" in msg and "data.reset_index()" in msg, msg


def test_other_text_asks_for_the_format_of_the_dates():
    df = pd.DataFrame({"month": ["Apr 2023", "May 2023"], "falls": [3, 4]})
    msg = message(ColumnError, lambda: qi.spc(df, y="falls", x="month"))
    # session 17 F8: a month's name gets the format that reads it, not format=...
    assert (
        "The first value is 'Apr 2023', a date with the month's name (01 April 2023): convert "
        "the column with pd.to_datetime(df['month'], format='%b %Y') or make it an ordered "
        "Categorical."
    ) in msg
    other = pd.DataFrame({"month": ["spring", "summer"], "falls": [3, 4]})
    msg = message(ColumnError, lambda: qi.spc(other, y="falls", x="month"))
    assert "'spring'" in msg and "format=..." in msg and "ordered Categorical" in msg


# 2. freeze longer than the series


def test_freeze_longer_than_the_series_names_the_freeze_asked_for():
    df = two_wards().iloc[:21]  # one ward, 21 points
    with pytest.warns(qi.BaselineWarning) as rec:
        res = qi.spc(df, y="falls", x="month", freeze=100)
    msg = str(rec[0].message)
    assert "fewer than the 100 baseline points asked for" in msg
    assert "22" not in msg  # not the series' length + 1
    assert "its own baseline (all its points)" in msg
    assert res.points.baseline.all()


# 3. phase starts outside the data


@pytest.mark.parametrize("date", ["2030-01-01", "2019-06-01"])
def test_phase_start_outside_the_data_warns_with_the_x_range(date):
    with pytest.warns(qi.NoDataWarning) as rec:
        res = qi.spc(two_wards(), y="falls", x="month", by="ward", phase=[date])
    msg = str(rec[0].message)
    assert f"'{date}'" in msg
    assert "2021-01-01" in msg and "2022-12-01" in msg  # first and last x of the data
    assert "starts no new phase" in msg
    assert (res.summary().phase == 1).all()  # one phase per ward, as before


def test_phase_start_inside_the_data_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = qi.spc(two_wards(), y="falls", x="month", by="ward", phase=["2022-01-01"])
    assert res.summary().phase.tolist() == [1, 2, 1, 2]


def test_exclude_of_an_x_value_that_is_in_no_series_is_refused():
    msg = message(
        ArgumentError,
        lambda: qi.spc(two_wards(), y="falls", x="month", by="ward", exclude=["2030-01-01"]),
    )
    assert "'2030-01-01'" in msg and "not an x value" in msg


# 4. per-series dicts for phase= and exclude=


def test_a_dict_of_phases_says_what_phase_takes():
    msg = message(
        ArgumentError,
        lambda: qi.spc(two_wards(), y="falls", x="month", by="ward", phase={"Ash": ["2022-04-01"]}),
    )
    assert msg.startswith("phase={'Ash': ['2022-04-01']}:")
    assert "every series" in msg and "column of phase labels" in msg
    assert "ISO 8601" not in msg  # not a date problem


def test_a_dict_of_exclusions_says_what_exclude_takes():
    msg = message(
        ArgumentError,
        lambda: qi.spc(
            two_wards(), y="falls", x="month", by="ward", exclude={"Ash": ["2022-04-01"]}
        ),
    )
    assert msg.startswith("exclude={'Ash': ['2022-04-01']}:")
    assert "every series" in msg and "boolean column" in msg and "ISO 8601" not in msg


# 5. an empty denominator column


def test_a_series_whose_n_is_empty_says_the_denominator_is_missing():
    df = two_wards().astype({"bed_days": float})
    df.loc[df.ward == "Elm", "bed_days"] = np.nan  # a join that found no bed days for Elm
    with pytest.warns(qi.NoDataWarning) as rec:
        qi.spc(df, y="falls", x="month", by="ward", n="bed_days", chart="u")
    msg = str(rec[0].message)
    assert "ward='Elm'" in msg and "n='bed_days'" in msg and "empty" in msg
    assert "join" in msg


def test_a_series_with_n_but_no_y_does_not_blame_the_denominator():
    df = two_wards().astype({"falls": float})
    df.loc[df.ward == "Elm", "falls"] = np.nan
    with pytest.warns(qi.NoDataWarning) as rec:
        qi.spc(df, y="falls", x="month", by="ward", n="bed_days", chart="u")
    msg = str(rec[0].message)
    assert "ward='Elm'" in msg and "bed_days" not in msg


def board_of_rates() -> pd.DataFrame:
    """Falls and pressure ulcers per bed day for two wards; Elm's ulcers found no bed days."""
    df = two_wards().astype({"bed_days": float})
    df = pd.concat([df.assign(measure="falls"), df.assign(measure="ulcers")], ignore_index=True)
    df.loc[(df.measure == "ulcers") & (df.ward == "Elm"), "bed_days"] = np.nan
    df.loc[(df.measure == "falls") & (df.ward == "Ash"), "falls"] = np.nan  # y missing, n not
    return df


@pytest.mark.parametrize("charts", [["u", "u"], ["p", "u"], ["xmr", "u"]])
def test_board_says_which_series_have_an_empty_denominator(charts):
    """As qi.spc: the series whose n is empty in every row are named, not the one without y."""
    measures = pd.DataFrame({"measure": ["falls", "ulcers"], "chart": charts})
    df = board_of_rates()
    with pytest.warns(qi.NoDataWarning) as rec:
        qi.board(df, measures, x="month", y="falls", n="bed_days", by="ward")
    msg = str(rec[0].message)
    assert "2 of 4 series have no observed value" in msg, msg
    hint = msg[msg.index("icons.") + len("icons.") :]
    assert "n='bed_days' is empty in every row of 1 of them (measure='ulcers', ward='Elm')" in hint
    assert "join" in hint and "'falls'" not in hint
    with pytest.warns(qi.NoDataWarning) as alone:  # the same data, one series at a time
        qi.spc(df, y="falls", x="month", by=["measure", "ward"], n="bed_days", chart="u")
    spc_msg = str(alone[0].message)
    assert spc_msg[spc_msg.index("variation.") + len("variation.") :] == hint


def test_board_does_not_blame_the_denominator_when_y_is_missing():
    df = board_of_rates()
    df.loc[df.measure == "ulcers", "bed_days"] = 300.0
    measures = pd.DataFrame({"measure": ["falls", "ulcers"], "chart": "u"})
    with pytest.warns(qi.NoDataWarning) as rec:
        qi.board(df, measures, x="month", y="falls", n="bed_days", by="ward")
    msg = str(rec[0].message)
    assert "measure='falls', ward='Ash'" in msg and "bed_days" not in msg


# 6. labels that differ only by spaces at either end


def spaced() -> pd.DataFrame:
    df = two_wards()
    df.loc[12:23, "ward"] = "Ash "  # the second year of Ash came from another extract
    return df


def check_label_warning(rec, arg: str) -> None:
    msgs = [str(w.message) for w in rec if w.category is qi.LabelWarning]
    assert len(msgs) >= 1, [str(w.message) for w in rec]
    assert msgs[0].startswith(f"{arg}: the labels 'Ash' and 'Ash '"), msgs[0]
    assert ".str.strip()" in msgs[0]


#: 'Ash' ends where 'Ash ' starts: a series without the latest month, also said
SPLIT = (qi.LabelWarning, qi.NoDataWarning)


def test_spc_warns_about_labels_differing_by_spaces_and_keeps_them():
    with pytest.warns(SPLIT) as rec:
        res = qi.spc(spaced(), y="falls", x="month", by="ward", min_points=0)
    check_label_warning(rec, "by='ward'")
    (behind,) = [str(w.message) for w in rec if w.category is qi.NoDataWarning]
    assert "(month=2022-12-01): ward='Ash'." in behind, behind  # Ash: 2021 only
    assert sorted(res.summary().ward) == ["Ash", "Ash ", "Elm"]  # labels are not changed


@pytest.mark.parametrize("dtype", [object, "str", "string", "category"])
def test_label_warning_whatever_the_text_dtype(dtype):
    df = spaced()
    df["ward"] = df["ward"].astype(dtype)
    with pytest.warns(SPLIT) as rec:
        qi.spc(df.iloc[::-1], y="falls", x="month", by="ward", min_points=0)  # shuffled too
    check_label_warning(rec, "by='ward'")


def test_funnel_and_board_warn_about_labels_differing_by_spaces():
    df = spaced()
    with pytest.warns((qi.LabelWarning, qi.PeriodsSummedWarning)) as rec:
        qi.funnel(df, y="falls", n="bed_days", unit="ward", kind="rate", adjust=False)  # 3 units
    check_label_warning(rec, "unit='ward'")
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"]})
    with pytest.warns(qi.LabelWarning) as rec:
        qi.board(
            df.assign(measure="falls"),
            measures,
            y="falls",
            x="month",
            n="bed_days",
            by="ward",
            measure="measure",
        )
    check_label_warning(rec, "by='ward'")


def test_ambition_warns_about_labels_differing_by_spaces():
    with pytest.warns(qi.LabelWarning) as rec:
        qi.ambition(
            two_wards("Ash", "Ash "),  # each with its full 24 months
            y="falls",
            x="month",
            n="bed_days",
            by="ward",
            baseline=("2021-01-01", "2021-06-01"),
            change=-0.2,
            deadline="2022-12-01",
        )
    check_label_warning(rec, "by='ward'")


def test_distinct_labels_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(two_wards("Ash", "Ash2"), y="falls", x="month", by="ward")
        qi.spc(two_wards().assign(ward=lambda d: d.ward.astype("category")), y="falls", by="ward")


def test_thousands_separators_get_advice_that_keeps_the_values():
    # trial 7 B8: "1,234" from an Excel CSV; the old advice (to_numeric, errors='coerce') made
    # every value of 1,000 or more missing
    d = two_wards().head(3).assign(bed_days=["1,234", "1,198", "987"])
    said = message(ColumnError, lambda: qi.spc(d, y="falls", n="bed_days", x="month", chart="u"))
    assert "thousands separators ('1,234')" in said
    assert "pd.read_csv(..., thousands=',')" in said
    advice = "pd.to_numeric(df['bed_days'].astype('string').str.replace(',', ''))"
    assert advice in said
    df = d  # the advice, followed, keeps every value
    assert eval(advice, {"pd": pd, "df": df}).tolist() == [1234, 1198, 987]
    pl = pytest.importorskip("polars")
    said = message(
        ColumnError,
        lambda: qi.spc(pl.from_pandas(d), y="falls", n="bed_days", x="month", chart="u"),
    )
    assert "read_csv" not in said and "str.replace_all(',', '')" in said


def test_a_board_gives_the_thousands_advice_whichever_measure_holds_the_separators():
    # audit INP F2: the board read the column one chart group at a time, and its first group
    # (falls, under 1,000 bed days) had no separator: the generic advice to coerce would have
    # made every value of the second measure (1,200 and up) missing
    d = pd.DataFrame(
        {
            "measure": ["falls"] * 3 + ["seen"] * 3,
            "month": list(MONTHS[:3]) * 2,
            "y": [1, 2, 3, 500, 600, 700],
            "n": ["900", "950", "980", "1,200", "1,300", "1,250"],
        }
    )
    measures = pd.DataFrame({"measure": ["falls", "seen"], "chart": ["u", "p"]})
    said = message(ColumnError, lambda: qi.board(d, measures, x="month", y="y", n="n"))
    assert "thousands separators ('1,200')" in said
    advice = "pd.to_numeric(df['n'].astype('string').str.replace(',', ''))"
    assert advice in said
    assert eval(advice, {"pd": pd, "df": d}).tolist() == [900, 950, 980, 1200, 1300, 1250]


@pytest.mark.parametrize(
    "cells, numbers",
    [
        ([1200, "1,410", 1280, "1,502"], [1200, 1410, 1280, 1502]),
        ([94.7, "95.2%", 94.9, "96.1%"], [94.7, 95.2, 94.9, 96.1]),
    ],
)
def test_the_advice_keeps_the_numbers_of_a_column_mixing_numbers_and_text(cells, numbers):
    # new-user trial 13 F2: read_excel gives a column of numbers with some cells typed as text;
    # .str on it makes every number NaN, so the advice as it was kept 2 values of 4 (12 of 15
    # in the trial), and the chart ran on what was left
    d = pd.DataFrame({"month": MONTHS[:4], "value": pd.Series(cells, dtype=object)})
    said = message(ColumnError, lambda: qi.spc(d, y="value", x="month", chart="xmr"))
    advice = re.search(r"pd\.to_numeric\(df\['value'\].*?\)\)", said).group(0)
    kept = eval(advice, {"pd": pd, "df": d})
    assert kept.tolist() == numbers
    qi.spc(d.assign(value=kept), y="value", x="month", chart="xmr")  # and it is accepted


def test_per_cent_signs_get_advice_that_keeps_the_values():
    # audit INP F3: an Excel column formatted as a percentage exports "95.2%"; the generic
    # advice (to_numeric, errors='coerce') made every value missing
    d = pd.DataFrame({"month": MONTHS[:3], "seen": ["95.2%", "94%", "96.5%"]})
    said = message(ColumnError, lambda: qi.spc(d, y="seen", x="month"))
    assert "per-cent signs ('95.2%')" in said
    advice = "pd.to_numeric(df['seen'].astype('string').str.replace('%', '').str.strip())"
    assert advice in said
    assert eval(advice, {"pd": pd, "df": d}).tolist() == [95.2, 94.0, 96.5]
    measures = pd.DataFrame({"measure": ["seen"]})
    said = message(
        ColumnError, lambda: qi.board(d.assign(measure="seen"), measures, x="month", y="seen")
    )
    assert advice in said
    pl = pytest.importorskip("polars")
    said = message(ColumnError, lambda: qi.spc(pl.from_pandas(d), y="seen", x="month"))
    advice = (
        "df.with_columns(pl.col('seen').str.replace_all('%', '').str.strip_chars()"
        ".cast(pl.Float64))"
    )
    assert advice in said
    df = pl.from_pandas(d)
    assert eval(advice, {"pl": pl, "df": df})["seen"].to_list() == [95.2, 94.0, 96.5]
    pa = pytest.importorskip("pyarrow")
    import pyarrow.compute  # noqa: F401  (the advice names pyarrow.compute)

    said = message(ColumnError, lambda: qi.spc(pa.Table.from_pandas(d), y="seen", x="month"))
    advice = (
        "pyarrow.compute.cast(pyarrow.compute.utf8_trim_whitespace("
        "pyarrow.compute.replace_substring(table['seen'], '%', '')), 'float64')"
    )
    assert advice in said
    table = pa.Table.from_pandas(d)
    assert eval(advice, {"pyarrow": pa, "table": table}).to_pylist() == [95.2, 94.0, 96.5]


_SPACED = ["80.2 %", " 81.5%", "79.9 % ", "82 %"]  # as typed in a sheet or another export
_SPACED_NUMBERS = [80.2, 81.5, 79.9, 82.0]  # the same cells read by hand


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_per_cent_signs_after_a_space_get_advice_that_works_in_the_callers_library(library):
    # session 15: "80.2 %" (a space before the sign) was not seen as a per cent: the generic
    # advice to coerce made every value missing, in pandas and polars alike; and the per-cent
    # advice for polars (strip_chars_end('%') then cast) failed on the space left behind
    d = pd.DataFrame({"month": MONTHS[:4], "seen": _SPACED})
    if library == "pandas":
        frame, names = d, {"pd": pd, "df": d}
        pattern = r"pd\.to_numeric\(df\['seen'\].*?\.str\.strip\(\)\)"
    elif library == "polars":
        pl = pytest.importorskip("polars")
        frame = pl.from_pandas(d)
        names = {"pl": pl, "df": frame}
        pattern = r"df\.with_columns\(pl\.col\('seen'\).*?cast\(pl\.Float64\)\)"
    else:
        pa = pytest.importorskip("pyarrow")
        import pyarrow.compute  # noqa: F401  (the advice names pyarrow.compute)

        frame = pa.Table.from_pandas(d)
        names = {"pyarrow": pa, "table": frame}
        pattern = r"pyarrow\.compute\.cast\(.*?'float64'\)"
    said = message(ColumnError, lambda: qi.spc(frame, y="seen", x="month"))
    assert "per-cent signs ('80.2 %')" in said, said
    assert "errors='coerce'" not in said and "strict=False" not in said, said
    advice = re.search(pattern, said).group(0)
    converted = eval(advice, names)  # the advice, followed as written
    if library == "pandas":
        values, frame = converted.tolist(), d.assign(seen=converted)
    elif library == "polars":
        values, frame = converted["seen"].to_list(), converted
    else:
        values = converted.to_pylist()
        frame = frame.set_column(frame.schema.get_field_index("seen"), "seen", converted)
    assert values == _SPACED_NUMBERS
    points = qi.spc(frame, y="seen", x="month").points  # and the data are then accepted
    assert points["value"].tolist() == _SPACED_NUMBERS


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_thousands_separators_with_spaces_get_advice_that_works(library):
    # polars' and Arrow's casts refuse " 1234" where pandas' to_numeric reads it
    d = pd.DataFrame({"month": MONTHS[:3], "n": ["1,234 ", " 987", "1,005"], "y": [3, 4, 5]})
    if library == "pandas":
        frame, names, column = d, {"pd": pd, "df": d}, lambda out: out.tolist()
        pattern = r"pd\.to_numeric\(df\['n'\].*?\)\)"
    elif library == "polars":
        pl = pytest.importorskip("polars")
        frame = pl.from_pandas(d)
        names, column = {"pl": pl, "df": frame}, lambda out: out["n"].to_list()
        pattern = r"df\.with_columns\(pl\.col\('n'\).*?cast\(pl\.Float64\)\)"
    else:
        pa = pytest.importorskip("pyarrow")
        import pyarrow.compute  # noqa: F401  (the advice names pyarrow.compute)

        frame = pa.Table.from_pandas(d)
        names, column = {"pyarrow": pa, "table": frame}, lambda out: out.to_pylist()
        pattern = r"pyarrow\.compute\.cast\(.*?'float64'\)"
    said = message(ColumnError, lambda: qi.spc(frame, y="y", n="n", x="month", chart="u"))
    assert "thousands separators ('1,234 ')" in said, said
    assert column(eval(re.search(pattern, said).group(0), names)) == [1234, 987, 1005]


def test_thousands_separators_and_per_cent_signs_in_one_column_get_one_conversion():
    # new-user trial 13 F2 (minor): a board's long data, one measure in counts ("1,200"), one
    # in per cents ("95.2%"): the error named the commas only, and its advice, followed, led
    # to a second error about the signs
    d = pd.DataFrame(
        {
            "measure": ["seen"] * 3 + ["within_4h"] * 3,
            "month": list(MONTHS[:3]) * 2,
            "value": ["1,200", "1,350", "980", "95.2%", "94%", "96.5%"],
        }
    )
    numbers = [1200, 1350, 980, 95.2, 94.0, 96.5]  # the cells as typed
    measures = pd.DataFrame({"measure": ["seen", "within_4h"]})
    advice = (
        "pd.to_numeric(df['value'].astype('string').str.replace('[,%]', '', regex=True)"
        ".str.strip())"
    )
    for call in (
        lambda frame: qi.board(frame, measures, x="month", y="value"),
        lambda frame: qi.spc(frame, y="value", x="month", by="measure"),
    ):
        said = message(ColumnError, lambda call=call: call(d))
        assert "thousands separators ('1,200') and with per-cent signs ('95.2%')" in said, said
        assert advice in said, said
        kept = eval(advice, {"pd": pd, "df": d})
        assert kept.tolist() == numbers
        call(d.assign(value=kept))  # and it is accepted
    pl = pytest.importorskip("polars")
    said = message(ColumnError, lambda: qi.spc(pl.from_pandas(d), y="value", x="month"))
    advice = (
        "df.with_columns(pl.col('value').str.replace_all('[,%]', '').str.strip_chars()"
        ".cast(pl.Float64))"
    )
    assert advice in said, said
    df = pl.from_pandas(d)
    assert eval(advice, {"pl": pl, "df": df})["value"].to_list() == numbers
    pa = pytest.importorskip("pyarrow")
    import pyarrow.compute  # noqa: F401  (the advice names pyarrow.compute)

    said = message(ColumnError, lambda: qi.spc(pa.Table.from_pandas(d), y="value", x="month"))
    advice = (
        "pyarrow.compute.cast(pyarrow.compute.utf8_trim_whitespace("
        "pyarrow.compute.replace_substring_regex(table['value'], '[,%]', '')), 'float64')"
    )
    assert advice in said, said
    table = pa.Table.from_pandas(d)
    assert eval(advice, {"pyarrow": pa, "table": table}).to_pylist() == numbers


def test_excel_serial_dates_in_x_get_advice_when_a_date_is_given():
    # 44287 days after 30 Dec 1899 is 1 April 2021 (Excel's 1900 date system, as the
    # spreadsheet's own DATE(2021,4,1) gives)
    df = pd.DataFrame({"month": 44287 + 30 * np.arange(24), "falls": np.arange(24.0)})
    with pytest.warns(qi.DateWarning, match="read as Excel serial dates"):  # and the error
        said = message(
            ArgumentError, lambda: qi.spc(df, "falls", x="month", chart="xmr", freeze="2021-12-01")
        )
    assert "Excel serial dates (44287 is 01 Apr 2021)" in said
    assert "pd.to_datetime(df['month'], unit='D', origin='1899-12-30')" in said
    plain = df.assign(month=np.arange(24))
    said = message(
        ArgumentError, lambda: qi.spc(plain, "falls", x="month", chart="xmr", freeze="2021-12-01")
    )
    assert "Excel" not in said


def test_titles_read_column_names_as_words():
    df = two_wards()
    res = qi.spc(df, "falls", x="month", n="bed_days", by="ward", chart="u", multiply=1000)
    assert res.title == "U chart of falls per 1,000 bed days"


def test_targets_keyed_by_text_for_numeric_codes_say_so():
    # trial 8 C11: a targets sheet read as text ("101") beside numeric ward codes (101) was
    # ignored with "Check for a typo"
    months = pd.date_range("2023-01-01", periods=12, freq="MS")
    data = pd.DataFrame(
        {"measure": "los", "ward": np.repeat([101, 102], 12), "month": list(months) * 2,
         "value": np.tile([8.0, 9.0, 7.5], 8)}
    )  # fmt: skip
    targets = pd.DataFrame({"measure": ["los"], "ward": ["101"], "target": [5.0]})
    with pytest.warns(qi.NoDataWarning) as caught:
        qi.board(data, pd.DataFrame({"measure": ["los"]}), x="month", y="value", by="ward",
                 targets=targets)  # fmt: skip
    said = " ".join(str(w.message) for w in caught)
    assert "Column 'ward' holds numbers in data and text in targets" in said, said
    assert "targets['ward'] = pd.to_numeric(targets['ward'])" in said


def test_a_target_for_a_series_spelt_in_another_case_names_the_series_meant():
    # new-user trial: targets for org "raa" beside data of "RAA" said only "Check for a typo"
    months = pd.date_range("2023-01-01", periods=12, freq="MS")
    data = pd.DataFrame(
        {"measure": "los", "org": np.repeat(["RAA", "RBB"], 12), "month": list(months) * 2,
         "value": np.tile([8.0, 9.0, 7.5], 8)}
    )  # fmt: skip
    targets = pd.DataFrame({"measure": ["los"], "org": ["raa"], "target": [5.0]})
    with pytest.warns(qi.NoDataWarning, match=r"did you mean org='RAA' for 'raa'\?"):
        qi.board(data, pd.DataFrame({"measure": ["los"]}), x="month", y="value", by="org",
                 targets=targets)  # fmt: skip
    kw = dict(y="value", x="month", by="org", improvement="decrease")
    with pytest.warns(qi.NoDataWarning, match=r"the series are 'RAA', 'RBB'\. Did you mean 'RAA'"):
        qi.spc(data, target={"raa": 5.0}, **kw)
    with pytest.warns(qi.NoDataWarning, match=r"'RBB'\. Check for a typo\.$"):
        qi.spc(data, target={"Zulu": 5.0}, **kw)


def test_a_weekly_baseline_given_in_months_names_the_weeks_it_holds():
    # trial 8 C15: months written for Monday-dated weeks made a 48-week baseline silently
    # (Mon 5 Apr 2021 is the first week after 1 Apr; Mon 28 Feb 2022 the last before 1 Mar:
    # 47 weeks apart, 48 weeks)
    weeks = pd.date_range("2021-04-05", periods=156, freq="W-MON")
    df = pd.DataFrame({"week": weeks, "y": np.resize([9, 11, 10, 12], 156), "n": 1000.0})
    kw = dict(y="y", n="n", x="week", change=-0.5, deadline="2024-03-25")
    said = r"holds the 48 periods from '?2021-04-05'? to '?2022-02-28'?"
    with pytest.warns(qi.DateWarning, match=said):
        qi.ambition(df, baseline=("2021-04-01", "2022-03-01"), **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.ambition(df, baseline=("2021-04-05", "2022-03-28"), **kw)
