"""A series whose latest phase has 1 or 2 points gets no variation icon with the Making Data
Count rules (trial 23 M6): with so few points no rule can find a special cause (an XmR
chart's 2 points are each half their moving range from their mean, inside limits 2.66 moving
ranges away; the 2-in-3 rule needs 3 points, shift and trend 7), so the grey common-cause
icon told a board "no signal" where nothing could be judged. NHSRplotthedots gives an icon
from any number of points; its fixtures' smallest phase has 9 (tests/reference keep parity).
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.plot.icons import icon_label

MONTHS = pd.date_range("2023-01-01", periods=20, freq="MS")
# Ash: 20 points, every value within limits (common cause); Birch opened in the last 2
# months, Cedar in the last one
ASH = [8.4, 8.8, 8.3, 6.7, 8.9, 8.5, 7.5, 8.6, 8.4, 8.3, 8.1, 8.6, 7.3, 7.9, 7.5, 8.6, 8.1]
ASH += [7.8, 7.2, 7.8]


def _data():
    return pd.DataFrame(
        {
            "measure": "los",
            "ward": ["Ash"] * 20 + ["Birch"] * 2 + ["Cedar"],
            "month": [*MONTHS, *MONTHS[-2:], MONTHS[-1]],
            "value": [*ASH, 7.5, 9.1, 7.0],
        }
    )


def _board():
    measures = pd.DataFrame({"measure": ["los"], "improvement": ["decrease"], "target": [6.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.ShortPhaseWarning)
        return qi.board(_data(), measures, x="month", y="value", by="ward")


def test_the_table_gives_no_variation_icon_to_1_or_2_points():
    t = _board().table().set_index("ward")
    assert t.loc["Ash", "variation"] == "common_cause"
    assert pd.isna(t.loc["Birch", "variation"]) and pd.isna(t.loc["Cedar", "variation"])
    assert t.n_points.tolist() == [20, 2, 1]
    assert t.loc["Birch", "reason"].startswith(
        "Too few points to judge the variation: 2 points so far (a variation icon needs 3); "
        "the limits are trial limits from 2 points"
    )
    assert t.loc["Cedar", "reason"].startswith(
        "Too few points to judge the variation: 1 point so far (a variation icon needs 3)"
    )
    assert t.loc["Ash", "reason"].startswith("Common cause variation")


def test_the_matrix_counts_them_as_too_few_points_not_as_no_data():
    m = _board().matrix()
    assert m.loc["too_few_points"].sum() == 2 and m.loc["too_few_points", "withheld"] == 2
    assert m.loc["no_data"].sum() == 0 and m.loc["common_cause"].sum() == 1
    assert int(m.to_numpy().sum()) == 3


def test_the_html_says_too_few_points_in_the_variation_cell():
    html = _board().to_html()
    rows = [r for r in html.split("<tr") if r.startswith(' class="qistats-main"')]
    cells = {
        name: r.split('<td class="qistats-icon-cell">')[1]
        for name, r in zip(["Ash", "Birch", "Cedar"], rows, strict=True)
    }
    assert "<svg" in cells["Ash"] and "too few points" not in cells["Ash"]
    for ward in ("Birch", "Cedar"):
        assert "too few points" in cells[ward] and "<svg" not in cells[ward]


def _icon_labels(fig):
    """Per panel (its left title): the drawn variation icon's label, or None."""
    out = {}
    for ax in fig.axes:
        title = ax.get_title(loc="left")
        if not ax.get_visible() or not title:
            continue
        drawn = [a.get_label() for a in ax.artists if a.get_gid() == "icon_variation"]
        out[title] = drawn[0] if drawn else None
    return out


def test_the_board_chart_draws_no_variation_icon_for_1_or_2_points():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    fig = _board().plot()
    try:
        drawn = _icon_labels(fig)
    finally:
        plt.close(fig)
    assert drawn == {"Ash": icon_label("common_cause"), "Birch": None, "Cedar": None}


def test_qi_spc_with_mdc_rules_and_3_points_gets_an_icon_again():
    data = _data()
    more = pd.DataFrame({"ward": "Dale", "month": MONTHS[-3:], "value": [7.0, 8.0, 7.5]})
    data = pd.concat([data.drop(columns="measure"), more], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.ShortPhaseWarning)
        s = qi.spc(data, x="month", y="value", by="ward", chart="xmr", rules="mdc").summary()
    icons = s.variation.astype(object).where(s.variation.notna(), None)
    got = dict(zip(s.ward, icons, strict=True))
    assert got == {"Ash": "common_cause", "Birch": None, "Cedar": None, "Dale": "common_cause"}
    # the points keep their own labels (drawn grey, common cause)
    pts = qi.spc(data[data.ward == "Birch"], x="month", y="value", chart="xmr", rules="mdc")
    assert (pts.points.variation == "common_cause").all()


def test_a_rebased_series_whose_new_phase_has_2_points_draws_no_old_icon():
    # 20 points, then a new phase from the last 2: the latest phase has no icon, and the chart
    # does not fall back on the first phase's
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    data = pd.DataFrame({"month": MONTHS, "value": [*ASH[:18], 12.0, 12.5]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.ShortPhaseWarning)
        res = qi.spc(data, x="month", y="value", chart="xmr", rules="mdc", phase=MONTHS[-2])
    s = res.summary()
    assert s.variation.iloc[0] in ("common_cause", "improvement_low", "concern_high")
    assert pd.isna(s.variation.iloc[1]) and s.n_points.tolist() == [18, 2]
    fig = res.plot()
    try:
        assert not [a for a in fig.axes[0].artists if a.get_gid() == "icon_variation"]
    finally:
        plt.close(fig)
    assert np.isfinite(s.ucl.iloc[1])  # the 2-point phase has (trial) limits, just no icon


def test_a_special_cause_in_2_points_keeps_its_icon():
    # P chart of 2 months, 0 and 20 of 100: p-bar 0.1, sigma sqrt(0.1 * 0.9 / 100) = 0.03, so
    # limits 0.01 and 0.19 (hand calculation): the last point, 0.20, is above the upper limit,
    # a special cause a rule did find, so too few points does not hide its icon
    data = pd.DataFrame({"month": MONTHS[:2], "harm": [0, 20], "patients": [100, 100]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.ShortPhaseWarning)
        res = qi.spc(
            data, x="month", y="harm", n="patients", chart="p", rules="mdc", improvement="decrease"
        )
    assert res.points.ucl.iloc[-1] == pytest.approx(0.19)
    assert res.summary().variation.iloc[0] == "concern_high"
    # and a 2-point P chart inside its limits still has none: 9 and 11 of 100
    calm = data.assign(harm=[9, 11])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.ShortPhaseWarning)
        s = qi.spc(calm, x="month", y="harm", n="patients", chart="p", rules="mdc").summary()
    assert pd.isna(s.variation.iloc[0])
