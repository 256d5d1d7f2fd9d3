"""Means (kind="mean") allow for period-to-period variation: simulated wards with a known truth.

Each test simulates hundreds of wards (fixed seeds) and judges them in one ``qi.ambition`` call
through ``by=``; the measured rates are printed in the assertion messages. Stays are gamma
(CV 0.5) around a ward's monthly mean, which varies from month to month (log-normal, SD 0, 10 %
or 25 %) around a level with no trend, or with a step down after the baseline. Before means
had a between-period variance component (trial 12, audit A item 2) the 95 % interval of the
ratio of means covered the true ratio 0.566 of the time at a month-level SD of 25 %, and 14 %
of wards without change were "met" (ambition −10 %).
"""

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2020-04-01", periods=48, freq="MS")
WARDS, STAYS = 800, 20


def _wards(seed, sd, ratio=1.0):
    """Stays of ``WARDS`` wards over 48 months, ``STAYS`` a month; the monthly mean is 10 times
    exp(N(0, sd)), times ``ratio`` after the 12 baseline months."""
    rng = np.random.default_rng(seed)
    step = np.where(np.arange(48) >= 12, ratio, 1.0)
    mu = 10 * step * np.exp(rng.normal(0, sd, (WARDS, 48)))
    return pd.DataFrame(
        {
            "ward": np.repeat(np.arange(WARDS), 48 * STAYS),
            "month": np.tile(np.repeat(MONTHS, STAYS), WARDS),
            "los": rng.gamma(4, np.repeat(mu.ravel(), STAYS) / 4),
        }
    )


def _judge(df, **kw):
    return qi.ambition(
        df,
        y="los",
        x="month",
        by="ward",
        kind="mean",
        change=-0.1,
        baseline=("2020-04-01", "2021-03-01"),
        deadline="2024-03-01",
        **kw,
    ).summary()


@pytest.mark.parametrize("sd", [0.0, 0.10, 0.25])
def test_means_cover_and_are_not_met_without_change(sd):
    s = _judge(_wards(int(100 * sd) + 7, sd))
    cover = ((s.rate_ratio_lower <= 1) & (s.rate_ratio_upper >= 1)).mean()
    truth = 10 * np.exp(sd**2 / 2)  # the mean of the log-normal monthly means
    base = ((s.baseline_lower <= truth) & (s.baseline_upper >= truth)).mean()
    met = (s.verdict == "met").mean()
    fall = (s.p_improved < 0.025).mean()
    msg = (
        f"month-level SD {sd:.0%}, no change, {WARDS} wards: coverage of the ratio 1 {cover:.3f}"
        f", of the baseline mean {truth:.2f} {base:.3f} (nominal 0.95); 'met' {met:.3f}; "
        f"significant fall {fall:.3f} (nominal 0.025); median overdispersion "
        f"{s.overdispersion.median():.2f}"
    )
    assert cover >= 0.94, msg
    assert met <= 0.05, msg
    assert fall <= 0.04, msg
    if sd == 0.25:  # the baseline's own mean, from 12 months of period means, covers too
        assert base >= 0.93, msg
    if sd == 0:  # the period means vary as their stays do: φ̂ about 1
        assert 0.8 <= s.overdispersion.median() <= 1.2, msg
    else:  # 1 + 20σ²_b/σ²_w: 1.8 at 10 %, 6 at 25 %
        assert s.overdispersion.median() > 1.5, msg


def test_no_material_loss_of_power_without_month_level_variation():
    # a 13 % fall (ambition −10 %), no month-level variation: "met" as often as when every
    # stay is treated as independent (overdispersion=None), less the cost of the 25 % test
    # falsely showing variation in a quarter of the wards (t on the periods, not the stays)
    df = _wards(11, 0.0, ratio=0.87)
    auto, naive = _judge(df), _judge(df, overdispersion=None)
    met_auto, met_naive = ((s.verdict == "met").mean() for s in (auto, naive))
    widths = [np.median(s.rate_ratio_upper - s.rate_ratio_lower) for s in (auto, naive)]
    msg = (
        f"true ratio 0.87, no month-level variation: 'met' {met_auto:.3f} with the variance "
        f"component, {met_naive:.3f} without; median interval width {widths[0]:.4f} against "
        f"{widths[1]:.4f}"
    )
    assert met_auto >= met_naive - 0.04, msg
    assert widths[0] <= widths[1] * 1.05, msg
    assert naive.overdispersion.notna().all(), msg  # φ̂ is reported either way
