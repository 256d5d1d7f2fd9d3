"""An x of pandas Periods (session 17, finding 6): a date means the period that holds it, and
a period's text as the axis shows it ('2019Q4', '2019-12') is taken by every x-valued argument;
advice names values the argument takes. The ISO rule for other text stays."""

import re
import warnings

import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, DateWarning

# eight quarters, 2019Q1..2020Q4: 10 12 11 13 (sum 46), then 30 31 29 32 (sum 122)
Y = [10, 12, 11, 13, 30, 31, 29, 32]
QUARTERS = pd.period_range("2019Q1", periods=8, freq="Q")


def quarters() -> pd.DataFrame:
    return pd.DataFrame({"quarter": QUARTERS, "y": Y})


def _cl(data=None, **kw) -> list[float]:
    data = quarters() if data is None else data
    x = "quarter" if "quarter" in data else "month"
    return qi.spc(data, y="y", x=x, chart="i", **kw).summary()["cl"].tolist()


@pytest.mark.parametrize(
    "freeze",
    ["2019Q4", "2019-Q4", "2019q4", "2019-11-15", "2019-10-01", "2019-12-31", "2019-11",
     pd.Period("2019Q4"), pd.Timestamp("2019-11-15")],
)  # fmt: skip
def test_freeze_inside_the_last_baseline_quarter_ends_it_with_that_quarter(freeze):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DateWarning: the date is inside 2019Q4
        res = qi.spc(quarters(), y="y", x="quarter", chart="i", freeze=freeze)
    assert res.summary()["cl"].iloc[0] == pytest.approx(46 / 4)
    assert res.points["baseline"].tolist() == [True] * 4 + [False] * 4


@pytest.mark.parametrize("exclude", [["2019Q4"], ["2019-11-15"], [pd.Period("2019Q4")]])
def test_exclude_a_date_inside_a_quarter_leaves_that_quarter_out(exclude):
    # the seven others: (10 + 12 + 11 + 30 + 31 + 29 + 32) / 7 = 155 / 7
    assert _cl(exclude=exclude) == pytest.approx([155 / 7])


@pytest.mark.parametrize("phase", [["2020Q1"], ["2020-Q1"], ["2020-02-15"], ["2020-01-01"]])
def test_phase_starts_with_the_quarter_holding_the_date(phase):
    assert _cl(phase=phase) == pytest.approx([46 / 4, 122 / 4])


def test_monthly_periods():
    months = pd.DataFrame({"month": pd.period_range("2022-09", periods=8, freq="M"), "y": Y})
    for freeze in ("2022-12", "2022-12-15", "2022-12-31"):
        assert _cl(months, freeze=freeze) == pytest.approx([46 / 4])
    assert _cl(months, exclude=["2022-12-15"]) == pytest.approx([155 / 7])
    assert _cl(months, phase=["2023-01"]) == pytest.approx([46 / 4, 122 / 4])


def test_financial_years_take_the_year_the_axis_shows():
    # Y-MAR: '2020' is April 2019 to March 2020, the fourth of 2017..2024
    years = pd.DataFrame({"fy": pd.period_range("2017", periods=8, freq="Y-MAR"), "y": Y})
    for freeze in ("2020", "2019-12-01"):
        res = qi.spc(years, y="y", x="fy", chart="i", freeze=freeze)
        assert res.summary()["cl"].iloc[0] == pytest.approx(46 / 4)


def test_ambiguous_text_is_still_refused_and_the_advice_is_taken():
    with pytest.raises(ArgumentError) as err:
        _cl(freeze="01/10/2019")
    said = str(err.value)
    assert "it could be 1 October 2019 ('2019-10-01') or 10 January 2019 ('2019-01-10')" in said
    assert said.endswith(
        "x ('quarter') holds periods, so a period written as the axis shows one, such as "
        "'2019Q1', is taken too."
    )
    for advised in re.findall(r"'(\d{4}[^']*)'", said):  # every value it names is taken
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the ISO example, 2021-10-01, is after the data
            _cl(freeze=advised)


def test_quarter_text_on_an_axis_of_dates_is_still_refused():
    dates = quarters().assign(quarter=QUARTERS.to_timestamp())
    with pytest.raises(ArgumentError, match=r"freeze='2019Q4': text dates must be ISO 8601"):
        _cl(dates, freeze="2019Q4")


def test_a_date_in_a_quarter_missing_from_the_data_advises_what_is_taken():
    gap = quarters().drop(index=4)  # no 2020Q1
    with pytest.warns(DateWarning) as caught:
        _cl(gap, freeze="2020-02-15")
    said = str(caught[0].message)
    assert "freeze='2020-02-15' falls between the x values '2019Q4' and '2020Q2'" in said
    assert "Write freeze='2020Q2' to end it with the period of '2020Q2', or freeze='2019Q4'" in said
    assert _cl(gap, freeze="2020Q2") == pytest.approx([(46 + 31) / 5])
    assert _cl(gap, freeze="2019Q4") == pytest.approx([46 / 4])


def test_board_freeze_and_rebase_on_quarters():
    data = quarters().assign(measure="m")
    cls = []
    for freeze, rebase in [("2019Q2", "2020Q1"), ("2019-05-15", "2020-02-15"), (2, "2020-Q1")]:
        measures = pd.DataFrame({"measure": ["m"], "freeze": [freeze], "rebase": [rebase]})
        t = qi.board(data, measures, x="quarter", y="y").table()
        cls.append(t["cl"].iloc[0])
    # the latest phase, 2020Q1.. (its own baseline): (30 + 31) / 2 from its first 2 points;
    # freeze 2019Q2 is in the first phase, so the second phase is all baseline: 122 / 4
    assert cls[:2] == pytest.approx([122 / 4, 122 / 4])
    assert cls[2] == pytest.approx(61 / 2)


def test_ambition_baseline_and_deadline_on_quarters():
    data = pd.DataFrame(
        {"quarter": pd.period_range("2019Q1", periods=12, freq="Q"), "y": [20] * 4 + [10] * 8,
         "n": 1000}
    )  # fmt: skip
    kw = dict(y="y", n="n", x="quarter", change=-0.5)
    by_text = qi.ambition(data, baseline=("2019Q1", "2019Q4"), deadline="2021Q4", **kw)
    by_dates = qi.ambition(data, baseline=("2019-02-15", "2019-12-31"), deadline="2021-11-30", **kw)
    pd.testing.assert_frame_equal(by_text.summary(), by_dates.summary())
    row = by_text.summary().iloc[0]
    assert row["baseline_value"] == pytest.approx(20 / 1000)  # 80 events over 4,000
    assert row["rate_ratio"] == pytest.approx(0.5)
    assert bool(row["deadline_reached"])
