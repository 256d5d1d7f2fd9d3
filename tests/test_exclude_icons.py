"""An excluded latest point (a known data error) is drawn and labelled against its phase's
lines, as qicharts2 still flags it, but the series' icons come from the last observed point
that is *not* excluded (trial 7 C): the analyst asked for it to be ignored."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _data(last: float = 20.0) -> pd.DataFrame:
    # 23 values of 9 and 11 (twelve 9s: mean 229 / 23 = 9.957, every moving range 2: limits
    # 9.957 ± 2.66 × 2 = 4.637 to 15.277), then a data error of ``last``
    return pd.DataFrame({"month": MONTHS, "y": [9.0, 11.0] * 11 + [9.0, last]})


KW = dict(y="y", x="month", chart="xmr", improvement="decrease", target=12)


def test_the_icons_ignore_an_excluded_latest_point():
    res = qi.spc(_data(), exclude=[MONTHS[-1]], **KW)
    s = res.summary()
    # 9 (Nov 2023) is the last included point: common cause; 12 lies inside the limits
    assert s.variation[0] == "common_cause" and s.assurance[0] == "hit_or_miss"
    assert s.n_points[0] == 23
    assert (s.lcl[0], s.ucl[0]) == pytest.approx((229 / 23 - 5.32, 229 / 23 + 5.32))
    # the excluded point is still labelled against the limits, as qicharts2 flags it
    # (sigma.signal TRUE on its excluded row, tests/reference qicharts2 i_07_n24_exclude)
    last = res.points.iloc[-1]
    assert bool(last.excluded) and last.variation == "concern_high"
    # without it, 20 is above 249 / 24 + 2.66 × 2 = 15.7 (its moving range of 11 screened out)
    assert qi.spc(_data(), **KW).summary().variation[0] == "concern_high"


def test_an_excluded_latest_point_of_a_target_it_would_miss_leaves_the_assurance():
    # a target of 4 (below the lower limit 4.637, lower is better): fail from included points
    res = qi.spc(_data(), exclude=[MONTHS[-1]], **{**KW, "target": 4})
    assert res.summary().assurance[0] == "fail"


def test_the_chart_draws_the_icons_of_the_summary():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from qistats.plot.icons import icon_label

    res = qi.spc(_data(), exclude=[MONTHS[-1]], **KW)
    fig = res.plot()
    try:
        drawn = {a.get_gid(): a.get_label() for a in fig.axes[0].artists}
        assert drawn == {
            "icon_variation": icon_label("common_cause"),
            "icon_assurance": icon_label("hit_or_miss"),
        }
    finally:
        plt.close(fig)


def test_excluded_points_in_an_earlier_phase_leave_the_icons_alone_by_series():
    # two wards: A's last point excluded (its icon from Nov), B's not (its 20 is a concern)
    a, b = _data().assign(ward="A"), _data().assign(ward="B")
    data = pd.concat([a, b], ignore_index=True)
    flags = np.r_[np.arange(24) == 23, np.zeros(24, dtype=bool)]
    s = qi.spc(data, by="ward", exclude=flags, **KW).summary()
    assert s.variation.tolist() == ["common_cause", "concern_high"]
