"""Trial limits (a phase shorter than the chart's minimum, the summary's ``short_phase``) are
drawn unlike process limits, in both styles and on board panels, and the legend says so."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.colors import to_hex  # noqa: E402


def _by_gid(ax, gid):
    return [a for a in (*ax.lines, *ax.patches, *ax.artists) if a.get_gid() == gid]


def _legend_texts(fig):
    return [t.get_text() for lg in fig.legends for t in lg.get_texts()]


def _two_phases():
    # a first phase of 20 weeks (real limits), then a new phase of 4 (trial limits)
    weeks = pd.date_range("2024-01-01", periods=24, freq="W-MON")
    y = np.random.default_rng(2).normal(50, 4, 24)
    d = pd.DataFrame({"week": weeks, "y": y})
    with pytest.warns(qi.ShortPhaseWarning):
        res = qi.spc(d, y="y", x="week", chart="i", rules="mdc", phase=[weeks[20]])
    assert res.summary()["short_phase"].tolist() == [False, True]
    return res, weeks


def test_mdc_trial_limits_are_lighter_dotted_lines_only_over_the_short_phase():
    res, weeks = _two_phases()
    fig = res.plot()
    ax = fig.axes[0]
    real, trial = _by_gid(ax, "limits"), _by_gid(ax, "trial_limits")
    assert len(real) == 2 and len(trial) == 2  # lower and upper of each
    x_short = matplotlib.dates.date2num(weeks[20:])
    for line in trial:
        x = np.asarray(line.get_xdata(), dtype=float)[np.isfinite(line.get_ydata())]
        assert np.allclose(np.sort(x), x_short)
        assert to_hex(line.get_color()) != to_hex(real[0].get_color())
        # short dots, not the process limits' dashes (matplotlib names any dash pattern "--")
        assert line._unscaled_dash_pattern != real[0]._unscaled_dash_pattern
    for line in real:
        x = np.asarray(line.get_xdata(), dtype=float)[np.isfinite(line.get_ydata())]
        assert x.max() < x_short.min()
    texts = _legend_texts(fig)
    assert "process limits" in texts and "trial limits (too few points)" in texts


def test_a_three_point_series_has_only_trial_limits_in_both_styles():
    weeks = pd.date_range("2024-01-02", periods=3, freq="7D")
    d = pd.DataFrame({"week": weeks, "y": [5.0, 7, 6]})
    with pytest.warns(qi.ShortPhaseWarning):
        res = qi.spc(d, y="y", x="week", chart="i", rules="mdc")
    fig = res.plot()
    ax = fig.axes[0]
    assert not _by_gid(ax, "limits") and len(_by_gid(ax, "trial_limits")) == 2
    assert "process limits" not in _legend_texts(fig)
    assert "trial limits (too few points)" in _legend_texts(fig)
    fig = res.plot(style="qicharts2")
    ax = fig.axes[0]
    (band,) = _by_gid(ax, "trial_limits")
    assert not _by_gid(ax, "limits")
    assert band.get_alpha() < 0.6 and band.get_linewidth() > 0  # paler, with a dotted edge
    texts = _legend_texts(fig)
    assert "control limits" not in texts and "trial limits (too few points)" in texts


def test_board_panels_draw_trial_limits_and_the_legend_names_them():
    months = pd.date_range("2023-01-01", periods=24, freq="MS")
    rng = np.random.default_rng(5)
    data = pd.concat(
        [
            pd.DataFrame(
                {
                    "measure": "falls",
                    "ward": "Ash",
                    "month": months,
                    "value": rng.poisson(9, 24) * 1.0,
                }
            ),
            # a ward that opened two months ago: two points, trial limits
            pd.DataFrame(
                {"measure": "falls", "ward": "Elm", "month": months[-2:], "value": [8.0, 11.0]}
            ),
        ]
    )
    measures = pd.DataFrame({"measure": ["falls"], "name": ["Falls"], "unit": ["count"]})
    report = qi.board(data, measures, x="month", y="value", by="ward")
    assert report.table().set_index("ward").short_phase.to_dict() == {"Ash": False, "Elm": True}
    fig = report.plot()
    panels = {a.get_title(loc="left").split("\n")[-1]: a for a in fig.axes if a.get_visible()}
    assert _by_gid(panels["Ash"], "limits") and not _by_gid(panels["Ash"], "trial_limits")
    assert _by_gid(panels["Elm"], "trial_limits") and not _by_gid(panels["Elm"], "limits")
    texts = _legend_texts(fig)
    assert "process limits" in texts and "trial limits (too few points)" in texts
