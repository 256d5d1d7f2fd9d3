"""Board.plot(series=...): one group's panels of a board of many (new-user trial 19: a trust's
page of the A&E board had to be made by filtering the data and building a second board).
Checked on what is drawn: the panels' titles and the values of the points plotted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def panels(fig):
    return [a for a in fig.axes if a.get_visible() and a.get_gid() is None and a.lines]


def _values(ax):
    """The y values of the panel's longest line (the data line)."""
    line = max(ax.lines, key=lambda ln: np.isfinite(np.asarray(ln.get_ydata(), float)).sum())
    return np.asarray(line.get_ydata(), dtype=float)


@pytest.fixture(scope="module")
def board():
    ae = qi.datasets.ae_attendances()
    data = pd.concat(
        [
            ae.assign(measure="breaches", value=ae.breaches, n=np.nan),
            ae.assign(measure="admissions", value=ae.admissions, n=np.nan),
        ]
    )[["measure", "org_code", "month", "value", "n"]]
    measures = pd.DataFrame(
        {"measure": ["breaches", "admissions"], "improvement": ["decrease", "neutral"]}
    )
    return ae, qi.board(data, measures, x="month", y="value", by="org_code")


def test_one_trust_gets_its_own_page(board):
    ae, report = board
    fig = report.plot(series="RAS")
    axes = panels(fig)
    assert [a.get_title(loc="left") for a in axes] == ["breaches\nRAS", "admissions\nRAS"]
    ras = ae[ae.org_code == "RAS"].sort_values("month")
    drawn = _values(axes[0])
    np.testing.assert_array_equal(np.sort(drawn[np.isfinite(drawn)]), np.sort(ras.breaches))


def test_several_trusts_of_one_measure(board):
    _, report = board
    fig = report.plot(measure="breaches", series=["RJZ", "RAS"])
    # in the board's order, whatever the order asked
    assert [a.get_title(loc="left") for a in panels(fig)] == ["RAS", "RJZ"]
    assert [t.get_text() for t in fig.texts if t.get_gid() == "title"] == ["breaches"]


def test_an_unknown_group_is_named_with_its_spelling(board):
    _, report = board
    with pytest.raises(qi.ArgumentError, match=r"series='ras': no such series; did you mean 'RAS'"):
        report.plot(series="ras")
