"""The verdict per series."""

from __future__ import annotations

import numpy as np
from scipy import stats


def verdict_of(no_data, p_met, alpha, point_met, latest_status, se_log, rho) -> np.ndarray:
    """The verdict per series, in this order: no data → "insufficient_data"; target shown →
    "met"; estimate meets it → "met_point_estimate"; significantly behind the trajectory →
    "off_track"; the data could not show a change of the target's size with 80 % power
    (one-sided 5 %) → "insufficient_data"; else "on_track"."""
    z = stats.norm.ppf(0.95) + stats.norm.ppf(0.80)
    with np.errstate(invalid="ignore", divide="ignore"):
        underpowered = ~(z * se_log <= np.abs(np.log(rho)))
    return np.select(
        [no_data, p_met < alpha, point_met, latest_status == "behind", underpowered],
        ["insufficient_data", "met", "met_point_estimate", "off_track", "insufficient_data"],
        "on_track",
    )
