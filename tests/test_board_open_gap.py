"""A board's G and T measures (one row per event): no event lately is not a late return. They
are never ``stale``; the open gap since the last event is in ``open_gap`` (days) and the
reason, compared with a T chart's upper limit when its values are days. Expected days are
counted by hand from the dates; the upper limit is computed here from the T chart's formula
(an I chart of y^(1/3.6), moving ranges at or above 3.267 times their mean dropped once)."""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import qistats as qi

T_MEASURE = pd.DataFrame({"measure": ["days"], "improvement": ["increase"], "chart": ["t"]})


def _incidents(measure: str = "days", column: str = "days_since") -> pd.DataFrame:
    ev = qi.datasets.incidents()  # 45 incidents, the last on 16 Nov 2024
    return ev.assign(measure=measure, ward="A").rename(columns={column: "value"})[
        ["measure", "ward", "date", "value"]
    ]


def _t_ucl(y: np.ndarray) -> float:
    t = y[np.isfinite(y)] ** (1 / 3.6)
    mr = np.abs(np.diff(t))
    mr = mr[mr < 3.267 * mr.mean()]
    return float((t.mean() + 3 / 1.128 * mr.mean()) ** 3.6)


def _board(data, measures, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.board(data, measures, x="date", y="value", by="ward", **kw)


def test_an_open_gap_beyond_the_upper_limit_is_said_and_the_series_is_not_stale():
    data = _incidents()
    ucl = _t_ucl(data["value"].to_numpy())
    assert round(ucl, 1) == 323.4
    b = _board(data, T_MEASURE, as_of="2025-12-31")
    row = b.table().iloc[0]
    # 16 Nov 2024 to 16 Nov 2025: 365 days (no 29 Feb between); to 30 Nov: 14; December: 31
    assert row["open_gap"] == 365 + 14 + 31 == 410
    assert not row["stale"]
    assert row["ucl"] == pytest.approx(ucl, rel=1e-9)
    assert row["reason"] == (
        "No event since 16 Nov 2024 (410 days to 31 Dec 2025, above the upper limit of 323.4 "
        "days: the next gap will be above it whenever it ends, longer than common-cause "
        "variation gives). Common cause variation: the latest point shows no special cause."
    )
    m = b.matrix()
    assert m.loc["stale"].sum() == 0
    assert m.loc["common_cause"].sum() == 1
    assert "(stale)" not in b.to_html()


def test_an_open_gap_within_the_limit_and_a_g_chart_without_one():
    t = _incidents()
    g = _incidents("admissions", "admissions_since")
    measures = pd.DataFrame(
        {"measure": ["days", "admissions"], "improvement": ["increase"] * 2, "chart": ["t", "g"]}
    )
    table = _board(pd.concat([t, g]), measures, as_of="2024-12-31").table()
    # 16 Nov to 31 Dec 2024: 14 + 31 days
    assert table["open_gap"].tolist() == [45.0, 45.0]
    assert table["stale"].tolist() == [False, False]
    assert table["reason"][0].startswith(
        "No event since 16 Nov 2024 (45 days to 31 Dec 2024, within the upper limit of 323.4 "
        "days). Common cause"
    )
    # a G chart's cases since the last event are not in the data: its days alone
    assert table["reason"][1].startswith("No event since 16 Nov 2024 (45 days to 31 Dec 2024). ")


def test_a_t_chart_of_hours_is_not_compared_with_days():
    data = _incidents()
    data["value"] *= 24
    table = _board(data, T_MEASURE, as_of="2025-12-31").table()
    assert table["open_gap"][0] == 410
    assert table["reason"][0].startswith("No event since 16 Nov 2024 (410 days to 31 Dec 2025). ")


def test_without_as_of_the_gap_runs_to_the_latest_event_of_the_board():
    a = _incidents()
    b = a.iloc[:-3].assign(ward="B")  # its last incident: the 42nd
    last_b = b["date"].iloc[-1]
    assert last_b == pd.Timestamp("2024-01-09")
    table = _board(pd.concat([a, b]), T_MEASURE).table()
    # 9 Jan to 16 Nov 2024: 22 days of January, 29 of February (a leap year), March to
    # October, 16 of November
    assert table["open_gap"].tolist() == [0.0, 22 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 16]
    assert table["stale"].tolist() == [False, False]
    assert not table["reason"][0].startswith("No event")  # no time has passed since
    # ward B's own limit, from its 41 gaps
    assert round(_t_ucl(b["value"].to_numpy()), 1) == 248.5
    assert table["reason"][1].startswith(
        "No event since 9 Jan 2024 (312 days to 16 Nov 2024, above the upper limit of 248.5 days"
    )


def test_events_do_not_set_a_monthly_measures_report_period():
    """Incidents about 10 days apart made the board's finest period 10 days, so that a monthly
    measure's February was current in March's report; and, without as_of, an incident in
    March made February stale. The monthly measure is judged as on a board of its own."""
    rng = np.random.default_rng(1)
    months = pd.date_range("2023-01-01", "2025-02-01", freq="MS")
    los = pd.DataFrame({"measure": "los", "ward": "A", "date": months})
    los["value"] = rng.normal(5, 0.5, len(months))
    dates = pd.Timestamp("2023-01-03") + pd.to_timedelta(np.cumsum(rng.integers(5, 15, 90)), "D")
    ev = pd.DataFrame({"measure": "days", "ward": "A", "date": dates[dates <= "2025-03-20"]})
    ev["value"] = ev["date"].diff().dt.days
    assert ev["date"].max() >= pd.Timestamp("2025-03-02")  # an incident in March
    measures = pd.DataFrame(
        {"measure": ["los", "days"], "improvement": ["decrease", "increase"], "chart": ["i", "t"]}
    )
    # the documented rule: in a March report February is stale; in February's it is current
    for as_of, want in (("2025-03-01", True), ("2025-03-31", True), (None, False)):
        mixed = _board(pd.concat([los, ev]), measures, as_of=as_of).table()
        alone = _board(los, measures.iloc[:1], as_of=as_of).table()
        assert mixed["stale"].tolist() == [want, False], as_of
        assert alone["stale"].tolist() == [want], as_of


def test_the_panel_of_an_event_series_has_no_missing_crosses_after_its_last_event():
    """Before, 13 monthly "no value" crosses ran from Dec 2024 to Dec 2025, and one marked the
    first incident, whose gap since a previous one is blank by definition: none now."""
    data = _incidents()
    b = _board(data, T_MEASURE, as_of="2025-12-31")
    for style in ("mdc", "qicharts2"):
        fig = b.plot(style=style)
        crosses = [
            x
            for a in fig.axes
            for ln in a.lines
            if ln.get_gid() == "missing"
            for x in np.asarray(ln.get_xdata(), dtype=float)
        ]
        assert crosses == [], style
        plt.close(fig)


def test_in_control_open_gaps_beyond_the_limit_are_as_rare_as_points_beyond_it():
    """Known truth: 2,000 wards of in-control incidents (exponential gaps, mean 30 days, a
    Poisson process) observed to one date. By memorylessness the open gap at that date is,
    like any gap, exponential (cut at the first event), so it should be above the upper limit
    about as often as a completed gap is: the reason's "above the upper limit" is as good
    evidence as a point above it. Also a ward whose incidents stopped (mean 300 days after
    its last event): its open gap is mostly above the limit."""
    rng = np.random.default_rng(26)
    wards, end = 2000, pd.Timestamp("2025-12-31")
    rows = []
    for w in range(wards):
        gaps = np.ceil(rng.exponential(30.0, 80))
        dates = end - pd.to_timedelta(np.cumsum(gaps), "D")
        dates = dates[dates >= end - pd.Timedelta(days=1500)][::-1]
        rows.append(pd.DataFrame({"ward": f"W{w:04d}", "date": dates}))
    data = pd.concat(rows, ignore_index=True)
    data["value"] = data.groupby("ward")["date"].diff().dt.days
    data = data[data["value"] > 0].assign(measure="days")
    table = _board(data, T_MEASURE, as_of=end).table()
    open_above = float(np.mean(table["open_gap"] > table["ucl"]))
    points = _board(data, T_MEASURE, as_of=end).points
    point_above = float(np.mean(points["value"] > points["ucl"]))
    said = table["reason"].str.contains("above the upper limit of").mean()
    print(f"open gap above the UCL: {open_above:.4f}; completed gaps above it: {point_above:.4f}")
    assert said == open_above
    assert open_above < 0.02 and point_above < 0.02
    assert abs(open_above - point_above) < 0.01
    # a ward whose incidents stopped (its open gap ~ 300 days, its limit ~ 150)
    stopped = data[data["ward"] == "W0000"].copy()
    last = stopped["date"].max()
    caught = []
    for gap in rng.exponential(300.0, 50):
        as_of = last + pd.Timedelta(days=float(np.ceil(gap)))
        caught.append(_board(stopped, T_MEASURE, as_of=as_of).table()["open_gap"][0])
    ucl = _board(stopped, T_MEASURE).table()["ucl"][0]
    power = float(np.mean(np.array(caught) > ucl))
    print(f"stopped ward (UCL {ucl:.0f} days): open gap above it in {power:.2f} of 50 dates")
    assert power > 0.4


def test_a_measure_of_rates_with_a_target_has_no_open_gap():
    # a board with a target read the charts of events or rates (C, U, ...) as event series:
    # a U chart of monthly restraints got "No event since 1 Mar 2024 (121 days ...)"
    df = qi.datasets.restrictive_practice()
    data = df[df["ward"].isin(["BRI1", "BRI2"])].rename(
        columns={"restraints": "value", "bed_days": "n"}
    )
    measures = pd.DataFrame(
        {"measure": ["r"], "chart": ["u"], "multiply": [1000], "improvement": ["decrease"]}
    )
    measures["target"] = 10
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        b = qi.board(
            data.assign(measure="r"), measures, x="month", y="value", n="n", by="ward",
            as_of="2024-06-30",
        )  # fmt: skip
    table = b.table()
    assert table["open_gap"].isna().all()
    assert not table["reason"].str.contains("No event since").any()
    assert table["stale"].all()  # no March... June: months not reported, as without a target


def test_an_event_series_latest_is_its_day():
    # the HTML's "Latest" column said "Nov 2024" (the month of a series whose gaps average a
    # month) for the incident of 16 Nov 2024
    b = _board(_incidents(), T_MEASURE, as_of="2025-12-31")
    dates = re.findall(r'<td class="qistats-date">([^<]*)</td>', b.to_html())
    assert dates == ["16 Nov 2024"], dates
