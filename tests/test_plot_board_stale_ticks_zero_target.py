"""board.plot() as a board member reads it: a stale measure says so on its panel, weekly and
monthly panels name their ticks alike, and a target of 0 hides neither the points at 0 nor the
lower limit."""

import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

MONTHS = pd.date_range("2022-01-01", "2024-03-01", freq="MS")
WEEKS = pd.date_range("2023-04-03", "2024-03-25", freq="W-MON")


def _report():
    rng = np.random.default_rng(7)
    frames = [
        pd.DataFrame({"measure": "sickness", "month": MONTHS, "value": rng.normal(5, 0.3, 27)}),
        # no figure for the report's month (March 2024): stale
        pd.DataFrame({"measure": "vacancy", "month": MONTHS[:-1], "value": rng.normal(8, 0.3, 26)}),
        pd.DataFrame({"measure": "mrsa", "month": MONTHS, "value": rng.poisson(0.2, 27) * 1.0}),
        pd.DataFrame({"measure": "handover", "month": WEEKS, "value": rng.normal(38, 4, 52)}),
    ]
    measures = pd.DataFrame(
        {
            "measure": ["sickness", "vacancy", "mrsa", "handover"],
            "name": ["Staff sickness", "Vacancy rate", "MRSA bacteraemia", "Ambulance handover"],
            "unit": ["%", "%", "cases", "minutes"],
            "improvement": ["decrease"] * 4,
            "target": [4.5, 7, 0, 30],
            "chart": ["xmr", "xmr", "c", "xmr"],
        }
    )
    # MRSA at 0.2 a month on a C chart: counts of rare events, said and marked
    with pytest.warns(qi.RareEventsWarning, match="on 'c' charts: measure 'mrsa'"):
        return qi.board(pd.concat(frames), measures, x="month", y="value")


@pytest.fixture
def fig():
    return _report().plot()


def _panel(fig, name):
    return next(a for a in fig.axes if a.get_visible() and a.get_title("left").startswith(name))


def test_a_stale_measure_says_so_under_its_title(fig):
    table = _report().table()
    assert table.set_index("measure").stale.to_dict() == {
        "sickness": False,
        "vacancy": True,
        "mrsa": False,
        "handover": False,
    }
    assert _panel(fig, "Vacancy rate").get_title("left") == (
        "Vacancy rate (%)\nlatest: Feb 2024 (stale)"
    )
    for name in ("Staff sickness", "MRSA", "Ambulance"):
        assert "stale" not in _panel(fig, name).get_title("left")
    assert _panel(fig, "MRSA").get_title("left").endswith("\nrare events: icons likely noise")


def test_weekly_and_monthly_panels_name_their_ticks_alike(fig):
    fig.canvas.draw()
    month_name = re.compile(r"[A-Z][a-z]{2} \d{4}")
    for name in ("Staff sickness", "Ambulance handover"):
        ax = _panel(fig, name)
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert len(labels) >= 3, (name, labels)
        assert all(month_name.fullmatch(t) for t in labels), (name, labels)
    weekly = _panel(fig, "Ambulance handover")
    ticks = pd.to_datetime(matplotlib.dates.num2date(weekly.get_xticks())).tz_localize(None)
    assert (ticks.day == 1).all()  # month starts, not every k-th Monday


def test_a_target_of_zero_is_drawn_under_the_lower_limit_and_the_points(fig):
    ax = _panel(fig, "MRSA")
    by_gid = {line.get_gid(): line for line in ax.lines}
    target = by_gid["target"]
    assert np.nanmax(target.get_ydata()) == 0
    lcl = next(line for line in ax.lines if line.get_gid() == "limits")
    assert np.nanmax(lcl.get_ydata()) == 0  # the lower limit, also at 0
    for line in [lcl, *(by_gid[g] for g in ("values", "values_line", "cl"))]:
        assert line.get_zorder() > target.get_zorder(), line.get_gid()
    # and the points at 0 sit inside the panel, above its bottom edge
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    bottom = ax.get_window_extent(r).y0
    xy = by_gid["values"].get_transform().transform(by_gid["values"].get_xydata())
    assert xy[:, 1].min() > bottom + 2
