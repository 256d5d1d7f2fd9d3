"""qi.board: many measures in one vectorised call, the board table, its HTML and its words."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qistats as qi

from .reference.replay import close
from .reference.test_plotthedots_parity import ASSURANCE, PTD, SCENARIOS, variation

REF = Path(__file__).parent / "reference"


# ------------------------------------------- parity with NHSRplotthedots, in one board call


def _reference_cases():
    """Every plotthedots real case and MDC scenario, one measure per case and facet.

    Returns the long data, the measures table and, per measure, NHSRplotthedots' latest point
    (its x, y, mean and limits), its variation icon and its assurance icon.
    """
    data, measures, expected = [], [], []

    def add(name, pts, direction, target, freeze, rebase, screen, icon, assurance):
        pts = pts.sort_values("x")
        last = pts.iloc[-1]
        data.append(pd.DataFrame({"measure": name, "month": pts.x, "value": pts.y}))
        measures.append(
            {
                "measure": name,
                "improvement": direction or "neutral",
                "target": target,
                "freeze": freeze,
                "rebase": rebase,
                "screen_mr": screen,
            }
        )
        expected.append(
            {
                "measure": name,
                "latest_x": last.x,
                "latest_value": last.y,
                "cl": last.mean_col,
                "lcl": last.lpl,
                "ucl": last.upl,
                "variation": icon,
                "assurance": assurance,
                "short_phase": bool(last.get("short_group_warning", False)),
            }
        )

    for case in sorted((REF / "plotthedots" / "real").iterdir()):
        args = json.loads((case / "params.json").read_text())["args"]
        out = pd.read_csv(case / "output.csv", parse_dates=["x"])
        icons = pd.read_csv(case / "icons.csv")
        direction = {"neutral": None}.get(
            args["improvement_direction"], args["improvement_direction"]
        )
        for f, pts in out.groupby("f", sort=False):
            mine = icons[icons.f == f].set_index("type").icon.str.removesuffix(".svg")
            a = mine.get("assurance")
            add(
                f"{case.name}/{f}",
                pts,
                direction,
                args.get("target"),
                args.get("fix_after_n_points"),
                [pd.Timestamp(args["rebase"])] if args.get("rebase") else [],
                args.get("screen_outliers", True),
                mine["variation"],
                {"inconsistent": "hit_or_miss"}.get(a, a),
            )
    points = pd.read_csv(REF / "mdc" / "ptd_reference_points.csv", parse_dates=["x"])
    icons = pd.read_csv(REF / "mdc" / "ptd_reference_icons.csv")
    for scenario, kw in SCENARIOS.items():
        for f, pts in points[points.scenario == scenario].groupby("f", sort=False):
            row = icons[(icons.scenario == scenario) & (icons.f == f)].iloc[0]
            target = kw.get("target")
            target = target.get(f) if isinstance(target, dict) else target
            # rebased where NHSRplotthedots' rebase group changes
            starts = pts.x[pts.rebase_group.diff().fillna(0) != 0].tolist()
            a = row.assurance_type
            add(
                f"{scenario}/{f}",
                pts,
                kw["improvement"],
                target,
                kw.get("freeze"),
                starts,
                kw.get("screen_mr", True),
                row.variation_icon,
                ASSURANCE.get(a) if isinstance(a, str) else None,
            )
    return pd.concat(data, ignore_index=True), pd.DataFrame(measures), pd.DataFrame(expected)


def test_one_board_reproduces_every_nhsrplotthedots_case():
    data, measures, expected = _reference_cases()
    assert len(measures) == 24  # 5 real cases (one with 4 facets), 13 scenarios (one with 4)
    report = qi.board(data, measures, x="month", y="value", rules=PTD)  # no warning: a column
    t = report.table()
    assert t.measure.tolist() == expected.measure.tolist()
    for col in ("latest_value", "cl", "lcl", "ucl"):
        ok = close(t[col], expected[col])
        assert ok.all(), (col, t.loc[~ok, ["measure", col]], expected.loc[~ok, col])
    assert (t.latest_x == expected.latest_x).all()
    assert t.variation.astype(object).tolist() == expected.variation.tolist()
    theirs = [a if isinstance(a, str) else None for a in expected.assurance]
    # a short latest phase has trial limits: qistats withholds the assurance there, which
    # NHSRplotthedots gives from a phase of any length (min_points=0 does the same)
    short = t.short_phase.tolist()
    assert t.assurance.tolist() == [None if s else a for a, s in zip(theirs, short, strict=True)]
    every = qi.board(data, measures, x="month", y="value", rules=PTD, min_points=0).table()
    assert every.assurance.tolist() == theirs
    assert t.short_phase.tolist() == expected.short_phase.tolist()
    # the 10-point scenario and the latest phases of the two series rebased late
    assert t.measure[t.short_phase].str.split("/").str[0].tolist() == [
        "ae_rjz_type1_attendances_target_rebase",
        "rrk_breaches_rebase_2018_07",
        "synthetic_short_group",
    ]
    # every point's label too, against the per-point reference of the scenarios
    points = pd.read_csv(REF / "mdc" / "ptd_reference_points.csv", parse_dates=["x"])
    points["measure"] = points.scenario + "/" + points.f
    merged = report.points.merge(points, left_on=["measure", "month"], right_on=["measure", "x"])
    assert len(merged) == len(points)
    direction = merged.measure.map(measures.set_index("measure").improvement)
    theirs = [
        variation(t_, None if d == "neutral" else d)
        for t_, d in zip(merged.point_type, direction, strict=True)
    ]
    assert (merged.variation.astype(object).to_numpy() == np.array(theirs, dtype=object)).all()


# ------------------------------------------------------------------------------- helpers

MONTHS = pd.date_range("2022-01-01", periods=20, freq="MS")


def flat(values=(), start=MONTHS[0], freq="MS"):
    """13 points alternating 9, 11 then 10 (mean 10, MR̄ 23/12, limits 10 ± 5.098), then
    ``values``."""
    y = [9.0, 11.0] * 6 + [10.0] + list(values)
    return pd.DataFrame({"month": pd.date_range(start, periods=len(y), freq=freq), "value": y})


def long(**series):
    return pd.concat([df.assign(measure=name) for name, df in series.items()], ignore_index=True)


# -------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("measures", "match"),
    [
        (pd.DataFrame({"measure": ["a"]}), r"measure 'b' .*no rows in data|'b'.*not in the"),
        (pd.DataFrame({"measure": ["a", "b", "c"]}), "the measure 'c' has no rows in data"),
        (
            pd.DataFrame({"measure": ["a", "b"], "improvement": ["up", None]}),
            "'improvement' of measure 'a' is 'up'; expected 'increase', 'decrease' or 'neutral'",
        ),
        (
            pd.DataFrame({"measure": ["a", "b"], "rebase": [[pd.Timestamp("2022-02-15")], []]}),
            "'rebase' of measure 'a' has 2022-02-15, which is not a period of that measure",
        ),
        (
            pd.DataFrame({"measure": ["a", "b"], "rebase": [[], ["not a date"]]}),
            "'rebase' of measure 'b'",
        ),
        (pd.DataFrame({"measure": ["a", "b"], "chart": ["xmr", "xyz"]}), "'chart' of measure 'b'"),
        (pd.DataFrame({"measure": ["a", "a", "b"]}), "'a' appears more than once"),
        (pd.DataFrame({"measure": ["a", "b"], "freeze": [0, None]}), "'freeze' of measure 'a'"),
        (pd.DataFrame({"measure": ["a", "b"], "target": ["high", 1]}), "'target' of measure 'a'"),
        (pd.DataFrame({"measure": ["a", "b"], "multiply": [1, -5]}), "'multiply' of measure 'b'"),
        (pd.DataFrame({"measure": ["a", "b"], "screen_mr": ["yes", None]}), "'screen_mr' of"),
        (pd.DataFrame({"measure": ["a", "b"], "reason": ["x", "y"]}), "column 'reason' would"),
        (pd.DataFrame({"name": ["a", "b"]}), "measure='measure': no such column in measures"),
        ([{"measure": "a"}], "measures: expected a pandas or polars DataFrame"),
        (pd.DataFrame({"measure": ["a", "b"], "chart": ["p", "xmr"]}), "measure 'a' has chart 'p'"),
    ],
)
def test_errors_name_the_measure_and_what_was_expected(measures, match):
    data = long(a=flat(), b=flat())
    with pytest.raises(qi.QIStatsError, match=match):
        qi.board(data, measures, x="month", y="value")


def test_a_measure_in_the_data_but_not_in_the_measures_table():
    data = long(a=flat(), b=flat())
    with pytest.raises(
        qi.DataError, match=r"row with index label 13 has measure='b', which is not in the measures"
    ):
        qi.board(data, pd.DataFrame({"measure": ["a"]}), x="month", y="value")


def test_counts_must_not_have_denominators():
    data = long(a=flat(), b=flat()).assign(n=100.0)
    measures = pd.DataFrame({"measure": ["a", "b"], "chart": ["c", "u"]})
    with pytest.raises(qi.DataError, match="measure 'a' has chart 'c', which takes no"):
        qi.board(data, measures, x="month", y="value", n="n")


# ------------------------------------------------------------------- edge cases of data


def test_a_measure_with_no_data_and_one_with_a_single_point():
    data = long(
        full=flat(),
        empty=flat().assign(value=np.nan),
        single=pd.DataFrame({"month": [MONTHS[12]], "value": [7.0]}),
    )
    measures = pd.DataFrame(
        {"measure": ["full", "empty", "single"], "improvement": "increase", "target": 4.0}
    )
    with pytest.warns(qi.NoDataWarning, match=r"1 of 3 series .*\(measure='empty'\)"):
        t = qi.board(data, measures, x="month", y="value").table().set_index("measure")
    assert t.loc["full", "assurance"] == "pass"
    empty = t.loc["empty"]
    assert pd.isna(empty.variation) and pd.isna(empty.latest_x)
    assert t.assurance["empty"] is None and t.assurance["single"] is None
    assert (empty.n_points, empty.stale, empty.last_values) == (0, True, [])
    assert empty.reason == "No data: nothing has been recorded yet."
    single = t.loc["single"]
    assert pd.isna(single.variation)  # one point: nothing to judge, no icon (trial 23 M6)
    assert (single.latest_value, single.cl, single.n_points) == (7.0, 7.0, 1)
    assert np.isnan(single.lcl) and np.isnan(single.ucl)
    assert single.reason == (
        "Too few points to judge the variation: 1 point so far (a variation icon needs 3); "
        "the target of 4 cannot be assessed without limits."
    )
    assert not single.stale  # the single point is in the report's latest month


def test_the_icon_is_that_of_the_last_observed_point():
    # a high point (30) and then a month not yet reported
    data = long(a=flat([30.0, np.nan]))
    measures = pd.DataFrame({"measure": ["a"], "improvement": "decrease", "freeze": 13})
    t = qi.board(data, measures, x="month", y="value").table().iloc[0]
    assert t.variation == "concern_high"
    assert t.latest_x == MONTHS[13] and t.latest_value == 30.0
    # no series has a value in the blank month: it is no period of the report yet (as a
    # template's future months, session 15 F9); a report as of that month finds it stale
    assert not t.stale
    t = qi.board(data, measures, x="month", y="value", as_of=MONTHS[14]).table().iloc[0]
    assert t.variation == "concern_high" and t.stale


def test_mixed_monthly_and_weekly_measures():
    weekly = flat(start="2023-09-11", freq="7D")  # 13 weeks: 11 Sep to 4 Dec 2023
    monthly = flat(start="2022-12-01")  # 13 months: Dec 2022 to Dec 2023
    late = monthly.assign(month=monthly.month - pd.DateOffset(months=1))  # to Nov 2023
    lagging = weekly.assign(month=weekly.month - pd.Timedelta(days=7))  # to 27 Nov 2023
    data = long(weekly=weekly, monthly=monthly, late=late, lagging=lagging)
    # weekly: 9, 11, 9, 11, 9, 11 (below the mean of 11.08) then 7 weeks at 12: a shift
    data.loc[data.measure == "weekly", "value"] = [9.0, 11] * 3 + [12.0] * 7
    measures = pd.DataFrame(
        {"measure": ["weekly", "monthly", "late", "lagging"], "improvement": "increase",
         "target": 10.0}
    )  # fmt: skip
    t = qi.board(data, measures, x="month", y="value").table().set_index("measure")
    # the report's latest period is the week of 4 Dec 2023 (to 10 Dec); December's monthly
    # figure is current, and so is November's: December has not ended by 10 Dec. The lagging
    # weekly series (27 Nov) is a week behind.
    assert t.stale.to_dict() == {"weekly": False, "monthly": False, "late": False, "lagging": True}
    assert t.loc["weekly", "reason"].startswith(
        "Special cause improvement: 7 points above the mean since w/c 23 Oct 2023; the target of "
    )
    # by hand: mean 144/13 = 11.077, MR̄ 11/12, limits 11.077 ± 2.66 × 11/12 = 8.64 to 13.52;
    # the limits mix the weeks at 9 and 11 with those at 12, so a rebase is advised at the
    # run's first week, as the rebase column takes it (trial 23 M3)
    assert t.loc["weekly", "reason"].endswith(
        "the target of 10 is within the limits (8.6 to 13.5), but the process has shifted since "
        "w/c 23 Oct 2023 and these limits mix both levels: add 2023-10-23 to the measure's "
        "'rebase' in the measures table to judge the target on the process as it is now."
    )
    assert t.loc["lagging", "reason"].endswith("met some weeks and missed in others.")
    assert t.loc["monthly", "reason"].endswith("met some months and missed in others.")
    assert t.loc["weekly", "rules_fired"] == "shift"
    # as of 1 Dec, the report's period is the week from 1 Dec: November's monthly figure is
    # the latest that can have ended, and the weekly series' 27 Nov is that week's
    # (a DateWarning: the weekly measures end with the week of 27 Nov, session 17 F9)
    with pytest.warns(qi.DateWarning, match=r"end with the week of 27 Nov 2023"):
        dec = qi.board(data, measures, x="month", y="value", as_of="2023-12-01").table()
    assert dec.stale.tolist() == [False, False, False, False]
    # as of 8 Jan (the week to 14 Jan) the weekly series are weeks behind and November's
    # figure a month behind; December's is the latest month that can have ended
    jan = qi.board(data, measures, x="month", y="value", as_of="2024-01-08").table()
    assert jan.stale.tolist() == [True, False, True, True]


@pytest.mark.parametrize(
    ("latest", "freq", "stale"),
    [
        ("2024-09-01", "MS", False),  # September's figure is current on 30 Sep
        ("2024-08-01", "MS", True),
        ("2024-07-01", "QS", False),  # Jul-Sep runs to 1 Oct
        ("2024-04-01", "QS", True),
        ("2024-09-30", "ME", False),
        ("2024-08-31", "ME", True),  # September's end is reported
        ("2024-07-31", "ME", True),
        ("2024-09-23", "W-MON", True),
    ],
)
def test_stale_counts_calendar_months_beside_a_weekly_measure(latest, freq, stale):
    # a new-user trial: a weekly measure dated 30 Sep made September's monthly figure "stale"
    # (the old rule took 90 % of a 30.4-day month). By hand, a month's figure is current until
    # the month after it has ended; the report runs to the week of 30 Sep 2024 (to 6 Oct).
    weekly = pd.DataFrame(
        {"month": pd.date_range(end="2024-09-30", periods=13, freq="W-MON"), "value": 10.0}
    )
    other = pd.DataFrame(
        {"month": pd.date_range(end=latest, periods=13, freq=freq), "value": [9.0, 11.0] * 6 + [10]}
    )
    data = long(weekly=weekly, other=other)
    t = qi.board(data, pd.DataFrame({"measure": ["weekly", "other"]}), x="month", y="value")
    t = t.table().set_index("measure")
    assert t.loc["other", "latest_x"] == pd.Timestamp(latest)
    assert bool(t.loc["other", "stale"]) is stale
    assert not t.loc["weekly", "stale"]


def test_as_of_judges_the_board_as_it_stood_then():
    # the board "as of" June equals the board of the rows up to June, computed separately
    weekly = flat(values=[12.0] * 8, start="2024-01-01", freq="W-MON")  # to 19 Feb 2024
    monthly = flat(values=[30.0, 10.0, 10.0], start="2023-01-01")  # to Apr 2024
    data = long(weekly=weekly, monthly=monthly)
    measures = pd.DataFrame({"measure": ["weekly", "monthly"], "improvement": "increase"})
    cut = "2024-02-01"
    # the 1st of a month beside a weekly measure: a DateWarning names its last week (29 Jan)
    with pytest.warns(qi.DateWarning, match=r"end with the week of 29 Jan 2024"):
        by_hand = qi.board(data[data.month <= cut], measures, x="month", y="value", as_of=cut)
    with pytest.warns(qi.DateWarning, match=r"end with the week of 29 Jan 2024"):
        at = qi.board(data, measures, x="month", y="value", as_of=cut)
    pd.testing.assert_frame_equal(at.table(), by_hand.table())
    t = at.table().set_index("measure")
    assert t.loc["monthly", "latest_x"] == pd.Timestamp("2024-02-01")
    assert t.loc["monthly", "latest_value"] == 30.0  # the point of Feb 2024, not April's 10
    assert t.loc["weekly", "latest_x"] == pd.Timestamp("2024-01-29")
    with pytest.raises(qi.DataError, match=r"as_of='2020-01-01': no row of data has an x"):
        qi.board(data, measures, x="month", y="value", as_of="2020-01-01")
    with pytest.raises(qi.DataError, match=r"'weekly' has no rows in data at or before as_of"):
        qi.board(data, measures, x="month", y="value", as_of="2023-06-01")


# a measure with a target and no direction: qi.spc warns (the board says it in its table)
@pytest.mark.filterwarnings("ignore::qistats.TargetWarning")
def test_by_groups_missing_some_measures_equal_each_series_alone():
    # trust A reports a, b and c; trust B reports only a and c; c is a U chart per 1,000
    rng = np.random.default_rng(7)
    rows = []
    for trust, names in (("A", "abc"), ("B", "ac")):
        for name in names:
            y = rng.poisson(20, size=24).astype(float)
            rows.append(
                pd.DataFrame(
                    {"trust": trust, "measure": name, "month": pd.date_range(
                        "2021-01-01", periods=24, freq="MS"), "value": y,
                     "days": np.where(name == "c", rng.integers(800, 1200, 24), np.nan)}
                )
            )  # fmt: skip
    data = pd.concat(rows, ignore_index=True)
    measures = pd.DataFrame(
        {
            "measure": ["c", "a", "b"],  # the table's order is the board's order
            "improvement": ["decrease", "increase", None],
            "target": [15.0, 25.0, 20.0],
            "chart": ["u", "xmr", "i"],
            "multiply": [1000, None, None],
            "freeze": [None, 12, None],
            "rebase": [[], [pd.Timestamp("2022-01-01")], []],
            "uses_n": [None, False, False],  # a and b have no denominator by design
            "owner": ["Ann", "Bob", "Cy"],
        }
    )
    report = qi.board(data, measures, x="month", y="value", n="days", by="trust")
    t = report.table()
    assert list(zip(t.measure, t.trust, strict=True)) == [
        ("c", "A"), ("c", "B"), ("a", "A"), ("a", "B"), ("b", "A"),
    ]  # fmt: skip
    assert t.owner.tolist() == ["Ann", "Ann", "Bob", "Bob", "Cy"]
    for _, row in t.iterrows():
        one = data[(data.measure == row.measure) & (data.trust == row.trust)]
        m = measures.set_index("measure").loc[row.measure]
        kw = {"chart": m.chart, "improvement": m.improvement, "target": m.target}
        if m.chart == "u":
            kw.update(n="days", multiply=1000)
        if m.freeze == m.freeze:
            kw["freeze"] = int(m.freeze)
        if m.rebase:
            kw["phase"] = m.rebase
        alone = qi.spc(one, y="value", x="month", rules="mdc", screen_mr=True, **kw)
        last = alone.points.iloc[-1]
        assert row.latest_value == pytest.approx(last.value)
        assert (row.cl, row.lcl, row.ucl) == pytest.approx((last.cl, last.lcl, last.ucl))
        assert row.variation == last.variation
        mine = row.assurance if isinstance(row.assurance, str) else None
        assert mine == alone.summary().assurance.iloc[-1]
    pts = report.points
    assert len(pts) == 5 * 24 and pts.measure.tolist()[:48] == ["c"] * 48
    assert {"name", "unit", "days"} <= set(pts.columns)


def test_inputs_are_left_alone():
    data = long(a=flat(), b=flat())
    measures = pd.DataFrame({"measure": ["a", "b"], "rebase": [[MONTHS[5]], None]})
    before = (data.copy(), measures.copy())
    qi.board(data, measures, x="month", y="value")
    pd.testing.assert_frame_equal(data, before[0])
    pd.testing.assert_frame_equal(measures, before[1])


# ------------------------------------------------------------------ the words: every icon


HIGH, LOW = [30.0], [-10.0]  # beyond the baseline's limits 4.9 to 15.1
REASONS = {
    # name: (extra points, direction, target, variation, assurance, reason)
    "common_pass": ([], "increase", 4, "common_cause", "pass",
        "Common cause variation: the latest point shows no special cause; the target of 4 is "
        "below the lower limit (4.9), so the process will consistently meet it."),
    "common_fail": ([], "increase", 20, "common_cause", "fail",
        "Common cause variation: the latest point shows no special cause; the target of 20 is "
        "above the upper limit (15.1), so the process will consistently miss it unless it "
        "changes."),
    "common_hit": ([], "decrease", 12.5, "common_cause", "hit_or_miss",
        "Common cause variation: the latest point shows no special cause; the target of 12.5 is "
        "within the limits (4.9 to 15.1), so it will be met some months and missed in others."),
    "common_none": ([], "decrease", None, "common_cause", None,
        "Common cause variation: the latest point shows no special cause."),
    "imp_high": (HIGH, "increase", 20, "improvement_high", "fail",
        "Special cause improvement: the latest point (30) is above the upper limit (15.1); the "
        "target of 20 is above the upper limit (15.1), so the process will consistently miss it "
        "unless it changes."),
    "imp_low": (LOW, "decrease", 20, "improvement_low", "pass",
        "Special cause improvement: the latest point (-10) is below the lower limit (4.9); the "
        "target of 20 is above the upper limit (15.1), so the process will consistently meet "
        "it."),
    "con_high": (HIGH, "decrease", 4, "concern_high", "fail",
        "Special cause concern: the latest point (30) is above the upper limit (15.1); the "
        "target of 4 is below the lower limit (4.9), so the process will consistently miss it "
        "unless it changes."),
    "con_low": (LOW, "increase", 10, "concern_low", "hit_or_miss",
        "Special cause concern: the latest point (-10) is below the lower limit (4.9); the "
        "target of 10 is within the limits (4.9 to 15.1), so it will be met some months and "
        "missed in others."),
    "neu_high": (HIGH, "neutral", 10, "neutral_high", None,
        "Special cause variation (higher, neither improvement nor concern): the latest point "
        "(30) is above the upper limit (15.1); the target of 10 is not assessed, as the measure "
        "has no improvement direction."),
    "neu_low": (LOW, None, None, "neutral_low", None,
        "Special cause variation (lower, neither improvement nor concern): the latest point "
        "(-10) is below the lower limit (4.9)."),
    "shift": ([12.0] * 7, "increase", 4, "improvement_high", "pass",
        "Special cause improvement: 7 points above the mean since Feb 2023; the target of 4 is "
        "below the lower limit (4.9), but these are the limits of the frozen baseline, which "
        "the process has shifted away from since Feb 2023: add 2023-02-01 to the measure's "
        "'rebase' in the measures table to judge the target on the process as it is now."),
    "trend": ([3.0, 4, 5, 6, 7, 8, 9], "increase", 30, "improvement_high", "fail",
        "Special cause improvement: 7 points in a row rising since Feb 2023; the target of 30 "
        "is above the upper limit (15.1), so the process will consistently miss it unless it "
        "changes."),
    "two_of_three": ([14.0, 11.0, 14.5], "decrease", None, "concern_high", None,
        "Special cause concern: 2 of the last 3 points more than 2σ above the mean."),
}  # fmt: skip


def test_reasons_for_every_variation_and_assurance():
    # every series: the 13-point baseline (mean 10, limits 4.9 to 15.1, 2σ at 13.4), frozen,
    # then the extra points; the reason is written out by hand for each
    data = long(**{k: flat(v[0]) for k, v in REASONS.items()})
    measures = pd.DataFrame(
        {
            "measure": list(REASONS),
            "improvement": [v[1] for v in REASONS.values()],
            "target": [v[2] for v in REASONS.values()],
            "freeze": 13,
        }
    )
    t = qi.board(data, measures, x="month", y="value").table().set_index("measure")
    for name, (*_, var, assurance, reason) in REASONS.items():
        row = t.loc[name]
        # series shorter than the longest are stale: their sentence names their last period
        last = f"Last reported {row.latest_x:%b %Y} (stale). "
        assert row.reason.startswith(last) == bool(row.stale), name
        said = row.reason.removeprefix(last)
        assert (row.variation, t.assurance[name], said) == (var, assurance, reason), name
    assert t.rules_fired.to_dict() == {
        **{k: "" for k in REASONS if k.startswith("common")},
        **{k: "outside the limits" for k in REASONS if k[:3] in ("imp", "con", "neu")},
        "shift": "shift",
        "trend": "trend",
        "two_of_three": "2 of 3 beyond 2σ",
    }
    assert t.last_values["trend"] == [7.0, 8.0, 9.0]
    m = qi.board(data, measures, x="month", y="value").matrix()
    # the series shorter than shift and trend are stale: counted in their own row, by their
    # assurance (pass, fail, hit or miss, withheld, none)
    assert m.loc["common_cause"].sum() == 0
    assert m.loc["stale"].tolist() == [2, 3, 2, 0, 4]
    assert m.loc["improvement_high"].tolist() == [1, 1, 0, 0, 0]  # shift, trend
    assert int(m.to_numpy().sum()) == len(REASONS)


# ------------------------------------------------------------------------------------ HTML


def hostile_board():
    name = 'A&E <script>alert("x")</script>'
    data = long(**{name: flat(HIGH), "b": flat()}).assign(trust="St Mary's & <b>")
    measures = pd.DataFrame(
        {
            "measure": [name, "b"],
            "unit": ["% <i>", "&amp;"],
            "owner": ["<img src=x onerror=alert(1)>", "O'Neil"],
            "improvement": ["increase", "decrease"],
            "target": [4, 20],
            "freeze": 13,
        }
    )
    return qi.board(data, measures, x="month", y="value", by="trust")


def test_html_escapes_every_user_string_and_draws_the_icons():
    report = hostile_board()
    html = report.to_html()
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<i>" not in html
    assert "A&amp;E &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "St Mary&#x27;s &amp; &lt;b&gt;" in html
    assert "&amp;amp;" in html  # a unit that looks like an entity is shown as typed
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # two variation and two assurance icons, as inline SVG with what they mean
    assert html.count("<svg") == 4
    assert "Assurance: the process will consistently pass" in html
    assert report._repr_html_() == html
    sorted_html = report.to_html(columns=["measure", "variation"], sort_by="n_points")
    assert sorted_html.index(">b</td>") < sorted_html.index("A&amp;E")
    with pytest.raises(qi.ArgumentError, match="'colour': not a column"):
        report.to_html(columns=["colour"])


# ------------------------------------------------------------------------------ drawings


def test_plot_draws_one_titled_panel_per_measure_and_group():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    report = hostile_board()
    fig = report.plot()
    panels = [a for a in fig.axes if a.get_visible()]
    titles = [a.get_title(loc="left").split("\n") for a in panels]
    # the measure on one line, the group below it; matplotlib draws text, nothing is
    # interpreted
    assert titles[0] == ['A&E <script>alert("x")</script> (% <i>)', "St Mary's & <b>"]
    # b's data end a month before the report's: stale, and its panel says so
    assert titles[1] == ["b (&amp;)", "St Mary's & <b>", "latest: Jan 2023 (stale)"]
    icons = [c for a in panels for c in a.get_children() if (c.get_gid() or "").startswith("icon")]
    assert len(icons) == 4  # a variation and an assurance icon in each panel
    one = report.plot(measure="b")
    assert [a.get_title(loc="left") for a in one.axes] == [
        "b (&amp;)\nSt Mary's & <b>\nlatest: Jan 2023 (stale)"
    ]
    with pytest.raises(qi.ArgumentError, match="measure='z': no such measure"):
        report.plot(measure="z")
    plt.close("all")


def _chromium():
    import shutil

    return next(
        (
            shutil.which(b)
            for b in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(b)
        ),
        None,
    )


def _screenshot(html, path, size=(400, 760)):
    """The page of ``html`` as Chromium draws it (RGB ints), saved at ``path``; ``size``: the
    window's width and height in pixels. The one browser routine of the HTML tests."""
    import subprocess

    from PIL import Image

    page = path.with_suffix(".html")
    page.write_text(
        '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        f"{html}</body></html>",
        encoding="utf-8",
    )
    subprocess.run(
        [
            _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
            f"--user-data-dir={path.parent / 'profile'}",
            f"--screenshot={path}", f"--window-size={size[0]},{size[1]}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


@pytest.mark.skipif(_chromium() is None, reason="needs a Chromium or Chrome browser")
def test_html_renders_in_a_real_browser_with_every_icon_visible(tmp_path):
    from qistats.plot.icons import ICONS

    data = long(**{k: flat(v[0]) for k, v in REASONS.items()})
    measures = pd.DataFrame(
        {
            "measure": list(REASONS),
            "improvement": [v[1] for v in REASONS.values()],
            "target": [v[2] for v in REASONS.values()],
            "freeze": 13,
        }
    )
    report = qi.board(data, measures, x="month", y="value")
    table = report.table()
    for column in ("variation", "assurance"):
        # one column per page: each table row shows its icon (or a dash), drawn in the icon's
        # colour, one below the other
        img = _screenshot(
            report.to_html(columns=[column], icon_size=40), tmp_path / f"{column}.png"
        )
        ink = np.abs(img - 255).sum(axis=2) > 200  # not white, not the light row borders
        ink[:26] = False  # the header
        rows = ink.any(axis=1)
        edges = np.diff(np.concatenate(([0], rows.astype(int), [0])))
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        assert len(starts) == len(table), (column, len(starts))
        for name, y0, y1 in zip(table[column], starts, stops, strict=True):
            band = img[y0:y1]
            if not isinstance(name, str):
                assert y1 - y0 < 20  # a dash or a note ("no direction"), not an icon
                continue
            assert y1 - y0 > 30, (column, name, "an icon about 40 px high")
            rgb = np.array([int(ICONS[name].colour[i : i + 2], 16) for i in (1, 3, 5)])
            ring = (np.abs(band - rgb).sum(axis=2) < 40).sum()
            assert ring > 100, (column, name, f"{ring} pixels of its colour")


# -------------------------------------------------------------------------------- the docs


def docs_example_html():
    """The HTML table of docs/board.rst, built as the page builds its board."""
    ae = qi.datasets.ae_attendances().assign(within_4h=lambda d: d.attendances - d.breaches)
    data = ae.melt(
        id_vars=["org_code", "month", "attendances"],
        var_name="measure",
        value_vars=["within_4h", "breaches", "admissions"],
        value_name="value",
    )
    data["n"] = data.attendances.where(data.measure == "within_4h")
    measures = pd.DataFrame(
        {
            "measure": ["within_4h", "breaches", "admissions"],
            "name": ["Seen within 4 hours", "Four-hour breaches", "Emergency admissions"],
            "unit": ["%", "patients", "patients"],
            "improvement": ["increase", "decrease", "neutral"],
            "target": [95, None, None],
            "multiply": [100, 1, 1],
            "uses_n": [True, False, False],
            "owner": ["COO", "COO", "CMO"],
        }
    )
    report = qi.board(data, measures, x="month", y="value", n="n", by="org_code")
    return report.to_html()  # the page shows exactly what the default call gives


def test_the_docs_show_the_current_html():
    # regenerate with: python -c "from tests.test_board import *; write_docs_example()"
    path = Path(__file__).parents[1] / "docs" / "_static" / "board_example.html"
    assert path.read_text(encoding="utf-8") == docs_example_html() + "\n"


def write_docs_example():
    path = Path(__file__).parents[1] / "docs" / "_static" / "board_example.html"
    path.write_text(docs_example_html() + "\n", encoding="utf-8")


def _ae_board(name):
    ae = qi.datasets.ae_attendances().assign(within_4h=lambda d: d.attendances - d.breaches)
    data = ae.melt(
        id_vars=["org_code", "month", "attendances"],
        var_name="measure",
        value_vars=["within_4h", "breaches"],
        value_name="value",
    )
    data["n"] = data.attendances.where(data.measure == "within_4h")
    measures = pd.DataFrame(
        {
            "measure": ["within_4h", "breaches"],
            "name": [name, "Four-hour breaches"],
            "unit": ["%", "patients"],
            "improvement": ["increase", "decrease"],
            "target": [95, None],
            "multiply": [100, 1],
            "uses_n": [True, False],
        }
    )
    return qi.board(data, measures, x="month", y="value", n="n", by="org_code")


def test_long_measure_names_stay_inside_their_panel_and_clear_of_the_icons():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    long_name = "Patients seen within four hours of arrival at the emergency department"
    report = _ae_board(long_name)
    fig = report.plot()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 10  # 2 measures x 5 organisations
    boxes = [a.get_window_extent(renderer) for a in panels]
    for a, box in zip(panels, boxes, strict=True):
        title = a.title if a.title.get_text() else a._left_title
        tbox = title.get_window_extent(renderer)
        # inside its own panel's width, never reaching into the next panel
        assert box.x0 - 1 <= tbox.x0 and tbox.x1 <= box.x1 + 1, title.get_text()
        for other in boxes:
            if other is not box:
                assert not tbox.overlaps(other), title.get_text()
        for icon in (c for c in a.get_children() if (c.get_gid() or "").startswith("icon")):
            assert not tbox.overlaps(icon.get_window_extent(renderer)), title.get_text()
        # the organisation is always shown in full, on its own line (RR1's data stop in
        # June 2018: a line under it says so)
        lines = title.get_text().split("\n")
        if lines[-1].startswith("latest: "):
            assert lines.pop() == "latest: Jun 2018 (stale)" and lines[-1] == "RR1"
        assert lines[-1] in {"England", "RAS", "RJC", "RJZ", "RR1"}
    measure = " ".join(panels[0]._left_title.get_text().split("\n")[:-1])
    # the name wrapped at spaces over two lines, in full, its unit kept whole
    assert measure == f"{long_name} (%)"
    # one legend for the figure, below the panels
    legends = [c for c in fig.get_children() if (c.get_gid() or "") == "legend"]
    assert len(legends) == 1
    lbox = legends[0].get_window_extent(renderer)
    assert all(lbox.y1 <= box.y0 for box in boxes)
    plt.close("all")


def test_one_measure_across_organisations_shares_one_y_range_under_its_name():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    report = _ae_board("Seen within 4 hours")
    fig = report.plot(measure="within_4h")
    panels = [a for a in fig.axes if a.get_visible()]
    heads = [t.get_text() for t in fig.texts if t.get_gid() == "title"]
    assert heads == ["Seen within 4 hours (%)"]
    assert [a.get_title(loc="left") for a in panels] == [
        "England",
        "RAS",
        "RJC",
        "RJZ",
        "RR1\nlatest: Jun 2018 (stale)",
    ]
    ranges = {a.get_ylim() for a in panels}
    assert len(ranges) == 1  # one scale, so organisations are compared fairly
    lo, hi = ranges.pop()
    ae = qi.datasets.ae_attendances()
    pct = 100 * (1 - ae.breaches / ae.attendances)
    # the range holds every organisation's points (RAS near 50 %, RJC near 97 %) and the target
    assert lo <= pct.min() and hi >= max(pct.max(), 95)
    plt.close("all")


def test_plot_without_by_one_and_several_measures():
    # a single organisation (no by=) is the commonest board; it could not be drawn
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    data = pd.concat(
        [
            pd.DataFrame({"month": months, "y": 1.0, "measure": "r"}),
            pd.DataFrame({"month": months, "y": np.arange(24.0), "measure": "s"}),
        ]
    )
    report = qi.board(data, pd.DataFrame({"measure": ["r", "s"]}), x="month", y="y")
    fig = report.plot()
    assert [a.get_title(loc="left") for a in fig.axes if a.get_visible()] == ["r", "s"]
    one = report.plot(measure="s")
    assert [a.get_title(loc="left") for a in one.axes if a.get_visible()] == ["s"]
    plt.close("all")


def test_html_classes_are_namespaced_so_host_pages_cannot_restyle_the_table():
    # Sphinx's furo theme styles every .icon as an inline block, which pushed the assurance
    # icons under the variation header on the docs page
    import re

    html = hostile_board().to_html()
    classes = re.findall(r'<t[dh][^>]* class="([^"]*)"', html)
    assert classes and all(c.startswith("qistats-") for c in classes), set(classes)


def test_reasons_separate_thousands_but_not_in_a_numeric_x():
    # the flat baseline × 1,000: mean 10,000, MR̄ 1,916.67, limits 10,000 ± 2.66 × 1,916.67 =
    # 4,901.67 to 15,098.33 (by hand); the reasons read "12000" and "15098" before
    big = flat([30.0]).assign(value=lambda d: d["value"] * 1000)
    measures = pd.DataFrame(
        {"measure": ["beds"], "improvement": "increase", "target": 12000, "freeze": 13}
    )
    report = qi.board(big.assign(measure="beds"), measures, x="month", y="value")
    assert report.table()["reason"].tolist() == [
        "Special cause improvement: the latest point (30,000) is above the upper limit "
        "(15,098); the target of 12,000 is within the limits (4,902 to 15,098), so it will be "
        "met some months and missed in others."
    ]
    assert "30,000" in report.to_html()
    assert "11,000; 10,000; 30,000" in report.to_html(columns="all")  # last three, unambiguous
    # an x of years names a period: "since 2013", never "since 2,013"
    years = flat([12.0] * 7).assign(value=lambda d: d["value"] * 1000, year=range(2000, 2020))
    measures = measures.assign(target=4000)
    table = qi.board(years.assign(measure="beds"), measures, x="year", y="value").table()
    assert table["reason"].tolist() == [
        "Special cause improvement: 7 points above the mean since 2013; the target of 4,000 is "
        "below the lower limit (4,902), but these are the limits of the frozen baseline, which "
        "the process has shifted away from since 2013: add 2013 to the measure's 'rebase' in "
        "the measures table to judge the target on the process as it is now."
    ]


def _rate_and_count(falls_n):
    """harm_free: a P chart of value / n; falls: value with the given n (per 1,000)."""
    month = pd.date_range("2023-01-01", periods=15, freq="MS")
    falls = [5.0, 7, 6, 8, 5, 6, 7, 9, 4, 6, 5, 7, 6, 5, 8]
    return pd.concat(
        [
            pd.DataFrame({"measure": "harm_free", "month": month, "value": 90.0, "n": 100.0}),
            pd.DataFrame({"measure": "falls", "month": month, "value": falls, "n": falls_n}),
        ],
        ignore_index=True,
    )


def test_a_measure_without_any_denominator_beside_ratios_is_named_not_silent():
    # falls' n was lost (empty in every row) while harm_free has its n: falls was charted as
    # its counts × 1,000 (8,000 at the latest month) without a word
    data = _rate_and_count(np.nan)
    measures = pd.DataFrame(
        {"measure": ["harm_free", "falls"], "chart": ["p", "xmr"], "multiply": [100, 1000]}
    )
    with pytest.warns(qi.NoDataWarning) as seen:
        table = qi.board(data, measures, x="month", y="value", n="n").table()
    assert [str(w.message) for w in seen] == [
        "1 measure ('falls') has no value in column n='n' in any row, while other measures "
        "have denominators: charted as plain values of column 'value' (not y / n). If a measure "
        "is a "
        "ratio, its denominators are missing (a failed join is the usual cause); if it has "
        "none by design, set its 'uses_n' to False in the measures table."
    ]
    assert table.set_index("measure").latest_value.to_dict() == {"harm_free": 90.0, "falls": 8000}
    # declared: no denominator by design, no warning, the same plain values
    plain = measures.assign(uses_n=[None, False])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = qi.board(data, plain, x="month", y="value", n="n").table()
    pd.testing.assert_frame_equal(same, table)
    # declared a ratio: as a chart that needs n, no observed point and a warning naming it
    with pytest.warns(qi.NoDataWarning, match=r"\(measure='falls'\): no centre line"):
        ratio = qi.board(data, measures.assign(uses_n=[None, True]), x="month", y="value", n="n")
    assert ratio.table().n_points.tolist() == [15, 0]


def test_uses_n_overrides_the_data_and_is_checked():
    data = _rate_and_count(500.0)  # falls per 500 bed days: 8 / 500 × 1,000 = 16 at the end
    measures = pd.DataFrame(
        {"measure": ["harm_free", "falls"], "chart": ["p", "xmr"], "multiply": [100, 1000]}
    )
    latest = qi.board(data, measures, x="month", y="value", n="n").table().latest_value
    assert latest.tolist() == [90.0, 16.0]
    ignored = qi.board(data, measures.assign(uses_n=[True, False]), x="month", y="value", n="n")
    assert ignored.table().latest_value.tolist() == [90.0, 8000.0]  # n ignored: 8 × 1,000
    for uses_n, match in [
        ([False, None], r"'uses_n' of measure 'harm_free' is False, but its 'p' chart needs"),
        (["yes", None], r"'uses_n' of measure 'harm_free' is 'yes'; expected True, False \(or 1"),
        ([2, 0], r"'uses_n' of measure 'harm_free' is 2; expected True, False \(or 1, 0\)"),
    ]:
        with pytest.raises(qi.QIStatsError, match=match):
            qi.board(data, measures.assign(uses_n=uses_n), x="month", y="value", n="n")
    with pytest.raises(qi.ArgumentError, match=r"measure 'falls' has 'uses_n' True, which needs"):
        qi.board(data, measures.assign(chart="xmr", uses_n=[None, True]), x="month", y="value")


@pytest.mark.parametrize(
    ("measures", "match"),
    [
        # audit INP F8: docs/missing.rst refuses True/False as a number; the board read it as 1
        (
            pd.DataFrame({"measure": ["a", "b"], "target": [True, None]}),
            r"'target' of measure 'a' is True \(True/False, not a number\)",
        ),
        (
            pd.DataFrame({"measure": ["a", "b"], "multiply": [1, np.True_]}),
            r"'multiply' of measure 'b' is True \(True/False",
        ),
        # audit INP F7: the value as typed, 'INCREASES ' (spaces around it are ignored since
        # session 17 F5, but not the typo)
        (
            pd.DataFrame({"measure": ["a", "b"], "improvement": ["INCREASES ", None]}),
            r"'improvement' of measure 'a' is 'INCREASES '; expected",
        ),
    ],
)
def test_settings_that_are_not_what_they_look_like_are_named_as_typed(measures, match):
    data = long(a=flat(), b=flat())
    with pytest.raises(qi.DataError, match=match):
        qi.board(data, measures, x="month", y="value")


def test_a_target_per_series_of_true_or_false_is_refused():
    data = long(a=flat(), b=flat()).assign(grp="g")
    targets = pd.DataFrame({"measure": ["a"], "grp": ["g"], "target": [False]})
    with pytest.raises(qi.DataError, match=r"has target False \(True/False, not a number\)"):
        qi.board(
            data, pd.DataFrame({"measure": ["a", "b"]}), x="month", y="value", by="grp",
            targets=targets,
        )  # fmt: skip


def test_the_html_is_ascii_so_any_file_encoding_can_save_it(tmp_path):
    # session 15 trial F27: "2σ" and "Jan–Mar" made open(path, "w").write(html) fail under
    # Windows' default encoding (cp1252), and read as "2Ïƒ" where pasted without a charset.
    # Expected: ASCII, with the same text once the references are read back
    import html as html_lib

    data = long(**{k: flat(v[0]) for k, v in REASONS.items()})
    measures = pd.DataFrame({"measure": list(REASONS), "name": [f"{m} – σ" for m in REASONS]})
    report = qi.board(data, measures, x="month", y="value")
    page = report.to_html()
    assert page.isascii() and "&#963;" in page and "&#8211;" in page
    (tmp_path / "board.html").write_text(page, encoding="cp1252")
    text = html_lib.unescape(page)
    assert all(name in text for name in measures["name"])
    assert report._repr_html_().isascii()
