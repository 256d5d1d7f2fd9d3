"""Every pooled ward with no events in its baseline: the pooled ratio is infinite (Mantel–
Haenszel's S = Σ K₀E₁/T is 0), and the overview says so on the pooled row instead of drawing
nothing, on a percent scale that is not ±0.04 % (trial 20, "Found, left alone" 5)."""

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")


def _amb(**kw):
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    rows = [
        (w, m, 0 if i < 12 else 1 + (i + j) % 3, 600.0)
        for j, w in enumerate("xyz")
        for i, m in enumerate(months)
    ]
    df = pd.DataFrame(rows, columns=["ward", "month", "ev", "bd"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.TargetWarning)  # a target above every baseline of 0
        return qi.ambition(
            df, y="ev", n="bd", x="month", by="ward", baseline=("2021-04-01", "2022-03-01"),
            multiply=1000, deadline="2024-03-01", change=-0.5, **kw,
        ), df  # fmt: skip


@pytest.mark.parametrize("kw", [{}, {"target": 2.0}])
def test_the_pooled_row_says_there_is_no_pooled_change(kw):
    amb, df = _amb(**kw)
    pooled = amb.pooled().iloc[0]
    # by hand: no baseline events anywhere, so S = 0 and the ratio R/S is infinite
    assert pooled.baseline_events == 0
    assert pooled.current_events == df[df.month >= "2023-04-01"].ev.sum()
    assert pooled.rate_ratio == np.inf and pooled.series_zero_baseline == 3
    fig = amb.plot(view="overview")
    ax = fig.axes[0]
    notes = [t.get_text() for t in ax.texts if t.get_gid() == "no_pooled_change"]
    assert notes == ["no events in any baseline pooled: no pooled % change"]
    assert not [p for p in ax.patches if p.get_gid() == "pooled"]
    assert ax.get_xlim() == (-100, 100)


def test_a_finite_pooled_ratio_keeps_its_diamond():
    amb, df = _amb()
    df.loc[(df.ward == "x") & (df.month < "2022-04-01"), "ev"] = 4
    amb = qi.ambition(
        df, y="ev", n="bd", x="month", by="ward", baseline=("2021-04-01", "2022-03-01"),
        multiply=1000, deadline="2024-03-01", change=-0.5,
    )  # fmt: skip
    ax = amb.plot(view="overview").axes[0]
    assert [p for p in ax.patches if p.get_gid() == "pooled"]
    assert not [t for t in ax.texts if t.get_gid() == "no_pooled_change"]
