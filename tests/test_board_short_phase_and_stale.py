"""Board assurance and staleness: trial limits (a latest phase too short for limits)
withhold assurance, stale series have their own matrix row and their period in the sentence,
and an unknown measure name is told the one meant."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=24, freq="MS")


def _board(values_by_measure, target, improvement="decrease", **kw):
    data = pd.concat(
        [
            pd.DataFrame({"measure": k, "month": months, "value": v})
            for k, (months, v) in values_by_measure.items()
        ],
        ignore_index=True,
    )
    measures = pd.DataFrame(
        {"measure": list(values_by_measure), "improvement": improvement, "target": target}
    )
    return qi.board(data, measures, x="month", y="value", **kw)


# --------------------------------------------------------------------------------- trial limits


def test_two_points_give_trial_limits_and_no_assurance():
    # a new measure's two points: 10 and 10.5, fewer is better, target 12. By hand: mean
    # 10.25, one moving range 0.5, limits 10.25 ± 2.66 × 0.5 = 8.92 to 11.58; the target is
    # above the upper limit, which would be "pass" from a full phase
    report = _board({"falls": (MONTHS[-2:], [10.0, 10.5])}, 12)
    t = report.table()
    assert (t.lcl[0], t.ucl[0]) == pytest.approx((8.92, 11.58))
    assert t.assurance[0] is None and bool(t.short_phase[0])
    assert t.reason[0] == (
        "Too few points to judge the variation: 2 points so far (a variation icon needs 3); "
        "the limits are "
        "trial limits from 2 points (fewer than 13), so the target of 12 is not assessed until "
        "the phase has 13 points (for now it is above the trial limits, 8.9 to 11.6)."
    )
    assert "consistently" not in t.reason[0]
    m = report.matrix()
    assert m.loc["too_few_points", "withheld"] == 1 and int(m.to_numpy().sum()) == 1
    html = report.to_html()
    assert "trial limits</span>" in html and "trial limits from 2 points" in html


def test_thirteen_points_give_the_assurance_and_twelve_do_not():
    # alternating 9, 11 (and a last 10 for 13 points): mean 10, MR̄ 2, limits 4.68 to 15.32
    twelve = [9.0, 11.0] * 6
    thirteen = [*twelve, 10.0]
    report = _board(
        {"a": (MONTHS[-12:], twelve), "b": (MONTHS[-13:], thirteen)}, 20.0, improvement="decrease"
    )
    t = report.table().set_index("measure")
    assert t.assurance.to_dict() == {"a": None, "b": "pass"}
    assert t.short_phase.to_dict() == {"a": True, "b": False}
    assert report.matrix().loc["common_cause", ["pass", "withheld"]].tolist() == [1, 1]
    # min_points=0: no check, the assurance from any number of points (NHSRplotthedots)
    t0 = _board({"a": (MONTHS[-12:], twelve)}, 20.0, min_points=0).table()
    assert t0.assurance[0] == "pass" and "consistently meet" in t0.reason[0]


def test_spc_withholds_assurance_of_a_short_latest_phase():
    df = pd.DataFrame({"t": range(12), "y": [9.0, 11.0] * 6})
    kw = dict(y="y", x="t", chart="xmr", improvement="increase", target=2.0)
    with pytest.warns(qi.ShortPhaseWarning, match="12 points"):
        s = qi.spc(df, **kw).summary()
    assert s.assurance[0] is None and bool(s.short_phase[0])
    assert qi.spc(df, min_points=0, **kw).summary().assurance[0] == "pass"  # 2 < 10 - 5.32
    assert qi.spc(df, min_points=12, **kw).summary().assurance[0] == "pass"


def test_without_a_target_the_sentence_still_says_trial_limits():
    t = _board({"falls": (MONTHS[-3:], [4.0, 6.0, 5.0])}, None).table()
    assert t.reason[0] == (
        "Common cause variation: the latest point shows no special cause; the limits are "
        "trial limits from 3 points (fewer than 13)."
    )
    assert (
        qi.board(
            pd.DataFrame({"measure": "f", "month": MONTHS[-3:], "value": [4.0, 6.0, 5.0]}),
            pd.DataFrame({"measure": ["f"], "target": [3.0]}),
            x="month",
            y="value",
        )
        .matrix()
        .loc["common_cause", "none"]
        == 1
    )  # neutral: no assurance to withhold


# --------------------------------------------------------------------------------- stale series


def test_stale_series_have_their_own_matrix_row_and_their_period_in_the_sentence():
    # Oak closed after Jul 2023 (its icons are old); Ash and Elm report to Dec 2024
    full = [9.0, 11.0] * 12
    report = _board(
        {
            "ash": (MONTHS, full),
            "elm": (MONTHS, full),
            "oak": (MONTHS[:19], full[:19]),  # Jan 2023 to Jul 2024
        },
        20.0,
    )
    t = report.table().set_index("measure")
    assert t.stale.to_dict() == {"ash": False, "elm": False, "oak": True}
    assert t.reason["oak"].startswith("Last reported Jul 2024 (stale). Common cause variation")
    assert not t.reason["ash"].startswith("Last reported")
    m = report.matrix()
    assert m.loc["common_cause", "pass"] == 2  # the current series only
    assert m.loc["stale", "pass"] == 1
    assert m.loc["no_data"].sum() == 0 and int(m.to_numpy().sum()) == 3


def test_no_warning_on_an_ordinary_board():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _board({"a": (MONTHS, np.tile([9.0, 11.0], 12))}, 20.0).table()


# -------------------------------------------------------------- did you mean, for measure names


@pytest.mark.parametrize(
    ("in_data", "in_table", "hint"),
    [
        ("Falls ", "Falls", "Did you mean 'Falls' (they differ in case or spaces)?"),
        ("falls", "Falls", "Did you mean 'Falls' (they differ in case or spaces)?"),
        (1, "1", "Did you mean '1' (a number in data, text in measures)?"),
        ("1", 1, "Did you mean 1 (text in data, a number in measures)?"),
        ("Fals", "Falls", "Did you mean 'Falls'?"),
    ],
)
def test_unknown_measure_names_the_one_meant(in_data, in_table, hint):
    data = pd.DataFrame({"measure": in_data, "month": MONTHS[:3], "value": 1.0})
    with pytest.raises(qi.DataError, match="not in the measures table") as err:
        qi.board(data, pd.DataFrame({"measure": [in_table]}), x="month", y="value")
    assert str(err.value).endswith(hint)


def test_unknown_measure_without_a_likely_match_has_no_hint():
    data = pd.DataFrame({"measure": "zzz", "month": MONTHS[:3], "value": 1.0})
    with pytest.raises(qi.DataError) as err:
        qi.board(data, pd.DataFrame({"measure": ["Falls"]}), x="month", y="value")
    assert "Did you mean" not in str(err.value)
