"""Ambition: ``chart()`` and ``summary()`` give one assurance icon (trial 6a C3). The SPC view is
phased at the baseline's end and stops at ``as_of``; the summary's assurance is that of its
last phase. Expected limits by hand (U chart: ū ± 3√(ū/n))."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _fell60():
    rng = np.random.default_rng(17)
    m = pd.date_range("2021-04-01", periods=36, freq="MS")
    fall = np.where(np.arange(36) < 12, 1, 0.4)
    return pd.DataFrame({"ward": "W", "month": m, "bd": 1000.0, "y": rng.poisson(40 * fall)})


KW = dict(
    y="y",
    n="bd",
    x="month",
    by="ward",
    baseline=("2021-04-01", "2022-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
)


@pytest.mark.parametrize("as_of", [None, "2023-09-01"])
def test_chart_and_summary_give_the_same_assurance(as_of):
    d = _fell60()
    amb = qi.ambition(d, as_of=as_of, **KW)
    s = amb.summary().iloc[0]
    end = pd.Timestamp(as_of or "2024-03-01")
    # by hand: the target is half the baseline rate; the process since the baseline (April
    # 2022 to as_of) has ū = Σy/Σn and limits ū ± 3√(ū/1000), per 1,000 bed days
    base = d[d.month <= "2022-03-01"]
    target = base.y.sum() / base.bd.sum() / 2 * 1000
    after = d[(d.month >= "2022-04-01") & (d.month <= end)]
    u = after.y.sum() / after.bd.sum()
    lcl, ucl = ((u + k * 3 * np.sqrt(u / 1000)) * 1000 for k in (-1, 1))
    assert s.target_value == pytest.approx(target)
    assert lcl < target < ucl  # the target is inside the current limits: hit or miss
    assert s.verdict == "met" or as_of is not None
    assert s.assurance == "hit_or_miss"

    res = amb.chart()
    last = res.summary().iloc[-1]
    assert last.phase == "after" and last.assurance == s.assurance
    assert (last.cl, last.lcl, last.ucl) == pytest.approx((u * 1000, lcl, ucl), rel=1e-9)
    assert res.points.month.max() == end  # the points after as_of are not used
    phases = res.points.groupby("phase").size()
    assert (phases["baseline"], phases["after"]) == (12, len(after))


def test_summary_assurance_ignores_data_after_as_of():
    # a rise after as_of must not change the assurance judged as of then
    d = _fell60()
    later = d.month > "2023-09-01"
    rose = d.assign(y=np.where(later, d.y * 10, d.y))
    a = qi.ambition(d, as_of="2023-09-01", **KW).summary().assurance.iloc[0]
    b = qi.ambition(rose, as_of="2023-09-01", **KW).summary().assurance.iloc[0]
    assert a == b == "hit_or_miss"
