"""A ward that opened after the baseline period, under an absolute target (``target=6.0`` per
1,000 bed days), is judged on its window's level against the target alone: met / not met at
the deadline only where the window's interval clears the target, "on_track" before it only
where it is clearly at the target already, never "off_track"; everything that needs a
baseline (change, trajectory, pace, pooled ratio) is missing, and the reason, the warning and
the plot say what was judged. Under a relative or shortfall target it stays without a verdict.
Expected values from scipy (Garwood intervals, Poisson and gamma tails), never from qistats.
"""

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import qistats as qi
from qistats.errors import BaselineWarning

matplotlib.use("Agg")

T = 6.0  # per 1,000 bed days
ALPHA = 0.05
MONTHS = pd.date_range("2020-04-01", "2024-03-01", freq="MS")
BASE = ("2020-04-01", "2021-03-01")
KW = dict(y="y", n="bed_days", x="month", by="ward", baseline=BASE, deadline="2024-03-01")
RATES = {"well below": 3.0, "below": 4.8, "at": 6.0, "above": 7.2, "well above": 9.0}
COUNT = {"well below": 60, "below": 60, "at": 800, "above": 60, "well above": 60}
#: The share of wrong verdicts at the target allowed for, per side, beside Monte Carlo slack:
#: alpha/2 for Poisson wards; for overdispersed ones (phi = 2) a little more, since phi is
#: estimated from the ward's own 12-24 months after the baseline and not always allowed for
#: (2,000 wards each: 2.0 % met and 1.8 % not met at the deadline, 2.7 % on track in Jun 2023,
#: 3.8 % in Dec 2022; without the allowance 7.1 %, 8.1 % and 7.3 %)
WRONG = {1.0: ALPHA / 2, 2.0: 0.04}


def _judge(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.ambition(df, **KW, multiply=1000, **kw)


def _programme(rng, phi: float) -> pd.DataFrame:
    """A reference ward with a baseline, and late wards opened in April 2022 (24 months by the
    deadline) at known true rates, with 500-1,000 bed days a month (a 17- to 33-bed ward);
    gamma-Poisson counts with variance phi × mean where phi > 1."""
    size = rng.uniform(500, 1000)
    rows = [("ref", m, rng.poisson(10 * size / 1000), size) for m in MONTHS]
    late = MONTHS[MONTHS >= "2022-04-01"]
    for cell, rate in RATES.items():
        for j in range(COUNT[cell]):
            size = rng.uniform(500, 1000)
            mu = np.full(late.size, rate * size / 1000)
            if phi > 1:
                mu = rng.gamma(mu / (phi - 1), phi - 1)
            rows += [
                (f"{cell}/{j}", m, k, size) for m, k in zip(late, rng.poisson(mu), strict=True)
            ]
    return pd.DataFrame(rows, columns=["ward", "month", "y", "bed_days"])


def _shares(s: pd.DataFrame) -> pd.DataFrame:
    s = s[s.ward != "ref"].assign(cell=lambda d: d.ward.str.split("/").str[0])
    return s.groupby("cell").verdict.value_counts(normalize=True).unstack(fill_value=0.0)


def _share(table: pd.DataFrame, cell: str, verdict: str) -> float:
    return float(table.loc[cell, verdict]) if verdict in table else 0.0


def _slack(n: int, p: float = ALPHA / 2) -> float:
    """Three Monte Carlo standard errors of a share p over n wards."""
    return 3 * np.sqrt(p * (1 - p) / n)


def _garwood_met_probability(exposure: np.ndarray, rate: float) -> np.ndarray:
    """Per ward, P(the exact Garwood upper limit of K events over ``exposure`` lies below the
    target) when K ~ Poisson(rate × exposure): the share of "met" a Poisson ward gets."""
    k = np.arange(0, 400)
    upper = stats.chi2.ppf(1 - ALPHA / 2, 2 * k + 2) / 2  # Garwood upper limit of the count
    out = []
    for e in exposure:
        clears = k[upper < T / 1000 * e]
        out.append(stats.poisson.cdf(clears.max(), rate / 1000 * e) if clears.size else 0.0)
    return np.asarray(out)


@pytest.mark.parametrize("phi", [1.0, 2.0])
def test_simulated_late_wards_get_few_wrong_verdicts(phi):
    rng = np.random.default_rng(2024 + int(phi))
    df = _programme(rng, phi)
    at = _judge(df, target=T, change=-0.5, as_of="2024-03-01").summary()
    before = _judge(df, target=T, change=-0.5, as_of="2023-06-01").summary()
    plain = _judge(df, target=T, change=-0.5, as_of="2024-03-01", overdispersion=None).summary()
    shares = {"at the deadline": _shares(at), "before it (Jun 2023)": _shares(before)}
    shares["at the deadline, overdispersion=None"] = _shares(plain)
    for what, table in shares.items():
        print(f"\nphi={phi:g}, {what}:\n{table.round(3).to_string()}")
    n = COUNT["at"]
    deadline, early = shares["at the deadline"], shares["before it (Jun 2023)"]
    # a level 20 % or more from the target is almost never judged on the wrong side of it
    for cell in ("above", "well above"):
        assert _share(deadline, cell, "met") <= _slack(COUNT[cell])
        assert _share(early, cell, "on_track") <= _slack(COUNT[cell])
    for cell in ("below", "well below"):
        assert _share(deadline, cell, "not_met") <= _slack(COUNT[cell])
    # at the target each side is wrong at most alpha/2 of the time (Monte Carlo slack)
    for verdict in ("met", "not_met"):
        assert _share(deadline, "at", verdict) <= WRONG[phi] + _slack(n, WRONG[phi])
    assert _share(early, "at", "on_track") <= WRONG[phi] + _slack(n, WRONG[phi])
    # never off track: a level above the target may be on a trajectory from any baseline
    assert "off_track" not in early
    # every late ward is judged, on its level: the window's statistics, none of the baseline's
    late = at[at.ward != "ref"]
    assert late[["target_value", "prob_target_met", "p_value_target"]].notna().all().all()
    assert (
        late[["rate_ratio", "percent_change", "p_improved", "trajectory_ratio"]].isna().all().all()
    )
    assert late.trajectory_status.isna().all()
    # and a decisive verdict is a clear one
    decided = late.verdict.isin(["met", "not_met"])
    assert (late.clearly_met[late.verdict == "met"]).all()
    assert not late.clearly_met[late.verdict == "not_met"].any()
    assert decided.sum() > 0
    if phi == 1:  # Poisson wards without the allowance: "met" is the Garwood interval's
        ward = plain[plain.ward.str.startswith("at/")]
        e1 = df[df.ward.str.startswith("at/") & (df.month >= "2023-04-01")].groupby("ward")
        expected = _garwood_met_probability(e1.bed_days.sum().to_numpy(), RATES["at"]).mean()
        got = float((ward.verdict == "met").mean())
        print(f"at the target, Poisson: met {got:.3f}, exact Garwood {expected:.3f}")
        assert expected <= ALPHA / 2
        assert abs(got - expected) <= _slack(n, expected)
    else:  # overdispersed wards: without the allowance the error at the target is larger
        wrong = lambda t: _share(t, "at", "met") + _share(t, "at", "not_met")  # noqa: E731
        assert wrong(shares["at the deadline, overdispersion=None"]) > wrong(deadline)


def _one_late(k_window: int, open_month: str = "2022-04-01") -> pd.DataFrame:
    """Ward A (24 months at 10 per 1,000) and ward L, opened late, with ``k_window`` events
    spread over its 12 months of the window (Apr 2023-Mar 2024), 750 bed days a month."""
    a = pd.DataFrame({"ward": "A", "month": MONTHS, "y": 8, "bed_days": 800.0})
    months = MONTHS[pd.Timestamp(open_month) <= MONTHS]
    y = np.zeros(months.size, dtype=int)
    y[months < "2023-04-01"] = 4
    inside = np.flatnonzero(months >= "2023-04-01")
    y[inside] = k_window // 12
    y[inside[: k_window % 12]] += 1
    late = pd.DataFrame({"ward": "L", "month": months, "y": y, "bed_days": 750.0})
    return pd.concat([a, late], ignore_index=True)


def test_a_late_ward_at_the_deadline_against_scipy():
    s = _judge(_one_late(30), target=T, change=-0.5).summary().set_index("ward").loc["L"]
    k, e = 30, 12 * 750.0
    lo = stats.chi2.ppf(ALPHA / 2, 2 * k) / 2 / e * 1000
    hi = stats.chi2.ppf(1 - ALPHA / 2, 2 * k + 2) / 2 / e * 1000
    assert s.current_value == pytest.approx(k / e * 1000)
    assert (s.current_lower, s.current_upper) == pytest.approx((lo, hi), rel=1e-6)
    assert s.target_value == pytest.approx(T)
    # the one-sample exact test of λ = T and the Jeffreys posterior P(λ ≤ T)
    assert s.p_value_target == pytest.approx(stats.poisson.cdf(k, T / 1000 * e), rel=1e-6)
    assert s.prob_target_met == pytest.approx(
        stats.gamma.cdf(T / 1000, k + 0.5, scale=1 / e), rel=1e-6
    )
    assert hi < T and s.verdict == "met" and s.clearly_met
    assert np.isnan([s.baseline_value, s.rate_ratio, s.percent_change, s.p_improved]).all()
    assert s.events_needed != s.events_needed and s.trajectory_status is None
    assert s.reason.startswith(
        "no usable data in the baseline period (its data start in Apr 2022), so only its level "
        "against the target is judged: rate in Apr 2023–Mar 2024 was 3.33 per 1,000, target at "
        "or below 6 per 1,000: met (95% interval 2.25–4.76), which clears the target"
    )
    assert s.reason.endswith("; with no baseline, no change, trajectory or pace is judged")


@pytest.mark.parametrize(
    ("k", "verdict", "words"),
    [
        (90, "not_met", ": not met (95% interval {lo:.3g}–{hi:.3g}), which excludes the target"),
        (50, "insufficient_data", ": too few events to tell, the interval includes the target"),
    ],
)
def test_not_met_and_too_few_at_the_deadline(k, verdict, words):
    e = 12 * 750.0
    lo = stats.chi2.ppf(ALPHA / 2, 2 * k) / 2 / e * 1000
    hi = stats.chi2.ppf(1 - ALPHA / 2, 2 * k + 2) / 2 / e * 1000
    assert (lo > T) == (verdict == "not_met") and (lo <= T <= hi) == (verdict != "not_met")
    s = _judge(_one_late(k), target=T, change=-0.5).summary().set_index("ward").loc["L"]
    assert s.verdict == verdict and not s.clearly_met
    assert words.format(lo=lo, hi=hi) in s.reason


def test_before_the_deadline_on_track_only_when_clearly_at_the_target():
    # as of Mar 2023 the window is Apr 2022-Mar 2023: 4 events a month over 750 bed days
    s = _judge(_one_late(30), target=T, change=-0.5, as_of="2023-03-01").summary()
    late = s.set_index("ward").loc["L"]
    k, e = 48, 12 * 750.0
    hi = stats.chi2.ppf(1 - ALPHA / 2, 2 * k + 2) / 2 / e * 1000  # 7.07: includes 6
    assert late.current_upper == pytest.approx(hi, rel=1e-6) and hi > T
    assert late.verdict == "insufficient_data"
    prob = stats.gamma.cdf(T / 1000, k + 0.5, scale=1 / e)  # Jeffreys posterior: 0.79
    assert late.reason.endswith(
        f"the interval includes it (probability it is met {prob:.2f}); with no baseline there "
        "is no trajectory to tell whether it is on track: it is judged at the deadline"
    )
    low = _one_late(30)
    low.loc[(low.ward == "L") & (low.month < "2023-04-01"), "y"] = 2  # 3.2 (2.2-4.5)
    late = _judge(low, target=T, change=-0.5, as_of="2023-03-01").summary().iloc[1]
    assert stats.chi2.ppf(1 - ALPHA / 2, 2 * 24 + 2) / 2 / e * 1000 < T
    assert late.verdict == "on_track" and late.clearly_met
    assert "which the interval clears: on track by its level alone" in late.reason
    high = _one_late(30)
    high.loc[(high.ward == "L") & (high.month < "2023-04-01"), "y"] = 9  # 12 (10-14.5)
    late = _judge(high, target=T, change=-0.5, as_of="2023-03-01").summary().iloc[1]
    assert stats.chi2.ppf(ALPHA / 2, 2 * 108) / 2 / e * 1000 > T
    assert late.verdict == "insufficient_data"  # never off_track without a trajectory
    assert ", above it now (the interval excludes it)" in late.reason


def test_the_warning_says_its_level_is_judged():
    with pytest.warns(BaselineWarning) as got:
        qi.ambition(_one_late(30), **KW, multiply=1000, target=T, change=-0.5)
    said = [str(w.message) for w in got if w.category is BaselineWarning]
    assert said == [
        f"baseline={BASE}: ward='L' has no usable data in the baseline period; its change, "
        "trajectory and pace statistics are missing, and its level in the assessment window "
        "is judged against the absolute target alone."
    ]


def test_relative_and_shortfall_targets_stay_without_a_verdict():
    s = _judge(_one_late(30), change=-0.5).summary().iloc[1]
    assert s.verdict == "insufficient_data" and np.isnan(s.target_value)
    assert s.reason == (
        "no usable data in the baseline period (its data start in Apr 2022): a 50% reduction "
        "of its baseline has nothing to compare with; give an absolute target= (display units) "
        "to judge its level against it"
    )
    df = _one_late(30).assign(bed_days=100.0)  # proportions: y of 100 asked
    s = _judge(df, kind="proportion", target="shortfall", change=0.5).summary().iloc[1]
    assert s.verdict == "insufficient_data"
    assert s.reason.endswith(
        ": closing 50% of its baseline's gap to 100% has nothing to compare with; give an "
        "absolute target= (display units) to judge its level against it"
    )


def test_a_late_ward_is_left_out_of_the_pooled_view():
    df = _one_late(30)
    pooled = _judge(df, target=T, change=-0.5).pooled().iloc[0]
    a = df[df.ward == "A"]
    assert pooled.n_series == 1 and pooled.series_excluded == 1
    assert pooled.baseline_events == a[a.month <= BASE[1]].y.sum()
    assert pooled.current_events == a[a.month >= "2023-04-01"].y.sum()


def test_a_late_ward_of_means_under_an_absolute_target():
    rng = np.random.default_rng(7)
    rows = [("A", m, v) for m in MONTHS for v in rng.normal(20, 4, 30)]
    rows += [("L", m, v) for m in MONTHS[MONTHS >= "2022-04-01"] for v in rng.normal(12, 4, 30)]
    df = pd.DataFrame(rows, columns=["ward", "month", "y"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        amb = qi.ambition(
            df, y="y", x="month", by="ward", baseline=BASE, deadline="2024-03-01", kind="mean",
            target=15.0, change=-0.25, overdispersion=None,
        )  # fmt: skip
    s = amb.summary().set_index("ward").loc["L"]
    window = df[(df.ward == "L") & (df.month >= "2023-04-01")].y
    hi = window.mean() + stats.t.ppf(0.975, window.size - 1) * window.std() / np.sqrt(window.size)
    assert s.current_upper == pytest.approx(hi, rel=1e-6) and hi < 15
    assert s.verdict == "met" and np.isnan(s.baseline_value) and np.isnan(s.rate_ratio)
    assert "so only its level against the target is judged" in s.reason


def test_the_plot_says_what_was_judged():
    amb = _judge(_one_late(30), target=T, change=-0.5)
    fig = amb.plot()
    late = next(ax for ax in fig.axes if ax.get_title(loc="left") == "L")
    assert any(line.get_gid() == "target" for line in late.lines)
    notes = [t.get_text() for t in late.texts]
    assert "no data in the baseline:\nlevel judged against\nthe target alone" in notes
    over = amb.plot(view="overview")
    texts = [t.get_text() for ax in over.axes for t in ax.texts] + [
        t.get_text() for t in over.texts
    ]
    assert "no baseline data; level alone: 3.33 (2.25–4.76) vs target 6" in texts
    assert any("leaves out L (no baseline data: level judged alone)" in t for t in texts)


def test_a_merge_of_spark_buckets_keeps_the_absolute_words():
    pytest.importorskip("pyspark")
    from qistats._spark_warnings import _merged

    def said(df):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            qi.ambition(df, **KW, multiply=1000, target=T, change=-0.5)
        return [(w.category.__name__, str(w.message)) for w in got]

    one = _one_late(30)
    two = pd.concat([one, one[one.ward == "L"].assign(ward="M")], ignore_index=True)
    parts = said(two[two.ward.isin(["A", "L"])]) + said(two[two.ward.isin(["A", "M"])])
    merged = [t for c, t in _merged(parts) if c == "BaselineWarning"]
    assert merged == [t for c, t in said(two) if c == "BaselineWarning"]
    assert merged[0].endswith(
        "ward='L'; ward='M' have no usable data in the baseline period; their change, "
        "trajectory and pace statistics are missing, and their level in the assessment window "
        "is judged against the absolute target alone."
    )
