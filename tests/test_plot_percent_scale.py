"""``plot(percent=True)`` on fractions and on a column already in per cent: both ticked as the
percentages they are (trial 12 D2: an extract's 92-100 was ticked "9,000%"-"10,500%")."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

MONTHS = pd.date_range("2021-01-01", periods=36, freq="MS")
#: Seen within 4 hours, in per cent as NHS extracts give it: 92 to 100.
PER_CENT = np.tile([97.0, 94, 99, 94, 98, 97, 95, 98, 97, 100, 96, 92], 3)


def _ticks(fig) -> list[str]:
    (ax,) = [a for a in fig.axes if a.get_visible()]
    fig.canvas.draw()
    lo, hi = ax.get_ylim()
    return [t.get_text() for t in ax.get_yticklabels() if lo <= t.get_position()[1] <= hi]


def _percent(text: str) -> float:
    assert text.endswith("%"), text
    return float(text[:-1].replace(",", ""))


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_column_already_in_per_cent_is_shown_as_it_is(style):
    df = pd.DataFrame({"month": MONTHS, "pct_seen_4h": PER_CENT})
    res = qi.spc(df, y="pct_seen_4h", x="month", chart="xmr", improvement="increase", target=95)
    fig = res.plot(style=style, percent=True)
    ticks = [_percent(t) for t in _ticks(fig)]
    # the data run 92 to 100 %: ticks about them, none past 100 %
    assert min(ticks) >= 85 and max(ticks) == 100, ticks
    if style == "qicharts2":  # the lines' labels: the target 95 is "95%", not "9,500%"
        (ax,) = [a for a in fig.axes if a.get_visible()]
        labels = {t.get_text() for t in ax.texts if t.get_gid() == "label_target"}
        assert labels == {"95%"}
    # the same values as fractions give the same axis
    frac = pd.DataFrame({"month": MONTHS, "seen": PER_CENT / 100})
    res = qi.spc(frac, y="seen", x="month", chart="xmr", improvement="increase", target=0.95)
    assert [_percent(t) for t in _ticks(res.plot(style=style, percent=True))] == ticks


def test_fractions_and_ratios_above_1_stay_fractions():
    # bed occupancy as a ratio, 0.8 to 1.2: 1.2 is 120 %, not 1.2 %
    df = pd.DataFrame({"month": MONTHS, "occupancy": np.tile([0.8, 1.0, 1.2, 0.9], 9)})
    res = qi.spc(df, y="occupancy", x="month", chart="xmr")
    ticks = [_percent(t) for t in _ticks(res.plot(percent=True))]
    assert min(ticks) <= 80 and max(ticks) >= 120, ticks
    # without percent=True a per-cent column is plain numbers, as before
    df = pd.DataFrame({"month": MONTHS, "pct_seen_4h": PER_CENT})
    ticks = _ticks(qi.spc(df, y="pct_seen_4h", x="month", chart="xmr").plot())
    assert not any(t.endswith("%") for t in ticks) and "100" in ticks
