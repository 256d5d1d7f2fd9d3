"""Session 18 audit B: weekly and daily charts ticked days with a leading zero ("02 Oct
2023", "01 Jan 2024") beside a board table, reasons and "latest" notes that write "w/c 2 Oct
2023" and "1 Mar 2024". Our own formats now drop it; a ``date_format`` given is kept as
written. Expected labels written by hand from the calendar."""

import re

import matplotlib
import numpy as np
import pandas as pd

import qistats as qi

matplotlib.use("Agg")


def _labels(fig, i=0):
    fig.draw_without_rendering()
    return [t.get_text() for t in fig.get_axes()[i].get_xticklabels() if t.get_text()]


def test_weekly_ticks_write_the_day_without_a_leading_zero():
    # 20 Mondays from 2 Oct 2023: 2, 9, 16, 23, 30 Oct, 6 Nov, …
    weeks = pd.date_range("2023-10-02", periods=20, freq="W-MON")
    res = qi.spc(pd.DataFrame({"w": weeks, "y": np.arange(20.0) % 5}), y="y", x="w", chart="i")
    labels = _labels(res.plot())
    # every 4th Monday (9 in wide panels is more than fit): 2 Oct, 30 Oct, 27 Nov, 25 Dec,
    # 22 Jan, the first of 2024 with its year
    assert labels == ["2 Oct 2023", "30 Oct", "27 Nov", "25 Dec", "22 Jan 2024"], labels
    assert all(re.fullmatch(r"[1-9]\d? [A-Z][a-z]{2}( \d{4})?", t) for t in labels), labels


def test_daily_ticks_and_a_board_panel_of_weeks_read_as_the_table():
    days = pd.date_range("2024-03-03", periods=40, freq="D")
    res = qi.spc(pd.DataFrame({"d": days, "y": np.arange(40.0) % 7}), y="y", x="d", chart="i")
    labels = _labels(res.plot())
    # weekly from Sunday 3 March 2024
    assert labels == ["3 Mar 2024", "10 Mar", "17 Mar", "24 Mar", "31 Mar", "7 Apr"], labels
    weeks = pd.date_range("2023-10-02", periods=26, freq="W-MON")
    data = pd.DataFrame({"measure": "wait", "x": weeks, "value": np.arange(26.0) % 4 + 3})
    board = qi.board(data, pd.DataFrame({"measure": ["wait"]}), x="x", y="value")
    assert board.to_html().count("w/c 25 Mar 2024") == 1  # the table's latest week
    panel = _labels(board.plot())
    assert panel[0] == "2 Oct 2023" and not [t for t in panel if t.startswith("0")], panel


def test_a_date_format_given_is_kept_as_written():
    weeks = pd.date_range("2024-01-01", periods=20, freq="W-MON")
    res = qi.spc(pd.DataFrame({"w": weeks, "y": np.arange(20.0)}), y="y", x="w", chart="i")
    assert _labels(res.plot(date_format="%d %b"))[0] == "01 Jan"
