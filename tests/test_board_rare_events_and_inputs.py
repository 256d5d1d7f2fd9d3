"""Board, qi.spc and input checks: rare-event rates (in-control series at a low rate marked as
noise, checked by simulation, and said so in the warning, the reason, the HTML and the panel),
a short ``freeze`` baseline gives trial limits, a % target typed as a proportion, dates as
``datetime.date``/date32, resubmitted months and two dates in one month, closed months on NP
charts and ``freeze`` on integer years, ISO text dates, and board HTML."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=30, freq="MS")


# --------------------------------------------------------------------------------- short freeze


def _frozen():
    # first three values 5, 6, 4: by hand mean 5, moving ranges 1 and 2, MR̄ 1.5, limits
    # 5 ± 2.66 × 1.5 = 1.01 to 8.99; the other 27 points 5 and 5.5 in turn
    y = [5.0, 6.0, 4.0] + [5.0, 5.5] * 13 + [5.0]
    return pd.DataFrame({"measure": "los", "month": MONTHS, "value": y})


def test_a_three_point_freeze_gives_trial_limits_on_the_board():
    d = _frozen()
    m = pd.DataFrame({"measure": ["los"], "improvement": ["decrease"], "target": [9.5]})
    t = qi.board(d, m.assign(freeze=3), x="month", y="value").table()
    assert (t.lcl[0], t.ucl[0]) == pytest.approx((1.01, 8.99))
    # a full phase would give "pass" (9.5 above the upper limit); a 3-point baseline does not
    assert bool(t.short_phase[0]) and t.assurance[0] is None
    assert t.n_points[0] == 30
    assert t.reason[0] == (
        "Common cause variation: the latest point shows no special cause; the limits are "
        "trial limits from a baseline of 3 points (fewer than 12), so the target of 9.5 is not "
        "assessed until the baseline has 12 points (for now it is above the trial limits, "
        "1.01 to 8.99)."
    )
    # a 12-point baseline (NHSRplotthedots' minimum fix_after_n_points) is no trial; 11 is
    t12 = qi.board(d, m.assign(freeze=12), x="month", y="value").table()
    assert not t12.short_phase[0] and t12.assurance[0] == "pass"
    assert qi.board(d, m.assign(freeze=11), x="month", y="value").table().short_phase[0]
    # min_points given applies to a baseline too
    t13 = qi.board(d, m.assign(freeze=12), x="month", y="value", min_points=13).table()
    assert t13.short_phase[0] and "(fewer than 13)" in t13.reason[0]
    # without freeze, 30 points: no trial limits either
    assert qi.board(d, m, x="month", y="value").table().assurance[0] == "pass"


def test_a_three_point_freeze_gives_trial_limits_in_spc_and_its_plot():
    d = _frozen()
    kw = dict(y="value", x="month", chart="xmr", improvement="decrease", target=9.5)
    said = r"fewer than 13 observed points in the baseline .* \(12 for a freeze baseline .*3 points"
    with pytest.warns(qi.ShortPhaseWarning, match=said):
        res = qi.spc(d, freeze=3, **kw)
    s = res.summary()
    assert bool(s.short_phase[0]) and s.assurance[0] is None and s.n_points[0] == 30
    # 12 baseline points are enough; an excluded baseline point does not count
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not qi.spc(d, freeze=12, **kw).summary().short_phase[0]
    with pytest.warns(qi.ShortPhaseWarning, match="11 points in its baseline"):
        qi.spc(d, freeze=12, exclude=[MONTHS[0]], **kw)
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    fig = res.plot()
    gids = {a.get_gid() for a in fig.axes[0].lines}
    assert "trial_limits" in gids and "limits" not in gids
    matplotlib.pyplot.close(fig)


# ---------------------------------------------------------------------------------- rare events


def _rare_board(rng, rate, orgs, as_rate, chart=None):
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    bed_days = rng.integers(8000, 10000, (orgs, 24)).astype(float)
    events = rng.poisson(rate * bed_days / 9000)
    d = pd.DataFrame(
        {
            "measure": "mrsa",
            "org": np.repeat([f"T{o}" for o in range(orgs)], 24),
            "month": np.tile(months, orgs),
            "value": events.ravel(),
            "n": bed_days.ravel(),
        }
    )
    m = pd.DataFrame({"measure": ["mrsa"], "improvement": ["decrease"]})
    if as_rate:
        m = m.assign(multiply=100 if chart in ("p", "pp", "np") else 100_000, uses_n=True)
    else:
        d = d.drop(columns="n")
    if chart is not None:
        m = m.assign(chart=chart)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        return qi.board(d, m, x="month", y="value", n="n" if as_rate else None, by="org")


def test_rare_event_icons_are_marked_as_noise_simulation():
    # in-control series at 0.3 events a month (known truth: no special cause), as counts and as
    # rates per 100,000 bed days; and typical series (5 a month), which must not be marked
    rng = np.random.default_rng(6)
    out = {}
    for label, rate, as_rate in [
        ("counts 0.3", 0.3, False),
        ("rates 0.3", 0.3, True),
        ("rates 5", 5.0, True),
        ("counts 5", 5.0, False),
    ]:
        t = _rare_board(rng, rate, 300, as_rate).table()
        special = (t.variation != "common_cause").to_numpy()
        rare = t.rare_events.to_numpy(dtype=bool)
        out[label] = (special.mean(), (special & ~rare).mean(), rare.mean())
    shown = "; ".join(
        f"{k}: special-cause icons {a:.1%}, unmarked {b:.1%}, marked rare {c:.1%}"
        for k, (a, b, c) in out.items()
    )
    print(shown)
    for k in ("counts 0.3", "rates 0.3"):
        assert out[k][0] > 0.15, shown  # the XmR chart's false icons (about 28%) are still there
        assert out[k][1] <= 0.01 and out[k][2] >= 0.97, shown  # but marked as noise
    for k in ("rates 5", "counts 5"):
        assert out[k][2] == 0, shown


def test_rare_event_icons_on_c_u_and_p_charts_are_marked_simulation():
    # in-control series at 0.3 events a month (known truth: no special cause) on
    # C, U and P charts (and the Laney U′ and P′) get special-cause icons too (mostly
    # "improvement" from seven zero months below the centre line): marked as noise; typical
    # series (5 a month) are not marked
    rng = np.random.default_rng(7)
    out = {}
    for chart in ("c", "u", "p", "up", "pp"):
        for rate in (0.3, 5.0):
            t = _rare_board(rng, rate, 300, chart != "c", chart).table()
            special = (t.variation != "common_cause").to_numpy()
            rare = t.rare_events.to_numpy(dtype=bool)
            out[chart, rate] = (special.mean(), (special & ~rare).mean(), rare.mean())
    shown = "; ".join(
        f"{c} at {r:g}: special-cause icons {a:.1%}, unmarked {b:.1%}, marked rare {m:.1%}"
        for (c, r), (a, b, m) in out.items()
    )
    print(shown)
    for chart in ("c", "u", "p", "up", "pp"):
        special, unmarked, marked = out[chart, 0.3]
        assert special > 0.08, shown  # the false icons (12-30 %) are there
        assert unmarked <= 0.01 and marked >= 0.97, shown  # but marked as noise
        assert out[chart, 5.0][2] == 0, shown


@pytest.mark.parametrize(
    ("chart", "on", "often", "suits"),
    [
        ("u", "a U chart", "one in seven", "a G or T chart (chart='g' or 't') suits it."),
        ("p", "a P chart", "one in seven", "a G chart of the cases between events (chart='g')"),
        ("pp", "a Laney P′ chart", "three in ten", "a G chart of the cases between events"),
        ("c", "a C chart", "one in seven", "a G or T chart (chart='g' or 't') suits it."),
    ],
)
def test_rare_events_on_c_u_and_p_charts_warning_reason_and_html(chart, on, often, suits):
    rng = np.random.default_rng(2)
    d = pd.DataFrame(
        {
            "measure": "m",
            "site": np.repeat(["Ash", "Elm"], 24),
            "month": np.tile(pd.date_range("2022-04-01", periods=24, freq="MS"), 2),
            "value": rng.poisson(0.3, 48),
            "n": 9000.0,
        }
    )
    m = pd.DataFrame({"measure": ["m"], "chart": [chart], "uses_n": [chart != "c"]})
    n = None if chart == "c" else "n"
    said = rf"^2 of the board's 2 series look like .* on '{chart}' charts: measure 'm'"
    with pytest.warns(qi.RareEventsWarning, match=said) as caught:
        report = qi.board(d, m, x="month", y="value", n=n, by="site")
    msg = str(caught[0].message)
    assert f"about {often} in-control series on {on}" in msg, msg
    assert ("or 't'" in msg) == (chart in ("c", "u")), msg
    t = report.table()
    assert t.rare_events.all()
    what = "values are" if chart == "c" else "numerators (events) are"
    for reason in t.reason:
        assert f"Its {what} counts of rare events (mean 0." in reason, reason
        assert f"on {on} its special-cause icons are likely noise" in reason, reason
        # its own mean only ("at a mean of 0.3" beside "mean 0.57" read as a contradiction)
        assert f"its special-cause icons are likely noise; {suits}" in reason, reason
        assert reason.count("mean") == 1, reason
    assert report.to_html().count(">rare events</span>") == 2


def test_rare_event_rate_reason_and_html_say_so():
    rng = np.random.default_rng(1)
    report = _rare_board(rng, 0.3, 3, True)
    t = report.table()
    assert t.rare_events.all()
    assert t.reason[0].endswith(
        "% zeros): on an XmR chart its special-cause icons are likely noise; a G or T chart "
        "(chart='g' or 't') suits it."
    )
    assert "Its numerators (events) are counts of rare events (mean 0." in t.reason[0]
    html = report.to_html()
    assert html.count(">rare events</span>") == 3
    one = pd.DataFrame(
        {
            "measure": "m",
            "month": pd.date_range("2022-04-01", periods=12, freq="MS"),
            "value": [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0],
            "n": 9000.0,
        }
    )
    m = pd.DataFrame({"measure": ["m"], "uses_n": [True], "multiply": [1e5]})
    said = r"1 of the board's 1 series .* measure 'm', its numerators y, \(mean 0\.17, 83% zeros"
    with pytest.warns(qi.RareEventsWarning, match=said):
        qi.board(one, m, x="month", y="value", n="n")


def test_rare_events_warning_names_each_measure_of_a_mixed_board():
    # two rare-event measures (counts, and a rate whose numerators are rare) among common
    # ones: the warning names both measures, how many of their series, and no other measure
    rng = np.random.default_rng(3)
    months = pd.date_range("2023-01-01", periods=24, freq="MS")
    events = {"mrsa": (0.3, np.nan), "falls": (20, np.nan), "never": (0.2, 1000.0)}
    data = pd.concat(
        [
            pd.DataFrame(
                {"measure": m, "site": s, "month": months, "v": rng.poisson(lam, 24), "n": n}
            )
            for m, (lam, n) in events.items()
            for s in ("Ash", "Elm", "Oak")
        ]
        + [pd.DataFrame({"measure": "mrsa", "site": "Big", "month": months, "v": 9, "n": np.nan})]
    )
    measures = pd.DataFrame(
        {"measure": [*events], "multiply": [1, 1, 1000], "uses_n": [False, False, True]}
    )
    with pytest.warns(qi.RareEventsWarning) as caught:
        table = qi.board(data, measures, x="month", y="v", n="n", by="site").table()
    assert len(caught) == 1
    said = str(caught[0].message)
    assert said.startswith("6 of the board's 10 series look like counts of rare events"), said
    assert "measure 'mrsa' in 3 of its 4 series (site='Ash': mean" in said, said
    assert "measure 'never', its numerators y, in all 3 series (site='Ash': mean" in said, said
    assert "falls" not in said and "site='Big'" not in said, said
    assert "whatever the denominator of a ratio" in said, said
    assert "set the measure's chart to 'g'" in said, said
    assert table.rare_events.tolist() == [True, False, True, True] + [False] * 3 + [True] * 3


# ----------------------------------------------------------------------------- % target as 0.95


def _percent(values):
    return pd.DataFrame({"month": MONTHS[: len(values)], "y": values, "n": 100})


def test_spc_warns_on_a_percentage_target_typed_as_a_proportion():
    d = _percent([60.0, 70, 65, 72, 68, 66, 71, 64, 69, 70, 67, 65, 66])
    kw = dict(y="y", n="n", x="month", chart="p", improvement="increase", multiply=100)
    said = r"target: 1 of 1 series shown in % has a target of 1 or less .*write 95 for 0\.95"
    with pytest.warns(qi.TargetWarning, match=said):
        qi.spc(d, target=0.95, **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(d, target=95, **kw)  # what was meant
        qi.spc(d, target=0.95, **{**kw, "multiply": 1})  # a proportion chart: 0.95 is right
        # a small target that is no percentage: 100 × 0.05 = 5 is far below values of 60+
        qi.spc(d, target=0.05, **kw)
        # a target of 0 (zero harm) is a target, not a proportion
        qi.spc(d, target=0, **kw)


def test_board_warns_for_multiply_100_or_unit_percent():
    d = _percent([60.0, 70, 65, 72, 68, 66, 71, 64, 69, 70, 67, 65, 66]).assign(measure="ae")
    m = pd.DataFrame({"measure": ["ae"], "improvement": ["increase"], "target": [0.95]})
    said = r"measures 'target': 1 of 1 series .*measure='ae': 0\.95.*write 95 for 0\.95"
    with pytest.warns(qi.TargetWarning, match=said):
        qi.board(d, m.assign(multiply=100, chart="p"), x="month", y="y", n="n")
    with pytest.warns(qi.TargetWarning, match=said):  # values already in %, unit "%"
        qi.board(d, m.assign(unit="%"), x="month", y="y")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.board(d, m.assign(unit="%", target=95), x="month", y="y")
        qi.board(d, m.assign(unit="score"), x="month", y="y")  # a unit, not %: as given
    # no unit and no multiply, but every value between 1 and 100 with 95 among them: a
    # percentage target typed as a proportion all the same ("pass" for a trust at 60 to 72 %)
    with pytest.warns(qi.TargetWarning, match=r"every value between 1 and 100 .*write 95"):
        qi.board(d, m, x="month", y="y")


# --------------------------------------------------------------------------------- date objects


def test_dates_as_date_objects_or_arrow_date32_work_and_come_back_as_datetime64():
    d = pd.DataFrame(
        {
            "measure": "falls",
            "month": MONTHS[:14].date,  # datetime.date objects
            "value": [5.0, 7, 6, 8, 4, 6, 7, 5, 6, 9, 5, 6, 7, 6],
        }
    )
    assert d.month.dtype == object
    m = pd.DataFrame({"measure": ["falls"], "improvement": ["decrease"]})
    frames = {"datetime.date": d}
    pa = pytest.importorskip("pyarrow")
    frames["arrow date32"] = pa.Table.from_pandas(d, preserve_index=False)
    assert str(frames["arrow date32"].schema.field("month").type) == "date32[day]"
    for label, data in frames.items():
        res = qi.spc(data, y="value", x="month", chart="xmr")
        assert res.points.month.dtype.kind == "M", label
        assert (res.points.month.dt.year == 2022).sum() == 12, label
        t = qi.board(data, m, x="month", y="value").table()
        assert t.latest_x[0] == pd.Timestamp("2023-02-01"), label
        assert "Feb 2023" in qi.board(data, m, x="month", y="value").to_html(), label
    assert d.month.dtype == object  # the input is not modified


def test_arrow_dates_come_back_as_dates_from_to_arrow():
    pa = pytest.importorskip("pyarrow")
    d = pd.DataFrame({"month": MONTHS[:14].date, "value": np.arange(14.0) % 5})
    res = qi.spc(pa.Table.from_pandas(d, preserve_index=False), y="value", x="month")
    assert str(res.to_arrow("points").schema.field("month").type).startswith("date32")


# ---------------------------------------------------------------------------- resubmitted month


def _resubmitted():
    # 24 months of falls; December 2023 appended again with a corrected figure (11 for 10)
    y = [10, 9, 11, 8, 12, 10, 9, 11, 10, 8, 12, 9, 10, 11, 9, 10, 8, 12, 11, 9, 10, 9, 11, 10]
    d = pd.DataFrame({"measure": "falls", "ward": "A", "month": MONTHS[:24], "y": y})
    return d, pd.concat([d, d.iloc[[23]].assign(y=11)], ignore_index=True)


def test_a_resubmitted_month_is_warned_in_spc_board_and_ambition():
    clean, dd = _resubmitted()
    said = (
        r"1 of 24 \(series, x\) keys has more than one row while every other has one \(the "
        r"first: row with index label 23 \(.*month=2023-12-01\), with 2 rows of y='y': 10, 11\): "
        r"a corrected resubmission"
    )
    with pytest.warns(qi.DuplicateRowsWarning, match=said):
        res = qi.spc(dd, y="y", x="month", chart="c")
    assert res.points.value.iloc[-1] == 21  # still summed, as documented
    m = pd.DataFrame({"measure": ["falls"], "chart": ["c"]})
    with pytest.warns(qi.DuplicateRowsWarning, match=said + ".*subset=\\['measure', 'ward'"):
        qi.board(dd, m, x="month", y="y", by="ward")
    with pytest.warns(qi.DuplicateRowsWarning, match=said):
        qi.ambition(
            dd.assign(n=100),
            y="y",
            n="n",
            x="month",
            by="ward",
            baseline=("2022-01-01", "2022-12-01"),
            deadline="2023-12-01",
            change=-0.2,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(clean, y="y", x="month", chart="c")


def test_record_level_data_and_split_months_stay_silent():
    # one row per incident (most keys repeat), or every month in two parts: summed silently
    rng = np.random.default_rng(4)
    incidents = pd.DataFrame({"month": np.repeat(MONTHS[:24], rng.integers(1, 6, 24)), "y": 1})
    incidents["id"] = np.arange(len(incidents))  # each incident its own record
    halves = pd.concat(
        [pd.DataFrame({"month": MONTHS[:24], "y": 5, "n": 100})] * 2, ignore_index=True
    ).assign(y=lambda d: d.y + np.arange(len(d)) % 5)  # parts that differ
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(incidents, y="y", x="month", chart="c")
        qi.spc(halves, y="y", n="n", x="month", chart="u")


# ------------------------------------------ closed months on NP charts, freeze on integer years


def test_np_chart_takes_a_closed_month_as_a_gap():
    y = [3, 2, 4, 3, 2, 0, 3, 5, 2, 3, 4, 2, 3, 3]
    d = pd.DataFrame({"x": range(14), "y": y, "n": 10})
    d.loc[5, "n"] = 0  # closed: y = 0, n = 0
    res = qi.spc(d, y="y", n="n", x="x", chart="np")
    # by hand, without the closed month: 13 points summing to 39, CL 3, p = 0.3,
    # UCL 3 + 3 sqrt(3 × 0.7) = 7.347
    s = res.summary()
    assert s.n_points[0] == 13 and s.cl[0] == pytest.approx(3.0)
    assert s.ucl[0] == pytest.approx(3 + 3 * np.sqrt(2.1))
    assert np.isnan(res.points.value[5])
    d.loc[6, "n"] = 12  # an open month with another n is still refused
    with pytest.raises(qi.DataError, match="same denominator"):
        qi.spc(d, y="y", n="n", x="x", chart="np")


def test_int_freeze_on_integer_years_says_it_was_read_as_a_count():
    d = pd.DataFrame({"year": range(2005, 2025), "y": [20.0, 21] * 5 + [40.0, 41] * 5})
    said = r"freeze=2019: .*read as a number of points, but 2019 is also an x value.*2019\.0"
    with pytest.warns(qi.BaselineWarning, match=said):
        qi.spc(d, y="y", x="year", chart="i", freeze=2019)
    res = qi.spc(d, y="y", x="year", chart="i", freeze=2019.0)  # the x value
    assert res.points.baseline.sum() == 15


# ------------------------------------------------------------------------------- ISO text dates


def test_iso_text_dates_are_read_as_dates_and_uk_text_stays_refused():
    y = [5.0, 7, 6, 8, 4, 6, 7, 5, 6, 9, 5, 6, 7, 6]
    iso = pd.DataFrame({"measure": "f", "month": MONTHS[:14].strftime("%Y-%m-%d"), "y": y})
    before = iso.copy()
    dates = iso.assign(month=MONTHS[:14])
    kw = dict(y="y", x="month", chart="xmr", freeze="2022-12-01")
    a, b = qi.spc(iso, **kw), qi.spc(dates, **kw)
    pd.testing.assert_frame_equal(a.points, b.points)
    pd.testing.assert_frame_equal(iso, before)  # the input is not modified
    ym = iso.assign(month=MONTHS[:14].strftime("%Y-%m"))  # "2022-01": month starts
    pd.testing.assert_frame_equal(qi.spc(ym, **kw).points, b.points)
    m = pd.DataFrame({"measure": ["f"]})
    t = qi.board(iso, m, x="month", y="y").table()
    assert t.latest_x[0] == pd.Timestamp("2023-02-01")
    amb = qi.ambition(
        iso.assign(n=100, y=lambda d: d.y.astype(int)),
        y="y",
        n="n",
        x="month",
        baseline=("2022-01-01", "2022-06-01"),
        deadline="2023-02-01",
        change=-0.2,
    )
    assert amb.summary().shape[0] == 1
    uk = iso.assign(month=MONTHS[:14].strftime("%d/%m/%Y"))
    with pytest.raises(qi.ColumnError, match="UK date"):
        qi.spc(uk, y="y", x="month")
    bad = iso.assign(month=iso.month.where(iso.index != 3, "2022-13-01"))
    with pytest.raises(qi.ColumnError, match="x='month'"):
        qi.spc(bad, y="y", x="month")


# ----------------------------------------------------------------------------------- board HTML


def test_html_drops_empty_unit_and_target_and_uses_one_precision_per_measure():
    import re

    d = pd.DataFrame(
        {
            "measure": ["los"] * 2 + ["falls"] * 2,
            "org": ["A", "B"] * 2,
            "month": MONTHS[0],
            "value": [154.6, 7.41, 1016.0, 6.05],
        }
    )
    m = pd.DataFrame({"measure": ["los", "falls"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.NoDataWarning)
        html = qi.board(d, m, x="month", y="value", by="org").to_html()
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert "Unit" not in heads and "Target" not in heads and "Value" in heads
    values = re.findall(r'<td class="qistats-num">([^<]*)</td>', html)
    # medians 81 (one decimal) and 511 (none), by hand
    assert values == ["154.6", "7.4", "1,016", "6"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.NoDataWarning)
        html = qi.board(
            d, m.assign(unit=["days", None], target=[None, 5.0]), x="month", y="value", by="org"
        ).to_html()
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert "Unit" in heads and "Target" in heads


def test_a_rare_event_panel_says_so_under_its_title():
    # the HTML and the reason mark rare events; the panel said nothing
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(1)
    rare = _rare_board(rng, 0.3, 2, True)
    fig = rare.plot()
    titles = [a.get_title(loc="left") for a in fig.axes if a.get_title(loc="left")]
    assert len(titles) == 2 and all("rare events: icons likely noise" in t for t in titles)
    plt.close(fig)
    common = _rare_board(rng, 5, 2, True)
    fig = common.plot()
    assert not any("rare events" in a.get_title(loc="left") for a in fig.axes)
    plt.close(fig)


def test_a_resubmitted_quarter_is_warned_too():
    # the last 3 of 24 months appended again (12.5 % of the keys, above the 10 % the first
    # rule allows) doubled into two concern points without a word
    clean, _ = _resubmitted()
    dd = pd.concat([clean, clean.tail(3).assign(y=lambda d: d.y + 1)], ignore_index=True)
    said = r"3 of 24 \(series, x\) keys have more than one row .*month=2023-10-01"
    with pytest.warns(qi.DuplicateRowsWarning, match=said):
        qi.spc(dd, y="y", x="month", chart="c")
    with pytest.warns(qi.DuplicateRowsWarning, match=said):
        qi.board(dd, pd.DataFrame({"measure": ["falls"], "chart": ["c"]}), x="month", y="y")
    # the same three months repeated in the middle of the series: not a resubmission
    middle = pd.concat([clean, clean.iloc[10:13].assign(y=1)], ignore_index=True)
    # rare incidents, one row each: months with two are scattered, one of them the last
    rows = np.r_[0, 1, 3, 3, 6, 8, 8, 11, 14, 15, 15, 18, 20, 23, 23]
    incidents = pd.DataFrame({"month": MONTHS[rows], "y": 1, "id": np.arange(rows.size)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(middle, y="y", x="month", chart="c")
        qi.spc(incidents, y="y", x="month", chart="c")


def test_two_dates_in_one_month_of_monthly_data_are_warned():
    # March 2024 dated 2024-03-31 beside months dated on the 1st: two points in one month, and the
    # ambition read it as later than a March deadline; no word anywhere
    clean, _ = _resubmitted()
    extra = clean.tail(1).assign(month=pd.Timestamp("2023-12-31"), y=11)
    dd = pd.concat([clean, extra], ignore_index=True)
    said = (
        r"1 series of monthly data has two dates in one month \(the first: row with index label 24 "
        r"\(measure='falls', ward='A'\): 2023-12-01 and 2023-12-31\)"
    )
    with pytest.warns(qi.DateWarning, match=said):
        res = qi.spc(dd, y="y", x="month", by=["measure", "ward"], chart="c")
    assert len(res.points) == 25  # still two points, as given
    with pytest.warns(qi.DateWarning, match=r"1 series of monthly data has two dates"):
        qi.board(dd, pd.DataFrame({"measure": ["falls"], "chart": ["c"]}), x="month", y="y")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # month ends throughout, and months in a time zone with summer time (BST months
        # start at 23:00 UTC on the last day of the month before): one date a month
        ends = clean.assign(month=pd.date_range("2022-01-31", periods=24, freq="ME"))
        qi.spc(ends, y="y", x="month", chart="c")
        local = clean.assign(month=clean.month.dt.tz_localize("Europe/London"))
        qi.spc(local, y="y", x="month", chart="c")
        # weekly data: several dates a month are the point
        weeks = clean.assign(month=pd.date_range("2022-01-03", periods=24, freq="W-MON"))
        qi.spc(weeks, y="y", x="month", chart="c")


def _doubled_march():
    # two measures of one ward, March 2024 dated on the 1st and the 31st in both (by hand: one
    # month in each of two series)
    months = pd.date_range("2021-04-01", periods=36, freq="MS")
    rows = [
        {"ward": "Beech", "month": m, "measure": k, "value": v}
        for m in months
        for k, v in (("ulcers", 1), ("falls", 6))
    ]
    d = pd.DataFrame(rows)
    last = d[d.month == months[-1]].assign(month=pd.Timestamp("2024-03-31"))
    return pd.concat([d, last], ignore_index=True)


@pytest.mark.parametrize("charts", [["c", "c"], ["c", "u"]])
def test_two_dates_in_one_month_is_one_warning_counting_series_and_months(charts):
    # one warning per call whatever the charts (a C and a U measure gave two), and the count is of
    # series and months (it said "2 months ... in one series")
    ms = pd.DataFrame({"measure": ["ulcers", "falls"], "chart": charts})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = _doubled_march()
        d["n"] = np.where((d.measure == "falls") & (charts[1] == "u"), 1000.0, np.nan)
        qi.board(d, ms, x="month", y="value", n="n", by="ward")
    said = [str(w.message) for w in caught if w.category is qi.DateWarning]
    assert len(said) == 1, said
    assert said[0].startswith(
        "2 series of monthly data have two dates in one month (2 months in all; the first: "
        "row with index label 72 (measure='ulcers', ward='Beech'): 2024-03-01 and 2024-03-31)"
    ), said


def test_two_dates_in_one_month_counts_the_months_of_one_series():
    # one series with March and then also December doubled, a third date in December: 2 months
    d = _doubled_march()
    d = d[d.measure == "falls"]
    dec = d[d.month == "2023-12-01"]
    d = pd.concat(
        [
            d,
            dec.assign(month=pd.Timestamp("2023-12-15")),
            dec.assign(month=pd.Timestamp("2023-12-31")),
        ]
    )
    said = r"^1 series of monthly data has two dates in one month \(2 months in all; the first: "
    with pytest.warns(qi.DateWarning, match=said + r".*2023-12-01 and 2023-12-15\)"):
        qi.spc(d, y="value", x="month", chart="c")


def test_two_dates_in_one_month_without_the_next_month_are_warned():
    # 1 and 30 June 2022 (29 days apart) and no July row (30 June to 1 August is 32 days): every gap
    # looks monthly, yet June has two points
    months = pd.date_range("2021-04-01", periods=36, freq="MS")
    d = pd.DataFrame({"ward": "A", "month": months, "v": np.arange(36.0) % 5})
    d = d[d.month != "2022-07-01"]
    d = pd.concat(
        [d, pd.DataFrame({"ward": ["A"], "month": [pd.Timestamp("2022-06-30")], "v": [2.0]})]
    )
    said = r"1 series of monthly data has two dates in one month .*2022-06-01 and 2022-06-30\)"
    with pytest.warns(qi.DateWarning, match=said):
        qi.spc(d, y="v", x="month", by="ward", chart="xmr")
    # a month start then a month end one month later (1 Dec, 31 Dec, 31 Jan): December twice
    ends = pd.DataFrame({"month": [*months[:12], pd.Timestamp("2022-03-31")], "v": 1.0})
    with pytest.warns(qi.DateWarning, match=r"2022-03-01 and 2022-03-31"):
        qi.spc(ends, y="v", x="month", chart="xmr")


@pytest.mark.parametrize("rate", [0.3, 1.0, 2.0])
def test_record_level_rare_incidents_rarely_look_like_a_resubmission(rate):
    # known truth: one row per incident (Poisson, `rate` a month), never a resubmission; a month
    # with two incidents at the end of a series looks like one. Bounded: at 0.3 a month 4.7 %
    # with the 10 % rule alone, 5.7 % with the end-of-series rules (300 series, seed 7); 1.0 %
    # at 1 a month, none at 2. A series with every month and one repeated last month warns
    # (below), which months without incidents keep record-level data from
    rng = np.random.default_rng(7)
    warned = 0
    for _ in range(300):
        d = pd.DataFrame({"month": np.repeat(MONTHS[:24], rng.poisson(rate, 24)), "y": 1})
        d["id"] = np.arange(len(d))
        if len(d) < 3:
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            qi.spc(d, y="y", x="month", chart="c")
        warned += any(issubclass(w.category, qi.DuplicateRowsWarning) for w in caught)
    assert warned / 300 <= 0.08, f"false resubmission warnings: {warned / 300:.1%}"


@pytest.mark.parametrize(("freq", "periods"), [("QS", 8), ("MS", 9), ("YS", 6), ("MS", 36)])
def test_one_resubmitted_latest_period_of_a_short_series_is_warned(freq, periods):
    # the latest period appended again (a corrected return) in a series of fewer
    # than 10 periods (1 repeated key of 8 is over the 10 % rule): summed into a doubled
    # value and a concern icon without a word
    x = pd.date_range("2018-01-01", periods=periods, freq=freq)
    clean = pd.DataFrame({"x": x, "y": np.resize([30, 28, 33, 29, 31, 27, 32], periods)})
    dd = pd.concat([clean, clean.tail(1).assign(y=lambda d: d.y + 2)], ignore_index=True)
    said = rf"1 of {periods} \(series, x\) keys has more than one row"
    with pytest.warns(qi.DuplicateRowsWarning, match=said):
        qi.spc(dd, y="y", x="x", chart="c")
    rates = dd.assign(n=1000)
    with pytest.warns(qi.DuplicateRowsWarning, match="The rows' y and n \\('n'\\) are summed"):
        qi.spc(rates, y="y", n="n", x="x", chart="u")
    # the same with a missing period before it (record-level data skip periods): silent,
    # unless the 10 % rule applies (one key of 35)
    if periods > 10:
        return
    gappy = dd.drop(index=periods // 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(gappy, y="y", x="x", chart="c")
