"""A funnel's unit label is never drawn over its panel's title (new-user trial 21: with
``labels="all"`` and every place in the panel taken, "SUR07 long ward name 7" went to the
title row, centred, over the end of the two-line title "Surgery: φ = 1.25, limits widened for
overdispersion")."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _wards() -> pd.DataFrame:
    rng = np.random.default_rng(8)
    rows = []
    for group, p, k in [("Surgery", 0.995, 12), ("Medicine", 0.97, 12), ("Paeds", 1.0, 5)]:
        for u in range(k):
            n = int(rng.integers(30, 400))
            rows.append(
                (group, f"{group[:3].upper()}{u:02d} long ward name {u}", rng.binomial(n, p), n)
            )
    rows.append(("Medicine", "MED99 outlier", 160, 200))
    return pd.DataFrame(rows, columns=["div", "ward", "done", "due"])


@pytest.mark.parametrize("dpi", [80, 100])
def test_no_unit_label_covers_the_panel_title(dpi):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        res = qi.funnel(_wards(), y="done", n="due", unit="ward", kind="pr", multiply=100,
                        by="div")  # fmt: skip
    fig = res.plot(labels="all")
    fig.set_dpi(dpi)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    labelled = 0
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        title = ax._left_title.get_window_extent(r)
        for t in ax.texts:
            if str(t.get_gid()).startswith(("unit_label", "outlier_label")):
                labelled += 1
                box = matplotlib.text.Text.get_window_extent(t, r)
                assert not box.overlaps(title), (ax._left_title.get_text(), t.get_text(), dpi)
    assert labelled >= 10  # the panels do carry labels (MED99, the Paeds wards, ...)
