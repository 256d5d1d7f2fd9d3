"""A measure reported in arrears (the measures table's ``lag``, trial 7 B): current while its
latest period is the one expected ``lag`` of its own periods before the report's, stale after.
Every expected value is counted by hand from the calendar."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2021-04-01", "2024-03-01", freq="MS")  # report: Mar 2024


def _arrears(los_end: str = "2024-02-01") -> pd.DataFrame:
    """Falls every month to Mar 2024; length of stay to ``los_end`` (a month behind)."""
    rng = np.random.default_rng(0)
    rows = []
    for org in ("North", "South"):
        falls = rng.poisson(8, MONTHS.size).astype(float)
        rows.append(pd.DataFrame({"measure": "falls", "org": org, "month": MONTHS, "value": falls}))
        los_months = pd.date_range(MONTHS[0], los_end, freq="MS")
        los = 9 + rng.normal(0, 1, los_months.size)
        rows.append(pd.DataFrame({"measure": "los", "org": org, "month": los_months, "value": los}))
    return pd.concat(rows, ignore_index=True)


def _measures(lag) -> pd.DataFrame:
    return pd.DataFrame(
        {"measure": ["falls", "los"], "improvement": "decrease", "target": [8, 9], "lag": lag}
    )


def _board(data, measures, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        return qi.board(data, measures, x="month", y="value", by="org", **kw)


def test_a_measure_one_month_in_arrears_is_current_with_lag_1():
    t = _board(_arrears(), _measures([0, 1])).table()
    # Feb 2024 + (1 + 1) months = 1 Apr 2024, after the report's Mar 2024: current
    assert t.stale.tolist() == [False, False, False, False]
    assert not t.reason.str.contains("stale").any()
    # without the lag, Feb 2024 + 1 month = 1 Mar 2024 <= Mar 2024: stale, as before
    t0 = _board(_arrears(), _measures([0, 0])).table()
    assert t0.stale.tolist() == [False, False, True, True]
    assert t0.reason[2].startswith("Last reported Feb 2024 (stale). ")


def test_a_lagged_measure_two_months_behind_is_stale():
    t = _board(_arrears("2024-01-01"), _measures([0, 1])).table()
    # Jan 2024 + 2 months = 1 Mar 2024 <= Mar 2024: a return is missing
    assert t.stale.tolist() == [False, False, True, True]
    assert t.reason[2].startswith("Last reported Jan 2024 (stale). ")
    # with lag 2 it is the period expected
    assert not _board(_arrears("2024-01-01"), _measures([0, 2])).table().stale.any()


def test_lag_puts_a_lagged_series_icons_in_the_matrix_html_and_plot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = _arrears()
    lagged = _board(data, _measures([0, 1]))
    t = lagged.table()
    m = lagged.matrix()
    assert m.loc["stale"].sum() == 0
    # every series is in its icon's row: the matrix adds up to the table's icons
    counts = t.groupby(["variation", "assurance"], observed=True).size()
    for (v, a), k in counts.items():
        assert m.loc[v, a] == k
    assert "(stale)" not in lagged.to_html()
    assert "(stale)" in _board(data, _measures([0, 0])).to_html()
    fig = lagged.plot(measure="los")
    titles = [a.get_title(loc="left") for a in fig.axes if a.get_visible()]
    plt.close(fig)
    assert titles and not any("stale" in s for s in titles)
    fig = _board(data, _measures([0, 0])).plot(measure="los")
    titles = [a.get_title(loc="left") for a in fig.axes if a.get_visible()]
    plt.close(fig)
    assert sum("latest: Feb 2024 (stale)" in s for s in titles) == 2


def test_lag_counts_a_quarterly_measure_in_quarters():
    quarters = pd.date_range("2021-01-01", "2023-10-01", freq="QS")  # to Oct 2023 (Q4)
    rng = np.random.default_rng(1)
    data = pd.concat(
        [
            pd.DataFrame({"measure": "falls", "month": MONTHS, "value": rng.normal(8, 1, 36)}),
            pd.DataFrame({"measure": "shmi", "month": quarters, "value": rng.normal(1, 0.05, 12)}),
        ]
    )
    kw = dict(x="month", y="value")
    meas = pd.DataFrame({"measure": ["falls", "shmi"], "lag": [0, 1]})
    # Oct 2023 + (1 + 1) quarters = 1 Apr 2024, after Mar 2024: the quarter expected
    assert qi.board(data, meas, **kw).table().stale.tolist() == [False, False]
    # no lag: Oct 2023 + 1 quarter = 1 Jan 2024 <= Mar 2024: stale
    t = qi.board(data, meas.assign(lag=[0, 0]), **kw).table()
    assert t.stale.tolist() == [False, True]
    # a quarter further behind, Jul 2023 + 2 quarters = 1 Jan 2024: stale even with lag 1
    late = data[~((data.measure == "shmi") & (data.month == "2023-10-01"))]
    assert qi.board(late, meas, **kw).table().stale.tolist() == [False, True]


def test_lag_on_numbered_years():
    years = np.arange(2015, 2025)
    data = pd.concat(
        [
            pd.DataFrame({"measure": "a", "year": years, "value": 10 + np.arange(10.0) % 3}),
            pd.DataFrame({"measure": "b", "year": years[:-1], "value": 10 + np.arange(9.0) % 4}),
            pd.DataFrame({"measure": "c", "year": years[:-2], "value": 10 + np.arange(8.0) % 5}),
        ]
    )
    meas = pd.DataFrame({"measure": ["a", "b", "c"], "lag": [0, 1, 1]})
    t = qi.board(data, meas, x="year", y="value").table()
    # b: 2023 + 2 = 2025 > 2024, current; c: 2022 + 2 = 2024 <= 2024, stale
    assert t.stale.tolist() == [False, False, True]


@pytest.mark.parametrize(
    ("lag", "said"),
    [
        (-1, "is -1"),
        (1.5, "is 1.5"),
        ("1", "is '1'"),
        (5000, "is 5000"),
        (np.inf, "is inf"),
    ],
)
def test_a_bad_lag_is_an_error_naming_the_measure(lag, said):
    meas = pd.DataFrame({"measure": ["falls", "los"], "lag": pd.Series([0, lag], dtype=object)})
    with pytest.raises(qi.DataError, match=rf"'lag' of measure 'los' {said}.*0 to 1000"):
        _board(_arrears(), meas)


def test_a_missing_lag_is_0_and_lag_is_not_carried():
    meas = pd.DataFrame({"measure": ["falls", "los"], "lag": [np.nan, 1]})
    t = _board(_arrears(), meas).table()
    assert t.stale.tolist() == [False] * 4 and "lag" not in t.columns
