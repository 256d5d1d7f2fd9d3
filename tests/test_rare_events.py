"""Rare events on an individuals chart (trial 5, A3): a RareEventsWarning when a series'
values are whole counts that are mostly zeros or average below 1, silence on typical data."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats import _kernels as K
from qistats._rare import rare_series

S, N = 400, 24  # series of two years of months
LAY = K.Layout(np.repeat(np.arange(S), N), np.arange(0, S * N, N))


def _rate(values: np.ndarray) -> float:
    return float(rare_series(values.astype(float), LAY)[0].mean())


def test_fires_on_rare_counts_and_stays_silent_on_typical_data():
    rng = np.random.default_rng(20261130)
    rates = {
        "Poisson 0.3": _rate(rng.poisson(0.3, S * N)),
        "Poisson 0.6": _rate(rng.poisson(0.6, S * N)),
        "Poisson 2": _rate(rng.poisson(2.0, S * N)),
        "Poisson 5": _rate(rng.poisson(5.0, S * N)),
        "Poisson 20": _rate(rng.poisson(20.0, S * N)),
        "normal 5, sd 1 (2 dp)": _rate(np.round(rng.normal(5, 1, S * N), 2)),
        "percent 80-99 (whole)": _rate(rng.integers(80, 100, S * N)),
        "proportion 0.3 (not whole)": _rate(rng.binomial(50, 0.3, S * N) / 50),
    }
    shown = ", ".join(f"{k}: {v:.1%}" for k, v in rates.items())
    # rare events (the trial's MRSA-like mean of 0.3): nearly every series
    assert rates["Poisson 0.3"] >= 0.99, shown
    assert rates["Poisson 0.6"] >= 0.9, shown
    # typical data: never, or almost never
    assert rates["Poisson 2"] <= 0.01, shown
    for k in ("Poisson 5", "Poisson 20", "normal 5, sd 1 (2 dp)", "percent 80-99 (whole)"):
        assert rates[k] == 0, shown
    assert rates["proportion 0.3 (not whole)"] == 0, shown


def test_by_hand():
    # 24 points: 20 zeros and 4 ones (mean 1/6): rare; 12 zeros and 12 threes (mean 1.5,
    # half zeros, not more): not rare; 5 points of zeros: too few to say
    lay = K.Layout(np.repeat([0, 1, 2], [24, 24, 5]), np.array([0, 24, 48]))
    values = np.r_[[0.0] * 20 + [1.0] * 4, [0.0, 3.0] * 12, [0.0] * 5]
    rare, mean, share = rare_series(values, lay)
    assert rare.tolist() == [True, False, False]
    assert mean[:2] == pytest.approx([1 / 6, 1.5]) and share[0] == pytest.approx(20 / 24)


def _months(values, **cols):
    return pd.DataFrame({"month": pd.date_range("2022-04-01", periods=len(values), freq="MS"),
                         "y": values, **cols})  # fmt: skip


RARE = [0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]


@pytest.mark.parametrize("chart", ["xmr", "i"])
def test_spc_warns_on_individuals_charts(chart):
    # 20 zeros of 24 and five events: mean 5/24 = 0.21
    said = r"1 of 1 series on an .* chart.*the series: mean 0\.21, 83% zeros.*chart='g'"
    with pytest.warns(qi.RareEventsWarning, match=said):
        qi.spc(_months(RARE), y="y", x="month", chart=chart)


# the charts of counts and of y/n (trial 7 A3): the counts checked are the values of a C chart,
# the numerators y of the others; the name of the chart and the chart that suits the events
# (a G chart of the cases between events for proportions) as the documentation page says
COUNT_CHARTS = [
    ("c", "a C chart looks", "one in seven", "or a T chart"),
    ("u", "a U chart has numerators y", "one in seven", "or a T chart"),
    ("up", "a Laney U′ chart has numerators y", "three in ten", "or a T chart"),
    ("p", "a P chart has numerators y", "one in seven", r"\(chart='g'\); see"),
    ("pp", "a Laney P′ chart has numerators y", "three in ten", r"\(chart='g'\); see"),
    ("np", "an NP chart has numerators y", "one in seven", r"\(chart='g'\); see"),
]


@pytest.mark.parametrize(("chart", "on", "often", "suits"), COUNT_CHARTS)
def test_spc_warns_on_counts_and_proportions_charts(chart, on, often, suits):
    n = None if chart == "c" else "n"
    said = rf"^1 of 1 series on {on}.*mean 0\.21, 83% zeros.*about {often} in-control.*{suits}"
    with pytest.warns(qi.RareEventsWarning, match=said):
        qi.spc(_months(RARE, n=1000), y="y", n=n, x="month", chart=chart)


@pytest.mark.parametrize("chart", [c[0] for c in COUNT_CHARTS])
def test_spc_is_silent_on_typical_values(chart):
    n = None if chart == "c" else "n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # mean 4.2 events a point; the proportions' y out of 1000 (p about 0.004)
        qi.spc(_months(np.array(RARE) + 4, n=1000), y="y", n=n, x="month", chart=chart)
        qi.spc(_months(np.array(RARE) + 4), y="y", x="month", chart="xmr")
        qi.spc(_months(np.array(RARE) + 4, n=1000), y="y", n="n", x="month", chart="xmr")
    # monthly counts on a G chart: not the rare-counts warning (a G chart is the events' own
    # chart), but the one saying that a G chart's y is the cases between events, not counts
    with pytest.warns(qi.RareEventsWarning) as rec:
        qi.spc(_months(RARE), y="y", x="month", chart="g")
    assert [str(w.message)[:44] for w in rec] == ["chart='g': the series has x='month' on a reg"]


def test_board_names_the_measure():
    data = pd.concat(
        [
            _months(RARE).assign(measure="mrsa"),
            _months(np.array(RARE) + 4).assign(measure="falls"),
        ]
    )
    measures = pd.DataFrame({"measure": ["mrsa", "falls"], "improvement": "decrease"})
    said = r"^1 of the board's 2 series looks like .* measure 'mrsa' \(mean 0\.21, 83% zeros\)\."
    with pytest.warns(qi.RareEventsWarning, match=said):
        qi.board(data, measures, x="month", y="y")


def test_an_all_zero_series_on_an_i_chart_warns_and_does_not_signal():
    # six months of 0: a count of rare events (100% zeros) by the documented rule, and with no
    # variation no point is outside the (collapsed) limits; found by a property test's draw
    data = pd.DataFrame({"y": [0.0] * 6})
    with pytest.warns(qi.RareEventsWarning, match="mean 0, 100% zeros"):
        res = qi.spc(data, y="y", chart="i")
    assert not res.points["outside_limits"].any() and not res.points["signal"].any()


def test_g_chart_false_alarm_rate_above_the_ucl_is_as_documented():
    # docs/charts/rare-events.rst: an in-control geometric point is above the 3-sigma UCL with
    # probability (1 - p) ** (floor(m + 3 sqrt(m (m + 1))) + 1), 1.83 % at p = 0.05 (m = 19),
    # and about half of 40-point series have one
    p, n_series, n_points = 0.05, 500, 40
    m = (1 - p) / p
    exact = (1 - p) ** (np.floor(m + 3 * np.sqrt(m * (m + 1))) + 1)
    assert abs(exact - 0.0183) < 5e-5
    rng = np.random.default_rng(1)
    y = (rng.geometric(p, (n_series, n_points)) - 1).astype(float)
    data = pd.DataFrame(
        {
            "s": np.repeat(np.arange(n_series), n_points),
            "t": np.tile(np.arange(n_points), n_series),
            "y": y.ravel(),
        }
    )
    pts = qi.spc(data, y="y", x="t", by="s", chart="g").points
    above = (pts["y"] > pts["ucl"]).to_numpy()
    share = above.mean()
    per_series = above.reshape(n_series, n_points).any(axis=1).mean()
    print(
        f"G chart: {share:.2%} of points above the UCL (exact {exact:.2%}); "
        f"{per_series:.0%} of series"
    )
    se = np.sqrt(exact * (1 - exact) / above.size)
    assert abs(share - exact) < 4 * se
    assert 0.45 < per_series < 0.65


@pytest.mark.parametrize("chart", ["xmr", "i"])
def test_spc_warns_on_a_rate_whose_numerators_are_rare(chart):
    # trial 6a A3: an XmR chart of y/n (MRSA per 100,000 bed days): the numerators are RARE
    # (mean 5/24 = 0.21, 20 zeros of 24); a closed month (n = 0) is a gap, not a zero
    data = _months(RARE + [0], n=[9000.0] * 24 + [0.0])
    said = r"1 of 1 series on an .* chart of y/n has numerators y .*mean 0\.21, 83% zeros"
    with pytest.warns(qi.RareEventsWarning, match=said):
        qi.spc(data, y="y", n="n", x="month", chart=chart, multiply=100_000)


@pytest.mark.parametrize("chart", ["p", "pp", "np"])
def test_proportions_of_single_cases_are_rare_only_when_events_are_the_minority(chart):
    # one case a point (n = 1): the events RARE (5 of 24, clipped to 0/1: 4 of 24) are rare;
    # in their complement (20 of 24 cases are events, mean count 0.83 < 1) the events are
    # not, though their mean count is below 1: its failures n − y are (the same 4 of 24)
    rare, common = _months(RARE, n=1), _months(1 - np.array(RARE).clip(0, 1), n=1)
    with pytest.warns(qi.RareEventsWarning, match="has numerators y that look"):
        qi.spc(rare.assign(y=rare["y"].clip(0, 1)), y="y", n="n", x="month", chart=chart)
    with pytest.warns(qi.RareEventsWarning, match="has failures n − y that look") as got:
        qi.spc(common, y="y", n="n", x="month", chart=chart)
    assert len(got) == 1 and "numerators" not in str(got[0].message)


@pytest.mark.parametrize("chart", ["p", "np", "xmr"])
def test_a_proportion_near_100_percent_has_rare_failures(chart):
    # trial 11 A2: harm-free care of 100 patients a month, RARE of them harmed (20 months of
    # 24 at 100 %: mean 5/24 = 0.21 failures a month, 20/24 = 83 % zeros): runs of 100 %
    # months give the false signals runs of zero months give, so the failures are checked as
    # the events are; on a P or NP chart and on the board's default XmR of y/n alike
    data = _months(100 - np.array(RARE), n=100)
    said = r"1 of 1 series on .* has failures n − y that look like .*mean 0\.21, 83% zeros"
    with pytest.warns(qi.RareEventsWarning, match=said):
        qi.spc(data, y="y", n="n", x="month", chart=chart)
    measures = pd.DataFrame({"measure": ["harm_free"], "chart": [chart]})
    with pytest.warns(qi.RareEventsWarning, match="its failures n − y"):
        board = qi.board(data.assign(measure="harm_free"), measures, x="month", y="y", n="n")
    row = board.table().iloc[0]
    assert row.rare_events
    assert (
        "Its failures (cases without the event, n − y) are counts of rare events (mean 0.21 a "
        "month, 83% zeros)" in row.reason
    )


def test_a_proportion_in_the_middle_and_a_rate_have_no_rare_failures():
    # 50 of 100 a month (failures 50): not rare; a rate of 1 to 3 events over 9,000 bed days
    # (n − y in the thousands): not rare either
    mid = _months(np.full(24, 50.0), n=100)
    rate = _months(np.tile([1.0, 2.0, 3.0], 8), n=9000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(mid, y="y", n="n", x="month", chart="p")
        qi.spc(rate, y="y", n="n", x="month", chart="u")
        qi.spc(rate, y="y", n="n", x="month", chart="xmr")


def test_spark_merges_the_failures_warning_of_every_bucket():
    # the texts two buckets carry back (2 and 1 series of 3 and 2) become one, as qi.spc
    # words it on the whole data (3 of 5), apart from the numerators' warning
    from qistats._rare import rare_message
    from qistats._spark_warnings import _rare

    def text(names, failures):
        k = len(names)
        m = np.full(k, 0.21)
        return rare_message("p", names, m, np.full(k, 0.83), k, 3, True, failures)

    said = [
        ("RareEventsWarning", text(["ward='A'", "ward='B'"], True)),
        ("RareEventsWarning", text(["ward='C'"], True)),
        ("RareEventsWarning", text(["ward='D'"], False)),
    ]
    out = _rare(said, 5)
    assert len(out) == 2
    assert out[0][1].startswith("3 of 5 series on a P chart have failures n − y that look")
    assert "ward='A'" in out[0][1] and "ward='C'" in out[0][1]
    assert out[1][1].startswith("1 of 5 series on a P chart has numerators y that look")


def test_a_rate_computed_before_it_came_is_checked_when_mostly_zeros():
    # trial 8 B1: MRSA per 100,000 bed days given as a rate (no n): 0.3 cases a month over
    # 8,000-10,000 bed days, so about 74 % of months are exactly 0; on the board's default
    # XmR chart about a quarter of these in-control wards carry a special-cause icon (the
    # known truth: none is special). Each is marked rare_events and the board warns
    rng = np.random.default_rng(6)
    wards, months = 200, 24
    events = rng.poisson(0.3, wards * months)
    beds = rng.integers(8000, 10000, wards * months)
    data = pd.DataFrame(
        {
            "measure": "mrsa",
            "ward": np.repeat(np.arange(wards), months),
            "month": np.tile(pd.date_range("2022-04-01", periods=months, freq="MS"), wards),
            "rate": events / beds * 100_000,
        }
    )
    measures = pd.DataFrame({"measure": ["mrsa"], "improvement": ["decrease"]})
    with pytest.warns(qi.RareEventsWarning, match="mostly zeros, or whole numbers"):
        t = qi.board(data, measures, x="month", y="rate", by="ward").table()
    special = (t.variation != "common_cause").to_numpy()
    zeros = data.groupby("ward").rate.apply(lambda r: (r == 0).mean()).to_numpy()
    msg = f"special-cause icons {special.mean():.1%}, marked {t.rare_events.mean():.1%}"
    assert special.mean() > 0.1, msg  # the false icons are there
    # every ward with more than half zeros is marked, and only those (values not whole)
    assert (t.rare_events.to_numpy(dtype=bool) == (zeros > 0.5)).all(), msg
    # a measurement that is rarely zero stays silent: lengths of stay, 2 % zeros
    los = data.assign(rate=np.where(rng.random(len(data)) < 0.02, 0.0, rng.gamma(4, 2, len(data))))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.board(los, measures, x="month", y="rate", by="ward")


@pytest.mark.parametrize("chart", ["g", "t"])
def test_decrease_on_a_chart_of_gaps_between_events_is_questioned(chart):
    # session 15 trial F18: pressure ulcers as days between them, improvement='decrease'
    # kept from the count measure: gaps falling from about 30 to about 5 days (ulcers six
    # times as often) were "Special cause improvement" without a word
    rng = np.random.default_rng(4)
    gaps = np.concatenate([rng.exponential(30, 15), rng.exponential(5, 15)]).round() + 1
    df = pd.DataFrame({"event": np.arange(30), "days": gaps})
    with pytest.warns(qi.DirectionWarning, match=rf"'decrease' on a {chart.upper()} chart: "):
        qi.spc(df, y="days", x="event", chart=chart, improvement="decrease")
    measures = pd.DataFrame({"measure": ["pu", "falls"], "chart": chart,
                             "improvement": ["decrease", "increase"]})  # fmt: skip
    both = pd.concat([df.assign(measure="pu"), df.assign(measure="falls")])
    with pytest.warns(
        qi.DirectionWarning, match=r"\(measure 'pu'\): .*improvement='increase'"
    ) as seen:
        qi.board(both, measures, x="event", y="days")
    assert len([w for w in seen if w.category is qi.DirectionWarning]) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.DirectionWarning)  # the right way round: silent
        qi.spc(df, y="days", x="event", chart=chart, improvement="increase")
        qi.spc(df, y="days", x="event", chart="i", improvement="decrease")
