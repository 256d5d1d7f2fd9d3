"""A measures table kept in CSV reads back as written (session 17, finding 5): a ``freeze``
column mixing counts and dates, ``uses_n``/``screen_mr`` as 1/0, ``improvement`` with spaces."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import DataError

# 2022: 0 1 2 3 4 5 6 0 1 2 3 4 (sum 31); 2023: 5 6 0 1 2 3 4 5 6 0 1 2, + 5 each (sum 95)
Y = np.arange(24.0) % 7 + np.r_[np.zeros(12), np.full(12, 5.0)]
MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": np.repeat(["count", "dated", "none"], 24),
            "month": np.tile(MONTHS, 3),
            "y": np.tile(Y, 3),
        }
    )


MEASURES = pd.DataFrame(
    {
        "measure": ["count", "dated", "none"],
        "improvement": ["decrease", "increase", "neutral"],
        "freeze": [12.0, pd.Timestamp("2022-06-01"), None],
    }
)


def _cl(measures: pd.DataFrame) -> list[float]:
    return qi.board(data(), measures, x="month", y="y").table()["cl"].tolist()


def test_a_mixed_freeze_column_survives_a_csv_round_trip(tmp_path):
    # by hand: 12 points of 2022, mean 31/12; up to June 2022, 0..5, mean 15/6; all 24 points,
    # (31 + 95)/24
    expected = [31 / 12, 15 / 6, (31 + 95) / 24]
    assert _cl(MEASURES) == pytest.approx(expected)
    path = tmp_path / "measures.csv"
    MEASURES.to_csv(path, index=False)
    back = pd.read_csv(path)
    assert back["freeze"].tolist()[:2] == [
        "12.0",
        "2022-06-01 00:00:00",
    ]  # text, as the trial found
    assert _cl(back) == pytest.approx(expected)
    before = qi.board(data(), MEASURES, x="month", y="y").table()
    after = qi.board(data(), back, x="month", y="y").table()
    pd.testing.assert_frame_equal(after, before)


@pytest.mark.parametrize("text", ["12", "12.0", " 12 ", "+12"])
def test_whole_number_text_is_a_count(text):
    measures = MEASURES.assign(freeze=[text, "2022-06-01", None])
    assert _cl(measures) == pytest.approx([31 / 12, 15 / 6, (31 + 95) / 24])


def test_bad_freeze_text_gets_advice_for_one_cell_not_the_column():
    measures = MEASURES.assign(freeze=["12%", "2022-06-01", None])
    with pytest.raises(DataError) as err:
        _cl(measures)
    said = str(err.value)
    assert said.startswith("measures: 'freeze' of measure 'count' is '12%' (text); expected")
    assert (
        "Write the number of baseline points alone (12, or the text '12' or '12.0' as a CSV "
        "keeps it) or the baseline's last date as ISO text ('2023-03-01'); one column may hold "
        "both."
    ) in said
    assert "pd.to_numeric" not in said  # it fails on the date rows
    with pytest.raises(DataError, match=r"'freeze' of measure 'count' is 12.5; expected a whole"):
        _cl(MEASURES.assign(freeze=["12.5", None, None]))


def test_an_ambiguous_day_month_text_freeze_is_still_refused():
    with pytest.raises(qi.ArgumentError, match=r"could be 1 June 2022 \('2022-06-01'\) or 6"):
        _cl(MEASURES.assign(freeze=[None, "01/06/2022", None]))


def test_flags_as_1_and_0_are_true_and_false(tmp_path):
    flags = MEASURES.assign(uses_n=[False, False, None], screen_mr=[True, False, None])
    numbers = MEASURES.assign(uses_n=[0, 0, None], screen_mr=[1, 0, None])  # 1.0/0.0/NaN
    assert numbers["screen_mr"].dtype == float
    want = qi.board(data(), flags, x="month", y="y").table()
    got = qi.board(data(), numbers, x="month", y="y").table()
    pd.testing.assert_frame_equal(got[["cl", "lcl", "ucl"]], want[["cl", "lcl", "ucl"]])
    # screened (count): the 6 among ten 1s is dropped, UCL = 31/12 + 2.66 × 1
    assert got["ucl"].iloc[0] == pytest.approx(31 / 12 + 2.66)
    # unscreened (dated): moving ranges 1 1 1 1 1 over June, UCL = 2.5 + 2.66 × 1
    assert got["ucl"].iloc[1] == pytest.approx(2.5 + 2.66)
    path = tmp_path / "m.csv"
    numbers.to_csv(path, index=False)
    back = qi.board(data(), pd.read_csv(path), x="month", y="y").table()
    pd.testing.assert_frame_equal(back[["cl", "lcl", "ucl"]], want[["cl", "lcl", "ucl"]])


def test_improvement_with_spaces_around_it():
    spaced = MEASURES.assign(improvement=["Decrease  ", " INCREASE", "neutral "])
    got = qi.board(data(), spaced, x="month", y="y").table()
    want = qi.board(data(), MEASURES, x="month", y="y").table()
    pd.testing.assert_series_equal(got["variation"], want["variation"])
    with pytest.raises(DataError, match=r"'improvement' of measure 'count' is 'decreese'"):
        qi.board(data(), MEASURES.assign(improvement=["decreese", None, None]), x="month", y="y")
