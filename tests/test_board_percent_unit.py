"""A P chart of proportions with unit "%" (trial 8 B4): its panel ticks 0.937 as 94 %, so its
table, HTML and sentence show 93.7 beside "%", not 0.937. Expected values by hand."""

import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _vte(unit="%", multiply=1):
    rng = np.random.default_rng(8)
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    adm = rng.integers(150, 250, 24)
    d = pd.DataFrame(
        {"measure": "vte", "month": months, "value": rng.binomial(adm, 0.93), "n": adm}
    )
    ms = pd.DataFrame(
        {"measure": ["vte"], "chart": ["p"], "unit": [unit], "improvement": ["increase"],
         "target": [95 if unit == "%" or multiply == 100 else 0.95], "multiply": [multiply]}
    )  # fmt: skip
    return d, qi.board(d, ms, x="month", y="value", n="n")


def test_a_proportion_chart_in_percent_shows_percentages_in_the_table():
    d, report = _vte()
    # by hand: p̄ = Σy/Σn over the 24 months, limits p̄ ± 3√(p̄(1 − p̄)/n) at the last month
    pbar = d.value.sum() / d.n.sum()
    n = d.n.iloc[-1]
    half = 3 * np.sqrt(pbar * (1 - pbar) / n)
    row = report.table().iloc[0]
    assert row.latest_value == pytest.approx(100 * d.value.iloc[-1] / n, rel=1e-12)
    assert row.target == pytest.approx(95.0)
    assert row.cl == pytest.approx(100 * pbar, rel=1e-12)
    assert (row.lcl, row.ucl) == pytest.approx((100 * (pbar - half), 100 * (pbar + half)))
    assert row.last_values == pytest.approx(list(100 * d.value.iloc[-3:] / d.n.iloc[-3:]))
    limits = f"({100 * (pbar - half):.1f}% to {100 * (pbar + half):.1f}%)"
    assert f"the target of 95% is within the limits {limits}" in row.reason, row.reason
    cells = re.findall(r'<td class="qistats-num">([^<]*)</td>', report.to_html())
    assert cells == [f"{100 * d.value.iloc[-1] / n:.1f}", "95"], cells
    # the same numbers as a measure given in % (multiply=100), the documented alternative
    _, in_pct = _vte(multiply=100)
    cols = ["latest_value", "target", "cl", "lcl", "ucl", "variation", "assurance", "reason"]
    pd.testing.assert_frame_equal(report.table()[cols], in_pct.table()[cols])


def test_without_unit_percent_the_table_keeps_proportions():
    d, report = _vte(unit=None)
    row = report.table().iloc[0]
    assert row.latest_value == pytest.approx(d.value.iloc[-1] / d.n.iloc[-1], rel=1e-12)
    assert row.target == pytest.approx(0.95)


def test_a_target_is_typed_as_the_table_shows_it():
    """Trial 11 item 6: on a P chart shown in % the target is typed 95 for 95 %, as the table
    shows 93.7; 0.95 is 0.95 % and warned about in the table's units; above 100 % warns."""
    d, _ = _vte()
    ms = pd.DataFrame({"measure": ["vte"], "chart": ["p"], "unit": ["%"],
                       "improvement": ["increase"], "target": [95.0]})  # fmt: skip
    row = qi.board(d, ms, x="month", y="value", n="n").table().iloc[0]
    # by hand: 95 % against the limits in % at the last month
    pbar = d.value.sum() / d.n.sum()
    half = 3 * np.sqrt(pbar * (1 - pbar) / d.n.iloc[-1])
    lo, hi = 100 * (pbar - half), 100 * (pbar + half)
    assert lo < 95 < hi
    assert (row.target, row.assurance) == (95.0, "hit_or_miss")
    assert "the target of 95% is within the limits" in row.reason
    with pytest.warns(qi.TargetWarning, match=r"\(measure='vte': 0.95\).*write 95 for 0.95"):
        qi.board(d, ms.assign(target=0.95), x="month", y="value", n="n")
    with pytest.warns(qi.TargetWarning, match=r"above 100 % \(measure='vte': 9500\)"):
        row = qi.board(d, ms.assign(target=9500), x="month", y="value", n="n").table().iloc[0]
    assert row.assurance == "fail"
