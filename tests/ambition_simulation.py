"""Simulated wards with a known truth, for the error rates of ``qi.ambition``'s verdicts.

Shared by ``tests/test_ambition_simulation.py`` (fixed seeds, bounded error rates) and
``benchmarks/ambition_error_rates.py`` (the same scenarios, more wards, the figures quoted in
``docs/ambition_verdicts.rst``).

Time is an integer month: the baseline is months 1–12, the ambition's deadline month 48 (a
36-month ambition) and the trajectory starts at month 13 and reaches the target at month 37, the
first month of the 12 judged at the deadline, so that s = (t − 13)/(37 − 13), capped at 1. Every
scenario simulates all its wards in one data frame and calls ``qi.ambition`` once, with
``by="ward"``.

Overdispersed counts are negative binomial with variance φμ (a gamma-Poisson mixture per
ward-month); overdispersed proportions are beta-binomial with variance φ·np(1 − p).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

import qistats as qi

BASELINE = (1, 12)
BASELINE_END = BASELINE[1]
DEADLINE = 48
START = 13  # first month of the trajectory
REACH = DEADLINE - 11  # the named trajectories reach the target here: the judged window's start
MONTHS = np.arange(1, DEADLINE + 1)
FALLS = (0.0, 0.4, 0.5, 0.6, 0.7)  # true falls judged at the deadline: none, short, at, beyond


def negative_binomial(rng: np.random.Generator, mu: np.ndarray, phi: float) -> np.ndarray:
    """Counts with mean μ and variance φμ (Poisson when φ = 1)."""
    if phi == 1:
        return rng.poisson(mu)
    return rng.negative_binomial(mu / (phi - 1), 1 / phi)


def beta_binomial(
    rng: np.random.Generator, trials: np.ndarray, p: np.ndarray, phi: float
) -> np.ndarray:
    """Successes with mean np and variance φ·np(1 − p) (binomial when φ = 1; needs φ < n)."""
    if phi == 1:
        return rng.binomial(trials, p)
    # beta-binomial: variance np(1 − p)(1 + (n − 1)ρ) with intra-class correlation ρ
    rho = (phi - 1) / (trials - 1)
    a = p * (1 - rho) / rho
    return rng.binomial(trials, rng.beta(a, a * (1 - p) / p))


def compound_trajectory(months: np.ndarray, ratio: float) -> np.ndarray:
    """The compound trajectory as a multiple of the baseline level: ratio**s, s as in the code."""
    s = np.clip((months - START) / (REACH - START), 0.0, 1.0)
    return ratio**s


def rate_wards(
    seed: int,
    n_wards: int,
    relative: np.ndarray,
    per_month: float | np.ndarray,
    *,
    phi: float = 1.0,
    last_month: int = DEADLINE,
    bed_days: tuple[int, int] = (800, 1200),
) -> pd.DataFrame:
    """Event counts of ``n_wards`` wards over months 1..``last_month``.

    ``relative`` is the true rate as a multiple of the baseline rate, per month (length 48) or
    per ward and month (``n_wards`` × 48). ``per_month`` is the expected number of events in a
    baseline month (a scalar or one per ward). Bed days vary from month to month (800–1,200,
    or the range ``bed_days``, whose mean is 1,000 either way), so exposure matters; the true
    baseline rate per bed day is ``per_month / 1000``.
    """
    rng = np.random.default_rng(seed)
    months = MONTHS[:last_month]
    rel = np.broadcast_to(np.asarray(relative, dtype=float), (n_wards, DEADLINE))[:, :last_month]
    base = np.broadcast_to(np.asarray(per_month, dtype=float), (n_wards,))[:, None] / 1000
    days = rng.integers(bed_days[0], bed_days[1] + 1, size=(n_wards, last_month)).astype(float)
    events = negative_binomial(rng, base * rel * days, phi)
    return pd.DataFrame(
        {
            "ward": np.repeat(np.arange(n_wards), last_month),
            "month": np.tile(months, n_wards),
            "bed_days": days.ravel(),
            "events": events.ravel(),
        }
    )


def proportion_wards(
    seed: int,
    p0: np.ndarray,
    p1: np.ndarray,
    trials: int,
    *,
    phi: float = 1.0,
    last_month: int = 24,
) -> pd.DataFrame:
    """Successes out of ``trials`` a month: probability p0 in the baseline months (1–12), p1
    after it (one value per ward)."""
    rng = np.random.default_rng(seed)
    n_wards = len(p0)
    months = MONTHS[:last_month]
    p = np.where(months[None, :] <= BASELINE_END, p0[:, None], p1[:, None])
    n = np.full(p.shape, trials)
    return pd.DataFrame(
        {
            "ward": np.repeat(np.arange(n_wards), last_month),
            "month": np.tile(months, n_wards),
            "asked": n.ravel(),
            "yes": beta_binomial(rng, n, p, phi).ravel(),
        }
    )


def track(df: pd.DataFrame, **kwargs: Any) -> qi.Ambition:
    """One ``qi.ambition`` call over all the simulated wards (rates unless told otherwise)."""
    args: dict[str, Any] = {
        "y": "events",
        "n": "bed_days",
        "x": "month",
        "by": "ward",
        "baseline": BASELINE,
        "change": -0.5,
        "deadline": DEADLINE,
    }
    args.update(kwargs)
    return qi.ambition(df, **args)


def share(flags: np.ndarray) -> float:
    """The share of True among the non-missing flags."""
    return float(np.mean(np.asarray(flags, dtype=bool)))


# ------------------------------------------------------------------------------ scenarios


def coverage(
    seed: int,
    n_wards: int,
    expected: float,
    phi: float,
    bed_days: tuple[int, int] = (800, 1200),
) -> dict[str, float]:
    """Coverage of the baseline, current and rate-ratio intervals (nominal 95 %).

    ``expected`` events in the 12 baseline months (at the mean bed days, 1,000 a month); the
    rate falls by 30 % after the baseline; the data end at month 24, so the assessment window
    is months 13–24.
    """
    rel = np.where(MONTHS <= BASELINE_END, 1.0, 0.7)
    df = rate_wards(seed, n_wards, rel, expected / 12, phi=phi, last_month=24, bed_days=bed_days)
    s = track(df).summary()
    lam0 = expected / 12 / 1000
    return {
        "baseline": share((s.baseline_lower <= lam0) & (lam0 <= s.baseline_upper)),
        "current": share((s.current_lower <= 0.7 * lam0) & (0.7 * lam0 <= s.current_upper)),
        "rate_ratio": share((s.rate_ratio_lower <= 0.7) & (s.rate_ratio_upper >= 0.7)),
    }


def on_trajectory(
    seed: int, n_wards: int, per_month: float, phi: float, looks: tuple[int, ...] = (12, 24)
) -> dict[str, Any]:
    """Wards exactly on the compound trajectory to a 50 % fall by month 48.

    For each look (months after the baseline) the data end there: the share of wards
    ``off_track`` (and of each verdict), and the share of wards "behind" in ``periods`` at every
    month since the trajectory started.
    """
    df = rate_wards(seed, n_wards, compound_trajectory(MONTHS, 0.5), per_month, phi=phi)
    out: dict[str, Any] = {}
    for look in looks:
        amb = track(df[df.month <= BASELINE_END + look])
        verdicts = amb.summary().verdict
        out[look] = verdicts.value_counts(normalize=True).to_dict()
        if look == max(looks):
            p = amb.periods
            after = p[p.month >= START]
            out["behind"] = (after.cumulative_status == "behind").groupby(after.month).mean()
    return out


def no_change(
    seed: int, n_wards: int, per_month: float, looks: tuple[int, ...] = (6, 12, 24)
) -> dict[int, dict[str, float]]:
    """Wards whose rate never changes, judged ``look`` months after the baseline (the data end
    there): the share of each verdict per look. "on_track" is wrong for every one of them."""
    df = rate_wards(seed, n_wards, np.ones(DEADLINE), per_month)
    out = {}
    for look in looks:
        verdicts = track(df[df.month <= BASELINE_END + look]).summary().verdict
        out[look] = verdicts.value_counts(normalize=True).to_dict()
    return out


def verdict_shares(
    seed: int,
    n_wards: int,
    relative: np.ndarray,
    per_month: float,
    *,
    last_month: int,
    phi: float = 1.0,
    **kwargs: Any,
) -> dict[str, float]:
    """The share of each verdict for wards with the given true course, data to ``last_month``."""
    df = rate_wards(seed, n_wards, relative, per_month, phi=phi, last_month=last_month)
    verdicts = track(df, **kwargs).summary().verdict
    return verdicts.value_counts(normalize=True).to_dict()


def stalled(
    seed: int, n_wards: int, per_month: float, fall: float = 0.25, look: int = 24
) -> dict[str, dict[str, float]]:
    """Wards that fell by ``fall`` right after the baseline and then stalled (flat), against
    wards exactly on the compound trajectory, judged ``look`` months after the baseline (one
    year before the deadline at 24): the share of each verdict per course. For the stalled
    wards "on_track" is wrong (their rate at the deadline is 1 − ``fall`` of the baseline,
    the target 0.5); for the wards on the trajectory "off_track" is."""
    courses = {"stalled": constant_fall(fall), "on_trajectory": compound_trajectory(MONTHS, 0.5)}
    out = {}
    for i, (name, course) in enumerate(courses.items()):
        shares = verdict_shares(
            seed + i, n_wards, course, per_month, last_month=BASELINE_END + look
        )
        out[name] = {k: round(v, 3) for k, v in shares.items()}
    return out


def courses() -> dict[str, np.ndarray]:
    """True courses (multiples of the baseline rate per month) for the verdicts before and at
    the deadline, with what a ward on each has done over the 12 months judged at the deadline
    (months 37–48; target 0.5):

    * ``on_trajectory``: the compound trajectory, 0.5 over the judged window: exactly at the
      target (a coin toss at the deadline, as any ward exactly at a target is);
    * ``ahead``: the compound path to a 60 % fall at month 37, 0.4 over the judged window;
    * ``linear_60_by_deadline``: a straight fall to 40 % of the baseline at month 48 (the
      trial's ward): 0.54 over the judged window, short of the target;
    * ``old_trajectory``: the compound path reaching 0.5 only at month 48 (the default before
      this change): 0.60 over the judged window;
    * ``stalled``: a 25 % fall after the baseline, then flat; ``no_change``.
    """
    s_end = np.clip((MONTHS - START) / (DEADLINE - START), 0.0, 1.0)
    return {
        "on_trajectory": compound_trajectory(MONTHS, 0.5),
        "ahead": compound_trajectory(MONTHS, 0.4),
        "linear_60_by_deadline": 1 - 0.6 * s_end,
        "old_trajectory": 0.5**s_end,
        "stalled": constant_fall(0.25),
        "no_change": np.ones(DEADLINE),
    }


def before_and_at_deadline(
    seed: int,
    n_wards: int,
    per_month: float,
    looks: tuple[int, ...] = (36, 47, 48),
    names: tuple[str, ...] | None = None,
) -> dict[str, dict[str, Any]]:
    """For each course of :func:`courses` (those ``names``), ``n_wards`` wards judged at each
    look (the data end there; 48 is the deadline): the share of each verdict per look, and the
    share met at the deadline among the wards on track at each earlier look
    (``met_if_on_track``)."""
    out: dict[str, dict[str, Any]] = {}
    for i, (name, course) in enumerate(courses().items()):
        if names is not None and name not in names:
            continue
        df = rate_wards(seed + i, n_wards, course, per_month)
        verdicts = {look: track(df[df.month <= look]).summary().verdict for look in looks}
        met = verdicts[DEADLINE] == "met"
        out[name] = {
            look: {k: round(v, 3) for k, v in v_.value_counts(normalize=True).items()}
            for look, v_ in verdicts.items()
        }
        out[name]["met_if_on_track"] = {
            look: round(float(met[verdicts[look] == "on_track"].mean()), 3)
            if (verdicts[look] == "on_track").any()
            else None
            for look in looks[:-1]
        }
    return out


def at_the_deadline(
    seed: int, n_wards: int, per_month: float, falls: tuple[float, ...] = FALLS
) -> dict[str, Any]:
    """Wards whose rate fell by each of ``falls`` right after the baseline and stayed there
    (0: no change; 0.5: exactly at the target of −50 %), judged at the deadline (data to
    month 48), ``n_wards`` per fall, all in one call. Returns per fall the share of each
    verdict, and over all the wards whose fall is significant (the rate ratio's interval
    below 1) with the level at or beyond the target, the share "insufficient_data"
    (``hidden``) and how many there are (``shown``)."""
    rel = np.concatenate([np.broadcast_to(constant_fall(f), (n_wards, DEADLINE)) for f in falls])
    df = rate_wards(seed, n_wards * len(falls), rel, per_month)
    s = track(df).summary()
    fall = np.repeat(np.asarray(falls), n_wards)[s.ward.to_numpy()]
    out: dict[str, Any] = {}
    for f in falls:
        shares = s.verdict[fall == f].value_counts(normalize=True)
        out[f] = {k: round(float(v), 4) for k, v in shares.items()}
    shown = (s.rate_ratio_upper < 1) & (s.current_value <= s.target_value)
    out["shown"] = int(shown.sum())
    out["hidden"] = share(s.verdict[shown] == "insufficient_data") if shown.any() else 0.0
    return out


def constant_fall(fall: float) -> np.ndarray:
    """A step: the rate is (1 − fall) × baseline from the first month after the baseline."""
    return np.where(MONTHS <= BASELINE_END, 1.0, 1 - fall)


def calibration_table(prob: np.ndarray, truth: np.ndarray, weight: np.ndarray) -> pd.DataFrame:
    """Per decile bin of ``prob_target_met``: the (weighted) mean probability, the (weighted)
    share truly meeting the target, their gap, and the effective number of wards (Kish)."""
    ok = np.isfinite(prob)
    w = weight[ok]
    t = pd.DataFrame(
        {
            "bin": np.minimum((prob[ok] * 10).astype(int), 9),
            "w": w,
            "w2": w * w,
            "wp": w * prob[ok],
            "wt": w * truth[ok],
        }
    )
    g = t.groupby("bin").sum()
    table = pd.DataFrame({"wards": g.w**2 / g.w2, "predicted": g.wp / g.w, "observed": g.wt / g.w})
    table["gap"] = table.observed - table.predicted
    return table


def calibration(seed: int, n_wards: int, target: str) -> pd.DataFrame:
    """``prob_target_met`` against the truth, for wards drawn from the Jeffreys prior.

    ``prob_target_met`` is a posterior probability under Jeffreys priors (λ^−½ for a rate,
    p^−½(1 − p)^−½ for a proportion), so it should be calibrated for wards whose true rates are
    drawn from that prior. The wards are drawn from a box that is wide compared with what one
    ward's data can tell and centred on the target (so that every decile bin holds many wards),
    and weighted by the Jeffreys density over the box's density (importance weights). 12
    baseline months and a 12-month window (data to month 24); overdispersion="auto".

    * ``"relative"`` (rates, ``change=-0.5``): baseline events a month log-uniform on [3, 10],
      the true rate ratio log-uniform on [0.25, 1]; met when it is ≤ 0.5; weight √(λ₀λ₁).
    * ``"absolute"`` (rates, target 5 per 1,000 bed days): no change, the true rate
      log-uniform on [3.2, 7.8] per 1,000 bed days (±3.4 posterior sd around the target);
      met when it is ≤ 5; weight √λ.
    * ``"shortfall"`` (proportions, 20 asked a month, ``change=0.5``): p₀ uniform on
      [0.3, 0.8], the true failure ratio (1 − p₁)/(1 − p₀) log-uniform on [0.25, 1]; met when it
      is ≤ 0.5 (half the gap to 100 % closed); weight (1 − p₁)/√(p₀(1 − p₀)p₁(1 − p₁)).
    """
    rng = np.random.default_rng(seed)
    ratio = np.exp(rng.uniform(np.log(0.25), np.log(1.0), n_wards))
    if target == "shortfall":
        p0 = rng.uniform(0.3, 0.8, n_wards)
        q0, q1 = 1 - p0, ratio * (1 - p0)
        df = proportion_wards(seed + 1, p0, 1 - q1, 20)
        s = track(
            df, y="yes", n="asked", kind="proportion", change=0.5, target="shortfall"
        ).summary()
        weight = q1 / np.sqrt(p0 * q0 * (1 - q1) * q1)
        return calibration_table(s.prob_target_met.to_numpy(), ratio <= 0.5, weight)
    if target == "relative":
        per_month = np.exp(rng.uniform(np.log(3), np.log(10), n_wards))
        rel = np.where(MONTHS[None, :] <= BASELINE_END, 1.0, ratio[:, None])
        df = rate_wards(seed + 1, n_wards, rel, per_month, last_month=24)
        s = track(df).summary()
        weight = per_month * np.sqrt(ratio)
        return calibration_table(s.prob_target_met.to_numpy(), ratio <= 0.5, weight)
    per_month = np.exp(rng.uniform(np.log(3.2), np.log(7.8), n_wards))
    df = rate_wards(seed + 1, n_wards, np.ones(DEADLINE), per_month, last_month=24)
    s = track(df, target=5.0, multiply=1000).summary()
    return calibration_table(s.prob_target_met.to_numpy(), per_month <= 5.0, np.sqrt(per_month))


def gaps_in_the_window(seed: int, n_wards: int, per_month: float) -> pd.DataFrame:
    """Wards with no change and wards whose rate fell by 60 % (beyond the −50 % target) right
    after the baseline, ``n_wards`` of each for every number of months missing (0 to 8, drawn
    at random) from the 12 judged at the deadline (months 37–48), judged at the deadline in one
    call. Returns per fall and number missing the share of each verdict."""
    falls = np.repeat([0.0, 0.6], n_wards * 9)
    missing = np.tile(np.repeat(np.arange(9), n_wards), 2)
    rel = np.stack([constant_fall(f) for f in falls])
    df = rate_wards(seed, falls.size, rel, per_month)
    rng = np.random.default_rng(seed + 1)
    rank = rng.random((falls.size, 12)).argsort(axis=1).argsort(axis=1)
    gone = np.zeros((falls.size, DEADLINE), dtype=bool)
    gone[:, REACH - 1 :] = rank < missing[:, None]  # each ward's `missing` lowest ranks
    s = track(df[~gone.ravel()]).summary()
    s["fall"], s["missing"] = falls[s.ward], missing[s.ward]
    shares = s.groupby(["fall", "missing"]).verdict.value_counts(normalize=True)
    return shares.unstack(fill_value=0.0)


def quarterly(seed: int, n_wards: int, per_quarter: float, look: int) -> dict[str, dict]:
    """Quarterly wards (quarters 0–15 from Apr 2020, baseline quarters 0–3, deadline quarter
    15: a four-year ambition of −50 %), ``n_wards`` exactly on the compound trajectory (which
    reaches the target at quarter 12, the judged window's start) and ``n_wards`` whose rate
    fell 25 % right after the baseline and stalled, with ``per_quarter`` events expected in a
    baseline quarter, judged as of quarter ``look``, in one call. Returns per course the
    share of each verdict."""
    rng = np.random.default_rng(seed)
    x = pd.date_range("2020-04-01", periods=16, freq="QS")
    q = np.arange(16)
    trajectory = 0.5 ** np.clip((q - 4) / (12 - 4), 0.0, 1.0)
    stalled_at = np.where(q < 4, 1.0, 0.75)
    rel = np.repeat(np.stack([trajectory, stalled_at]), n_wards, axis=0)
    days = rng.integers(2400, 3601, size=rel.shape)
    events = rng.poisson(per_quarter / 3000 * days * rel)
    df = pd.DataFrame(
        {
            "ward": np.repeat(np.arange(rel.shape[0]), 16),
            "quarter": np.tile(x, rel.shape[0]),
            "events": events.ravel(),
            "bed_days": days.ravel(),
        }
    )
    s = qi.ambition(
        df, y="events", n="bed_days", x="quarter", by="ward", baseline=(x[0], x[3]),
        change=-0.5, deadline=x[15], as_of=x[look],
    ).summary()  # fmt: skip
    course = np.where(s.ward.to_numpy() < n_wards, "trajectory", "stalled")
    return {
        c: s.verdict[course == c].value_counts(normalize=True).round(4).to_dict()
        for c in ("trajectory", "stalled")
    }


def early_looks(
    seed: int, n_wards: int, per_month: float, looks: tuple[int, ...] = (1, 2, 6, 11)
) -> dict[str, dict[int, dict[str, float]]]:
    """Wards judged ``look`` months after the baseline, before a pace exists (12 months): per
    course the share of each verdict per look. ``stalled_40``: a 40 % fall right after the
    baseline, then flat (0.6 over the judged window, short of the 0.5 target: "on_track" is
    wrong); ``ahead_60``: a 60 % fall, then flat (0.4: "on_track" is right); ``at_target_50``:
    a 50 % fall, then flat (exactly at the target: a boundary, "on_track" about half the
    time, as "met" is for a ward exactly at its target at the deadline). Course i is simulated
    with seed + i."""
    falls = (("stalled_40", 0.4), ("ahead_60", 0.6), ("at_target_50", 0.5))
    out: dict[str, dict[int, dict[str, float]]] = {}
    for i, (name, fall) in enumerate(falls):
        df = rate_wards(seed + i, n_wards, constant_fall(fall), per_month, last_month=24)
        out[name] = {}
        for look in looks:
            verdicts = track(df[df.month <= BASELINE_END + look]).summary().verdict
            out[name][look] = verdicts.value_counts(normalize=True).round(4).to_dict()
    return out


def gradual_stalls(
    seed: int, n_wards: int, per_month: float, looks: tuple[int, ...] = (12, 18, 24)
) -> dict[str, dict[int, dict[str, float]]]:
    """Wards whose fall is spread over the 6 months after the baseline and then stalls (flat),
    beside wards on the compound trajectory, judged ``look`` months after the baseline: per
    course the share of each verdict per look. ``ramp_25`` and ``ramp_35``: a 25 % or 35 %
    fall reached in a straight line over months 13–18, then flat (0.75 or 0.65 over the
    judged window, short of the 0.5 target: "on_track" is wrong); ``on_trajectory``: "off_track"
    is wrong."""
    ramp = np.clip((MONTHS - BASELINE_END) / 6, 0.0, 1.0)
    courses = {
        "ramp_25": 1 - 0.25 * ramp,
        "ramp_35": 1 - 0.35 * ramp,
        "on_trajectory": compound_trajectory(MONTHS, 0.5),
    }
    out: dict[str, dict[int, dict[str, float]]] = {}
    for i, (name, course) in enumerate(courses.items()):
        df = rate_wards(seed + i, n_wards, course, per_month, last_month=BASELINE_END + max(looks))
        out[name] = {}
        for look in looks:
            verdicts = track(df[df.month <= BASELINE_END + look]).summary().verdict
            out[name][look] = verdicts.value_counts(normalize=True).round(4).to_dict()
    return out


def spiked(
    seed: int, n_wards: int, spike: float | None, *, per_month: float = 20.0, phi: float = 1.0
) -> pd.DataFrame:
    """The summary of wards whose rate fell 60 % at once after the baseline (target −50 %),
    judged at the deadline, with one month (26: in neither the baseline nor the judged window)
    holding ``spike`` times its expected events (one very disturbed patient), or none."""
    df = rate_wards(seed, n_wards, constant_fall(0.6), per_month, phi=phi)
    if spike is not None:
        month = df["month"].to_numpy() == 26
        expected = per_month * 0.4 * df["bed_days"].to_numpy() / 1000
        df.loc[month, "events"] = np.round(spike * expected[month])
    return track(df).summary()


def absolute_proportions(
    seed: int,
    n_wards: int,
    trials: int,
    p0: float,
    p1s: tuple[float, ...],
    target: float,
    phi: float = 1.0,
) -> dict[float, dict[str, float]]:
    """Wards of ``trials`` patients a month at ``p0`` in the baseline and each of ``p1s``
    after it, ``n_wards`` per p1, judged at the deadline (data to month 48) against an absolute
    ``target`` (a share to rise to, in %): per p1 the share of each verdict."""
    p1 = np.repeat(np.asarray(p1s, dtype=float), n_wards)
    df = proportion_wards(seed, np.full(p1.size, p0), p1, trials, phi=phi, last_month=DEADLINE)
    kw = {"y": "yes", "n": "asked", "kind": "proportion", "target": target, "change": 0.1}
    s = track(df, multiply=100, **kw).summary()
    truth = p1[s.ward.to_numpy()]
    return {
        float(v): {
            k: round(float(x), 3)
            for k, x in s.verdict[truth == v].value_counts(normalize=True).items()
        }
        for v in p1s
    }


def early_dispersion(
    seed: int,
    n_wards: int,
    per_month: float,
    phi: float,
    course: str,
    looks: tuple[int, ...] = (3, 6, 12, 24),
    first: int = 1,
) -> dict[int, dict[str, float]]:
    """Wards judged a few months after a baseline of months ``first``–12 (the data before it
    left out), φ̂ resting on few periods: per look (months after the baseline) the one-sided
    misses of the rate ratio's interval (``below``: wholly below the true ratio, ``above``:
    wholly above), the share significantly improved (``improved``: the interval below 1), of
    each wrong verdict (``off_track`` for ``"trajectory"``, ``on_track`` for ``"no_change"``)
    and the median width of the interval on the log scale. ``course``: ``"no_change"``, the
    compound ``"trajectory"`` to −50 %, or ``"fall30"`` (a 30 % fall right after the
    baseline). The true ratio is each ward's exposure-weighted mean of its true rate over
    its window, over the baseline's."""
    rel = {
        "no_change": np.ones(DEADLINE),
        "trajectory": compound_trajectory(MONTHS, 0.5),
        "fall30": constant_fall(0.3),
    }[course]
    last = BASELINE_END + max(looks)
    df = rate_wards(seed, n_wards, rel, per_month, phi=phi, last_month=last)
    df = df[df.month >= first]
    days = df.bed_days.to_numpy().reshape(n_wards, -1)
    months = np.arange(first, last + 1)
    out = {}
    for look in looks:
        s = track(df[df.month <= BASELINE_END + look], baseline=(first, BASELINE_END)).summary()
        inside = (months >= s.current_start.min()) & (months <= s.current_end.max())
        truth = (days[:, inside] * rel[months[inside] - 1]).sum(1) / days[:, inside].sum(1)
        truth = truth[s.ward.to_numpy()]
        out[look] = {
            "below": share(s.rate_ratio_upper < truth),
            "above": share(s.rate_ratio_lower > truth),
            "improved": share(s.rate_ratio_upper < 1),
            "off_track": share(s.verdict == "off_track"),
            "on_track": share(s.verdict == "on_track"),
            "width": float(np.median(np.log(s.rate_ratio_upper / s.rate_ratio_lower))),
        }
    return out


def mean_wards(
    seed: int,
    n_wards: int,
    relative: np.ndarray,
    per_month: float,
    *,
    phi: float = 1.0,
    last_month: int = DEADLINE,
    first: int = 1,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Lengths of stay of ``n_wards`` wards over months ``first``..``last_month`` and the
    number of stays of each ward-month (``n_wards`` × months).

    A month has Poisson(``per_month``) stays (at least one), gamma with CV 0.5 around the
    month's mean 5·``relative``·exp(b − σ²_b/2), b ~ N(0, σ²_b) a month-level effect (the
    between-period clustering), so that the expected month mean is 5·``relative`` and
    φ = 1 + ``per_month``·σ²_b/σ²_w with σ²_w = 0.25 (the variance of a month's mean over the
    variance its stays alone give, at the mean size; 1 without month-level variation)."""
    rng = np.random.default_rng(seed)
    months = MONTHS[first - 1 : last_month]
    rel = np.asarray(relative, dtype=float)[months - 1]
    sd_b = np.sqrt(np.log1p((phi - 1) * 0.25 / per_month))  # log-normal: var(e^b)/E² = that
    b = rng.normal(-(sd_b**2) / 2, sd_b, (n_wards, months.size))
    mu = 5.0 * rel[None, :] * np.exp(b)
    size = np.maximum(rng.poisson(per_month, mu.shape), 1)
    flat = size.ravel()
    los = rng.gamma(4.0, np.repeat(mu.ravel(), flat) / 4.0)
    df = pd.DataFrame(
        {
            "ward": np.repeat(np.repeat(np.arange(n_wards), months.size), flat),
            "month": np.repeat(np.tile(months, n_wards), flat),
            "los": los,
        }
    )
    return df, size


def early_means(
    seed: int,
    n_wards: int,
    per_month: float,
    phi: float,
    course: str,
    looks: tuple[int, ...] = (3, 6, 12),
    first: int = 10,
) -> dict[int, dict[str, float]]:
    """Mean lengths of stay judged a few months after a baseline of months ``first``–12, the
    period-to-period term resting on few periods (the means' counterpart of
    :func:`early_dispersion`): per look, the one-sided misses of the ratio of means' interval
    (``below``/``above`` the true ratio), ``improved`` (interval below 1), the wrong verdicts'
    shares and the median log width. ``course``: ``"no_change"``, the compound
    ``"trajectory"`` to −20 % (the ambition), or ``"fall15"`` (15 % down right after the
    baseline). The true ratio is the ward's stay-weighted expected mean over its window, over
    the baseline's (5)."""
    rel = {
        "no_change": np.ones(DEADLINE),
        "trajectory": compound_trajectory(MONTHS, 0.8),
        "fall15": constant_fall(0.15),
    }[course]
    last = BASELINE_END + max(looks)
    df, size = mean_wards(seed, n_wards, rel, per_month, phi=phi, last_month=last, first=first)
    months = np.arange(first, last + 1)
    base = months <= BASELINE_END
    out = {}
    for look in looks:
        part = df[df.month <= BASELINE_END + look]
        s = track(
            part, y="los", n=None, kind="mean", change=-0.2, baseline=(first, BASELINE_END)
        ).summary()
        inside = (months >= s.current_start.min()) & (months <= s.current_end.max())
        num = (size[:, inside] * rel[months[inside] - 1]).sum(1) / size[:, inside].sum(1)
        truth = (num / (size[:, base] * rel[months[base] - 1]).sum(1) * size[:, base].sum(1))[
            s.ward.to_numpy()
        ]
        lo, hi = s.rate_ratio_lower.to_numpy(), s.rate_ratio_upper.to_numpy()
        bounded = (lo > 0) & np.isfinite(hi)  # Fieller's interval may be unbounded: widest
        out[look] = {
            "below": share(s.rate_ratio_upper < truth),
            "above": share(s.rate_ratio_lower > truth),
            "improved": share(s.rate_ratio_upper < 1),
            "off_track": share(s.verdict == "off_track"),
            "on_track": share(s.verdict == "on_track"),
            "phi": float(np.nanmedian(s.overdispersion)),
            "width": float(
                np.median(np.where(bounded, np.log(hi / np.where(bounded, lo, 1)), np.inf))
            ),
        }
    return out


def quarterly_steps(
    seed: int,
    n_wards: int,
    per_month: float,
    course: str,
    phi: float,
    looks: tuple[int, ...] = (9, 10, 11, 13),
) -> dict[int, dict[str, dict[str, float]]]:
    """The same wards judged monthly and quarterly: monthly counts from Apr 2020 (baseline Apr
    2020–Mar 2021, a −50 % ambition by the quarter of Jan 2024, the window's last four
    quarters or twelve months), summed to quarters (baseline quarters 0–3, deadline quarter
    15), judged as of quarter ``look`` and as of that quarter's last month (the same twelve
    months). Courses: ``"step55"``, a 55 % fall at once at quarter 8 (Apr 2022; below the
    target after it, so "off_track" is wrong); ``"flat"``, no change ("on_track" wrong);
    ``"trajectory"``, the compound trajectory by quarter ("off_track" wrong); ``"stalled"``,
    25 % down right after the baseline and flat ("on_track" wrong). ``phi``: gamma-Poisson
    per month (variance φμ, so φ per quarter too). Per look and resolution ("monthly",
    "quarterly"): the share of each verdict, ``used`` (φ̂ allowed for: f > 1), the median
    φ̂, ``wrong`` and the rate ratio's one-sided misses of the true ratio (``below``: the
    interval wholly below it, ``above``: wholly above)."""
    rng = np.random.default_rng(seed)
    months = pd.date_range("2020-04-01", periods=48, freq="MS")
    quarter = np.arange(48) // 3
    rel = {
        "step55": np.where(quarter < 8, 1.0, 0.45),
        "flat": np.ones(48),
        "trajectory": 0.5 ** np.clip((quarter - 4) / (12 - 4), 0.0, 1.0),
        "stalled": np.where(quarter < 4, 1.0, 0.75),
    }[course]
    days = rng.integers(800, 1201, size=(n_wards, 48))
    events = negative_binomial(rng, per_month / 1000 * days * rel, phi)
    wrong_verdict = {"step55": "off_track", "trajectory": "off_track"}.get(course, "on_track")
    frames = {
        "monthly": (months, events, days, 1),
        "quarterly": (
            months[::3],
            events.reshape(n_wards, 16, 3).sum(axis=2),
            days.reshape(n_wards, 16, 3).sum(axis=2),
            3,
        ),
    }
    out: dict[int, dict[str, dict[str, float]]] = {look: {} for look in looks}
    for name, (x, ev, bd, per) in frames.items():
        k = x.size
        df = pd.DataFrame(
            {
                "ward": np.repeat(np.arange(n_wards), k),
                "when": np.tile(x, n_wards),
                "events": ev.ravel(),
                "bed_days": bd.ravel(),
            }
        )
        for look in looks:
            last = ((look + 1) * 3 - 1) // per  # the last period of quarter ``look``
            s = qi.ambition(
                df, y="events", n="bed_days", x="when", by="ward",
                baseline=(x[0], x[12 // per - 1]), change=-0.5, deadline=x[-1], as_of=x[last],
            ).summary()  # fmt: skip
            inside = (quarter > look - 4) & (quarter <= look)  # the window's twelve months
            base = quarter < 4
            truth = (days[:, inside] * rel[inside]).sum(1) / days[:, inside].sum(1)
            truth = truth / ((days[:, base] * rel[base]).sum(1) / days[:, base].sum(1))
            truth = truth[s.ward.to_numpy()]
            shares = s.verdict.value_counts(normalize=True).round(4).to_dict()
            out[look][name] = {
                **shares,
                "wrong": share(s.verdict == wrong_verdict),
                "used": share(s.warnings.str.contains("intervals, tests and the verdict allow")),
                "phi": float(np.nanmedian(s.overdispersion)),
                "below": share(s.rate_ratio_upper < truth),
                "above": share(s.rate_ratio_lower > truth),
            }
    return out
