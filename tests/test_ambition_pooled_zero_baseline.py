"""The programme view and a series with a baseline of zero (no events; of a shortfall, no
failures): pooled in the Mantel–Haenszel ratio and the totals, left out of the random-effects
view, and named under the overview's pooled row (trial 19-2 item 2).

Expected values by hand: the Mantel–Haenszel ratio Σ K₁E₀/T / Σ K₀E₁/T with the
Greenland–Robins variance, and DerSimonian–Laird over the series with a ratio of their own
(``hand_dl`` from the pooling tests)."""

import warnings

import numpy as np
import pandas as pd
from scipy import stats

import qistats as qi
from tests.test_ambition_pooling import hand_dl, two_periods

KW = {"y": "y", "n": "n", "x": "x", "by": "g", "baseline": (0, 0), "deadline": 2}


def hand_mh(k0, n0, k1, n1, proportion=False):
    t = n0 + n1
    r, s = (k1 * n0 / t).sum(), (k0 * n1 / t).sum()
    cov = n0 * n1 * (k0 + k1) - (k0 * k1 * t if proportion else 0)
    return r / s, np.sqrt((cov / t**2).sum() / (r * s))


def test_a_rate_with_no_baseline_events_is_in_the_ratio_not_the_random_effects():
    # s6.py in miniature: wards 0-2 fell by about half, ward 3 had no events in 12,000 bed
    # days and 100 since. Its events count in the Mantel-Haenszel ratio (R gains
    # 100 x 12000/24000 = 50, S nothing), while Q, tau^2 and the random effects are those of
    # wards 0-2 alone (the 1/2 added to its empty baseline made a log ratio of +5.3)
    k0, n0 = np.array([240.0, 230, 250, 0]), np.full(4, 12000.0)
    k1, n1 = np.array([110.0, 120, 115, 100]), np.full(4, 12000.0)
    amb = qi.ambition(two_periods(k0, n0, k1, n1), **KW, change=-0.5, overdispersion=None)
    assert amb.summary().verdict[3] == "insufficient_data"
    got = amb.pooled().iloc[0]
    mh, se = hand_mh(k0, n0, k1, n1)
    assert round(mh, 4) == round((345 / 2 + 50) / (720 / 2), 4)  # 0.6181: the arithmetic
    z = stats.norm.ppf(0.975)
    assert np.isclose(got.rate_ratio, mh, rtol=1e-12)
    assert np.isclose(got.rate_ratio_lower, mh * np.exp(-z * se), rtol=1e-12)
    assert np.isclose(got.p_improved, stats.norm.cdf(np.log(mh) / se), rtol=1e-10)
    assert (got.n_series, got.series_excluded, got.series_zero_baseline) == (4, 0, 1)
    assert (got.baseline_events, got.current_events) == (720, 445)
    assert got.series_pooled == 3
    want = hand_dl(np.log(k1[:3] / k0[:3]), 1 / k0[:3] + 1 / k1[:3])
    for name, value in want.items():
        assert np.isclose(got[name], value, rtol=1e-10), name
    assert got.prediction_lower > 0.1 and got.prediction_upper < 5  # was 0.0001-3,820


def test_a_shortfall_with_no_failures_in_the_baseline_is_handled_alike():
    # target="shortfall": series 3 was 100 % in its baseline (no shortfall), 90 % since. The
    # ratio of shortfalls pools the failures n - y: series 3 adds to R, not to S, and is left
    # out of the random effects (its log ratio of shortfalls is infinite)
    k0, n0 = np.array([60.0, 70, 50, 80]), np.array([100.0, 100, 80, 80])
    k1, n1 = np.array([80.0, 85, 62, 72]), np.array([100.0, 100, 80, 80])
    amb = qi.ambition(
        two_periods(k0, n0, k1, n1), **KW, kind="proportion", target="shortfall",
        change=0.5, multiply=100, overdispersion=None,
    )  # fmt: skip
    assert amb.summary().verdict[3] == "insufficient_data"
    got = amb.pooled().iloc[0]
    f0, f1 = n0 - k0, n1 - k1
    mh, se = hand_mh(f0, n0, f1, n1, proportion=True)
    assert np.isclose(got.rate_ratio, mh, rtol=1e-12)
    assert np.isclose(got.rate_ratio_upper, mh * np.exp(stats.norm.ppf(0.975) * se))
    assert (got.series_zero_baseline, got.series_pooled) == (1, 3)
    y = np.log(f1[:3] / n1[:3]) - np.log(f0[:3] / n0[:3])
    v = 1 / f0[:3] - 1 / n0[:3] + 1 / f1[:3] - 1 / n1[:3]
    for name, value in hand_dl(y, v).items():
        assert np.isclose(got[name], value, rtol=1e-10), name


def test_an_absolute_target_pools_a_zero_baseline_alike():
    # an absolute target judges ward 3 on its window alone; its ratio is still infinite, so
    # the programme view treats it as a relative target's
    k0, n0 = np.array([240.0, 230, 250, 0]), np.full(4, 12000.0)
    k1, n1 = np.array([110.0, 120, 115, 100]), np.full(4, 12000.0)
    df = two_periods(k0, n0, k1, n1)
    amb = qi.ambition(df, **KW, target=10.0, change=-0.5, multiply=1000, overdispersion=None)
    got = amb.pooled().iloc[0]
    assert np.isclose(got.rate_ratio, hand_mh(k0, n0, k1, n1)[0], rtol=1e-12)
    assert (got.series_zero_baseline, got.series_pooled) == (1, 3)


def overview_texts(fig):
    return {t.get_gid(): t.get_text().replace("\n", " ") for t in fig.texts if t.get_gid()}


def test_the_overview_names_the_zero_baseline_and_the_wards_left_out():
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    rng = np.random.default_rng(1)
    rows = [("a", m, rng.poisson(20 if m < pd.Timestamp("2022-04-01") else 10)) for m in months]
    rows += [("z", m, 0 if m < pd.Timestamp("2022-04-01") else 8) for m in months]
    rows += [("closed", m, 20) for m in months[:15]]
    rows += [("late", m, 8) for m in months[20:]]
    df = pd.DataFrame(rows, columns=["ward", "month", "y"]).assign(n=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the late opener's BaselineWarning
        amb = qi.ambition(df, y="y", n="n", x="month", by="ward", change=-0.5,
                          baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01",
                          multiply=1000)  # fmt: skip
    pooled = amb.pooled().iloc[0]
    assert (pooled.n_series, pooled.series_excluded, pooled.series_zero_baseline) == (2, 2, 1)
    fig = amb.plot(view="overview")
    note = overview_texts(fig)["pooled_note"]
    assert note == (
        "all (pooled) includes z (no events in the baseline: no % change of its own). It "
        "leaves out late (no baseline data); closed (no data in the assessment window)."
    )
    # drawn under the axes and above the legend, inside the figure
    fig.canvas.draw()
    box = next(t for t in fig.texts if t.get_gid() == "pooled_note").get_window_extent()
    axes = fig.axes[0].get_tightbbox()
    legend = fig.legends[0].get_window_extent()
    assert legend.y1 <= box.y0 and box.y1 <= axes.y0 and box.x1 <= fig.bbox.x1
    # each row without a % change says why, as the note does (it read "no % change to show")
    ax = fig.axes[0]
    rows = {t.get_text() for t in ax.texts if t.get_gid() == "no_change"}
    assert rows == {
        "no events in the baseline: no % change",
        "no baseline data: no % change",
        "no data in the assessment window: no % change",
    }
    # the closed ward's panel: it has data after the baseline, none in the window (it said
    # "no data after the baseline" above its points after the baseline)
    fig = amb.plot(series="closed")
    fig.canvas.draw()
    notes = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("note")]
    assert [t.get_text() for t in notes] == ["no data in the assessment window"]
    # moved off the panel's corner by the points there, it drew a line back to the corner
    assert notes[0].arrow_patch is None
    # a size given is kept, the note inside it
    fig = amb.plot(view="overview", figsize=(5.5, 5))
    assert tuple(fig.get_size_inches()) == (5.5, 5)
    fig.canvas.draw()
    box = next(t for t in fig.texts if t.get_gid() == "pooled_note").get_window_extent()
    assert fig.legends[0].get_window_extent().y1 <= box.y0
    assert box.y1 <= fig.axes[0].get_tightbbox().y0 and box.x1 <= fig.bbox.x1
    # every series pooled, none with a zero baseline: no note
    fig = amb_without(df, "z", "closed", "late").plot(view="overview")
    assert "pooled_note" not in overview_texts(fig)


def amb_without(df, *wards):
    return qi.ambition(df[~df.ward.isin(wards)], y="y", n="n", x="month", by="ward",
                       change=-0.5, baseline=("2021-04-01", "2022-03-01"),
                       deadline="2024-03-01", multiply=1000)  # fmt: skip


def test_one_series_has_no_pooled_note():
    # its own row says "no events in the baseline: no % change"; a note naming "all" again
    # read "all (pooled) includes all (…)"
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    df = pd.DataFrame({"month": months, "y": np.r_[np.zeros(12), np.full(24, 3)], "n": 1000})
    amb = qi.ambition(df, y="y", n="n", x="month", change=-0.5, multiply=1000,
                      baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01")  # fmt: skip
    assert amb.pooled().series_zero_baseline[0] == 1
    fig = amb.plot(view="overview")
    assert "pooled_note" not in overview_texts(fig)
    rows = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "no_change"]
    assert rows == ["no events in the baseline: no % change"]
