"""Tick labels read as the values they stand at, and a single point's panel.

A SHMI-like measure of 100.0 to 100.9 was ticked "100", "100", "100", "101", "101", "101"
(each tick rounded to a whole number from 100), a data-quality percentage of 99.9x %
"99.9", "99.9", "100", "100", and a new measure's single point of 12 beside a target of 10
had an axis of 11.94 to 12.06 ticked "12" five times, with the qicharts2 style's label of the
off-axis target, "10", drawn beside the point as if its line were there.

The expected values are the tick positions matplotlib chose (each label must read as its own
tick's value) and the rule that a panel spans at least a tenth of its data's size.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

MONTHS = pd.date_range("2023-01-01", periods=18, freq="MS")


def _ticks(ax) -> list[tuple[float, str]]:
    ax.figure.canvas.draw()
    lo, hi = ax.get_ylim()
    return [
        (float(t.get_position()[1]), t.get_text())
        for t in ax.get_yticklabels()
        if lo <= t.get_position()[1] <= hi and t.get_text()
    ]


def _reads(text: str) -> float:
    return float(text.rstrip("%").replace(",", "").replace("\N{MINUS SIGN}", "-"))


def _assert_ticks_read_true(ax, percent_of: float | None = None) -> list[str]:
    ticks = _ticks(ax)
    assert len(ticks) >= 3, ticks
    labels = [text for _, text in ticks]
    assert len(set(labels)) == len(labels), labels  # no two ticks read the same
    scale = 1.0 if percent_of is None else 100.0 / percent_of
    for loc, text in ticks:  # each label is its tick's value, not a neighbour's rounding
        assert _reads(text) == pytest.approx(loc * scale, abs=1e-9 * max(1.0, abs(loc))), ticks
    return labels


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_ticks_of_a_narrow_axis_above_100_read_as_their_values(style):
    y = 100 + np.linspace(0, 0.9, 18)  # a ratio that moves by less than 1 around 100
    res = qi.spc(pd.DataFrame({"x": MONTHS, "y": y}), y="y", x="x", chart="xmr")
    fig = res.plot(style=style)
    labels = _assert_ticks_read_true(fig.axes[0])
    assert any("." in t for t in labels), labels  # 100.2, 100.4, ...: not whole numbers


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_ticks_of_a_percentage_near_100_read_as_their_values(style):
    # records with a valid NHS number: 99.90 % to 99.99 %, as y / n
    n = np.full(18, 10_000)
    y = n - np.array([1, 3, 2, 5, 4, 2, 9, 3, 1, 6, 2, 4, 3, 7, 2, 1, 5, 3])
    res = qi.spc(pd.DataFrame({"x": MONTHS, "y": y, "n": n}), y="y", n="n", x="x", chart="p")
    fig = res.plot(style=style)
    labels = _assert_ticks_read_true(fig.axes[0], percent_of=1.0)
    assert all(t.endswith("%") for t in labels), labels


def _new_measure_board():
    weeks = pd.date_range("2024-01-01", periods=14, freq="W-MON")
    rows = [("wait", w, 40.0 + (i % 3)) for i, w in enumerate(weeks)]
    rows.append(("brand_new", pd.Timestamp("2024-03-25"), 12.0))
    data = pd.DataFrame(rows, columns=["measure", "period", "value"])
    measures = pd.DataFrame(
        {
            "measure": ["wait", "brand_new"],
            "improvement": ["decrease", "increase"],
            "target": [None, 10.0],
        }
    )
    return qi.board(data, measures, x="period", y="value")


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_single_points_panel_spans_a_tenth_of_its_value_and_reads_true(style):
    fig = _new_measure_board().plot(measure="brand_new", style=style)
    (ax,) = [a for a in fig.axes if any(line.get_gid() == "values" for line in a.lines)]
    lo, hi = ax.get_ylim()
    assert lo < 12 < hi
    assert hi - lo >= 0.1 * 12  # not 11.94 to 12.06 (a hundredth of the value)
    _assert_ticks_read_true(ax)
    fig.canvas.draw()
    shown = [t.get_text() for t in ax.texts if t.get_visible()]
    # the target of 10 is below the range: marked at the edge, not labelled beside the point
    assert "target 10 ↓" in shown, shown
    assert "10" not in shown, shown


def _screened_board(**measure):
    """Sepsis screening at two sites, 40 patients a month, about 85 % screened (69 % to 100 %
    with the limits), rebased in January 2023, with a target of 90 %."""
    rng = np.random.default_rng(11)
    months = pd.date_range("2022-01-01", periods=27, freq="MS")
    data = pd.concat(
        pd.DataFrame({"measure": "sepsis", "site": site, "month": months, "n": 40}).assign(
            y=rng.binomial(40, 0.85, 27)
        )
        for site in ["North", "South"]
    )
    measures = pd.DataFrame(
        {
            "measure": ["sepsis"],
            "improvement": ["increase"],
            "target": [90],
            "chart": ["p"],
            "unit": ["%"],
        }
    ).assign(**measure)
    return data, qi.board(data, measures, x="month", y="y", n="n", by="site")


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
@pytest.mark.parametrize("split", ["rebase", "freeze"])
def test_a_rebase_or_freeze_line_does_not_stretch_a_panel_with_a_target_to_0(style, split):
    setting = {"rebase": [[pd.Timestamp("2023-01-01")]], "freeze": [12]}[split]
    data, report = _screened_board(**{split: setting})
    fig = report.plot(style=style)
    axes = [a for a in fig.axes if any(line.get_gid() == "values" for line in a.lines)]
    assert len(axes) == 2
    lo, hi = axes[0].get_ylim()  # one scale for the two sites
    lowest = np.nanmin(report.points.lcl)
    if split == "freeze":  # one pair of limits, from the first 12 months, by hand
        base = data.groupby("site").head(12).groupby("site")[["y", "n"]].sum()
        p = base.y / base.n
        assert lowest == pytest.approx(min(p - 3 * np.sqrt(p * (1 - p) / 40)))
    assert 0.6 < lowest < 0.85  # below the mean of about 85 %
    assert lo > 0.5, (lo, hi)  # not 0 % to 100 % (the vertical line's 0 to 1)
    assert lo <= lowest and hi >= 0.9
