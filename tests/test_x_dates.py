"""Warnings about x values that are probably not the dates meant (trial 9 A1, A6): local
midnights stored in UTC, and Excel serial dates read as numbers. Each entry point says it once.

Known truth: dates made as local midnights in a zone east of UTC (London, Paris) and stored in
UTC are the positives; midnight dates (daily, weekly, monthly) and real timestamps with times
of day are the negatives.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2020-04-01", periods=24, freq="MS")


def _caught(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, [w for w in caught if issubclass(w.category, qi.QIStatsWarning)]


def _date_warnings(caught):
    return [str(w.message) for w in caught if w.category is qi.DateWarning]


def _wards(month: pd.Series | pd.DatetimeIndex) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    k = len(month)
    return pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Elm"], k),
            "month": np.tile(np.asarray(month), 2),
            "falls": rng.poisson(8, 2 * k),
            "bed_days": rng.integers(800, 900, 2 * k),
            "measure": "falls",
        }
    )


def _utc_months(aware: bool = True) -> pd.Series:
    m = MONTHS.tz_localize("Europe/London").tz_convert("UTC")
    return pd.Series(m if aware else m.tz_localize(None))


def test_london_midnights_stored_in_utc_are_named_once_by_every_entry_point():
    # 1 April 2020 00:00 BST is 31 March 23:00 UTC (BST = UTC+1 from 29 March to 25 October)
    df = _wards(_utc_months())
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["u"]})
    calls = {
        "spc": lambda: qi.spc(df, "falls", x="month", n="bed_days", by="ward", chart="u"),
        "board": lambda: qi.board(df, measures, x="month", y="falls", n="bed_days", by="ward"),
        "ambition": lambda: qi.ambition(
            df, "falls", n="bed_days", x="month", by="ward", change=-0.2,
            baseline=("2020-04-01", "2021-03-01"), deadline="2022-03-01",
        ),
        "funnel": lambda: qi.funnel(
            df, "falls", "bed_days", unit="ward", kind="rate", x="month",
            period=("2020-04-01", "2021-03-01"),
        ),
    }  # fmt: skip
    for name, call in calls.items():
        _, caught = _caught(call)
        said = _date_warnings(caught)
        assert len(said) == 1, (name, said)  # and no "two dates in one month" besides
        # 14 of the 24 months (April-October of both years) are in BST: 28 of 48 rows
        assert "28 of 48 dates in column 'month' are at 23:00" in said[0], said[0]
        assert "2020-03-31 23:00:00+00:00" in said[0]
        assert "df['month'].dt.tz_convert('Europe/London')" in said[0]


def test_the_advised_conversion_gives_the_local_months_and_no_warning():
    df = _wards(_utc_months())
    fixed = df.assign(month=df["month"].dt.tz_convert("Europe/London"))
    res, caught = _caught(qi.spc, fixed, "falls", x="month", n="bed_days", by="ward", chart="u")
    assert not _date_warnings(caught)
    # the months read are those made: April 2020 is April, not March
    assert list(res.points["month"].dt.month[:3]) == [4, 5, 6]
    ceiled = df.assign(month=df["month"].dt.ceil("D"))
    res, caught = _caught(qi.spc, ceiled, "falls", x="month", n="bed_days", by="ward", chart="u")
    assert not _date_warnings(caught)
    assert list(res.points["month"].dt.month[:3]) == [4, 5, 6]


def test_naive_utc_midnights_get_the_naive_advice():
    df = _wards(_utc_months(aware=False))
    _, caught = _caught(qi.spc, df, "falls", x="month", n="bed_days", by="ward", chart="u")
    said = _date_warnings(caught)
    assert len(said) == 1
    assert ".dt.tz_localize('UTC').dt.tz_convert('Europe/London').dt.tz_localize(None)" in said[0]
    assert "row with index label 0: 2020-03-31 23:00:00" in said[0]


def _has_midnight_warning(month) -> bool:
    df = pd.DataFrame({"month": month, "y": np.arange(len(month), dtype=float) % 7})
    _, caught = _caught(qi.spc, df, "y", x="month", chart="xmr")
    return any("are at" in m and "midnight" in m for m in _date_warnings(caught))


def test_midnight_warning_known_truth_rates():
    rng = np.random.default_rng(20269)
    trials = 120
    hits = 0
    for _ in range(trials):  # positives: local midnights of an eastern zone stored in UTC
        zone = rng.choice(["Europe/London", "Europe/Paris", "Europe/Helsinki"])
        freq = rng.choice(["MS", "D", "W-MON"])
        start = pd.Timestamp("2015-01-01") + pd.Timedelta(days=int(rng.integers(0, 3000)))
        k = int(rng.integers(12, 40)) if freq == "MS" else int(rng.integers(120, 300))
        local = pd.date_range(start, periods=k, freq=freq).tz_localize(zone)
        utc = local.tz_convert("UTC")
        month = utc if rng.random() < 0.5 else utc.tz_localize(None)
        hits += _has_midnight_warning(month)
    missed = (trials - hits) / trials
    false = 0
    negatives = 0
    for _ in range(trials):  # negatives: midnight dates, and real times of day
        start = pd.Timestamp("2015-01-01") + pd.Timedelta(days=int(rng.integers(0, 3000)))
        k = int(rng.integers(10, 60))
        shape = rng.integers(0, 4)
        if shape == 0:
            month = pd.date_range(start, periods=k, freq=rng.choice(["MS", "D", "W-MON", "QS"]))
        elif shape == 1:  # event times to the second
            secs = np.sort(rng.integers(0, 86_400 * 365, k))
            month = start + pd.to_timedelta(secs, unit="s")
        elif shape == 2:  # event times recorded to the hour
            hours = np.sort(rng.integers(0, 24 * 365, k))
            month = start + pd.to_timedelta(hours, unit="h")
        else:  # London-aware local midnights (correct), summer and winter
            month = pd.date_range(start, periods=k, freq="MS").tz_localize("Europe/London")
        negatives += 1
        false += _has_midnight_warning(month)
    false_rate = false / negatives
    said = f"missed {missed:.3f} of {trials} positives, false warnings {false_rate:.3f}"
    assert missed == 0, said
    assert false_rate <= 0.01, said


def test_excel_serial_x_gets_the_date_hint_in_spc_and_board():
    # 45352 days after 30 Dec 1899 is 1 March 2024 (Excel's DATE(2024,3,1))
    serial = (MONTHS - pd.Timestamp("1899-12-30")).days
    df = _wards(pd.Index(serial))
    measures = pd.DataFrame({"measure": ["falls"]})
    for call in (
        lambda: qi.spc(df, "falls", x="month", by="ward", chart="c"),
        lambda: qi.board(df, measures, x="month", y="falls", by="ward"),
    ):
        _, caught = _caught(call)
        said = _date_warnings(caught)
        assert len(said) == 1, said
        assert "43922 is 01 Apr 2020" in said[0]
        assert "pd.to_datetime(df['month'], unit='D', origin='1899-12-30')" in said[0]


@pytest.mark.parametrize(
    "x",
    [
        np.arange(1, 49),  # positions
        np.tile(np.arange(2001, 2025), 2),  # years
        np.tile(np.arange(202001, 202025), 2),  # year and month as a number
        np.linspace(10_000.5, 10_100.5, 48),  # measurements, not whole
        np.arange(1, 49) * 2_000,  # 2,000 to 96,000: beyond 2119 as dates
    ],
)
def test_excel_serial_hint_stays_silent_on_other_numbers(x):
    df = pd.DataFrame({"x": x, "y": np.arange(48.0) % 5})
    _, caught = _caught(qi.spc, df, "y", x="x", chart="xmr")
    assert not _date_warnings(caught)


def test_year_and_month_numbers_get_the_date_hint_in_every_entry_point():
    # audit INP F6: a warehouse's period key, 202004 ... 202203 (April 2020 to March 2022), was
    # charted as numbers with a gap of 89 after each December, without a word
    keys = MONTHS.year * 100 + MONTHS.month
    assert keys[0] == 202004 and keys[-1] == 202203
    df = _wards(pd.Index(keys))
    measures = pd.DataFrame({"measure": ["falls"]})
    for call in (
        lambda: qi.spc(df, "falls", x="month", by="ward", chart="c"),
        lambda: qi.board(df, measures, x="month", y="falls", by="ward"),
        lambda: qi.funnel(df, "falls", n="bed_days", unit="ward", x="month", kind="rate"),
    ):
        _, caught = _caught(call)
        said = _date_warnings(caught)
        assert len(said) == 1, said
        assert "read as years and months (YYYYMM: 202004 is Apr 2020)" in said[0]
        advice = "pd.to_datetime(df['month'].astype(int).astype(str), format='%Y%m')"
        assert advice in said[0]
    converted = eval(advice, {"pd": pd, "df": df})  # the advice, followed, gives the months
    assert (converted.to_numpy()[:24] == MONTHS.to_numpy()).all()
    _, caught = _caught(qi.spc, df.assign(month=converted), "falls", x="month", by="ward")
    assert not _date_warnings(caught)


QUARTERS = pd.date_range("2020-01-01", periods=16, freq="QS")  # 2020 Q1 to 2023 Q4


def test_year_and_quarter_numbers_get_their_own_hint_not_the_excel_one():
    # trial 13 recheck: a warehouse's quarter key, 20201 ... 20234 (YYYYQ), was called Excel
    # serial dates ("20201 is 20 Apr 1955"), and the advice, followed, gave days of 1955
    keys = QUARTERS.year * 10 + QUARTERS.quarter
    assert keys[0] == 20201 and keys[-1] == 20234
    df = _wards(pd.Index(keys))
    measures = pd.DataFrame({"measure": ["falls"]})
    advice = (
        "pd.PeriodIndex.from_fields(year=df['month'] // 10, quarter=df['month'] % 10, "
        "freq='Q').to_timestamp()"
    )
    for call in (
        lambda: qi.spc(df, "falls", x="month", by="ward", chart="c"),
        lambda: qi.board(df, measures, x="month", y="falls", by="ward"),
        lambda: qi.funnel(df, "falls", n="bed_days", unit="ward", x="month", kind="rate"),
    ):
        _, caught = _caught(call)
        said = _date_warnings(caught)
        assert len(said) == 1, said
        assert "read as years and quarters (YYYYQ: 20201 is 2020 Q1)" in said[0]
        assert "with a gap of 7 after each fourth quarter" in said[0]
        assert "Excel" not in said[0]
        assert advice in said[0]
        assert "add pd.DateOffset(months=3)" in said[0]
    converted = eval(advice, {"pd": pd, "df": df})  # the advice, followed, gives the quarters
    assert (converted.to_numpy()[:16] == QUARTERS.to_numpy()).all()
    # financial-year quarters: 2020 Q1 of the year from April 2020 is April to June 2020
    later = converted + pd.DateOffset(months=3)
    assert later[0] == pd.Timestamp("2020-04-01") and later[15] == pd.Timestamp("2024-01-01")
    _, caught = _caught(qi.spc, df.assign(month=converted), "falls", x="month", by="ward")
    assert not _date_warnings(caught)


WEEKS = pd.date_range("2022-04-04", periods=104, freq="W-MON")  # Mondays, ISO weeks 14 on


def test_year_and_week_numbers_get_the_date_hint():
    # session 14: a warehouse's week key, 202214 ... 202413 (YYYYWW), gave no warning; as
    # numbers each year's last week is followed by a gap of 48, and qi.ambition, which reads
    # time as a distance, judged a steady fall 'insufficient_data' where the dates say 'met'
    iso = WEEKS.isocalendar()
    keys = (iso.year * 100 + iso.week).to_numpy()
    assert keys[0] == 202214 and keys[39] == 202301 and keys[-1] == 202413
    df = _wards(pd.Index(keys))
    measures = pd.DataFrame({"measure": ["falls"]})
    advice = "pd.to_datetime(df['month'].astype(int).astype(str) + '1', format='%G%V%u')"
    for call in (
        lambda: qi.spc(df, "falls", x="month", by="ward", chart="c"),
        lambda: qi.board(df, measures, x="month", y="falls", by="ward"),
        lambda: qi.funnel(df, "falls", n="bed_days", unit="ward", x="month", kind="rate"),
    ):
        _, caught = _caught(call)
        said = _date_warnings(caught)
        assert len(said) == 1, said
        assert "read as years and weeks (YYYYWW: 202214 is week 14 of 2022)" in said[0]
        assert advice in said[0]
    converted = eval(advice, {"pd": pd, "df": df})  # the advice, followed, gives the Mondays
    assert (converted.to_numpy()[:104] == WEEKS.to_numpy()).all()
    _, caught = _caught(qi.spc, df.assign(month=converted), "falls", x="month", by="ward")
    assert not _date_warnings(caught)
    # one year of weeks (one apart), and numbers ending beyond 53, say nothing
    for x in (np.arange(202301, 202353), np.arange(202301, 202460)):
        plain = pd.DataFrame({"x": x, "y": np.arange(len(x), dtype=float) % 5})
        _, caught = _caught(qi.spc, plain, "y", x="x", chart="xmr")
        assert not _date_warnings(caught)


def test_year_and_quarter_hint_stays_silent_within_a_year():
    # 20231 ... 20234: one apart, as quarters are, so nothing to warn of (and not 1955)
    df = pd.DataFrame({"x": np.arange(20231, 20235), "y": [3.0, 1.0, 2.0, 4.0]})
    _, caught = _caught(qi.spc, df, "y", x="x", chart="xmr")
    assert not _date_warnings(caught)


@pytest.mark.parametrize(
    "x",
    [
        np.arange(202301, 202313),  # one year: numbers one apart, no gap to warn of
        np.r_[np.arange(202311, 202313), np.arange(202313, 202320)],  # 13-19 are no months
        np.arange(190001, 190013) - 100,  # 1899: before the range
    ],
)
def test_year_and_month_hint_stays_silent_on_other_numbers(x):
    df = pd.DataFrame({"x": x, "y": np.arange(len(x), dtype=float) % 5})
    _, caught = _caught(qi.spc, df, "y", x="x", chart="xmr")
    assert not _date_warnings(caught)
