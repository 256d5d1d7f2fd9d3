"""Percentages: process limits drawn within 0 and 100 % (the tables keep them as computed),
and the y axis stops at 100 % (trial 12 D4), on SPC plots and board panels, in both styles."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
#: Harm-free care about 98.7 %: mean 98.675, mean moving range 1.6, so by hand the XmR
#: upper limit is 98.675 + 2.66 × 1.6 (about 102.9 %), which no month can reach.
NEAR_100 = np.tile([98.0, 99.6, 97.8, 99.4, 98.2, 99.8, 97.6, 99.0], 3)
#: Falls with harm about 1 %: the lower limit by hand is below 0.
NEAR_0 = np.tile([1.2, 0.3, 2.0, 0.5, 1.6, 0.2, 1.1, 0.7], 3)


def _xmr_limits(v: np.ndarray) -> tuple[float, float]:
    """XmR limits by hand: mean ± 2.66 × mean moving range."""
    mr = np.abs(np.diff(v)).mean()
    return v.mean() - 2.66 * mr, v.mean() + 2.66 * mr


def _drawn_limits(ax) -> np.ndarray:
    """y of the drawn limits: the MDC style's dashed lines, the qicharts2 style's band."""
    ys = [np.asarray(ln.get_ydata(), dtype=float) for ln in ax.lines if ln.get_gid() == "limits"]
    ys += [p.get_path().vertices[:, 1] for p in ax.patches if p.get_gid() == "limits"]
    ys = np.concatenate(ys)
    return ys[np.isfinite(ys)]


def _panel(fig):
    (ax,) = [a for a in fig.axes if a.get_visible()]
    return ax


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
@pytest.mark.parametrize("scale", [1.0, 100.0])
def test_spc_percent_limits_are_drawn_within_0_and_100_percent(style, scale):
    for values in (NEAR_100, NEAR_0):
        lcl, ucl = _xmr_limits(values)
        assert ucl > 100 or lcl < 0  # the case: a limit no percentage can reach
        # fractions, shown as they are (0.987) or multiplied to per cent (98.7)
        df = pd.DataFrame({"month": MONTHS, "v": values / 100})
        res = qi.spc(df, y="v", x="month", chart="xmr", multiply=scale)
        # the table keeps the limits as computed
        got = res.summary().iloc[0]
        assert got["ucl"] == pytest.approx(ucl / 100 * scale)
        assert got["lcl"] == pytest.approx(lcl / 100 * scale)
        ax = _panel(res.plot(style=style, percent=True))
        drawn = _drawn_limits(ax)
        assert drawn.min() >= 0 and drawn.max() <= scale
        lo, hi = ax.get_ylim()
        assert hi <= scale, f"the axis runs to {hi / scale:.1%}"
        if values is NEAR_100:
            assert drawn.max() == scale  # drawn at 100 %, not left out
        else:
            assert drawn.min() == 0 and lo >= -0.05 * hi  # no negative percentages
        labels = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label_")]
        assert not [t for t in labels if float(t.rstrip("%").replace(",", "")) > 100], labels
    # not known to be a percentage: the limits are drawn as computed
    df = pd.DataFrame({"month": MONTHS, "v": NEAR_100})
    ax = _panel(qi.spc(df, y="v", x="month", chart="xmr").plot(style=style))
    assert _drawn_limits(ax).max() == pytest.approx(_xmr_limits(NEAR_100)[1])


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_board_percent_limits_are_drawn_within_100_percent(style):
    # the audit's case: a board measure in % (unit "%", values 0 to 100), the default XmR chart
    data = pd.DataFrame({"measure": "harm_free", "month": MONTHS, "v": NEAR_100})
    measures = pd.DataFrame(
        {"measure": ["harm_free"], "name": ["Harm-free care"], "unit": ["%"],
         "improvement": ["increase"], "target": [95]}
    )  # fmt: skip
    report = qi.board(data, measures, x="month", y="v")
    assert report.table()["ucl"].iloc[0] == pytest.approx(_xmr_limits(NEAR_100)[1])
    ax = _panel(report.plot(style=style))
    assert _drawn_limits(ax).max() == 100.0
    assert ax.get_ylim()[1] <= 100.0
    ax.figure.canvas.draw()
    lo, hi = ax.get_ylim()
    ticks = [t.get_text() for t in ax.get_yticklabels() if lo <= t.get_position()[1] <= hi]
    assert ticks[-1] == "100%" and all(t.endswith("%") for t in ticks)


#: Bed occupancy above 100 % some months (escalation beds): 94 to 103 %.
OCCUPANCY = np.tile([97.0, 101.5, 95.0, 102.8, 96.4, 100.6, 94.2, 99.1], 3)


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_board_percent_limits_above_100_are_drawn_where_values_go(style):
    # a percentage whose values pass 100 % (trial 14 F5): its upper limit (by hand, about
    # 105 %) is drawn as computed, not at 100 % beneath the points above 100 %
    lcl, ucl = _xmr_limits(OCCUPANCY)
    assert ucl > 104
    df = pd.DataFrame({"measure": "occ", "month": MONTHS, "value": OCCUPANCY})
    measures = pd.DataFrame({"measure": ["occ"], "unit": ["%"], "improvement": ["decrease"]})
    fig = qi.board(df, measures, x="month", y="value").plot(style=style)
    drawn = _drawn_limits(_panel(fig))
    assert drawn.max() == pytest.approx(ucl)
    assert drawn.min() == pytest.approx(lcl)
