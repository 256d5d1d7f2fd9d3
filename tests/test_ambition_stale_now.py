"""A ward whose latest data are before the window's last period (a stale ward, "no data after
Sep 2023 (as of Nov 2023): …") is never said to be at a level "now", nor the trajectory's
change "by now": the level quoted is its latest data's (trial 20, "Found, left alone" 3)."""

import warnings

import numpy as np
import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2021-04-30", "2024-01-31", freq="ME")  # month ends, Apr 2021-Jan 2024


def _reasons(as_of=None) -> dict[str, str]:
    """Wards of 20 events per 1,000 bed days in the baseline (Apr 2021-Mar 2022), then at
    ``after`` times that; ward b stops after Sep 2023 and e after Oct 2023 (the data end in
    Nov 2023)."""
    rng = np.random.default_rng(6)
    rows = []
    for ward, stop, after in [("b", 30, 0.45), ("d", 32, 0.9), ("e", 31, 0.3)]:
        for i, month in enumerate(MONTHS[:stop]):
            rows.append((ward, month, rng.poisson(20 * (1 if i < 12 else after)), 1000))
    df = pd.DataFrame(rows, columns=["ward", "month", "ev", "bd"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        amb = qi.ambition(
            df, y="ev", n="bd", x="month", by="ward", baseline=("2021-04-01", "2022-03-01"),
            change=-0.5, multiply=1000, deadline="2024-03-15", as_of=as_of,
        )  # fmt: skip
    s = amb.summary()
    return dict(zip(s.ward, s.reason, strict=True))


def test_a_stale_ward_is_at_the_target_in_its_latest_data_not_now():
    said = _reasons()
    assert said["b"].startswith(
        "no data after Sep 2023 (as of Nov 2023): at about the target level in its latest data "
        "(Sep 2023): rate in Dec 2022–Sep 2023 was"
    )
    assert said["e"].startswith("no data after Oct 2023 (as of Nov 2023): rate in Dec 2022–Oct")
    assert "the trajectory expects a 47% fall by Oct 2023)" in said["e"]
    for ward in ("b", "e"):
        assert " now" not in said[ward]


def test_a_ward_with_current_data_still_reads_now():
    said = _reasons(as_of="2023-04-30")
    assert said["b"].startswith("at about the target level now: rate in May 2022–Apr 2023")
    assert "the trajectory expects a 30% fall by now)" in said["e"]
