"""Axis wording (trial 6b C7, C13): the y label agrees with the title and the ticks, tiny rates
suggest a multiplier, and a limit a thousand times smaller than the panel's numbers reads 0."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def test_a_percentage_axis_has_no_times_100_in_its_label():
    ae = qi.datasets.ae_attendances()
    ae = ae[ae.org_code == "England"].assign(within_4h=lambda d: 1 - d.breaches / d.attendances)
    res = qi.spc(
        ae, y="within_4h", x="month", chart="xmr", multiply=100, target=95, improvement="increase"
    )
    fig = res.plot(percent=True)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "within 4h"
    fig.canvas.draw()
    assert all(t.get_text().endswith("%") for t in ax.get_yticklabels() if t.get_text())
    assert res.plot().axes[0].get_ylabel() == "within 4h × 100"  # plain numbers: say so


def test_rate_label_says_per_as_the_title_and_tiny_rates_suggest_a_multiplier():
    rng = np.random.default_rng(5)
    t = pd.DataFrame(
        {
            "m": pd.date_range("2021-01-01", periods=36, freq="MS"),
            "n": rng.integers(900_000, 1_100_000, 36),
            "y": rng.poisson(3, 36),
        }
    )
    res = qi.spc(t, y="y", n="n", x="m", chart="u")
    assert res.title == "U chart of y per n"
    # values about 3e-6: a million times gives about 3 per 1,000,000
    assert res.plot().axes[0].get_ylabel() == "y per n (try multiply=1,000,000)"
    scaled = qi.spc(t, y="y", n="n", x="m", chart="u", multiply=1_000_000)
    assert scaled.plot().axes[0].get_ylabel() == "y per 1,000,000 n"
    df = qi.datasets.restrictive_practice()
    plain = qi.spc(df[df.ward == "ASH1"], y="restraints", n="bed_days", x="month", chart="u")
    assert plain.plot().axes[0].get_ylabel() == "restraints per bed days"  # values ~0.002


def test_a_tiny_lower_limit_label_reads_zero_beside_large_numbers():
    # the gallery's T chart of days between incidents
    g = qi.spc(qi.datasets.incidents(), y="days_since", x="date", chart="t", freeze=24)
    lcl = float(g.points.lcl.dropna().iloc[-1])
    ucl = float(g.points.ucl.dropna().iloc[-1])
    assert 0 < lcl * 1000 < ucl  # a thousand times smaller than the upper limit
    fig = g.plot(style="qicharts2")
    labels = {t.get_gid(): t.get_text() for t in fig.axes[0].texts if t.get_gid()}
    assert labels["label_lcl"] == "0"
    assert labels["label_ucl"] == f"{ucl:,.0f}"


def test_an_np_charts_axis_counts_out_of_n():
    # its values are counts (38 of 400 patients), not a rate: "harmed per patients" read as
    # one (trial 14 board-pack audit B5)
    rng = np.random.default_rng(2)
    d = pd.DataFrame(
        {
            "month": pd.date_range("2022-01-01", periods=24, freq="MS"),
            "harmed": rng.binomial(400, 0.1, 24),
            "patients": 400,
        }
    )
    fig = qi.spc(d, y="harmed", n="patients", x="month", chart="np").plot()
    assert fig.axes[0].get_ylabel() == "harmed out of patients"
    ticks = [float(t.get_text().replace(",", "")) for t in fig.axes[0].get_yticklabels()]
    assert ticks and all(t == int(t) for t in ticks if t)  # counts
