"""``qi.board``'s measures table: ``freeze`` as a date (a Timestamp, a date, ISO text) ends
the baseline at that x, as ``qi.spc(freeze=<date>)`` does; a Timestamp was read as a number of
points (its nanoseconds: no freeze at all) and text was refused."""

import datetime

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import ArgumentError, BaselineWarning, DataError, DateWarning

# 2022: 0 1 2 3 4 5 6 0 1 2 3 4 (sum 31); 2023: 5 6 0 1 2 3 4 5 6 0 1 2, + 5 each (sum 95)
Y = np.arange(24.0) % 7 + np.r_[np.zeros(12), np.full(12, 5.0)]


def data() -> pd.DataFrame:
    return pd.DataFrame(
        {"month": pd.date_range("2022-01-01", periods=24, freq="MS"), "y": Y, "measure": "m"}
    )


def board(**setting) -> pd.DataFrame:
    measures = pd.DataFrame({"measure": ["m"], **{k: [v] for k, v in setting.items()}})
    return qi.board(data(), measures, x="month", y="y").table()


@pytest.mark.parametrize(
    "freeze",
    ["2022-12-01", pd.Timestamp("2022-12-01"), datetime.date(2022, 12, 1), 12],
)
def test_a_freeze_date_ends_the_baseline_at_that_x(freeze):
    t = board(freeze=freeze)
    # by hand: the 12 points of 2022 average 31 / 12; their moving ranges are ten 1s and a 6,
    # which the MDC screen drops (6 > 3.267 × 16/11), so the UCL is the mean + 2.66 × 1
    assert t["cl"].iloc[0] == pytest.approx(31 / 12)
    assert t["ucl"].iloc[0] == pytest.approx(31 / 12 + 2.66)


def test_a_date_between_two_months_warns_as_qi_spc_does():
    with pytest.warns(DateWarning, match=r"freeze='2022-12-15' falls between the x values"):
        t = board(freeze="2022-12-15")
    assert t["cl"].iloc[0] == pytest.approx(31 / 12)


def test_the_board_reads_a_freeze_date_as_qi_spc_does():
    s = qi.spc(data(), y="y", x="month", chart="xmr", freeze="2022-12-01").summary()
    t = board(freeze="2022-12-01")
    assert t["cl"].iloc[0] == pytest.approx(s["cl"].iloc[0])
    assert t["ucl"].iloc[0] == pytest.approx(s["ucl"].iloc[0])


def test_a_phase_starting_after_the_freeze_date_is_its_own_baseline():
    t = board(freeze="2022-06-01", rebase="2023-01-01")
    assert t["cl"].iloc[0] == pytest.approx(95 / 12)  # the 2023 phase: all 12 points, by hand


def test_an_ambiguous_uk_date_is_refused_naming_the_measure_and_both_readings():
    with pytest.raises(ArgumentError) as err:
        board(freeze="01/10/2022")
    msg = str(err.value)
    assert msg.startswith("measures: 'freeze' of measure 'm': freeze='01/10/2022'")
    assert "1 October 2022 ('2022-10-01') or 10 January 2022 ('2022-01-10')" in msg


def test_a_whole_number_typed_as_text_is_that_many_points():
    # session 17 F5 (it was refused): a CSV round trip of a column mixing counts and dates
    for text in ("12", "12.0", " 12 "):
        t = board(freeze=text)
        assert t["cl"].iloc[0] == pytest.approx(31 / 12)
    with pytest.raises(DataError, match=r"'freeze' of measure 'm' is '12%' \(text\)"):
        board(freeze="12%")


def test_a_date_after_the_data_says_so_and_a_missing_date_is_no_freeze():
    with pytest.warns(
        BaselineWarning, match=r"'freeze' \(a date\).*no point after it.*measure='m'"
    ):
        t = board(freeze="2030-01-01")
    assert t["cl"].iloc[0] == pytest.approx((31 + 95) / 24)
    measures = pd.DataFrame({"measure": ["m"], "freeze": pd.to_datetime([None])})
    t = qi.board(data(), measures, x="month", y="y").table()
    assert t["cl"].iloc[0] == pytest.approx((31 + 95) / 24)
