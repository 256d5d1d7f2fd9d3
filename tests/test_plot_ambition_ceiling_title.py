"""The title of an absolute target that the baselines drawn meet already: a ceiling (or floor)
to stay at, not "down to 12" (BOARDLOOK, session 24: wards at 3 per 1,000 under "at or below
12" were titled "Ambition: down to 12 from the baseline", a fall asked of them). Checked on the
figure's title and legend as drawn; which wards meet it is read off the data by hand (12
baseline months of 18 events over 6,000 bed days: 3 per 1,000; of 96: 16 per 1,000)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MONTHS = pd.date_range("2020-04-01", periods=48, freq="MS")
ARGS = dict(
    y="y",
    n="n",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    deadline="2024-03-01",
    as_of="2022-03-01",
    overdispersion=None,
)
TAIL = " from the baseline (Apr 2020–Mar 2021) by Mar 2024; verdicts as of Mar 2022"


def _rates():
    under = pd.DataFrame({"ward": "under", "month": MONTHS, "y": 18, "n": 6000.0})
    rose = under.assign(ward="rose", y=[18] * 12 + [66] * 36)
    high = under.assign(ward="high", y=[96] * 12 + [60] * 36)  # 16 per 1,000: above 12
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "asks for no improvement": not what is tested
        return qi.ambition(
            pd.concat([under, rose, high]), target=12, change=-0.5, multiply=1000, **ARGS
        )


def _title(fig):
    found = fig.findobj(lambda a: a.get_gid() == "title")
    return " ".join(" ".join(t.get_text() for t in found if hasattr(t, "get_text")).split())


def _legend(fig):
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def test_the_premises():
    s = _rates().summary().set_index("ward")
    assert s.baseline_value.to_dict() == pytest.approx({"under": 3, "rose": 3, "high": 16})
    assert (s.target_value == 12).all()


@pytest.mark.parametrize(
    ("series", "aim"),
    [
        (["under"], "stay at or below 12"),  # alone, under the ceiling
        (["under", "rose"], "stay at or below 12"),
        (["high"], "down to 12"),  # above it: a fall is asked
        (None, "at or below 12"),  # mixed: true of both
    ],
)
def test_a_ceiling_met_at_baseline_is_titled_as_one_to_stay_under(series, aim):
    fig = _rates().plot(series=series)
    assert _title(fig) == "Ambition: " + aim + TAIL
    legend = _legend(fig)
    assert "target" in legend
    # a trajectory only for the ward asked to fall (none is drawn for wards under the ceiling)
    assert ("trajectory" in legend) == (series is None or series == ["high"])
    plt.close(fig)


def test_the_overview_and_the_repr_say_the_same():
    amb = _rates()
    fig = amb.plot(view="overview", series=["under", "rose"])
    assert _title(fig).startswith("Ambition: stay at or below 12 from the baseline")
    plt.close(fig)
    assert repr(amb).startswith("Ambition: at or below 12 from the baseline")


def test_a_floor_in_percent_met_at_baseline():
    # 95 of 100 a month (95 %) under "at or above 90%": a floor it meets already
    d = pd.DataFrame({"ward": "A", "month": MONTHS, "y": 95, "n": 100.0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        amb = qi.ambition(d, kind="proportion", target=90, change=0.5, multiply=100, **ARGS)
    assert amb.summary().baseline_value.iloc[0] == pytest.approx(95.0)
    fig = amb.plot()
    assert _title(fig) == "Ambition: stay at or above 90%" + TAIL
    plt.close(fig)
    np.testing.assert_array_equal(amb.summary().target_value, [90.0])


def _oe_bands(fig):
    """The O/E bands drawn with some area (an empty fill is no band)."""
    return [
        c
        for c in fig.findobj(lambda a: a.get_gid() == "oe_band")
        if any(len(p.vertices) for p in c.get_paths())
    ]


def test_the_oe_legend_names_a_band_only_when_one_is_drawn():
    amb = _rates()
    # wards under the ceiling: no trajectory, so no ratio and no band; the line at 1 alone
    fig = amb.plot(series=["under", "rose"], oe=True)
    legend = _legend(fig)
    assert not _oe_bands(fig)
    assert not [t for t in legend if t.startswith("observed ÷ expected")], legend
    assert legend[-1].startswith("on the trajectory")
    plt.close(fig)
    # the ward asked to fall: its ratio and interval are drawn and named
    fig = amb.plot(series=["high"], oe=True)
    assert len(_oe_bands(fig)) == 1
    assert "observed ÷ expected events to date, with interval (lower panels)" in _legend(fig)
    plt.close(fig)
    # a ratio without its interval (bounds missing): the line is named, without "interval"
    per = amb.periods.copy()
    per[["oe_lower", "oe_upper"]] = np.nan
    amb.periods = per
    fig = amb.plot(series=["high"], oe=True)
    assert not _oe_bands(fig)
    legend = _legend(fig)
    assert "observed ÷ expected events to date (lower panels)" in legend
    assert not [t for t in legend if "with interval (lower" in t]
    plt.close(fig)
