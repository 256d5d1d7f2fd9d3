"""x with a time zone whose clocks change at midnight: a day that begins twice (America/Havana,
1 November 2020: 00:00 −04:00, then at 01:00 back to 00:00 −05:00) or at 01:00 (São Paulo,
4 November 2018: no midnight). qi.ambition gave NaT for such a period start, and a date
argument on such a day raised pandas' own ValueError. Expected instants are written by hand
from the time zone rules."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats._args import fmt, local_instants

HAVANA = "America/Havana"
#: 1 Jan 2019 .. 1 Oct 2021, each month's first instant (1 Nov 2020 the −04:00 one)
MONTHS = pd.date_range("2019-01-01", "2021-10-01", freq="MS").tz_localize(
    HAVANA, ambiguous=np.ones(34, dtype=bool)
)
NOV_2020 = pd.Timestamp("2020-11-01 04:00", tz="UTC").tz_convert(HAVANA)  # 00:00 −04:00


def _wards() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    return pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], MONTHS.size),
            "month": np.tile(MONTHS, 2),
            "falls": rng.poisson(6, 2 * MONTHS.size),
            "bed_days": rng.integers(700, 900, 2 * MONTHS.size).astype(float),
        }
    )


def _ambition(data, **kw):
    args = dict(
        y="falls",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2019-11-01", "2020-10-01"),
        change=-0.3,
        deadline="2021-10-01",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        return qi.ambition(data, **dict(args, **kw))


def test_local_instants_reads_a_repeated_time_as_its_first_and_a_skipped_one_as_the_next():
    got = local_instants(
        pd.DatetimeIndex(["2020-11-01", "2020-11-01 00:30", "2020-11-02", "NaT"]), HAVANA
    )
    assert got[0] == NOV_2020 and got[0].utcoffset() == pd.Timedelta(hours=-4)
    assert got[1] == NOV_2020 + pd.Timedelta(minutes=30)
    assert got[2] == pd.Timestamp("2020-11-02 05:00", tz="UTC")  # −05:00 by then
    assert pd.isna(got[3])
    # São Paulo skipped 4 Nov 2018 00:00-00:59: the day began at 01:00 −02:00 (03:00 UTC)
    sao = local_instants(pd.DatetimeIndex(["2018-11-04"]), "America/Sao_Paulo")[0]
    assert sao == pd.Timestamp("2018-11-04 03:00", tz="UTC")
    # Dublin's winter time is its "DST" in the time zone data: still the earlier instant
    dub = local_instants(pd.DatetimeIndex(["2021-10-31 01:30"]), "Europe/Dublin")[0]
    assert dub == pd.Timestamp("2021-10-31 00:30", tz="UTC")


def test_an_ambition_window_starting_on_a_repeated_midnight_has_its_start():
    # the 12 months after the baseline begin 1 Nov 2020, at 00:00 −04:00: NaT before
    summary = _ambition(_wards()).summary()
    assert summary.current_start.tolist() == [NOV_2020, NOV_2020]
    assert summary.current_start.iloc[0].utcoffset() == pd.Timedelta(hours=-4)


@pytest.mark.parametrize("arg", ["as_of", "deadline"])
def test_a_date_argument_on_a_repeated_midnight_is_its_first_instant(arg):
    # "2020-11-01" raised pandas' "Cannot infer dst time"; it is the day's first instant,
    # the same as giving that instant
    data = _wards()
    by_text = _ambition(data, **{arg: "2020-11-01"}).summary()
    by_instant = _ambition(data, **{arg: NOV_2020}).summary()
    assert by_text.current_end.tolist() == [NOV_2020, NOV_2020]
    pd.testing.assert_frame_equal(by_text, by_instant)


def test_spc_freeze_on_a_repeated_midnight():
    # freeze at 1 Nov 2020, the 23rd month: 23 baseline points each, by text or by instant
    data = _wards()
    for freeze in ("2020-11-01", NOV_2020):
        points = qi.spc(data, y="falls", x="month", by="ward", chart="c", freeze=freeze).points
        assert points.groupby("ward").baseline.sum().tolist() == [23, 23]
    assert fmt(NOV_2020) == "2020-11-01"  # a midnight on its own clock reads as its date
