"""What qistats says about input that is probably a mistake (trial 14): a measure with no
rows (F15), ``freeze``/``as_of`` dates far beyond the data (F16). Expected wording comes from
the trial's report: what the analyst needs to read."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-04-01", "2025-03-01", freq="MS")


def _caught(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, [w for w in caught if issubclass(w.category, qi.QIStatsWarning)]


def _data() -> pd.DataFrame:
    values = np.random.default_rng(1).normal(50, 5, len(MONTHS))
    return pd.DataFrame({"measure": "a", "site": "S1", "month": MONTHS, "y": values})


MEASURES = pd.DataFrame({"measure": ["a", "new_measure"], "improvement": ["increase", "decrease"]})


def test_a_measure_without_rows_offers_expected_and_dropping_it():
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), MEASURES, x="month", y="y", by="site")
    said = str(err.value)
    assert "the measure 'new_measure' has no rows in data" in said
    assert "pass expected='all'" in said
    assert "measures[measures['measure'] != 'new_measure']" in said
    # the advice works: the board is built, the measure's row reads "No data"
    board, caught = _caught(
        qi.board, _data(), MEASURES, x="month", y="y", by="site", expected="all"
    )
    assert board.table()["reason"].iloc[1].startswith("No data")
    assert [w.category for w in caught] == [qi.NoDataWarning]
    kept = MEASURES[MEASURES["measure"] != "new_measure"]
    assert len(qi.board(_data(), kept, x="month", y="y", by="site").table()) == 1


def test_a_freeze_date_after_the_data_warns_as_a_freeze_count_beyond_it_does():
    one = _data()
    _, by_count = _caught(qi.spc, one, y="y", x="month", freeze=60)
    _, by_date = _caught(qi.spc, one, y="y", x="month", freeze="2030-01-01")
    assert [w.category for w in by_count] == [qi.BaselineWarning]
    assert [w.category for w in by_date] == [qi.BaselineWarning]
    assert "freeze='2030-01-01': 1 of 1 series has no point after it" in str(by_date[0].message)
    # the last month itself, or a date inside the data, is a baseline as asked: no word
    for inside in ("2025-03-01", "2024-03-01"):
        _, caught = _caught(qi.spc, one, y="y", x="month", freeze=inside)
        assert not caught, inside


def test_an_as_of_far_after_the_data_warns():
    one = _data().iloc[:, [0, 2, 3]]
    measures = MEASURES.iloc[:1]
    board, caught = _caught(qi.board, one, measures, x="month", y="y", as_of="2030-01-01")
    assert [w.category for w in caught] == [qi.DateWarning]
    said = str(caught[0].message)
    assert said.startswith("as_of='2030-01-01': more than 12 of the data's periods after its")
    assert "(2025-03-01): every series is stale" in said
    assert board.table()["stale"].all()
    # 11 months after the data: a late report, stale but no typo
    _, caught = _caught(qi.board, one, measures, x="month", y="y", as_of="2026-02-01")
    assert not caught


@pytest.mark.parametrize(
    ("setting", "cell", "advice"),
    [
        (
            "target",
            "95%",
            "measures['target'] = pd.to_numeric(measures['target'].replace("
            "r'\\s*%\\s*$', '', regex=True)): 95 % is 95 on a measure shown in per cent",
        ),
        ("target", " 95 %", "0.95 on one shown as proportions"),
        ("multiply", "1000", "measures['multiply'] = pd.to_numeric(measures['multiply'])."),
    ],
)
def test_a_setting_typed_as_text_gets_the_conversion(setting, cell, advice):
    # an Excel measures table: "95%" typed as text (trial 14 F12)
    measures = MEASURES.iloc[:1].assign(**{setting: [cell]})
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y")
    said = str(err.value)
    assert f"'{setting}' of measure 'a' is {cell!r} (text)" in said
    assert advice in said
    # the advice converts the column as written
    converted = measures.copy()
    converted[setting] = pd.to_numeric(converted[setting].replace(r"\s*%\s*$", "", regex=True))
    qi.board(_data(), converted, x="month", y="y")


@pytest.mark.parametrize(
    ("setting", "cells", "numbers"),
    [
        ("multiply", ["1,000", None], [1000.0, np.nan]),  # Excel's thousands separator
        ("target", ["1,250", "2"], [1250.0, 2.0]),
        ("target", ["12,500.5%", None], [12500.5, np.nan]),  # both: sign and separator
    ],
)
def test_the_advice_for_a_number_with_thousands_separators_converts_it(setting, cells, numbers):
    # trial 19: "1,000" was told measures['multiply'] = pd.to_numeric(measures['multiply']),
    # which raises "Unable to parse string '1,000'"
    measures = MEASURES.assign(**{setting: cells})
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y", expected="all")
    said = str(err.value)
    code = said.split("Convert the column to numbers first, e.g. ")[1].split(": ")[0]
    code = code.split("\n")[0].removesuffix(".")  # several cells: each its line (trial 23)
    scope = {"pd": pd, "measures": measures.copy()}
    exec(code, scope)  # the advice as written runs, and gives the numbers typed
    np.testing.assert_array_equal(scope["measures"][setting].to_numpy(float), numbers)


def test_a_decimal_comma_gets_no_advice_that_would_misread_it():
    # "0,95" is not 95: no conversion is offered for it
    measures = MEASURES.assign(target=["0,95", None])
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y", expected="all")
    assert "is '0,95' (text); expected a number" in str(err.value)
    assert "Convert the column" not in str(err.value)


def test_a_target_typed_as_per_cent_text_in_spc_gets_the_number():
    # trial 14 F13: '10' was told "write target=10"; '95%' was told only "no such column"
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(_data(), y="y", x="month", target="95%", improvement="increase")
    assert "For 95 %, write target=95 (without quotes or '%') on a chart shown in per cent, " in (
        str(err.value)
    )
    assert "target=0.95 on one of proportions" in str(err.value)


def test_text_y_names_the_cell_coercion_would_blank():
    # trial 14 F14: numbers as text with one note; the note (row 5) is the cell to check,
    # not the first number-as-text (row 0), which pd.to_numeric reads
    data = _data().assign(y=lambda d: d["y"].round().astype(int).astype(str).astype(object))
    data.loc[5, "y"] = "n/a"
    with pytest.raises(qi.ColumnError) as err:
        qi.spc(data, y="y", x="month")
    assert "row with index label 5 (month=2023-09-01) has the text 'n/a'" in str(err.value)


def test_percentages_on_a_p_chart_are_told_so_before_rounding():
    # trial 14 F10: % seen (about 80, fractional) beside attendances (about 5,000): the advice
    # is the conversion to counts, not "round them first"
    rng = np.random.default_rng(3)
    n = rng.integers(4000, 6000, len(MONTHS))
    data = pd.DataFrame({"month": MONTHS, "y": np.round(rng.normal(80, 3, len(MONTHS)), 1), "n": n})
    with pytest.raises(qi.DataError) as err:
        qi.spc(data, y="y", n="n", x="month", chart="p")
    said = str(err.value)
    assert "has a fractional count (" in said
    assert "is 'y' a percentage of 'n', not a count of it?" in said
    assert "(df['y'] / 100 * df['n']).round()" in said
    assert "round them first" not in said
    # fractional counts that are no percentages (y/n about 50 %) keep the rounding advice
    data = data.assign(y=data["n"] * 0.5 + 0.5)
    with pytest.raises(qi.DataError, match="round them first"):
        qi.spc(data, y="y", n="n", x="month", chart="p")


def test_percentages_of_a_few_hundred_patients_are_not_told_to_be_rounded_alone():
    # session 15 trial F5: % harm free (about 90, one decimal) of 150-400 patients: y/n is
    # about 30 %, not tiny, and the advice "round them first" gave, followed, a P chart
    # centred at 33.5 % for a measure of 90 %. The conversion to counts comes first; a share
    # of n (0.9) gets its own, and counts above 100 keep the rounding advice alone
    rng = np.random.default_rng(1)
    n = rng.integers(150, 400, len(MONTHS))
    pct = np.round(100 * rng.binomial(n, 0.9) / n, 1)
    for y, conversion in [(pct, "(df['y'] / 100 * df['n']).round()"),
                          (pct / 100, "(df['y'] * df['n']).round()")]:  # fmt: skip
        data = pd.DataFrame({"month": MONTHS, "y": y, "n": n})
        with pytest.raises(qi.DataError) as err:
            qi.spc(data, y="y", n="n", x="month", chart="p")
        said = str(err.value)
        assert f"if 'y' is a {'percentage' if y is pct else 'proportion'} of 'n'" in said
        assert said.index(conversion) < said.index("if they are counts, round them first")
        # followed, the advice gives the measure's own level, about 90 %
        counts = data.assign(y=eval(conversion, {"df": data}))
        assert qi.spc(counts, y="y", n="n", x="month", chart="p").summary().cl[0] == (
            pytest.approx(0.9, abs=0.02)
        )


def test_a_t_chart_of_same_day_events_says_what_to_do():
    # session 15 trial F12: two incidents on one day (0 days between) are refused, as
    # qicharts2 does, with the ways forward; the G chart it points to takes the 0
    dates = pd.to_datetime(["2023-01-09", "2023-03-02", "2023-03-02", "2023-06-21", "2023-07-04"])
    inc = pd.DataFrame({"date": dates[1:], "days": [52, 0, 111, 13]})  # by hand
    with pytest.raises(qi.DataError) as err:
        qi.spc(inc, y="days", x="date", chart="t")
    said = str(err.value)
    assert "row with index label 1 (date=2023-03-02) has a time between events (0)" in said
    assert "in a finer unit (hours)" in said and "chart='g'" in said
    assert qi.spc(inc, y="days", x="date", chart="g").points.value.tolist() == [52, 0, 111, 13]
    # a negative time is refused without that advice
    with pytest.raises(qi.DataError) as err:
        qi.spc(inc.assign(days=-inc.days), y="days", x="date", chart="t")
    assert str(err.value).endswith("expected values > 0 on a 't' chart.")


def test_a_flag_column_of_text_gets_the_conversion():
    # trial 19: a measures table read with dtype=str keeps Excel's TRUE/FALSE as text, and
    # 'TRUE' was refused without the conversion the number columns get
    text = "measure,uses_n,screen_mr\na,FALSE,\nnew_measure,no,\n"
    measures = pd.read_csv(io.StringIO(text), dtype=str)
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y", expected="all")
    said = str(err.value)
    # both cells listed in one error (trial 23), the conversion of the column once
    assert said.startswith("measures: 2 problems in the measures table")
    first = "- 'uses_n' of measure 'a' (row with index label 0) is 'FALSE'; expected True, False"
    assert f"\n{first}" in said
    code = "measures['uses_n'] = measures['uses_n'].replace({'FALSE': False, 'no': False})"
    assert f" Convert the text first, e.g. {code}.\n" in said
    assert said.endswith("(decided by the data). (convert it as above)")
    exec(code, {"measures": measures})
    assert measures["uses_n"].tolist() == [False, False]
    with pytest.warns(qi.NoDataWarning, match="measure='new_measure'"):  # the board is built
        qi.board(_data(), measures, x="month", y="y", expected="all")


def test_a_flag_that_is_no_flag_word_gets_no_conversion():
    measures = MEASURES.assign(uses_n=["maybe", None])
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y", expected="all")
    assert str(err.value).endswith("or a missing value (decided by the data).")


def test_percentages_in_a_proportion_funnel_are_told_the_conversion():
    # trial 21: % of patients (about 93, one decimal) per ward and month given as y of a
    # kind='pr' funnel was told only "if they are counts, round them first", which, followed,
    # gives 93 of 200 patients: a funnel at 47 %. The conversion to counts comes first, and
    # followed it gives each ward its own level (the percentages typed, within rounding)
    rng = np.random.default_rng(21)
    wards = [f"W{i}" for i in range(12)]
    rows = [(w, m, int(rng.integers(150, 400))) for w in wards for m in MONTHS[:3]]
    data = pd.DataFrame(rows, columns=["ward", "month", "n"])
    data["y"] = np.round(100 * rng.binomial(data.n, 0.93) / data.n, 1)
    for y, conversion, what in [
        (data.y, "(df['y'] / 100 * df['n']).round()", "a percentage"),
        (data.y / 100, "(df['y'] * df['n']).round()", "a proportion"),
    ]:
        df = data.assign(y=y)
        with pytest.raises(qi.DataError) as err:
            qi.funnel(df, y="y", n="n", unit="ward", kind="pr", multiply=100)
        said = str(err.value)
        assert f"if 'y' is {what} of 'n', give the count of cases, e.g. {conversion}" in said
        assert said.index(conversion) < said.index("if they are counts, round them first")
        counts = df.assign(y=eval(conversion, {"df": df}))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", qi.QIStatsWarning)
            units = qi.funnel(counts, y="y", n="n", unit="ward", kind="pr", multiply=100).units
        # by hand: each ward's typed percentages weighted by its patients
        want = data.assign(cases=data.y / 100 * data.n).groupby("ward")[["cases", "n"]].sum()
        got = units.set_index("ward").value
        assert np.allclose(got, 100 * want.cases / want.n, atol=0.2)
