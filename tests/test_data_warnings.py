"""Warnings about y and n that are probably not what was meant (trial 9 B3, A8): events over
zero exposure, and a percentage passed as the numerator of a proportion.

Known truth for A8: binomial counts of cases out of n (rare events and common ones) are the
negatives; whole-number percentages ("% seen within 4 hours") beside their denominators are
the positives.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=12, freq="MS")


def _caught(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, caught


def _said(caught, category):
    return [str(w.message) for w in caught if w.category is category]


def _restraints(y_oct: int, n_oct: int) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Elm"], 12),
            "month": list(MONTHS) * 2,
            "restraints": [2, 3, 1, 4, 2, 3, 2, 1, 3, 2, 4, 2] * 2,
            "bed_days": 800,
            "measure": "restraints",
        }
    )
    df.loc[18, ["restraints", "bed_days"]] = [y_oct, n_oct]  # Elm, October 2022
    return df


def test_events_over_zero_exposure_are_named_in_spc_and_board():
    df = _restraints(3, 0)
    measures = pd.DataFrame({"measure": ["restraints"], "chart": ["u"]})
    for call in (
        lambda: qi.spc(df, "restraints", x="month", n="bed_days", by="ward", chart="u"),
        lambda: qi.board(df, measures, x="month", y="restraints", n="bed_days", by="ward"),
    ):
        res, caught = _caught(call)
        said = _said(caught, qi.NoDataWarning)
        assert len(said) == 1, said
        assert "ward='Elm', month=2022-10-01 has 3 events ('restraints') over exposure 0" in said[0]
        assert "is 'bed_days' not yet loaded there?" in said[0]
    # still a gap: Elm's centre line is its 11 other months, 27 events over 8,800 bed days
    pts = qi.spc(df.drop(index=18), "restraints", x="month", n="bed_days", by="ward", chart="u")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.NoDataWarning)
        res = qi.spc(df, "restraints", x="month", n="bed_days", by="ward", chart="u")
    elm = res.points[res.points.ward == "Elm"]
    assert np.isnan(elm["value"].iloc[6])
    assert np.isclose(elm["cl"].iloc[0], 27 / 8800)
    assert np.isclose(pts.points[pts.points.ward == "Elm"]["cl"].iloc[0], 27 / 8800)


def test_several_points_over_zero_exposure_are_counted():
    df = _restraints(3, 0)
    df.loc[20, ["restraints", "bed_days"]] = [1, 0]
    _, caught = _caught(qi.spc, df, "restraints", x="month", n="bed_days", by="ward", chart="u")
    said = _said(caught, qi.NoDataWarning)
    assert len(said) == 1 and "2 points have events over zero exposure; the first" in said[0]


def test_a_closed_period_stays_silent():
    df = _restraints(0, 0)
    _, caught = _caught(qi.spc, df, "restraints", x="month", n="bed_days", by="ward", chart="u")
    assert not [w for w in caught if issubclass(w.category, qi.QIStatsWarning)]


def _percent_warned(df: pd.DataFrame, by) -> bool:
    _, caught = _caught(qi.spc, df, "y", x="month", n="n", by=by, chart="p")
    return any("a percentage of 'n'" in m for m in _said(caught, qi.DenominatorWarning))


def _frame(rng, units: int, k: int, y_of, mean_y=None) -> pd.DataFrame:
    """``units`` series of ``k`` months: n about a size drawn per unit, y drawn by ``y_of``
    from n and the unit's parameter repeated (``mean_y``)."""
    size = np.exp(rng.uniform(np.log(200), np.log(50_000), units))
    n = np.round(np.repeat(size, k) * rng.uniform(0.9, 1.1, units * k)).astype(int)
    y = y_of(n, np.repeat(mean_y, k))
    return pd.DataFrame(
        {
            "unit": np.repeat(np.arange(units), k),
            "month": np.tile(pd.date_range("2020-01-01", periods=k, freq="MS"), units),
            "y": y,
            "n": n,
        }
    )


def test_percentage_as_numerator_known_truth_rates():
    rng = np.random.default_rng(2029)
    trials = 150
    false = hard = hard_false = 0
    for t in range(trials):  # counts of cases: rare (2 of 5,000) to common, any size
        units, k = int(rng.choice([1, 2, 3, 8])), int(rng.choice([12, 24, 36]))
        if t % 3 == 0:  # the hard band: counts of 50 to 100, as a percentage would be
            mean_y = rng.uniform(50, 100, units)
            df = _frame(rng, units, k, lambda n, m: rng.binomial(n, np.minimum(1, m / n)), mean_y)
        else:
            p = np.exp(rng.uniform(np.log(1e-4), np.log(0.2), units))
            df = _frame(rng, units, k, lambda n, m: rng.binomial(n, m), p)
        warned = _percent_warned(df, "unit")
        false += warned
        hard += t % 3 == 0
        hard_false += warned and t % 3 == 0
    caught = 0
    for _ in range(trials // 2):  # whole-number percentages beside their denominators
        units, k = int(rng.choice([1, 3, 8])), int(rng.choice([24, 36]))
        level = rng.uniform(60, 98, units)
        df = _frame(
            rng,
            units,
            k,
            lambda n, m: np.clip(np.round(m + rng.normal(0, 3, m.size)), 0, 100),
            level,
        )
        df["n"] = df["n"] + 2_000  # attendances in the thousands
        caught += _percent_warned(df, "unit")
    detected = caught / (trials // 2)
    said = (
        f"false warnings {false}/{trials} on counts ({hard_false}/{hard} with counts of 50-100), "
        f"percentages detected {detected:.2f}"
    )
    print(said)
    assert false / trials <= 0.01 and hard_false / hard <= 0.02, said
    assert detected >= 0.8, said


def test_rare_event_proportions_never_warn():
    # 2 of 5,000: a proportion of 0.04 %, the data the warning must leave alone
    df = pd.DataFrame(
        {"month": MONTHS, "y": [2, 0, 1, 3, 2, 1, 0, 2, 4, 1, 2, 3], "n": 5_000, "unit": "a"}
    )
    assert not _percent_warned(df, None)


def test_the_trial_percentage_column_is_named():
    ae = qi.datasets.ae_attendances()
    ae["pct"] = (100 * (1 - ae.breaches / ae.attendances)).round()
    one = ae[ae.org_code == "RJC"]
    _, caught = _caught(qi.spc, one, y="pct", n="attendances", x="month", chart="p")
    said = _said(caught, qi.DenominatorWarning)
    assert len(said) == 1, said
    assert "is 'pct' a percentage of 'attendances'" in said[0]
    assert "(df['pct'] / 100 * df['attendances']).round()" in said[0]
    # the counts themselves (attendances seen within 4 hours) do not warn
    ae["seen"] = ae.attendances - ae.breaches
    _, caught = _caught(qi.spc, ae, y="seen", n="attendances", x="month", by="org_code", chart="p")
    assert not _said(caught, qi.DenominatorWarning)
    # qi.ambition says it once
    _, caught = _caught(
        qi.ambition, ae, y="pct", n="attendances", x="month", by="org_code",
        kind="proportion", baseline=("2016-04-01", "2017-03-01"), change=0.5,
        target="shortfall", deadline="2019-03-01", multiply=100,
    )  # fmt: skip
    assert len(_said(caught, qi.DenominatorWarning)) == 1


# ---------------------------------------------------------------- rates given as y (U charts)
#
# Known truth: the negatives are counts (whole, and weighted: fractional parts that owe nothing
# to n), the positives rates c / n × M of Poisson counts c, rounded as a spreadsheet exports them.


def _bed_days(rng, size):
    return rng.integers(500, 5_000, size).astype(float)


def _denominators(rng, kind, size):
    if kind == "bed days":
        return _bed_days(rng, size)
    if kind == "patients":
        return rng.integers(10, 200, size).astype(float)
    if kind == "1,000 each":  # constant n: any y on a grid of 1/n looks whole
        return np.full(size, 1_000.0)
    if kind == "hundreds":  # n of round hundreds, sharing factors with M × 10^d
        return (rng.integers(5, 50, size) * 100).astype(float)
    return np.exp(rng.uniform(np.log(500), np.log(50_000), size)).round()  # trusts' bed days


def _rates_named(y, n, series, k, multiply):
    from qistats._rates import rate_scales

    return ~np.isnan(rate_scales(y, n, series, k, np.full(k, float(multiply))))


def test_rates_given_as_y_known_truth_rates():
    rng = np.random.default_rng(2031)
    k, points = 300, 24
    series = np.repeat(np.arange(k), points)
    size = k * points
    false = weighted = 0
    for n_kind in ("bed days", "patients", "1,000 each", "hundreds", "trusts"):
        for weights in ("any", "halves", "quarters"):
            for decimals in (1, 2, 3, None):
                for multiply in (1, 100, 1_000, 10_000):
                    n = _denominators(rng, n_kind, size)
                    mean = np.repeat(rng.uniform(0.5, 30, k), points) / np.median(n)
                    c = rng.poisson(mean * n)
                    if weights == "any":  # modelled or weighted events
                        w = c * rng.uniform(0.6, 1.4, size)
                    else:  # half or quarter events
                        per = 2 if weights == "halves" else 4
                        w = rng.binomial(c * per, 0.7) / per
                    y = w if decimals is None else np.round(w, decimals)
                    false += int(_rates_named(y, n, series, k, multiply).sum())
                    weighted += k
    detected = {}
    for multiply in (1, 100, 1_000, 10_000):
        for decimals in (1, 2, 3, None):
            n = _bed_days(rng, size)
            mean = np.repeat(rng.uniform(3, 60, k), points) / np.median(n)
            rate = rng.poisson(mean * n) / n * multiply
            y = rate if decimals is None else np.round(rate, decimals)
            detected[multiply, decimals] = _rates_named(y, n, series, k, multiply).mean()
    whole = _rates_named(rng.poisson(5, size).astype(float), _bed_days(rng, size), series, k, 1)
    table = "; ".join(
        f"per {m:,} to {'full precision' if d is None else f'{d} dp'}: {v:.3f}"
        for (m, d), v in detected.items()
    )
    said = f"false warnings {false}/{weighted} on weighted counts; rates detected: {table}"
    print(said)
    assert not whole.any()
    assert false / weighted <= 5e-5, said  # the rule's bound: 7 scales × 1e-6 per series
    for (m, d), v in detected.items():
        # a rate keeps the count it was made from when y × n / M is known to better than ±½:
        # 10^-d × 5,000 / M < 1 (every multiply at full precision)
        if d is None or 10.0**-d * 5_000 / m < 1:
            assert v >= 0.99, said
    # rates per bed day (0.00493) or per 100 to 1 decimal lose the count: not named
    assert detected[1, 3] == 0 and detected[100, 1] == 0, said


def _restraint_rates():
    rng = np.random.default_rng(1)
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    n = rng.integers(2000, 3000, 24).astype(float)
    y = rng.poisson(n * 0.005)
    return pd.DataFrame({"month": months, "bd": n, "ev": y, "rate": (y / n * 1000).round(2)})


def test_a_rate_given_as_y_is_named_on_u_charts_and_boards():
    df = _restraint_rates()
    # by hand: January has 10 restraints over 2,473 bed days, 4.04 per 1,000 (as y); the chart
    # divided it by n again: 4.04 / 2,473 × 1,000 = 1.63
    assert (df.bd[0], df.ev[0], df.rate[0]) == (2473, 10, 4.04)
    for chart in ("u", "up"):
        res, caught = _caught(qi.spc, df, "rate", x="month", n="bd", chart=chart, multiply=1000)
        said = _said(caught, qi.DenominatorWarning)
        assert len(said) == 1, said
        assert said[0].startswith(
            "y='rate': the values of the series read as rates per 1,000 of n='bd', not counts"
        )
        assert "(the point month=2022-01-01 has y 4.04 of n 2,473: 10 events)" in said[0]
        assert "1.63 there, where the rate is 4.04" in said[0]
        assert "(df['rate'] * df['bd'] / 1000).round()" in said[0]
        assert res.points["value"].iloc[0] == pytest.approx(1.634, abs=1e-3)
        # the advice's counts chart the rates, silently
        df["count"] = (df["rate"] * df["bd"] / 1000).round()
        assert (df["count"] == df["ev"]).all()
        res, caught = _caught(qi.spc, df, "count", x="month", n="bd", chart=chart, multiply=1000)
        assert not _said(caught, qi.DenominatorWarning)
        assert res.points["value"].iloc[0] == pytest.approx(4.044, abs=1e-3)
    # a rate per 1,000 charted with multiply=1 is named per 1,000 too
    _, caught = _caught(qi.spc, df, "rate", x="month", n="bd", chart="u")
    said = _said(caught, qi.DenominatorWarning)
    assert len(said) == 1 and "read as rates per 1,000 of n='bd'" in said[0], said
    assert (
        "10 events). y is divided by n again: 0.00163 there, where the rate is 0.00404" in said[0]
    )
    # the message says how to keep a weighted count: the filter it gives silences it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", "y=.* read as rates", qi.DenominatorWarning)
        qi.spc(df, "rate", x="month", n="bd", chart="u", multiply=1000)
    assert not _said(caught, qi.DenominatorWarning)
    # a board names the measure
    long = pd.concat(
        [
            df.assign(measure="restraints", value=df["rate"]),
            df.assign(measure="falls", value=df["ev"].astype(float)),
        ]
    )
    measures = pd.DataFrame(
        {"measure": ["restraints", "falls"], "chart": ["u", "u"], "multiply": [1000, 1000]}
    )
    _, caught = _caught(qi.board, long, measures, x="month", y="value", n="bd")
    said = _said(caught, qi.DenominatorWarning)
    assert len(said) == 1, said
    assert said[0].startswith("y='value': the values of measure='restraints' read as rates")
    assert "(the point measure='restraints', month=2022-01-01 has y 4.04 of n 2,473" in said[0]


def test_weighted_counts_on_a_u_chart_stay_silent():
    df = _restraint_rates()
    rng = np.random.default_rng(5)
    for y in (
        df["ev"] * rng.uniform(0.6, 1.4, 24),  # modelled events, full precision
        (df["ev"] * rng.uniform(0.6, 1.4, 24)).round(2),
        df["ev"] / 2,  # half events
        df["ev"].astype(float),
    ):
        _, caught = _caught(
            qi.spc, df.assign(w=y), "w", x="month", n="bd", chart="u", multiply=1000
        )
        assert not _said(caught, qi.DenominatorWarning)
