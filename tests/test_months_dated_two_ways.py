"""Months dated on the 1st in some series and on their last day, or last working day, in others
(two extracts merged) are the same months: for ``qi.funnel``'s ``period=`` and its default
latest period, ``qi.spc``'s ``freeze``, ``phase`` and ``exclude`` dates, and ``qi.board``'s
``freeze`` and ``rebase`` cells. The expected values come from the original data (every series
dated on the 1st), summed and counted with pandas: a date of one series' month is not a point in
time between another series' months.
"""

import warnings

import pandas as pd
import pytest

import qistats as qi

WARDS = ["BRI1", "BRI2", "BRI3", "CAS1", "CAS2", "CAS3"]
ENDS = ["BRI1", "BRI2", "BRI3"]  # one trust's extract dates its months on their last day
FUN = dict(y="restraints", n="bed_days", unit="ward", kind="rate", multiply=1000, x="month")
SPC = dict(y="restraints", n="bed_days", x="month", by="ward", chart="u")


def _original() -> pd.DataFrame:
    df = qi.datasets.restrictive_practice()
    return df[df["ward"].isin(WARDS)].reset_index(drop=True)


MONTH_END = pd.offsets.MonthEnd(0)


def _merged(end=MONTH_END) -> pd.DataFrame:
    df = _original()
    late = df["ward"].isin(ENDS)
    df.loc[late, "month"] = df.loc[late, "month"] + end
    return df


@pytest.fixture(
    params=[pd.offsets.MonthEnd(0), pd.offsets.BMonthEnd(0)],
    ids=["month_end", "last_working_day"],
)
def merged(request) -> pd.DataFrame:
    """The six wards, one trust's dated on month ends or on the last working day (Monday to
    Friday: 29 March 2024, a Friday)."""
    return _merged(request.param)


def _quiet(fn):
    """fn() with qistats' warnings recorded; those of dates and missing data returned."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out = fn()
    said = [str(w.message) for w in seen if issubclass(w.category, (qi.DateWarning,))]
    said += [str(w.message) for w in seen if issubclass(w.category, qi.NoDataWarning)]
    return out, said


def test_the_merged_data_date_march_two_ways(merged):
    march = merged[merged["month"].dt.month.eq(3) & merged["month"].dt.year.eq(2024)]
    assert sorted(march["month"].dt.day.unique()) in ([1, 31], [1, 29])


@pytest.mark.parametrize(
    "period",
    [("2023-04-01", "2024-03-01"), ("2023-04-30", "2024-03-31"), ("2023-04", "2024-03")],
)
def test_funnel_period_holds_twelve_months_of_every_ward(period, merged):
    orig = _original()
    window = orig[orig["month"].between("2023-04-01", "2024-03-01")]
    truth = window.groupby("ward")[["restraints", "bed_days"]].sum()
    assert truth.loc["BRI1", "bed_days"] == 4587  # the 12 months' bed days, by hand
    fun, said = _quiet(lambda: qi.funnel(merged, **FUN, period=period))
    last_x = merged["month"].max()
    got = fun.units.set_index("ward").sort_index()
    assert got["n"].tolist() == truth["bed_days"].astype(float).tolist()
    assert got["y"].tolist() == truth["restraints"].astype(float).tolist()
    assert said == []
    assert fun.title.endswith("by ward, Apr 2023–Mar 2024"), fun.title
    # the first and last x compared, as the data date them (31 or 29 March)
    assert [v.date() for v in fun.period] == [pd.Timestamp("2023-04-01").date(), last_x.date()]


@pytest.mark.parametrize("period", [None, "2024-03-01", "2024-03-31"])
def test_funnel_default_or_one_period_is_every_wards_month(period, merged):
    orig = _original()
    march = orig[orig["month"] == "2024-03-01"].set_index("ward").sort_index()
    fun, said = _quiet(lambda: qi.funnel(merged, **FUN, period=period))
    got = fun.units.set_index("ward").sort_index()
    assert got.index.tolist() == WARDS  # no ward 'without a row in the latest month'
    assert got["n"].tolist() == march["bed_days"].astype(float).tolist()
    assert said == []
    assert fun.title.endswith("by ward, Mar 2024"), fun.title


@pytest.mark.parametrize("freeze", ["2021-03-01", "2021-03-31", "2021-03-15", "2021-03"])
def test_spc_freeze_date_ends_every_baseline_with_its_month(freeze, merged):
    orig = _original()
    want = orig[orig["month"] <= "2021-03-01"].groupby("ward").size()
    assert set(want) == {12}  # April 2020 to March 2021
    res, said = _quiet(lambda: qi.spc(merged, **SPC, freeze=freeze))
    got = res.points.groupby("ward")["baseline"].sum()
    assert got.to_dict() == want.to_dict()
    assert said == []
    # the limits of the original data, dated one way, with its 12-month baseline
    ref = qi.spc(orig, **SPC, freeze="2021-03-01").points
    for col in ("cl", "lcl", "ucl"):
        assert res.points[col].tolist() == pytest.approx(ref[col].tolist(), nan_ok=True)


@pytest.mark.parametrize("start", ["2022-10-01", "2022-10-31", "2022-10"])
def test_spc_phase_date_starts_every_series_new_phase_in_its_month(start, merged):
    orig = _original()
    before = orig[orig["month"] < "2022-10-01"].groupby("ward").size()
    res, said = _quiet(lambda: qi.spc(merged, **SPC, phase=[start]))
    pts = res.points
    assert pts[pts["phase"] == 1].groupby("ward").size().to_dict() == before.to_dict()
    firsts = pts[pts["phase"] == 2].groupby("ward")["month"].min()
    assert {(d.year, d.month) for d in firsts} == {(2022, 10)}
    assert said == []


@pytest.mark.parametrize("month", ["2022-10-01", "2022-10-31", "2022-10"])
def test_spc_exclude_date_leaves_out_every_series_month(month, merged):
    res, _ = _quiet(lambda: qi.spc(merged, **SPC, exclude=[month]))
    out = res.points[res.points["excluded"]]
    assert sorted(out["ward"]) == WARDS  # one point of every ward, not of half of them
    assert {(d.year, d.month) for d in out["month"]} == {(2022, 10)}


@pytest.mark.parametrize(
    ("freeze", "rebase"), [("2021-03-01", "2022-10-31"), ("2021-03-31", "2022-10-01")]
)
def test_board_freeze_and_rebase_cells_mean_their_month(freeze, rebase, merged):
    orig = _original()
    base = orig[orig["month"] <= "2021-03-01"].groupby("ward").size()  # phase 1's baseline
    later = orig[orig["month"] >= "2022-10-01"].groupby("ward").size()  # phase 2, all
    data = merged.rename(columns={"restraints": "value", "bed_days": "n"})
    data["measure"] = "restraint"
    ms = pd.DataFrame(
        {"measure": ["restraint"], "chart": ["u"], "multiply": [1000], "freeze": [freeze]}
    )
    ms["rebase"] = [rebase]
    b, said = _quiet(lambda: qi.board(data, ms, x="month", y="value", n="n", by="ward"))
    pts = b.points
    assert pts[pts["phase"] == 2].groupby("ward").size().to_dict() == later.to_dict()
    assert pts.groupby("ward")["baseline"].sum().to_dict() == (base + later).to_dict()
    assert said == []


def test_one_dating_convention_keeps_the_point_in_time_reading():
    # every ward on month ends: "2021-03-01" is a point in time between February and March,
    # as documented (a DateWarning names both), and the funnel's month ends are months
    df = _original()
    df["month"] = df["month"] + pd.offsets.MonthEnd(0)
    with pytest.warns(qi.DateWarning, match="falls between the x values"):
        res = qi.spc(df, **SPC, freeze="2021-03-01")
    assert set(res.points.groupby("ward")["baseline"].sum()) == {11}
    fun, _ = _quiet(lambda: qi.funnel(df, **FUN, period=("2023-04-01", "2024-03-01")))
    assert fun.units.set_index("ward").loc["BRI1", "n"] == 4587


def test_spc_plot_names_no_series_behind_for_its_march_dated_on_the_1st():
    # the drawn panel titles: a ward whose March is dated 1 March is not 'latest: 1 Mar 2024'
    # beside a ward whose March is dated 31 March; one without March is 'latest: Feb 2024'
    pytest.importorskip("matplotlib")
    df = _merged()
    df = df[~((df["ward"] == "CAS2") & (df["month"] == "2024-03-01"))]
    with pytest.warns(qi.NoDataWarning, match="ward='CAS2'"):  # CAS2 alone is behind
        res = qi.spc(df, **SPC, multiply=1000)
    fig = res.plot(series=["BRI1", "CAS1", "CAS2"])
    titles = [a.get_title(loc="left") for a in fig.axes if a.get_title(loc="left")]
    assert titles == ["BRI1", "CAS1", "CAS2\nlatest: Feb 2024"], titles


def test_last_working_days_alone_are_months_to_the_funnel_and_points_in_time_to_spc():
    # every ward dated on its month's last working day: the funnel's period= names months
    # (March 2024 is dated the 29th), as qi.ambition reads them; spc reads "2021-03-01" as a
    # point in time between 26 February and 31 March and says so, as for month ends
    df = _original()
    df["month"] = df["month"] + pd.offsets.BMonthEnd(0)
    orig = _original()
    window = orig[orig["month"].between("2023-04-01", "2024-03-01")]
    truth = window.groupby("ward")["bed_days"].sum().astype(float)
    fun, said = _quiet(lambda: qi.funnel(df, **FUN, period=("2023-04-01", "2024-03-01")))
    assert fun.units.set_index("ward")["n"].sort_index().to_dict() == truth.to_dict()
    assert said == []
    latest, said = _quiet(lambda: qi.funnel(df, **FUN))
    assert latest.title.endswith("by ward, Mar 2024"), latest.title
    with pytest.warns(qi.DateWarning, match="falls between the x values '2021-02-26'"):
        res = qi.spc(df, **SPC, freeze="2021-03-01")
    assert set(res.points.groupby("ward")["baseline"].sum()) == {11}


def test_dates_of_single_events_are_not_read_as_months():
    # a T chart's event dates, one a month at most, some on a 1st or a month end: a freeze
    # date is a point in time (an event on 15 March is after freeze="2021-03-01")
    events = pd.DataFrame(
        {
            "unit": ["A"] * 6 + ["B"] * 6,
            "date": pd.to_datetime(
                ["2021-01-01", "2021-02-10", "2021-03-15", "2021-04-30", "2021-05-03"]
                + ["2021-06-21", "2021-01-31", "2021-02-01", "2021-03-01", "2021-04-12"]
                + ["2021-05-31", "2021-06-30"]
            ),
        }
    )
    events["days"] = events.groupby("unit")["date"].diff().dt.days.fillna(10)
    res, _ = _quiet(
        lambda: qi.spc(events, y="days", x="date", by="unit", chart="t", freeze="2021-03-01")
    )
    got = res.points.groupby("unit")["baseline"].sum().to_dict()
    assert got == {"A": 2, "B": 3}  # A: 1 Jan, 10 Feb; B: 31 Jan, 1 Feb, 1 Mar
