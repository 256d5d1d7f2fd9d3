"""Ratio of means: Fieller's interval with t quantiles, by hand and by coverage."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi


@pytest.mark.parametrize("dist", ["normal", "gamma"])
def test_ratio_of_means_covers_at_five_observations(dist):
    # 4,000 series; five measurements in the baseline month and five in the next; true ratio
    # 0.7. The delta method with a normal quantile covered 0.92 here (normal measurements)
    rng = np.random.default_rng(7 if dist == "normal" else 8)
    n_series, per = 4000, 5
    if dist == "normal":
        base, now = rng.normal(10, 3, (n_series, per)), rng.normal(7, 3, (n_series, per))
    else:
        base, now = rng.gamma(2, 5, (n_series, per)), rng.gamma(2, 3.5, (n_series, per))
    df = pd.DataFrame(
        {
            "g": np.repeat(np.arange(n_series), 2 * per),
            "m": np.tile(np.repeat([0, 1], per), n_series),
            "los": np.column_stack([base, now]).ravel(),
        }
    )
    s = qi.ambition(
        df, y="los", x="m", by="g", kind="mean", baseline=(0, 0), change=-0.25, deadline=2
    ).summary()
    cover = ((s.rate_ratio_lower <= 0.7) & (s.rate_ratio_upper >= 0.7)).mean()
    unbounded = np.isinf(s.rate_ratio_upper).mean()
    assert cover >= 0.94, f"{dist}: coverage {cover:.3f} (nominal 0.95), unbounded {unbounded:.3f}"
