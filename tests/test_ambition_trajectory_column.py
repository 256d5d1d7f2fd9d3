"""A user's ``trajectory=`` column given only for the periods with data so far.

Such a column says nothing of the window judged at the deadline, so the pace along it is carried
to the target there, where every trajectory ends (as the named ones are). Until session 14 it
was carried to the column's last value, the trajectory's level *now*: a ward exactly on its own
path was "off_track" for 71 % (20 events a month) and 100 % (100 a month) of simulated wards a
year after the baseline (session 14 audit, ``/work/trial14/amb/traj_compare_past.py``).
"""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

from .ambition_simulation import MONTHS, rate_wards, track

KW = dict(
    y="events",
    n="bed_days",
    x="month",
    by="ward",
    baseline=(1, 12),
    change=-0.5,
    deadline=48,
    multiply=1000,
)


def straight(months: np.ndarray, level0: float) -> np.ndarray:
    """The straight path from ``level0`` to half of it, by hand: s = (t − 13)/(37 − 13) capped
    to [0, 1] (month 37 is the first of the 12 judged at the deadline, month 48)."""
    s = np.clip((months - 13) / (37 - 13), 0.0, 1.0)
    return level0 * (1 - 0.5 * s)


def on_the_path(last: int) -> pd.DataFrame:
    """Two wards whose events are exactly their straight path (1,000 bed days a month), with the
    path as a column (per 1,000 bed days) for the months with data only."""
    months = np.arange(1, last + 1)
    frames = []
    for ward, level in (("A", 100.0), ("B", 40.0)):
        path = straight(months, level)
        frames.append(
            pd.DataFrame(
                {"ward": ward, "month": months, "bed_days": 1000.0, "events": path, "path": path}
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["events"] = out["events"].round()  # whole counts, within 0.5 of the path
    return out


@pytest.mark.parametrize("last", [24, 30])
def test_a_column_for_the_data_so_far_ends_at_the_target_as_the_named_path_does(last):
    # the column holds the named straight path's values (by hand, above), so its verdict and
    # its pace carried to the judged window are those of trajectory="linear", which evaluates
    # the path at months 37-48 itself; before, the column's last value (77.1 per 1,000 at
    # month 24 for A, not its target of 50) made both wards "off_track"
    df = on_the_path(last)
    column = qi.ambition(df, **KW, trajectory="path").summary()
    named = qi.ambition(df, **KW, trajectory="linear").summary()
    assert list(column.verdict) == list(named.verdict), (column.reason, named.reason)
    assert column.verdict[0] == "on_track" and "off_track" not in set(column.verdict)
    for c in ("deadline_projection", "deadline_projection_lower", "deadline_projection_upper"):
        np.testing.assert_allclose(column[c], named[c], rtol=1e-9, err_msg=c)
    # on the path: the pace carried to the judged window is about the target (50 and 20)
    np.testing.assert_allclose(column.deadline_projection, [50.0, 20.0], rtol=0.03)


def test_template_rows_for_the_future_months_give_the_same_answer():
    # the same column with the months to the deadline present (events and bed days blank):
    # its values over the judged window are the target, as the fallback assumes
    df = on_the_path(24)
    future = on_the_path(48)
    future.loc[future.month > 24, ["events", "bed_days"]] = np.nan
    a = qi.ambition(df, **KW, trajectory="path").summary()
    b = qi.ambition(future, **KW, trajectory="path").summary()
    assert list(a.verdict) == list(b.verdict)
    np.testing.assert_allclose(a.deadline_projection, b.deadline_projection, rtol=1e-9)


@pytest.mark.parametrize("per_month", [20, 100])
def test_wards_on_their_own_path_are_rarely_off_track(per_month):
    # 1,000 simulated wards exactly on a straight path given as a column (the true rate per
    # 1,000 bed days, only for the 24 months with data): off_track is a one-sided 2.5 % test
    # of the window plus the pace tests, bounded at 8 % as for the named paths
    rel = straight(MONTHS.astype(float), 1.0)
    df = rate_wards(3, 1000, rel, per_month, last_month=24)
    df["path"] = per_month * np.tile(rel[:24], 1000)
    s = track(df, trajectory="path", multiply=1000).summary()
    shares = s.verdict.value_counts(normalize=True)
    msg = f"{per_month} a month, on their own path, month 24: " + ", ".join(
        f"{k} {v:.3f}" for k, v in shares.items()
    )
    assert shares.get("off_track", 0.0) <= 0.08, msg
