"""qi.funnel: a warning when kind="sr" meets data whose n is not expected counts, and a ``by``
group with no events left out instead of stopping every group."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

PERIOD = ("2023-04-01", "2024-03-01")


def _caught(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    return out, caught


def _kind_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, qi.KindWarning)]


# ------------------------------------------------------------------------------------ kind="sr"


def test_events_over_bed_days_under_the_default_kind_warn_with_the_pooled_ratio():
    df = qi.datasets.restrictive_practice()
    month = pd.to_datetime(df["month"])
    rows = df[(month >= PERIOD[0]) & (month <= PERIOD[1])]
    ratio = rows["restraints"].sum() / rows["bed_days"].sum()  # independent of qistats
    kw = {"y": "restraints", "n": "bed_days", "unit": "ward", "x": "month", "period": PERIOD}
    _, caught = _caught(qi.funnel, df, **kw)
    (msg,) = _kind_warnings(caught)
    assert f"it is {ratio:.3g}" in msg, msg
    assert "kind='rate'" in msg and "kind='pr'" in msg and "'bed_days'" in msg
    _, caught = _caught(qi.funnel, df, kind="rate", **kw)
    assert not _kind_warnings(caught)


def _groups_flagged(caught) -> int:
    msgs = _kind_warnings(caught)
    if not msgs:
        return 0
    (msg,) = msgs
    found = re.search(r"\((\d+) of (\d+) groups", msg)
    return int(found.group(1))


def _funnels(rng, groups, units, y, n) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": np.repeat(np.arange(groups), units),
            "unit": np.tile([f"u{i:02d}" for i in range(units)], groups),
            "y": y.ravel(),
            "n": n.ravel(),
        }
    )


def test_real_standardised_ratios_never_warn_and_rates_and_proportions_always_do():
    """Known truth. SR funnels: expected deaths from a risk model (2 to 200 per unit, 10 to 40
    units per funnel), each unit's true O/E lognormal around its funnel's (overdispersion, sd
    0.25), and each funnel's own level lognormal around 1 (sd 0.2, a region unlike the
    national model). Rates: events over bed days (0.5 to 60 per 1,000) and proportions (1 %
    to 15 % of cases) passed without kind=."""
    rng = np.random.default_rng(909)
    groups, units = 600, 10
    e = rng.uniform(2, 200, size=(groups, units))
    level = rng.lognormal(0.0, 0.2, size=(groups, 1))
    y = rng.poisson(e * level * rng.lognormal(0.0, 0.25, size=(groups, units))).astype(float)
    _, caught = _caught(qi.funnel, _funnels(rng, groups, units, y, e), "y", "n", **_SR)
    sr_rate = _groups_flagged(caught) / groups

    bed_days = rng.uniform(500, 20000, size=(groups, units))
    per_day = rng.uniform(0.5, 60, size=(groups, 1)) / 1000
    events = rng.poisson(bed_days * per_day).astype(float)
    _, caught = _caught(qi.funnel, _funnels(rng, groups, units, events, bed_days), "y", "n", **_SR)
    rate_rate = _groups_flagged(caught) / groups

    cases = rng.integers(20, 400, size=(groups, units)).astype(float)
    share = rng.uniform(0.01, 0.15, size=(groups, 1))
    hits = rng.binomial(cases.astype(int), share).astype(float)
    _, caught = _caught(qi.funnel, _funnels(rng, groups, units, hits, cases), "y", "n", **_SR)
    pr_rate = _groups_flagged(caught) / groups
    msg = (
        f"groups warned: real SR {sr_rate:.2%}, events per bed day {rate_rate:.2%}, "
        f"proportions of 1-15 % {pr_rate:.2%} (of {groups} funnels each)"
    )
    print(msg)
    assert sr_rate == 0.0, msg
    assert rate_rate == 1.0, msg
    assert pr_rate == 1.0, msg


_SR = {"unit": "unit", "by": "group", "adjust": False}


def test_a_few_units_far_from_one_do_not_warn_when_the_funnel_pools_near_one():
    # one ward at O/E 10 (a true outlier) among ten at 1: pooled O/E = 28/28.9, no warning
    df = pd.DataFrame(
        {"u": [f"w{i}" for i in range(11)], "o": [20] + [1] * 10, "e": [2.0] + [2.69] * 10}
    )
    _, caught = _caught(qi.funnel, df, "o", "e", unit="u", adjust=False)
    assert not _kind_warnings(caught)


# ----------------------------------------------------------------------- a group with no events


def _trusts():
    df = qi.datasets.restrictive_practice()
    df.loc[df["trust"] == "Dunholme", "restraints"] = 0
    kw = {"y": "restraints", "n": "bed_days", "unit": "ward", "kind": "rate"}
    return df, {**kw, "x": "month", "period": PERIOD}


@pytest.mark.filterwarnings("ignore::qistats.OverdispersionWarning")
def test_a_group_with_no_events_is_left_out_and_every_other_group_is_as_alone():
    df, kw = _trusts()
    res, caught = _caught(qi.funnel, df, by="trust", **kw)
    nodata = [str(w.message) for w in caught if issubclass(w.category, qi.NoDataWarning)]
    assert len(nodata) == 1 and "trust='Dunholme' (3 units)" in nodata[0], nodata
    assert "1 of 11 groups has no events" in nodata[0]
    # the words agree with the one group (not "their pooled rate target")
    assert "so its pooled rate target is 0 and its units cannot be compared" in nodata[0]
    assert "Dunholme" not in set(res.units["trust"])
    others = sorted(set(df["trust"]) - {"Dunholme"})
    assert sorted(res.summary()["trust"]) == others
    for trust in others:
        alone = qi.funnel(df[df["trust"] == trust], by="trust", **kw)
        among = res.units[res.units["trust"] == trust].reset_index(drop=True)
        pd.testing.assert_frame_equal(among, alone.units)
        s = res.summary()
        pd.testing.assert_frame_equal(
            s[s["trust"] == trust].reset_index(drop=True), alone.summary()
        )


@pytest.mark.parametrize("kind", ["rate", "rc"])
def test_no_events_in_any_group_or_without_by_is_still_refused(kind):
    df, kw = _trusts()
    kw["kind"] = kind
    alone = df[df["trust"] == "Dunholme"]
    with pytest.raises(qi.DataError, match="the data has no events at all"):
        qi.funnel(alone, **kw)
    with pytest.raises(qi.DataError, match="the group trust='Dunholme' has no events"):
        qi.funnel(alone, by="trust", **kw)
    two = df[df["trust"].isin(["Dunholme", "Ashford Vale"])].copy()
    two["restraints"] = 0
    with pytest.raises(qi.DataError, match="every group has no events at all"):
        qi.funnel(two, by="trust", **kw)


def test_a_first_group_of_closed_units_leaves_the_others_as_alone():
    # group A: three closed units (n = 0, no events); it used to break the group numbering
    df = pd.DataFrame(
        {
            "g": ["A"] * 3 + ["B"] * 12,
            "u": [f"u{i:02d}" for i in range(15)],
            "y": [0] * 3 + list(range(5, 17)),
            "n": [0.0] * 3 + [100.0] * 12,
        }
    )
    # units expecting about 10 events: the default phi, from mid-p scores, is not inflated by
    # the discreteness of the log z (phi="trim" warns that it may be)
    with pytest.warns(qi.NoDataWarning, match="3 of 15 units have a total n='n' of 0"):
        res = qi.funnel(df, "y", "n", unit="u", kind="rate", by="g")
    alone = qi.funnel(df[df["g"] == "B"], "y", "n", unit="u", kind="rate", by="g")
    with pytest.warns(qi.OverdispersionWarning, match="discreteness of small counts"):
        qi.funnel(df[df["g"] == "B"], "y", "n", unit="u", kind="rate", by="g", phi="trim")
    pd.testing.assert_frame_equal(res.units, alone.units)
    assert res.target.index.tolist() == ["B"]
    assert res.target["B"] == pytest.approx(sum(range(5, 17)) / 1200)


def test_a_proportion_group_with_no_events_keeps_its_exact_limits():
    # p0 = 0: the lower limit is 0 and the upper the Clopper-Pearson bound 1 - (α/2)^(1/n)
    # of no events in n cases; no unit of it is an outlier
    df = pd.DataFrame(
        {
            "g": ["A"] * 12 + ["B"] * 12,
            "u": [f"u{i:02d}" for i in range(24)],
            "y": [8, 10, 12, 9, 11, 10, 7, 13, 10, 9, 11, 10] + [0] * 12,
            "n": [100] * 12 + [80] * 12,
        }
    )
    res = qi.funnel(df, "y", "n", unit="u", kind="pr", by="g", adjust=False)
    b = res.units[res.units["g"] == "B"]
    np.testing.assert_allclose(b["ucl_95"], 1 - 0.025 ** (1 / 80), rtol=1e-9)
    np.testing.assert_allclose(b["ucl_99_8"], 1 - 0.001 ** (1 / 80), rtol=1e-9)
    assert (b["lcl_95"] == 0).all() and not b["outlier"].any()
