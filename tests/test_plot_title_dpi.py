"""A panel's title stays within its panel whatever the dpi the figure is saved at (new-user
trial 21: a funnel by group saved at 80 dpi had its right-hand title cut at the figure's edge,
"Rehab: φ = 1.28, limits widened for overdispers", as titles were fitted to the last pixel at
the figure's 100 dpi, where DejaVu Sans at 9.5 pt is drawn narrowest)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _units() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for unit in range(1, 31):
        group = "Acute" if unit <= 15 else "Rehab"
        days = int(rng.integers(3000, 10000))
        rate = (12 if group == "Acute" else 4) / 1000 * (3 if unit == 3 else 1)
        if group == "Rehab":  # wards that truly differ: phi well above 1, limits widened
            rate *= 0.6 if unit % 2 else 1.4
        rows.append((unit, rng.poisson(rate * days), days, group))
    return pd.DataFrame(rows, columns=["unit", "events", "bed_days", "group"])


def _overruns(fig, dpi: float) -> list[tuple[str, float]]:
    """Each visible panel's title and how far (pixels, at ``dpi``) it runs past the panel's
    right edge, as drawn at that dpi."""
    fig.set_dpi(dpi)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        title = ax._left_title
        if ax.get_visible() and title.get_text():
            past = title.get_window_extent(r).x1 - ax.get_window_extent(r).x1
            out.append((title.get_text(), past))
    return out


@pytest.mark.parametrize("dpi", [72, 80, 96, 150])
def test_funnel_panel_titles_fit_their_panels_at_any_dpi(dpi):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        res = qi.funnel(_units(), y="events", n="bed_days", unit="unit", kind="rate",
                        multiply=1000, by="group")  # fmt: skip
    fig = res.plot()
    titles = _overruns(fig, dpi)
    assert len(titles) == 2
    # the widened group's title says so in full, wrapped, not cut
    (widened,) = [t for t, _ in titles if "widened for" in t]
    assert widened.replace("\n", " ").endswith("limits widened for overdispersion")
    for text, past in titles:
        assert past <= 0.5, (dpi, text, past)
