"""A series whose last x is far beyond the rest of the data (trial 5, B4: 2032 typed for
2022) gives a DateWarning naming it; ordinary boards (closures, late starters, a measure
resuming after a pause, weekly beside monthly) give none."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _data(**series):
    return pd.concat(
        [pd.DataFrame({"measure": k, "month": v, "value": 5.0}) for k, v in series.items()],
        ignore_index=True,
    )


def _board(data, **kw):
    measures = pd.DataFrame({"measure": data.measure.unique()})
    return qi.board(data, measures, x="month", y="value", min_points=0, **kw)


def test_the_trials_typo_is_named():
    typo = MONTHS.tolist()
    typo[5] = pd.Timestamp("2032-06-01")  # 2022-06 typed as 2032-06
    data = _data(a=typo, b=MONTHS, c=MONTHS)
    said = r"1 of 3 series has a last point .* ends at 2023-12-01 \(measure='a' at 2032-06-01\)"
    with pytest.warns(qi.DateWarning, match=said):
        t = _board(data).table()
    assert t.stale.tolist() == [False, True, True]  # what the warning is about
    # with the report's period given, the typo is left out and nothing is said
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not _board(data, as_of="2023-12-01").table().stale.any()


def test_a_typo_in_a_single_measure_board():
    typo = MONTHS.tolist()
    typo[-1] = pd.Timestamp("2033-12-01")
    with pytest.warns(qi.DateWarning, match="ends at 2023-11-01"):
        _board(_data(a=typo))


def test_ordinary_boards_are_silent():
    rng = np.random.default_rng(11)
    cases = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(20):
            # closures (end early), late starters, pauses of up to 2 years, then resumed
            ends = rng.integers(6, 25, 4)
            starts = rng.integers(0, 6, 4)
            series = {f"s{i}": MONTHS[starts[i] : ends[i]] for i in range(4)}
            pause = MONTHS[:6].append(MONTHS[-2:])  # 16 months without data, then back
            weekly = pd.date_range("2023-06-05", "2023-12-25", freq="W-MON")
            _board(_data(**series, paused=pause, weekly=weekly, full=MONTHS))
            cases += 1
    assert cases == 20  # 20 boards of 7 series, no DateWarning (false alarms: 0 of 140)
