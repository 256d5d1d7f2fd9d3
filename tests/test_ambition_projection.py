"""The projection to the target: Fieller sets (bounded or open-ended), its level, φ from the fit."""

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi

from .ambition_simulation import negative_binomial


def declining_wards(seed, n_wards, monthly, phi, last_month=36):
    """Months 1–12 at 10 events per 1,000 bed days (2,000 bed days a month), then a fall of
    ``1 − monthly`` a month."""
    rng = np.random.default_rng(seed)
    x = np.arange(1, last_month + 1)
    rate = 0.01 * np.where(x <= 12, 1.0, monthly ** (x - 12.0))
    return pd.DataFrame(
        {
            "g": np.repeat(np.arange(n_wards), x.size),
            "m": np.tile(x, n_wards),
            "n": 2000.0,
            "y": negative_binomial(rng, np.tile(rate * 2000, n_wards), phi),
        }
    )


KW = {"y": "y", "n": "n", "x": "m", "by": "g", "baseline": (1, 12), "change": -0.5}


def fieller_roots(a, b, vaa, vbb, vab, level, q):
    """Roots of (b² − q²V_bb)t² + 2((a − L)b − q²V_ab)t + (a − L)² − q²V_aa, by numpy."""
    return np.sort(
        np.roots(
            [
                b * b - q * q * vbb,
                2 * ((a - level) * b - q * q * vab),
                (a - level) ** 2 - q * q * vaa,
            ]
        )
    )


def test_a_shallow_slope_gives_an_open_ended_set_never_a_missing_one():
    # a slow fall (1 % a month) and noise: many slopes are significant one-sided but not
    # two-sided; their sets are open-ended (lower bound given, upper missing), never all-missing
    s = qi.ambition(declining_wards(1, 2000, 0.99, 1.0), **KW, deadline=48).summary()
    counts = s.projection.value_counts().to_dict()
    assert counts.get("open_ended", 0) > 100, counts
    projected = s[s.projection != "not_projected"]
    assert projected.projected_date.notna().all()
    assert projected.projected_lower.notna().all(), "a ray to +∞ has a finite lower bound"
    bounded = s.projection == "projected"
    assert s.projected_upper[bounded].notna().all()
    assert s.projected_upper[s.projection == "open_ended"].isna().all()
    assert s.projected_date[s.projection == "not_projected"].isna().all()
    assert (projected.projected_lower <= projected.projected_date).all()


def test_the_level_follows_confidence():
    # an exact exponential fall with a little Poisson noise: the 80 % set lies inside the 95 %
    df = declining_wards(2, 200, 0.97, 1.0)
    s95 = qi.ambition(df, **KW, deadline=48, overdispersion=None).summary()
    s80 = qi.ambition(df, **KW, deadline=48, overdispersion=None, confidence=0.8).summary()
    both = (s95.projection == "projected") & (s80.projection == "projected")
    # (at 80 % about 5 % of these wards read as slowed, one-sided at α/2 = 10 %, and are
    # projected from their latest year's line, which is not always clearly falling)
    assert both.mean() > 0.85
    assert (s80.projected_lower[both] > s95.projected_lower[both]).all()
    assert (s80.projected_upper[both] < s95.projected_upper[both]).all()
    assert s80.projected_date[both].to_numpy() == pytest.approx(s95.projected_date[both].to_numpy())


def test_one_projection_by_hand():
    # one ward, noise-free apart from rounding: fit log μ = a + b·t by Poisson IRLS in numpy and
    # solve the Fieller quadratic at z(0.975) without overdispersion
    x = np.arange(1, 37)
    rate = 0.01 * np.where(x <= 12, 1.0, 0.97 ** (x - 12.0))
    y = np.round(rate * 1000 * np.where(x % 2 == 0, 1.1, 0.9))
    df = pd.DataFrame({"m": x, "n": 1000.0, "y": y})
    kw = {k: v for k, v in KW.items() if k != "by"}
    s = qi.ambition(df, **kw, deadline=48, overdispersion=None).summary().iloc[0]
    comp = x > 12
    t, yy = x[comp].astype(float), y[comp]
    centre = t.mean()
    design = np.column_stack([np.ones_like(t), t - centre])
    beta = np.array([np.log(yy.sum() / (1000 * t.size)), 0.0])
    for _ in range(50):
        mu = 1000 * np.exp(design @ beta)
        beta = beta + np.linalg.solve(design.T @ (mu[:, None] * design), design.T @ (yy - mu))
    mu = 1000 * np.exp(design @ beta)
    cov = np.linalg.inv(design.T @ (mu[:, None] * design))
    level = np.log(s.target_value)
    (a, b), ((vaa, vab), (_, vbb)) = beta, cov
    # the target is half the baseline's estimated rate: its log has the variance 1/K₀
    # (Poisson), which the crossing's set carries beside the fit's own
    vaa = vaa + 1 / y[x <= 12].sum()
    lo, hi = fieller_roots(a, b, vaa, vbb, vab, level, stats.norm.ppf(0.975)) + centre
    assert s.projection == "projected"
    assert s.projected_date == pytest.approx((level - a) / b + centre, rel=1e-8)
    assert (s.projected_lower, s.projected_upper) == pytest.approx((lo, hi), rel=1e-8)


@pytest.mark.parametrize("phi", [1.0, 3.0])
def test_projection_sets_cover_the_true_crossing(phi):
    # 3 % a month from month 13, 24 comparison months; the target is half the estimated baseline,
    # which the true rate reaches at 12 + log(target/λ₀)/log(0.97). φ = 3 is negative binomial
    # noise that the baseline cannot see in the fit's own φ; coverage among projected series
    df = declining_wards(3 + int(phi), 2000, 0.97, phi)
    s = qi.ambition(df, **KW, deadline=48).summary()
    truth = 12 + np.log(s.target_value / 0.01) / np.log(0.97)
    done = s.projection != "not_projected"
    lo = s.projected_lower.fillna(-np.inf)
    hi = s.projected_upper.fillna(np.inf)
    cover = ((lo <= truth) & (truth <= hi))[done].mean()
    assert done.sum() >= 1000, s.projection.value_counts().to_dict()
    assert cover >= 0.94, f"φ={phi}: coverage {cover:.3f} of {done.sum()} projected series"


def test_projected_dates_are_early_among_the_wards_that_get_one():
    # the selection effect documented in ambition_verdicts.rst (trial 6a C6): 400 wards of 20
    # events a month falling 2 % a month after the baseline; the truth crosses half the
    # baseline at month 11 + ln 2 / 0.02 = 45.66 (20 January 2024). As of March 2023 the
    # wards whose trend is clearly falling get a date, and those dates come early; the
    # intervals keep their coverage.
    rng = np.random.default_rng(8)
    months = pd.date_range("2020-04-01", periods=48, freq="MS")
    t = np.arange(48)
    lam = 20 * np.where(t < 12, 1, np.exp(-0.02 * (t - 11)))
    truth = months[0] + pd.Timedelta(days=30.44 * (11 + np.log(2) / 0.02))
    d = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(400), 48),
            "month": np.tile(months, 400),
            "bd": 1000.0,
            "y": rng.poisson(np.tile(lam, 400)),
        }
    )
    s = qi.ambition(
        d,
        y="y",
        n="bd",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        as_of="2023-03-01",
    ).summary()
    when = pd.to_datetime(s.projected_date)
    got = when.notna()
    lo = pd.to_datetime(s.projected_lower).fillna(pd.Timestamp.min)
    hi = pd.to_datetime(s.projected_upper).fillna(pd.Timestamp.max)
    cover = ((lo <= truth) & (truth <= hi))[got].mean()
    early = (when[got] < truth).mean()
    msg = (
        f"projected {got.mean():.2f}, median {when.median().date()} (truth {truth.date()}), "
        f"early {early:.2f}, coverage {cover:.3f}"
    )
    assert 0.7 <= got.mean() <= 0.9, msg  # documented: 73 %
    assert when.median() < truth - pd.Timedelta(days=30) and early > 0.5, msg  # Oct 2023, 65 %
    assert cover >= 0.94, msg  # documented: 0.976


def _proportion_wards(seed, n_wards, course, p0=0.85, asked=40, last_month=36):
    """Months 1–12 at p0, then the shortfall 1 − p times ``course`` (per month from 13)."""
    rng = np.random.default_rng(seed)
    x = np.arange(1, last_month + 1)
    p = 1 - (1 - p0) * np.where(x <= 12, 1.0, course[: x.size])
    return pd.DataFrame(
        {
            "g": np.repeat(np.arange(n_wards), x.size),
            "m": np.tile(x, n_wards),
            "n": asked,
            "y": rng.binomial(asked, np.tile(p, n_wards)),
        }
    )


def test_a_proportion_projection_stays_within_100_percent_and_its_verdicts_hold():
    # trial 9 A7: a proportion's deadline projection had intervals above 100 % ("76.5–111.4"),
    # quoted in reasons. Wards at 85 % closing half their shortfall along the trajectory to a
    # deadline at month 48, or stalled at 85 %, judged at month 36 (a year before): no
    # projected value above 100 % in the table or the reasons, some clipped at it; the verdicts
    # (read on the log scale, unchanged by the clip) keep their error rates: stalled wards
    # "on_track" and wards on the trajectory "off_track" are both wrong.
    s = np.clip((np.arange(13, 49) - 13) / (37 - 13), 0, 1)
    courses = {"on_trajectory": 1 - 0.5 * s, "stalled": np.ones(36)}
    kw = dict(KW, kind="proportion", change=0.5, target="shortfall", deadline=48, multiply=100)
    rates, uppers, quoted = {}, [], []
    for i, (name, course) in enumerate(courses.items()):
        summ = qi.ambition(_proportion_wards(400 + i, 200, course), **kw).summary()
        wrong = "off_track" if name == "on_trajectory" else "on_track"
        rates[name] = float((summ.verdict == wrong).mean())
        uppers.append(summ.deadline_projection_upper.dropna().to_numpy())
        for reason in summ.reason:
            for lo, hi in re.findall(r"95% interval ([\d.]+)–([\d.]+)", reason):
                quoted += [float(lo), float(hi)]
    uppers = np.concatenate(uppers)
    msg = f"wrong verdicts {rates}; {np.mean(uppers == 100):.2f} of the upper bounds at 100"
    assert uppers.size > 300 and (uppers <= 100).all() and (uppers == 100).any(), msg
    assert quoted and max(quoted) <= 100, msg
    assert rates["on_trajectory"] <= 0.05 and rates["stalled"] <= 0.05, msg
