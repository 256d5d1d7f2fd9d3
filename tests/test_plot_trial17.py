"""Trial 17 finding 10: chart readability (percent axes of ratios, long titles, colliding
limit labels, quarter ticks, "no value" markers, funnel labels)."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _ae(multiply=100, chart="xmr"):
    rng = np.random.default_rng(17)
    att = rng.integers(6000, 7500, 24)
    return qi.spc(
        pd.DataFrame(
            {
                "month": pd.date_range("2022-04-01", periods=24, freq="MS"),
                "value": rng.binomial(att, 0.72),
                "n": att,
            }
        ),
        y="value",
        n="n",
        x="month",
        chart=chart,
        multiply=multiply,
    )


def test_a_ratio_times_100_on_an_xmr_chart_is_shown_in_percent():
    res = _ae()
    assert res.title == "XmR chart of value / n (%)"
    fig = res.plot()
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    # 72 % of attendances: ticks like "72%", as a board shows a measure with multiply 100
    assert ticks and all(t.endswith("%") for t in ticks)
    assert 60 < float(ticks[len(ticks) // 2].rstrip("%")) < 85
    assert ax.get_ylabel() == "value / n"
    # a U chart times 100 stays a rate per 100
    u = _ae(chart="u")
    assert u.title == "U chart of value per 100 n"
    assert u.plot().axes[0].get_ylabel() == "value per 100 n"
    # multiply 1000 on an XmR chart of a ratio is no percentage either
    assert _ae(multiply=1000).plot().axes[0].get_ylabel() == "value per 1,000 n"
