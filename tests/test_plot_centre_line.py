"""The legend names the centre line for what it is: a median on run and g charts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")


# dates of events, as a G chart has them (monthly dates would be counts per month, which the
# G chart questions with a RareEventsWarning)
EVENT_DATES = pd.Timestamp("2022-01-01") + pd.to_timedelta(
    np.cumsum(np.random.default_rng(3).integers(5, 60, 24)), unit="D"
)


def _legend(fig):
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


@pytest.mark.parametrize(
    ("chart", "word", "centre"),
    [
        ("run", "median", np.median),
        ("g", "median", np.median),
        ("i", "mean", np.mean),
    ],
)
def test_centre_line_is_labelled_by_what_it_is(chart, word, centre):
    y = np.random.default_rng(1).poisson(30, 24).astype(float)
    data = pd.DataFrame({"m": EVENT_DATES, "y": y})
    res = qi.spc(data, y="y", x="m", chart=chart)
    assert res.points["cl"].iloc[0] == pytest.approx(centre(y))  # what the line is, by hand
    fig = res.plot()
    labels = _legend(fig)
    assert word in labels and ({"mean", "median"} - {word}).isdisjoint(labels)
    matplotlib.pyplot.close(fig)


def test_a_board_mixing_means_and_medians_says_so():
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rng = np.random.default_rng(2)
    data = pd.concat(
        [
            pd.DataFrame({"month": x, "y": rng.poisson(20, 24), "measure": m})
            for m, x in (("days between falls", EVENT_DATES), ("falls", months))
        ]
    )
    measures = pd.DataFrame({"measure": ["days between falls", "falls"], "chart": ["g", "c"]})
    fig = qi.board(data, measures, x="month", y="y").plot()
    assert "centre line (mean or median)" in _legend(fig)
    matplotlib.pyplot.close(fig)
