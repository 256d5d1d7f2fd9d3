"""A funnel of units all inside their limits shows the limits (trial 11 item 8): the y axis
was zoomed to the units (10.5-11.8 per 1,000) and no limit line was drawn, so chance
differences filled the panel. Now the innermost (95 %) limits at the units' median n are
always on the axis; the protection against the funnel's mouth and against overdispersed
limits far beyond the units is kept (tests/test_funnel_plot.py)."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import qistats as qi

# restraints over Jan-Sep 2024 in five wards (trial 11 repro 03)
WARDS = pd.DataFrame(
    {
        "ward": ["A1", "A2", "B1", "B2", "LATE"],
        "restraints": [72, 74, 74, 59, 79],
        "bed_days": [6089, 6672, 6997, 5624, 6907],
    }
)
# harm-free care in four wards
HARM_FREE = pd.DataFrame(
    {
        "ward": ["A1", "A2", "B1", "LATE"],
        "harm_free": [47, 29, 30, 59],
        "patients": [48, 32, 30, 60],
    }
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _funnel(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few units to estimate overdispersion: not the point
        return qi.funnel(df, unit="ward", **kw)


def _drawn_inside(ax, gid):
    """The limit lines ``gid`` drawn, and whether any part of each lies inside the axes."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    lines = [ln for ln in ax.lines if ln.get_gid() == gid]
    inside = []
    for ln in lines:
        x, y = (np.asarray(v, dtype=float) for v in ln.get_data())
        inside.append(bool(np.any((x >= x0) & (x <= x1) & (y > y0) & (y < y1))))
    return inside


def test_consistent_wards_rate_funnel_shows_its_limits():
    f = _funnel(WARDS, y="restraints", n="bed_days", kind="rate", multiply=1000)
    assert not f.units["outlier"].any()
    ax = f.plot().axes[0]
    y0, y1 = ax.get_ylim()
    # the ward of median n (A2, 6,672 bed days): its 95 % limits, 8.56 and 13.76, on the axis
    mid = f.units.set_index("ward").loc["A2"]
    assert y0 < mid["lcl_95"] and mid["ucl_95"] < y1
    assert _drawn_inside(ax, "limits_95") == [True, True]  # lower and upper lines seen
    notes = [t.get_text() for t in ax.texts if t.get_gid() == "limits_off_axis"]
    assert not any("95 %" in t and "99.8" not in t for t in notes)
    # the units no longer fill the panel as if they differed widely
    span = f.units["value"].max() - f.units["value"].min()
    assert span / (y1 - y0) < 0.5


def test_consistent_wards_proportion_funnel_shows_its_lower_limit():
    f = _funnel(HARM_FREE, y="harm_free", n="patients", kind="pr", multiply=100)
    assert not f.units["outlier"].any()
    ax = f.plot().axes[0]
    y0, y1 = ax.get_ylim()
    # median n 40, between A2 (32) and A1 (48): both their lower 95 % limits are on the axis
    lcl = f.units.set_index("ward").loc[["A2", "A1"], "lcl_95"]
    assert (lcl > y0).all() and (lcl < y1).all()
    assert _drawn_inside(ax, "limits_95")[0]  # the lower line (the upper is 100 %)
