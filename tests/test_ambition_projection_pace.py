"""The projected date and the pace the reason quotes tell one story: where the recent pace
decides (it has slowed), the projected date is that recent line's; where the pace (a share of
the trajectory's change, which stops at the target) misses the target but the trend carried on
in time reaches it by the deadline, the reason says which is which. And the projected date's
interval carries the relative target's own uncertainty. Expected values by hand in numpy, or
from simulated wards with a known truth."""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

from .test_ambition_pace import newton
from .test_ambition_projection import KW as PKW
from .test_ambition_projection import declining_wards, fieller_roots

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

ONE = {k: v for k, v in PKW.items() if k != "by"}  # one ward
YEAR = 365.25 * 86400e9  # the projection's time unit for dates, in nanoseconds
WARDS = ["BRI3", "BRI5", "CAS2"]
BOARD = {
    "y": "restraints",
    "n": "bed_days",
    "x": "month",
    "by": "ward",
    "baseline": ("2020-04-01", "2021-03-01"),
    "change": -0.5,
    "deadline": "2025-03-01",
    "multiply": 1000,
}


@pytest.fixture(scope="module")
def board():
    df = qi.datasets.restrictive_practice()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.ambition(df[df.ward.isin(WARDS)], **BOARD), df


def _ward(df, ward):
    """The ward's months after the baseline (Apr 2021–Mar 2024): time in years from their
    mean (the projection's scale), events, bed days, and the centre as a timestamp's ns."""
    w = df[(df.ward == ward) & (df.month >= "2021-04-01") & (df.month <= "2024-03-01")]
    ns = w.month.to_numpy("datetime64[ns]").astype(np.int64).astype(float)
    centre = ns.mean()
    return (ns - centre) / YEAR, w.restraints.to_numpy(float), w.bed_days.to_numpy(float), centre


def _texts(fig, i):
    ax = [a for a in fig.axes if a.get_gid() == "ambition"][i]
    return [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("projection")]


def test_a_ward_slower_than_the_trajectory_says_which_date_is_which(board):
    # BRI5 is "on_track" by the trajectory; its pace along the trajectory (a share of the
    # trajectory's fall, which stops at the target in Apr 2024) misses the target over the
    # judged window, while its trend carried on in time reaches it in Sep 2024, the date its
    # panel draws. The reason now says both, and which is which. The date by hand: a Poisson
    # log-linear fit of its months after the baseline in numpy
    amb, df = board
    s = amb.summary().set_index("ward").loc["BRI5"]
    t, y, n, centre = _ward(df, "BRI5")
    (a, b), _ = newton(np.column_stack([np.ones_like(t), t]), y, n)
    when = pd.Timestamp(int(centre + YEAR * (np.log(s.target_value / 1000) - a) / b))
    assert when.strftime("%b %Y") == "Sep 2024"
    assert s.projected_date == pd.Timestamp(when).floor("D")
    assert s.verdict == "on_track" and s.deadline_projection > s.target_value
    assert s.reason.endswith(
        "above the target; that assumes its fall stops when the trajectory's does, in Apr 2024:"
        " if it keeps falling, it reaches the target in Sep 2024 (the projected date)"
    ), s.reason
    fig = amb.plot()
    assert any("Sep 2024" in text for text in _texts(fig, WARDS.index("BRI5")))
    (legend,) = fig.legends
    labels = [text.get_text() for text in legend.get_texts()]
    assert "projected date: the trend carried on reaches the target" in labels


def test_a_ward_whose_recent_pace_decides_is_projected_from_it(board):
    # BRI3's pace has slowed: since Apr 2023 (the latest 12 of its 36 months after the
    # baseline) its rate has risen, and the reason quotes that recent pace (19.2 per 1,000 at
    # the deadline, above the target). Its panel drew "projected Dec 2022" from the line since
    # Apr 2021. By hand, the line in time whose slope may change at Apr 2023 rises there: no
    # projected date, and none drawn
    amb, df = board
    s = amb.summary().set_index("ward").loc["BRI3"]
    t, y, n, _ = _ward(df, "BRI3")
    knot = t[-12]
    design = np.column_stack([np.ones_like(t), t - t.mean(), np.where(t >= knot, t - knot, 0.0)])
    beta, _ = newton(design, y, n)
    assert beta[1] + beta[2] > 0  # rising since Apr 2023
    assert "at its pace since Apr 2023 the rate would be 19.2 per 1,000" in s.reason
    assert s.projection == "not_projected" and pd.isna(s.projected_date)
    assert "(the projected date)" not in s.reason
    assert _texts(amb.plot(), WARDS.index("BRI3")) == []


def _slowed_ward():
    """1,000 events a month on 100,000 bed days in months 1–12, falling 4 % a month in months
    13–24 and 1 % a month from 25 (±10 %, alternating)."""
    x = np.arange(1, 37)
    rate = np.where(x <= 12, 1.0, 0.96 ** np.clip(x - 12, 0, 12) * 0.99 ** np.clip(x - 24, 0, None))
    y = np.round(1000 * rate * np.where(x % 2 == 0, 1.1, 0.9))
    return pd.DataFrame({"m": x, "n": 100000.0, "y": y})


def test_the_recent_projection_by_hand():
    # The ward fell fast, then slowed to 1 % a month from month 25: its recent pace is clearly
    # slower than the trajectory's and misses the target, so it decides ("off_track"). The
    # projected date was the line since month 13's, month 36.1 (34.9–37.6), while the rate in
    # months 25–36 was 5.74 against a target of 5 and the reason said the target would not be
    # reached by month 48. Now the recent line's: by hand, the Poisson line in time whose slope
    # may change at month 25, its segment from there A + B(m − 25), and Fieller's set at
    # z(0.975) with the target's log variance 1/K₀ beside the fit's own
    df = _slowed_ward()
    s = qi.ambition(df, **ONE, deadline=48, overdispersion=None, multiply=1000).summary().iloc[0]
    assert s.verdict == "off_track" and "not kept up with the trajectory since 25" in s.reason
    after = df[df.m > 12]
    m = after.m.to_numpy(float)
    centre = m.mean()
    design = np.column_stack([np.ones_like(m), m - centre, np.where(m >= 25, m - 25, 0.0)])
    beta, cov = newton(design, after.y.to_numpy(), after.n.to_numpy())
    ell_a, ell_b = np.array([1.0, 25 - centre, 0.0]), np.array([0.0, 1.0, 1.0])
    a, b = ell_a @ beta, ell_b @ beta
    vaa = ell_a @ cov @ ell_a + 1 / df.y[df.m <= 12].sum()
    vbb, vab = ell_b @ cov @ ell_b, ell_a @ cov @ ell_b
    level = np.log(s.target_value / 1000)
    lo, hi = fieller_roots(a, b, vaa, vbb, vab, level, stats.norm.ppf(0.975)) + 25
    assert s.projection == "projected"
    got = (s.projected_date, s.projected_lower, s.projected_upper)
    assert got == pytest.approx(((level - a) / b + 25, lo, hi), rel=1e-8)
    assert s.projected_date > 48  # after the deadline, as the reason says


MONTHS = np.arange(1, 49)  # baseline months 1–12, deadline month 48
AFTER = np.clip(MONTHS - 12, 0, None)


def _wards(seed, relative, n=500):
    """``n`` wards at 100 events a baseline month (bed days 800 to 1,200 a month), their rate
    ``relative`` to the baseline's by month."""
    rng = np.random.default_rng(seed)
    days = rng.integers(800, 1201, size=(n, MONTHS.size)).astype(float)
    return pd.DataFrame(
        {
            "ward": np.repeat(np.arange(n), MONTHS.size),
            "month": np.tile(MONTHS, n),
            "bed_days": days.ravel(),
            "events": rng.poisson(100 / 1000 * relative * days).ravel(),
        }
    )


def _summary(df, look):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.ambition(
            df[df.month <= look],
            y="events",
            n="bed_days",
            x="month",
            by="ward",
            baseline=(1, 12),
            change=-0.5,
            deadline=48,
        ).summary()


def test_wards_that_stalled_are_seldom_dated_before_the_deadline():
    # Known truth: 500 wards that fell 35 % over 6 months and stayed there never reach the
    # target (50 %). 18 months after the baseline (month 30) the line since the baseline
    # gave 0.464 of them a projected date at or before the deadline, beside a reason saying
    # they had not kept up with the trajectory; the recent pace's line gives 0.140. Wards on
    # a constant log-linear fall that reaches the target at month 37 (the trajectory's
    # speed): the projected set covers month 37 for 0.974 of the dated before, 0.980 now
    stalled = _summary(_wards(2028, 1 - 0.35 * np.clip(AFTER / 6, 0, 1)), 30)
    dated = stalled.projected_date.notna() & (stalled.projected_date <= 48)
    steady = _summary(_wards(2026, 0.5 ** (AFTER / 25)), 30)
    got = steady.projected_date.notna()
    lo = steady.projected_lower.fillna(-np.inf)
    hi = steady.projected_upper.fillna(np.inf)
    cover = ((lo <= 37) & (hi >= 37))[got].mean()
    print(
        f"stalled wards dated by the deadline {dated.mean():.3f}; steady wards dated "
        f"{got.mean():.3f}, coverage of month 37 {cover:.3f}"
    )
    assert dated.mean() <= 0.25
    assert got.mean() >= 0.95 and cover >= 0.95


@pytest.mark.parametrize("phi, seed", [(1.0, 4), (3.0, 6)])
def test_the_projected_interval_covers_the_true_crossing(phi, seed):
    # Known truth: 2,000 wards at 20 events a baseline month falling 3 % a month from month
    # 13; the true target, half the true baseline rate, is reached at month 12 + ln 0.5 /
    # ln 0.97 = 34.76. The target is half the *estimated* baseline rate, so the crossing's
    # set must carry that estimate's variance (1/K₀ on the log scale, times the baseline's
    # φ). Without it the 95 % sets covered the true crossing for 0.945 (φ = 1) and 0.926
    # (φ = 3) of the projected wards 24 months after the baseline; now 0.980 and 0.961
    df = declining_wards(seed, 2000, 0.97, phi)
    s = qi.ambition(df, **PKW, deadline=48).summary()
    truth = 12 + np.log(0.5) / np.log(0.97)
    done = s.projection != "not_projected"
    lo = s.projected_lower.fillna(-np.inf)
    hi = s.projected_upper.fillna(np.inf)
    cover = ((lo <= truth) & (truth <= hi))[done].mean()
    print(f"φ = {phi}: coverage {cover:.3f} of {done.sum()} projected wards")
    assert done.sum() >= 1000
    assert cover >= 0.95


def test_the_recent_projection_of_means_by_hand():
    # The same course as a mean (40 stays a month, ±1 about the month's mean, which is ±1 %
    # alternating about 10 falling 4 % a month in months 13–24, 1 % from 25), against the
    # absolute target 5: the recent pace decides, and the projected date was month 34.7
    # (32.9–37.1) while the mean in months 25–36 was 5.74. By hand: weighted least squares of
    # the monthly means on 1, m − m̄ and (m − 25) from month 25 (weights 40), σ² from the
    # weighted residuals on 24 − 3 degrees of freedom, Fieller's set at t₂₁(0.975); an
    # absolute target has no variance of its own
    m = np.arange(1, 37)
    mu = 10 * np.where(
        m <= 12, 1.0, 0.96 ** np.clip(m - 12, 0, 12) * 0.99 ** np.clip(m - 24, 0, None)
    )
    mu = mu * np.where(m % 2 == 0, 1.01, 0.99)
    rows = pd.DataFrame(
        {"month": np.repeat(m, 40), "los": np.repeat(mu, 40) + np.tile([1.0, -1.0], 36 * 20)}
    )
    s = (
        qi.ambition(
            rows,
            y="los",
            x="month",
            kind="mean",
            target=5.0,
            change=-0.5,
            baseline=(1, 12),
            deadline=48,
        )
        .summary()
        .iloc[0]
    )
    assert s.verdict == "off_track" and "not kept up with the trajectory since 25" in s.reason
    t, v = m[m > 12].astype(float), mu[m > 12]
    centre = t.mean()
    design = np.column_stack([np.ones_like(t), t - centre, np.where(t >= 25, t - 25, 0.0)])
    xtwx = 40 * design.T @ design
    beta = np.linalg.solve(xtwx, 40 * design.T @ v)
    sigma2 = 40 * ((v - design @ beta) ** 2).sum() / (t.size - 3)
    cov = sigma2 * np.linalg.inv(xtwx)
    ell_a, ell_b = np.array([1.0, 25 - centre, 0.0]), np.array([0.0, 1.0, 1.0])
    a, b = ell_a @ beta, ell_b @ beta
    vaa, vbb, vab = ell_a @ cov @ ell_a, ell_b @ cov @ ell_b, ell_a @ cov @ ell_b
    q = stats.t.ppf(0.975, t.size - 3)
    lo, hi = fieller_roots(a, b, vaa, vbb, vab, 5.0, q) + 25
    assert s.projection == "projected"
    got = (s.projected_date, s.projected_lower, s.projected_upper)
    assert got == pytest.approx(((5.0 - a) / b + 25, lo, hi), rel=1e-8)
    assert s.projected_date > 48
