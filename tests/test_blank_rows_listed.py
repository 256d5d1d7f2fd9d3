"""A blank (NaN) row and an absent row (trial 17 F2): the centre line and runs skip a blank row,
but moving ranges and ``freeze=k`` count listed rows, as qicharts2 does (its fixtures with NA
values, tests/reference, pin the numbers). docs/missing.rst says exactly that now, and when
blank rows inside a ``freeze=k`` baseline make it short, qi.spc's ShortPhaseWarning and the
board's BaselineWarning say so and what to write instead.

Every expected value below is worked out by hand in the comments."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.errors import BaselineWarning, ShortPhaseWarning

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


def test_a_blank_row_breaks_the_moving_range_an_absent_row_is_spanned():
    # y = 10, 12, blank, 20, 18: centre 60 / 4 = 15 either way.
    # listed blank: ranges |12 − 10| = 2 and |18 − 20| = 2 (those into and out of the blank are
    # not computed), mean 2, so the UCL is 15 + 2.66 × 2 = 20.32 (qicharts2: NA ranges dropped)
    # absent: ranges 2, |20 − 12| = 8, 2, mean 4, so the UCL is 15 + 2.66 × 4 = 25.64
    d = pd.DataFrame({"m": MONTHS[:5], "y": [10, 12, np.nan, 20, 18]})
    kw = dict(y="y", x="m", chart="xmr", screen_mr=False, rules="anhoej")
    blank = qi.spc(d, **kw).summary()
    absent = qi.spc(d.dropna(), **kw).summary()
    assert blank["cl"].iloc[0] == pytest.approx(15) == absent["cl"].iloc[0]
    assert blank["ucl"].iloc[0] == pytest.approx(20.32)
    assert absent["ucl"].iloc[0] == pytest.approx(25.64)


def test_an_excluded_point_is_spanned_as_an_absent_row_is():
    # 10, 12, 30 (excluded), 18: ranges 2 and |18 − 12| = 6 (across it), mean 4; centre 40 / 3
    d = pd.DataFrame({"m": MONTHS[:4], "y": [10, 12, 30, 18]})
    s = qi.spc(
        d, y="y", x="m", chart="xmr", screen_mr=False, rules="anhoej", exclude=["2022-06-01"]
    ).summary()
    assert s["cl"].iloc[0] == pytest.approx(40 / 3)
    assert s["ucl"].iloc[0] == pytest.approx(40 / 3 + 2.66 * 4)


def series() -> pd.DataFrame:
    # 24 months of 20 ± 1 alternating; the 11th month (2023-02-01) is blank
    y = 20 + np.tile([1.0, -1.0], 12)
    y[10] = np.nan
    return pd.DataFrame({"m": MONTHS, "y": y})


def test_freeze_counts_blank_rows_and_the_warning_says_what_to_write():
    with pytest.warns(ShortPhaseWarning) as seen:
        s = qi.spc(series(), y="y", x="m", chart="xmr", freeze=12).summary()
    # rows 1..12 (Apr 2022 to Mar 2023) hold 11 values: short (a freeze baseline needs 12)
    assert bool(s["short_phase"].iloc[0])
    text = str(seen[0].message)
    assert "(the first: the series, phase 1, 11 points in its baseline)" in text
    # the 12th observed month is row 13, April 2023
    assert text.endswith(
        " freeze=12 counts listed rows, as qicharts2's freeze does, blank and excluded ones "
        "included, so those shorten the baseline: in the series, phase 1, 1 of the 12 rows of "
        "its baseline is blank (m=2023-02-01). For a baseline of 12 observed points, write "
        "freeze='2023-04-01' (the date of its 12th observed point) or freeze=13."
    )


@pytest.mark.parametrize("freeze", [13, "2023-04-01"])
def test_the_advised_freeze_gives_twelve_observed_points(freeze):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = qi.spc(series(), y="y", x="m", chart="xmr", freeze=freeze).summary()
    assert not bool(s["short_phase"].iloc[0])
    # rows 1..13 but the 11th (blank): odd rows are 21, even 19, so six of each: mean 20
    assert s["cl"].iloc[0] == pytest.approx(20)


def test_blank_and_excluded_rows_are_both_named():
    with pytest.warns(ShortPhaseWarning) as seen:
        qi.spc(series(), y="y", x="m", chart="xmr", freeze=12, exclude=["2022-06-01"])
    # rows 1..12 lose the blank Feb 2023 and the excluded Jun 2022: 10 points; the 12th
    # observed, included point is row 14, May 2023
    assert str(seen[0].message).endswith(
        "in the series, phase 1, 1 of the 12 rows of its baseline is blank (m=2023-02-01) and "
        "1 is excluded. For a baseline of 12 observed points, write freeze='2023-05-01' (the "
        "date of its 12th observed point) or freeze=14."
    )


def test_no_note_when_the_baseline_is_short_whatever_the_blanks():
    # freeze=5 is short with or without the blank: the note is not given
    with pytest.warns(ShortPhaseWarning) as seen:
        qi.spc(series(), y="y", x="m", chart="xmr", freeze=5)
    assert "counts listed rows" not in str(seen[0].message)


def test_with_phases_only_a_count_is_advised():
    # phase 2 from Oct 2023 (6 rows, all baseline, short whatever the blanks); phase 1 has 18
    # rows, its first 12 with the blank: a freeze date would also end phase 2's baseline
    # (a phase starting after it is all baseline), so only a count is advised
    with pytest.warns(ShortPhaseWarning) as seen:
        qi.spc(series(), y="y", x="m", chart="xmr", freeze=12, phase=["2023-10-01"])
    assert str(seen[0].message).endswith(
        "in the series, phase 1, 1 of the 12 rows of its baseline is blank (m=2023-02-01). "
        "For a baseline of 12 observed points, write freeze=13."
    )


def board_data() -> pd.DataFrame:
    north = series().rename(columns={"m": "month", "y": "value"}).assign(site="North")
    south = north.assign(site="South", value=20 + np.tile([1.0, -1.0], 12))
    return pd.concat([north, south]).assign(measure="los")


def test_board_says_a_blank_row_shortens_the_baseline_of_its_series():
    measures = pd.DataFrame(
        {"measure": ["los"], "freeze": [12], "improvement": ["decrease"], "target": [35]}
    )
    with pytest.warns(BaselineWarning) as seen:
        t = qi.board(board_data(), measures, x="month", y="value", by="site").table()
    assert [str(w.message) for w in seen] == [
        "measures: 'freeze' of measure 'los' is 12, a count of listed rows, blank ones "
        "included (as qi.spc's freeze and qicharts2's are): blank rows inside it give 1 of "
        "its series trial limits, so no assurance icon (measure='los', site='North'). In "
        "measure='los', site='North', phase 1, 1 of the 12 rows of its baseline is blank "
        "(month=2023-02-01). For a baseline of 12 observed points, write '2023-04-01' in its "
        "'freeze' cell (the date of its 12th observed point) or 13 there."
    ]
    # North: no assurance (trial limits); South: 12 observed points, 35 above its UCL: pass
    assert t.set_index("site")["assurance"].to_dict() == {"North": None, "South": "pass"}
