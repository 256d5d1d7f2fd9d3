"""An ambition's verdict does not depend on the unit of exposure: the same counts over bed
days or over thousands of bed days (a rate of 6 per unit instead of 0.006) give the same
verdicts, ratios and probabilities. A rate per unit above 1 was clipped at 1 in the check of
whether the window can show the change, so a few wards' verdicts changed with the unit."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import qistats as qi


def test_verdicts_and_ratios_do_not_depend_on_the_exposure_unit():
    rng = np.random.default_rng(3)
    months = pd.date_range("2021-04-01", periods=36, freq="MS")
    fall = np.where(np.arange(36) < 12, 1.0, 0.5)  # a 50 % fall after the baseline year
    counts = rng.poisson(4 * fall, size=(400, 36))
    frames = [
        pd.DataFrame(
            {
                "ward": np.repeat(np.arange(400), 36),
                "unit": unit,
                "month": np.tile(months, 400),
                "n": exposure,
                "y": counts.ravel(),
            }
        )
        for unit, exposure in (("bed days", 1000.0), ("thousand bed days", 1.0))
    ]
    kw = {
        "y": "y",
        "n": "n",
        "x": "month",
        "by": "ward",
        "change": -0.5,
        "baseline": ("2021-04-01", "2022-03-01"),
        "deadline": "2024-03-01",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        days, thousands = (qi.ambition(f, **kw).summary() for f in frames)
    assert (days["verdict"] == thousands["verdict"]).all()
    for col in (
        "rate_ratio",
        "rate_ratio_lower",
        "rate_ratio_upper",
        "prob_target_met",
        "detectable_change",
        "events_needed",
    ):
        np.testing.assert_allclose(days[col], thousands[col], rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(days["current_value"] * 1000, thousands["current_value"], rtol=1e-9)
