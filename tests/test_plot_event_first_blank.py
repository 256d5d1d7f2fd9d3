"""A G or T chart's first event has no gap since one before it: its blank is no missing period,
so it is not crossed "no value" nor named in the legend; a blank later in the series (a gap
not recorded) still is."""

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")


def _crosses(fig) -> int:
    return sum(
        len(line.get_xdata())
        for ax in fig.axes
        for line in ax.get_lines()
        if line.get_marker() == "x"
    )


def _legend(fig) -> list[str]:
    legends = list(fig.legends) + [a.get_legend() for a in fig.axes if a.get_legend()]
    return [t.get_text() for lg in legends for t in lg.get_texts()]


@pytest.fixture
def events() -> pd.DataFrame:
    ev = qi.datasets.incidents()
    assert np.isnan(ev["days_since"].iloc[0]) and ev["days_since"].iloc[1:].notna().all()
    return ev


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_the_first_events_blank_is_not_crossed(events, style):
    fig = qi.spc(events, y="days_since", x="date", chart="t").plot(style=style)
    assert _crosses(fig) == 0
    assert "no value" not in _legend(fig)
    data = events.assign(measure="days_between", ward="A").rename(columns={"days_since": "value"})
    measures = pd.DataFrame({"measure": ["days_between"], "improvement": ["increase"]})
    measures["chart"] = "t"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.errors.QIStatsWarning)
        board = qi.board(data, measures, x="date", y="value", by="ward", as_of="2025-12-31")
    fig = board.plot(style=style)
    assert _crosses(fig) == 0
    assert "no value" not in _legend(fig)


def test_a_blank_later_in_an_event_series_is_still_crossed(events):
    later = events.copy()
    later.loc[10, "days_since"] = np.nan  # a gap not recorded
    fig = qi.spc(later, y="days_since", x="date", chart="t").plot()
    assert _crosses(fig) == 1
    assert "no value" in _legend(fig)
