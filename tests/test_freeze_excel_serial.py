"""A ``freeze`` larger than a series (trial 17 F1): ``qi.board``'s measures table made such a
series all baseline without a word, where ``qi.spc`` warns; and a whole number that is an Excel
serial date (a spreadsheet's date cell read as a number: 44986 for 1 March 2023) is named as
that date on an x of dates, by both, and by phase/exclude's error.

The expected dates are worked out by hand from the Unix epoch, which is Excel serial 25569
(1970-01-01): 44986 − 25569 = 19417 days; 1970-01-01 + 53 years (13 of them leap: 1972 ...
2020) is 53 × 365 + 13 = 19358 days to 2023-01-01, and 59 more (31 in January, 28 in
February) is 2023-03-01. 45000 is 14 days later: 2023-03-15."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, BaselineWarning, DateWarning

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")
# a step of 2 after 12 months, with a wobble of 0.3, −0.2, 0.1, −0.3 (sum −0.1 each 4)
VALUE = np.r_[np.full(12, 7.0), np.full(12, 9.0)] + np.tile([0.3, -0.2, 0.1, -0.3], 6)


def los() -> pd.DataFrame:
    return pd.DataFrame({"measure": "los", "month": MONTHS, "value": VALUE})


def board(data: pd.DataFrame, freeze, **kw) -> pd.DataFrame:
    measures = pd.DataFrame({"measure": ["los"], "freeze": [freeze]})
    return qi.board(data, measures, x="month", y="value", **kw).table()


def test_board_warns_for_an_excel_date_freeze_naming_the_measure_and_the_date():
    with pytest.warns(BaselineWarning) as seen:
        t = board(los(), 44986.0)
    assert len(seen) == 1
    assert str(seen[0].message) == (
        "measures: 'freeze' of measure 'los' is 44986: 1 of its 1 series has fewer points "
        "than that (measure='los'); it is its own baseline (all its points), as "
        "qi.spc(freeze=k) makes it. x (month) holds dates: did you mean 2023-03-01 (Excel "
        "serial date 44986)? Then write the date in its 'freeze' cell (a date, or ISO text "
        "such as '2023-03-01')."
    )
    # every point is baseline: 12 × 7 + 12 × 9 − 0.6 over 24 points
    assert t["cl"].iloc[0] == pytest.approx((84 + 108 - 0.6) / 24)


def test_board_names_only_the_short_series_of_a_measure_and_no_date_for_a_small_count():
    data = pd.concat(
        [
            los().assign(site="North"),
            pd.DataFrame(
                {
                    "measure": "los",
                    "month": pd.date_range("2020-04-01", periods=48, freq="MS"),
                    "value": np.tile(VALUE, 2),
                    "site": "South",
                }
            ),
        ]
    )
    with pytest.warns(BaselineWarning) as seen:
        board(data, 40, by="site")
    assert [str(w.message) for w in seen] == [
        "measures: 'freeze' of measure 'los' is 40: 1 of its 2 series has fewer points than "
        "that (measure='los', site='North'); it is its own baseline (all its "
        "points), as qi.spc(freeze=k) makes it."
    ]


def test_board_freeze_the_series_has_gives_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = board(los(), 12)
    assert t["cl"].iloc[0] == pytest.approx((84 - 0.3) / 12)  # the first 12 points


@pytest.mark.parametrize("freeze", [44986.0, 44986, np.int64(44986)])
def test_spc_names_the_excel_date_in_its_baseline_warning(freeze):
    with pytest.warns(BaselineWarning) as seen:
        qi.spc(los(), y="value", x="month", chart="xmr", freeze=freeze)
    text = str(seen[0].message)
    assert text.startswith(f"freeze={freeze}: 1 of 1 series has fewer than the 44986")
    assert text.endswith(
        "x (month) holds dates: did you mean 2023-03-01 (Excel serial date 44986)? Then "
        "write freeze='2023-03-01'."
    )


@pytest.mark.parametrize("freeze", [40, 19999, 80001])
def test_spc_gives_no_date_for_numbers_outside_the_excel_range(freeze):
    with pytest.warns(BaselineWarning) as seen:
        qi.spc(los(), y="value", x="month", chart="xmr", freeze=freeze)
    assert "Excel" not in str(seen[0].message)


def test_no_date_is_named_on_an_x_of_numbers():
    data = los().assign(month=np.arange(1, 25))
    with pytest.warns(BaselineWarning) as seen:
        qi.spc(data, y="value", x="month", chart="xmr", freeze=44986)
    assert "Excel" not in str(seen[0].message)


def test_a_count_every_series_has_that_is_a_date_within_the_data_warns():
    # 46,000 days from 1900-01-01 reach 2025-12: 2023-03-15 (Excel 45000) is among them
    days = pd.date_range("1900-01-01", periods=46_000, freq="D")
    data = pd.DataFrame({"day": days, "y": np.arange(46_000) % 5 + 10.0})
    with pytest.warns(DateWarning) as seen:
        qi.spc(data, y="y", x="day", chart="xmr", freeze=45000)
    assert [str(w.message) for w in seen] == [
        "freeze=45000: read as a number of baseline points (45000), but it is also an Excel "
        "serial date within the data's dates. x (day) holds dates: did you mean 2023-03-15 "
        "(Excel serial date 45000)? Then write freeze='2023-03-15'."
    ]
    # the same count on the same number of days from 1800 (to 1925): no warning
    earlier = data.assign(day=pd.date_range("1800-01-01", periods=46_000, freq="D"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(earlier, y="y", x="day", chart="xmr", freeze=45000)


@pytest.mark.parametrize("arg", ["phase", "exclude"])
def test_phase_and_exclude_numbers_on_dates_name_the_excel_date(arg):
    with pytest.raises(ArgumentError) as err:
        qi.spc(los(), y="value", x="month", chart="xmr", **{arg: [44986]})
    assert str(err.value).endswith(
        f"Did you mean 2023-03-01 (Excel serial date 44986)? Then write {arg}='2023-03-01'."
    )


def test_board_count_every_series_has_that_is_a_date_within_the_data_warns():
    days = pd.date_range("1900-01-01", periods=46_000, freq="D")
    data = pd.DataFrame({"measure": "beds", "day": days, "y": np.arange(46_000) % 5 + 10.0})
    measures = pd.DataFrame({"measure": ["beds"], "freeze": [45000]})
    with pytest.warns(DateWarning) as seen:
        qi.board(data, measures, x="day", y="y")
    assert [str(w.message) for w in seen] == [
        "measures: 'freeze' of measure 'beds' is 45000: read as a number of baseline points "
        "(45000), but it is also an Excel serial date within the data's dates. x (day) holds "
        "dates: did you mean 2023-03-15 (Excel serial date 45000)? Then write the date in its "
        "'freeze' cell (a date, or ISO text such as '2023-03-15')."
    ]
