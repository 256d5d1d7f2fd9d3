"""Counts: a lower process limit below 0 is drawn at 0 and the y axis does not run into
negative territory no month can reach (board audit B2), on SPC plots and board panels, in
both styles; the tables keep the limits as computed (NHSRplotthedots' numbers)."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
#: Falls a month, about 3: mean 26 / 8 = 3.25; moving ranges 4, 3, 2, 1, 3, 5, 3 in each
#: block of 8 and 3 between blocks, so mean moving range (3 × 21 + 2 × 3) / 23 = 3 and by hand
#: the XmR lower limit is 3.25 − 2.66 × 3 = −4.73, below any count.
FALLS = np.tile([1.0, 5.0, 2.0, 4.0, 3.0, 6.0, 1.0, 4.0], 3)
#: A monthly balance (beds opened less beds closed): whole numbers that can be negative.
BALANCE = np.tile([1.0, -2.0, 3.0, 0.0, 2.0, -1.0, 4.0, 1.0], 3)


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


def test_the_hand_limits_are_below_zero():
    lcl, _ = _xmr_limits(FALLS)
    assert lcl == pytest.approx(3.25 - 2.66 * 3) and lcl < -4
    assert _xmr_limits(BALANCE)[0] < BALANCE.min()


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_spc_counts_have_their_lower_limit_drawn_at_zero(style):
    lcl, ucl = _xmr_limits(FALLS)
    res = qi.spc(pd.DataFrame({"month": MONTHS, "falls": FALLS}), y="falls", x="month", chart="xmr")
    got = res.summary().iloc[0]
    assert got["lcl"] == pytest.approx(lcl)  # the table keeps the computed limit
    assert got["ucl"] == pytest.approx(ucl)
    ax = next(a for a in res.plot(style=style).axes if a.get_visible())
    drawn = _drawn_limits(ax)
    assert drawn.min() == 0
    assert drawn.max() == pytest.approx(ucl)
    lo, hi = ax.get_ylim()
    assert -0.05 * hi <= lo < 0, (lo, hi)  # a small margin below 0 keeps points at 0 whole
    labels = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label_")]
    assert not [t for t in labels if t.startswith(("-", "−"))], labels


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_values_that_can_be_negative_keep_their_limits(style):
    # a balance with negative months: its lower limit is drawn where it is
    lcl, _ = _xmr_limits(BALANCE)
    res = qi.spc(pd.DataFrame({"month": MONTHS, "v": BALANCE}), y="v", x="month", chart="xmr")
    ax = next(a for a in res.plot(style=style).axes if a.get_visible())
    assert _drawn_limits(ax).min() == pytest.approx(lcl)
    assert ax.get_ylim()[0] < lcl
    # measurements that are not whole numbers nor a ratio (not known to be counts): as computed
    waits = FALLS + 0.5
    res = qi.spc(pd.DataFrame({"month": MONTHS, "v": waits}), y="v", x="month", chart="xmr")
    ax = next(a for a in res.plot(style=style).axes if a.get_visible())
    assert _drawn_limits(ax).min() == pytest.approx(_xmr_limits(waits)[0])


def test_a_ratio_of_counts_on_an_xmr_chart_is_never_drawn_below_zero():
    # falls per 1,000 bed days on an XmR chart: values y / n × 1,000, not whole numbers
    days = np.full(24, 900.0)
    df = pd.DataFrame({"month": MONTHS, "falls": FALLS, "days": days})
    res = qi.spc(df, y="falls", n="days", x="month", chart="xmr", multiply=1000)
    rate = FALLS / days * 1000
    lcl, ucl = _xmr_limits(rate)
    assert res.summary().iloc[0]["lcl"] == pytest.approx(lcl) and lcl < 0
    ax = next(a for a in res.plot().axes if a.get_visible())
    assert _drawn_limits(ax).min() == 0 and _drawn_limits(ax).max() == pytest.approx(ucl)
    assert ax.get_ylim()[0] >= -0.05 * ax.get_ylim()[1]


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_board_panels_of_counts_have_no_negative_axis(style):
    # the audit's case: a board of a C measure, a U measure and an XmR of counts
    rows = [("falls_c", FALLS, np.nan), ("falls_xmr", FALLS, np.nan), ("pu", FALLS, 950.0)]
    data = pd.concat(
        [pd.DataFrame({"measure": m, "month": MONTHS, "y": y, "n": n}) for m, y, n in rows]
    )
    measures = pd.DataFrame(
        {
            "measure": ["falls_c", "falls_xmr", "pu"],
            "name": ["Falls (C)", "Falls (XmR)", "Pressure ulcers"],
            "chart": ["c", "xmr", "u"],
            "improvement": "decrease",
            "multiply": [1, 1, 1000],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rare-events or other data advice is not the point
        report = qi.board(data, measures, x="month", y="y", n="n")
    table = report.table().set_index("measure")
    assert table.loc["falls_xmr", "lcl"] == pytest.approx(_xmr_limits(FALLS)[0])  # as computed
    # C chart by hand: 3.25 − 3 √3.25 < 0, which qicharts2 (and qistats) compute as 0
    assert 3.25 - 3 * np.sqrt(3.25) < 0 and table.loc["falls_c", "lcl"] == 0
    fig = report.plot(style=style)
    panels = [a for a in fig.axes if a.get_title(loc="left")]
    assert len(panels) == 3
    for ax in panels:
        lo, hi = ax.get_ylim()
        assert _drawn_limits(ax).min() >= 0, ax.get_title(loc="left")
        assert -0.05 * hi <= lo < 0, (ax.get_title(loc="left"), lo, hi)
