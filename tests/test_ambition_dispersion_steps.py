"""φ̂ of ``qi.ambition`` on wards whose level steps down (the typical intervention), simulated
with a known truth (trial 6a A5): a step is not overdispersion.

Pure Poisson wards (φ = 1) whose rate falls to 40 % abruptly at month 24 or 30 of 36 were read
as overdispersed by the Pearson X² around a log-linear trend (median φ̂ 1.5 at 20 events a month,
3.6 at 100), which widened their intervals. φ̂ now comes from successive differences of the
residuals, with the difference at a detected step set aside; these tests bound its median and the
coverage of the rate ratio's 95 % interval (true ratio 0.4 over the window judged) at φ = 1 and
at φ = 3 (negative binomial, variance 3μ).
"""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2021-04-01", periods=36, freq="MS")
KW = {
    "y": "y",
    "n": "bd",
    "x": "month",
    "by": "ward",
    "baseline": ("2021-04-01", "2022-03-01"),
    "change": -0.5,
    "deadline": "2024-03-01",
}
WARDS = 800


def stepped(seed, per_month, step, phi):
    """Wards at ``per_month`` events, 40 % of it from month ``step`` (0-based) on."""
    rng = np.random.default_rng(seed)
    mu = np.broadcast_to(per_month * np.where(np.arange(36) < step, 1.0, 0.4), (WARDS, 36))
    y = rng.poisson(mu) if phi == 1 else rng.negative_binomial(mu / (phi - 1), 1 / phi)
    return pd.DataFrame(
        {
            "ward": np.repeat(np.arange(WARDS), 36),
            "month": np.tile(MONTHS, WARDS),
            "bd": 1000.0,
            "y": y.ravel(),
        }
    )


@pytest.mark.parametrize(
    ("per_month", "step", "phi", "low", "high"),
    [
        (20, 24, 1, 0.9, 1.1),
        (100, 24, 1, 0.9, 1.15),
        (20, 24, 3, 2.6, 3.3),
        (100, 24, 3, 2.6, 3.3),
        (5, 24, 3, 2.3, 3.3),
    ],
)
def test_a_step_is_not_overdispersion(per_month, step, phi, low, high):
    d = stepped(per_month * 10 + step + phi, per_month, step, phi)
    s = qi.ambition(d, **KW).summary()
    med = s.overdispersion.median()
    cover = ((s.rate_ratio_lower <= 0.4) & (s.rate_ratio_upper >= 0.4)).mean()
    width = np.log(s.rate_ratio_upper / s.rate_ratio_lower).median()
    msg = (
        f"{per_month} a month, step at month {step}, φ = {phi}: median φ̂ {med:.2f} "
        f"(bounds {low}–{high}), coverage of the 95% interval {cover:.3f}, median log width "
        f"{width:.3f}"
    )
    assert low <= med <= high, msg
    assert cover >= 0.94, msg
    if phi == 1:  # the step no longer widens the Poisson interval by much (was 0.63 vs 0.49)
        plain = qi.ambition(d, **KW, overdispersion=None).summary()
        poisson = np.log(plain.rate_ratio_upper / plain.rate_ratio_lower).median()
        assert width <= 1.05 * poisson, f"{msg}; Poisson width {poisson:.3f}"
