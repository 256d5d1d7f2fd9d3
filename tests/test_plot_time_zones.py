"""Charts of time-zone-aware dates draw as those of the same dates without a zone, with no
warning (numpy warned "no explicit representation of timezones" 48 to 480 times per chart;
trial 9 B6)."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def wards():
    df = qi.datasets.restrictive_practice()
    return df[df.trust == "Brindley"]


def _draw(df, what):
    if what == "spc":
        return qi.spc(df, y="restraints", n="bed_days", x="month", by="ward", chart="u").plot()
    if what == "spc_qic":
        res = qi.spc(df, y="restraints", n="bed_days", x="month", by="ward", chart="u")
        return res.plot(style="qicharts2")
    if what == "board":
        measures = pd.DataFrame({"measure": ["rp"], "chart": ["u"]})
        b = qi.board(df.assign(measure="rp"), measures, x="month", y="restraints",
                     n="bed_days", by="ward")  # fmt: skip
        return b.plot()
    amb = qi.ambition(df, y="restraints", n="bed_days", x="month", by="ward", multiply=1000,
                      baseline=("2020-04-01", "2021-03-01"), change=-0.5,
                      deadline="2024-03-01", as_of="2023-03-01")  # fmt: skip
    return amb.plot()


@pytest.mark.parametrize("what", ["spc", "spc_qic", "board", "ambition"])
def test_zone_aware_dates_are_ticked_as_the_same_dates_without_a_zone(wards, what, tmp_path):
    import matplotlib.pyplot as plt

    london = wards.assign(month=wards.month.dt.tz_localize("Europe/London"))
    naive_fig = _draw(wards, what)
    fig = _draw(london, what)  # pytest turns any warning into an error
    fig.savefig(tmp_path / "tz.png", dpi=40)
    naive_fig.savefig(tmp_path / "naive.png", dpi=40)
    labels = [[t.get_text() for t in a.get_xticklabels()] for a in fig.axes if a.has_data()]
    expected = [[t.get_text() for t in a.get_xticklabels()] for a in naive_fig.axes if a.has_data()]
    assert labels == expected
    assert any("2021" in text or "21" in text for row in labels for text in row)
    plt.close("all")
