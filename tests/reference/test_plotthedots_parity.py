"""Parity with NHSRplotthedots 0.2.2 (Making Data Count): every reference case and scenario.

qistats reproduces NHSRplotthedots with ``chart="xmr"`` and
``rules=qi.rules.mdc(two_of_three="near_limits", precedence="rule_order")``; ``screen_mr=True``
is its ``screen_outliers = TRUE`` default, ``freeze`` its ``fix_after_n_points``, ``phase`` its
rebase dates. Its labels map to qistats' names as below.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qistats as qi

from .replay import close

HERE = Path(__file__).parent
PTD = qi.rules.mdc(two_of_three="near_limits", precedence="rule_order")
ASSURANCE = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "hit_or_miss"}


def variation(point_type: str, direction: str | None) -> str:
    """NHSRplotthedots' point type and direction as qistats' variation (the MDC icon name)."""
    if point_type in ("common_cause", "special_cause_neutral_high", "special_cause_neutral_low"):
        return point_type.replace("special_cause_", "")
    good = point_type == "special_cause_improvement"
    if direction == "increase":
        return "improvement_high" if good else "concern_low"
    return "improvement_low" if good else "concern_high"


def check(res, out: pd.DataFrame, summary: pd.DataFrame, direction, by: str | None):
    pts = res.points
    assert len(pts) == len(out)
    for ours, theirs in [("cl", "mean_col"), ("lcl", "lpl"), ("ucl", "upl")]:
        ok = close(pts[ours], out[theirs])
        assert ok.all(), (ours, pts.loc[~ok, ours].head(), out.loc[~ok, theirs].head())
    assert (pts.outside_limits.to_numpy() == out.outside_limits.to_numpy()).all()
    expected = [variation(t, direction) for t in out.point_type]
    bad = np.flatnonzero(pts.variation.to_numpy() != np.array(expected, dtype=object))
    assert bad.size == 0, pd.DataFrame(
        {"x": out.x.iloc[bad], "ours": pts.variation.iloc[bad], "theirs": np.take(expected, bad)}
    )
    # per phase: the variation of its last point; assurance on the latest phase only
    s = res.summary()
    assert len(s) == len(summary)
    assert s.variation.tolist() == [variation(t, direction) for t in summary.variation_type]
    if "assurance_type" in summary:
        theirs = [ASSURANCE.get(a) if isinstance(a, str) else None for a in summary.assurance_type]
        assert s.assurance.tolist() == theirs
    else:
        assert s.assurance.isna().all()


def spc_told_behind(data: pd.DataFrame, x: str, by: str | None = None, **kw) -> qi.SPCResult:
    """``qi.spc(data, x=x, by=by, **kw)``, checking that its NoDataWarning names exactly the
    facets whose last date is before the data's (found here from the data themselves): the
    A&E extract's RR1 has no March 2019, and NHSRplotthedots gives its icons from February."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        res = qi.spc(data, x=x, by=by, **kw)
    others = [w for w in seen if w.category not in (qi.NoDataWarning, qi.ShortPhaseWarning)]
    assert not others, [str(w.message) for w in others]
    told = [str(w.message) for w in seen if w.category is qi.NoDataWarning]
    last = data.dropna(subset=[kw["y"]]).groupby(by)[x].max() if by else pd.Series([])
    behind = sorted(last.index[last < last.max()])
    if behind:
        (said,) = told
        assert said.startswith(f"{len(behind)} of {len(last)} series"), said
        assert all(f"{by}={f!r}" in said for f in behind), said
    else:
        assert not told, told
    return res


# ------------------------------------------------------------------- the real cases

REAL = sorted(p.name for p in (HERE / "plotthedots" / "real").iterdir())


@pytest.mark.parametrize("case", REAL)
def test_real_case(case):
    d = HERE / "plotthedots" / "real" / case
    args = json.loads((d / "params.json").read_text())["args"]
    data = pd.read_csv(d / "input.csv", parse_dates=[args["date_field"]])
    out = pd.read_csv(d / "output.csv")
    summary = pd.read_csv(d / "summary.csv")
    icons = pd.read_csv(d / "icons.csv")
    direction = {"neutral": None}.get(args["improvement_direction"], args["improvement_direction"])
    kw = {
        "x": args["date_field"],
        "by": args["facet_field"],
        "chart": "xmr",
        "rules": PTD,
        "improvement": direction,
        "screen_mr": args.get("screen_outliers", True),
        # NHSRplotthedots gives assurance from a phase of any length; qistats withholds it
        # from a phase shorter than min_points (trial limits) unless min_points=0
        "min_points": 0,
    }
    if args.get("fix_after_n_points"):
        kw["freeze"] = args["fix_after_n_points"]
    if args.get("rebase"):
        kw["phase"] = [args["rebase"]]
    if args.get("target") is not None:
        kw["target"] = args["target"]
    res = spc_told_behind(data, y=args["value_field"], **kw)
    check(res, out, summary, direction, args["facet_field"])
    # icons: the variation of each series' latest point, and its assurance
    s = res.summary().groupby(args["facet_field"] or (lambda _: "no facet")).last()
    for _, row in icons.iterrows():
        ours = s.loc[row.f] if args["facet_field"] else s.iloc[0]
        icon = row.icon.removesuffix(".svg")
        if row.type == "variation":
            assert ours.variation == icon
        else:
            assert ours.assurance == {"inconsistent": "hit_or_miss"}.get(icon, icon)


# ---------------------------------------------------------- the MDC reference scenarios

MDC = HERE / "mdc"
TARGETS = {"RAS": 100, "RJZ": 1500, "RR1": 500, "RJC": 800}  # RQ1 has no data
SCENARIOS = {
    "rrk_breaches_decrease": {"improvement": "decrease"},
    "rrk_breaches_rebase_2018_07": {"improvement": "decrease", "phase": ["2018-07-01"]},
    "rrk_breaches_noscreen": {"improvement": "decrease", "screen_mr": False},
    "england_4h_perf_target95": {"improvement": "increase", "target": 0.95},
    "england_attendances_neutral_fix12": {"improvement": None, "freeze": 12},
    "five_orgs_facet_target_rebase": {"improvement": "decrease", "by": "f", "target": TARGETS},
    "synthetic_trend_with_tie": {"improvement": "increase"},
    "synthetic_trend_turning_point": {"improvement": "increase"},
    "synthetic_2in3_with_outside_point": {"improvement": "increase"},
    "synthetic_shift_point_on_mean": {"improvement": "increase"},
    "vignette_deviations_screen": {"improvement": "increase"},
    "vignette_deviations_noscreen": {"improvement": "increase", "screen_mr": False},
    "synthetic_short_group": {"improvement": "increase"},
}


def test_every_scenario_is_covered():
    names = pd.read_csv(MDC / "ptd_reference_scenarios.csv").scenario
    assert sorted(names) == sorted(SCENARIOS)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_mdc_scenario(scenario):
    points = pd.read_csv(MDC / "ptd_reference_points.csv", parse_dates=["x"])
    out = points[points.scenario == scenario].reset_index(drop=True)
    summary = pd.read_csv(MDC / "ptd_reference_summary.csv")
    summary = summary[summary.scenario == scenario].reset_index(drop=True)
    kw = {"screen_mr": True, **SCENARIOS[scenario]}
    data = out[["f", "x", "y"]].copy()
    if scenario == "five_orgs_facet_target_rebase":
        # RJZ alone is rebased at 2017-04-01: a phase column per series
        data["period"] = np.where((data.f == "RJZ") & (data.x >= "2017-04-01"), 2, 1)
        kw["phase"] = "period"
    res = spc_told_behind(data, y="y", x="x", chart="xmr", rules=PTD, **kw)
    if "by" not in kw:
        summary = summary.assign(assurance_type=summary.get("assurance_type"))
    check(res, out, summary, kw["improvement"], kw.get("by"))
    # NHSRplotthedots' short-group warning: fewer than 13 points in the group
    short = res.points.groupby(["phase"] if "by" not in kw else ["f", "phase"]).phase.transform(
        "size"
    )
    assert ((short < 13).to_numpy() == out.short_group_warning.to_numpy()).all()


def test_short_phases_warn_once():
    data = pd.read_csv(MDC / "ptd_reference_points.csv")
    data = data[data.scenario == "synthetic_short_group"]
    short = "1 of 1 phase has fewer than 13 observed points"
    with pytest.warns(qi.ShortPhaseWarning, match=short):
        res = qi.spc(data, y="y", chart="xmr", rules="mdc")
    assert res.summary().short_phase.tolist() == [True]
    with pytest.warns(qi.ShortPhaseWarning, match="fewer than 20 observed points"):
        qi.spc(data, y="y", chart="xmr", min_points=20)
