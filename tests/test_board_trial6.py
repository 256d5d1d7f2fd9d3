"""Trial 6's board, qi.spc and input items: a short ``freeze`` baseline gives trial limits
(6a A2), rare-event rates (6a A3, 6b A4), a % target typed as a proportion (6b A2), dates as
``datetime.date``/date32 (6b B1, C4), resubmitted months (6a B4), closed months on NP charts
and ``freeze`` on integer years (6a B3, B1), ISO text dates (6b C2), board HTML (6b C5)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=30, freq="MS")


# ------------------------------------------------------------------ 6a A2: short freeze


def _frozen():
    # first three values 5, 6, 4: by hand mean 5, moving ranges 1 and 2, MR̄ 1.5, limits
    # 5 ± 2.66 × 1.5 = 1.01 to 8.99; the other 27 points 5 and 5.5 in turn
    y = [5.0, 6.0, 4.0] + [5.0, 5.5] * 13 + [5.0]
    return pd.DataFrame({"measure": "los", "month": MONTHS, "value": y})


def test_a_three_point_freeze_gives_trial_limits_on_the_board():
    d = _frozen()
    m = pd.DataFrame({"measure": ["los"], "improvement": ["decrease"], "target": [9.5]})
    t = qi.board(d, m.assign(freeze=3), x="month", y="value").table()
    assert (t.lcl[0], t.ucl[0]) == pytest.approx((1.01, 8.99))
    # a full phase would give "pass" (9.5 above the upper limit); a 3-point baseline does not
    assert bool(t.short_phase[0]) and t.assurance[0] is None
    assert t.n_points[0] == 30
    assert t.reason[0] == (
        "Common cause variation: the latest point shows no special cause; the limits are "
        "trial limits from a baseline of 3 points (fewer than 13), so the target of 9.5 is not "
        "assessed until the baseline has 13 points (for now it is above the trial limits, "
        "1.01 to 8.99)."
    )
    # a 13-point baseline is no trial: the assurance is given
    t13 = qi.board(d, m.assign(freeze=13), x="month", y="value").table()
    assert not t13.short_phase[0] and t13.assurance[0] == "pass"
    # without freeze, 30 points: no trial limits either
    assert qi.board(d, m, x="month", y="value").table().assurance[0] == "pass"


def test_a_three_point_freeze_gives_trial_limits_in_spc_and_its_plot():
    d = _frozen()
    kw = dict(y="value", x="month", chart="xmr", improvement="decrease", target=9.5)
    with pytest.warns(qi.ShortPhaseWarning, match="observed points in their baseline.*3 points"):
        res = qi.spc(d, freeze=3, **kw)
    s = res.summary()
    assert bool(s.short_phase[0]) and s.assurance[0] is None and s.n_points[0] == 30
    # an excluded baseline point does not count either: freeze=14 with one excluded is 13 - 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not qi.spc(d, freeze=13, **kw).summary().short_phase[0]
    with pytest.warns(qi.ShortPhaseWarning, match="12 points"):
        qi.spc(d, freeze=13, exclude=[MONTHS[0]], **kw)
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    fig = res.plot()
    gids = {a.get_gid() for a in fig.axes[0].lines}
    assert "trial_limits" in gids and "limits" not in gids
    matplotlib.pyplot.close(fig)
