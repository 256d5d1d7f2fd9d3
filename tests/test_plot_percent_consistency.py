"""A proportion drawn in % reads the same on every chart, whether the user passes
proportions (``multiply=1``) or percentages (``multiply=100``): the y ticks, the target line's
label and the ambition's title (BOARDLOOK, session 24: the ambition of a proportion target 0.95
was titled "up to 0.95" beside an axis ticked 85 %–95 % and its target line at 95 %).

Checked on what is drawn; the target (0.95 or 95) is the one given, and 95 % is its value in %
by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _data():
    rng = np.random.default_rng(3)
    parts = []
    for ward in ("A", "B"):
        n = rng.integers(80, 200, 24)
        y = rng.binomial(n, 0.9)
        parts.append(pd.DataFrame({"ward": ward, "month": MONTHS, "y": y, "n": n.astype(float)}))
    return pd.concat(parts, ignore_index=True)


def _yticks(ax):
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_yticklabels() if t.get_text()]


def _title(fig):
    found = fig.findobj(lambda a: a.get_gid() == "title")
    return " ".join(" ".join(t.get_text() for t in found if hasattr(t, "get_text")).split())


def _panel(fig):
    return next(a for a in fig.axes if a.get_visible() and a.lines)


@pytest.mark.parametrize("multiply", [1, 100])
def test_a_proportion_reads_in_percent_on_every_chart(multiply):
    data = _data()
    target = 0.95 * multiply
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spc = qi.spc(
            data[data.ward == "A"], y="y", n="n", x="month", chart="p", multiply=multiply,
            target=target, improvement="increase",
        )  # fmt: skip
        measures = pd.DataFrame(
            {"measure": ["vte"], "chart": ["p"], "multiply": [multiply], "target": [target]}
        )
        board = qi.board(data.assign(measure="vte"), measures, x="month", y="y", n="n", by="ward")
        amb = qi.ambition(
            data, y="y", n="n", x="month", by="ward", kind="proportion", target=target,
            change=0.5, baseline=("2022-01-01", "2022-12-01"), deadline="2024-06-01",
            multiply=multiply,
        )  # fmt: skip
    drawn = {}
    for name, fig in (
        ("spc", spc.plot(style="qicharts2")),
        ("board", board.plot(series="A", style="qicharts2")),
        ("ambition", amb.plot(series="A")),
    ):
        ax = _panel(fig)
        ticks = _yticks(ax)
        assert ticks and all(t.endswith("%") for t in ticks), (name, ticks)
        drawn[name] = ticks
        if name != "ambition":  # the target line's label at its end
            labels = [t.get_text() for t in ax.texts if t.get_gid() == "label_target"]
            assert labels == ["95%"], (name, labels)
        plt.close(fig)
    assert _title(amb.plot(series="A")).startswith("Ambition: up to 95% from the baseline")
    plt.close("all")
    # the reasons keep the ambition's own units (0.95 of proportions, 95% of percentages)
    said = "0.95" if multiply == 1 else "95%"
    assert f"target at or above {said} by Jun 2024" in amb.summary().reason.iloc[0]
    # without % on the axis (percent=False) the title reads the target as the axis does
    fig = amb.plot(series="A", percent=False)
    level = "0.95" if multiply == 1 else "95%"
    assert _title(fig).startswith(f"Ambition: up to {level} from the baseline")
    plt.close(fig)
