"""A percentage target on a chart of proportions (trial 7 A2): ``target=95`` on a P chart left
on its 0-1 scale gives "fail" for a ward at 97 % unless the user is told."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")


def _harm_free() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = rng.integers(200, 300, 24)
    return pd.DataFrame({"month": MONTHS, "harm_free": rng.binomial(n, 0.97), "patients": n})


KW = dict(y="harm_free", n="patients", x="month", chart="p", improvement="increase")


def test_a_percentage_target_on_a_proportion_chart_warns():
    said = (
        r"target: 1 of 1 series of proportions \(every value between 0 and 1\) has a target "
        r"above 1 .*95\).*write 0\.95 for 95 %, or multiply=100"
    )
    with pytest.warns(qi.TargetWarning, match=said):
        res = qi.spc(_harm_free(), target=95, **KW)
    assert res.summary().assurance.iloc[0] == "fail"  # the answer as given; the warning says why


def test_no_warning_where_the_target_fits_the_scale():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(_harm_free(), target=0.95, **KW)  # a proportion: right
        qi.spc(_harm_free(), target=95, multiply=100, **KW)  # shown in %: right
        # proportions of about 0.97 and a target of 2: as a proportion (0.02) it fits nothing
        qi.spc(_harm_free(), target=2, **KW)
        # rates between 0 and 1 per 1,000 with a target of 1.5 (not 10 times the largest)
        d = pd.DataFrame({"month": MONTHS, "y": np.linspace(0.3, 0.8, 24)})
        qi.spc(d, y="y", x="month", chart="xmr", target=1.5, improvement="decrease")


def test_each_series_judged_alone():
    a = _harm_free().assign(ward="A")
    b = _harm_free().assign(ward="B", harm_free=lambda d: d.harm_free * 0 + 5, patients=10)
    both = pd.concat([a, b], ignore_index=True)
    # ward B's proportion is 0.5: a target of 95 fits it read as 0.95 (within twice 0.5)
    with pytest.warns(qi.TargetWarning, match=r"2 of 2 series of proportions"):
        qi.spc(both, by="ward", target=95, **KW)
    with pytest.warns(qi.TargetWarning, match=r"1 of 2 series .*ward='A': 95"):
        qi.spc(both, by="ward", target={"A": 95, "B": 0.6}, **KW)


def test_the_board_warns_the_same_way_naming_the_measure():
    d = _harm_free().assign(measure="hf")
    m = pd.DataFrame(
        {"measure": ["hf"], "unit": ["%"], "improvement": ["increase"], "target": [95],
         "chart": ["p"]}
    )  # fmt: skip
    # unit "%" shows the proportions in %: the target is typed as shown (trial 11 item 6)
    said = r"measures 'target': 1 of 1 series shown in % .*measure='hf': 0.95.*write 95"
    with pytest.warns(qi.TargetWarning, match=said):
        qi.board(d, m.assign(target=0.95), x="month", y="harm_free", n="patients")
    said = r"measures 'target': 1 of 1 series of proportions .*measure='hf': 95.*write 0\.95"
    with pytest.warns(qi.TargetWarning, match=said):
        qi.board(d, m.assign(unit=None), x="month", y="harm_free", n="patients")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.board(d, m, x="month", y="harm_free", n="patients")
        qi.board(d, m.assign(unit=None, target=0.95), x="month", y="harm_free", n="patients")
        qi.board(d, m.assign(multiply=100), x="month", y="harm_free", n="patients")


def test_the_board_names_the_table_the_target_came_from():
    # trial 8 C4: a target of targets= was said to be the measures table's
    a = _harm_free().assign(measure="hf", ward="A")
    b = a.assign(ward="B")
    d = pd.concat([a, b], ignore_index=True)
    m = pd.DataFrame(
        {"measure": ["hf"], "improvement": ["increase"], "target": [95], "chart": ["p"]}
    )
    t = pd.DataFrame({"measure": ["hf"], "ward": ["B"], "target": [90]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        qi.board(d, m, x="month", y="harm_free", n="patients", by="ward", targets=t)
    said = sorted(str(w.message) for w in caught if w.category is qi.TargetWarning)
    assert len(said) == 2, said
    assert re.match(r"measures 'target': 1 of 2 series .*ward='A': 95\)", said[0]), said
    assert re.match(r"targets 'target': 1 of 2 series .*ward='B': 90\)", said[1]), said
    # a proportion typed for a measure shown in %, from targets= alone
    shown = m.assign(multiply=100, target=np.nan)
    t = pd.DataFrame({"measure": ["hf"], "ward": ["A"], "target": [0.95]})
    said = r"^targets 'target': 1 of 2 series shown in % has .*ward='A': 0\.95"
    with pytest.warns(qi.TargetWarning, match=said):
        qi.board(d, shown, x="month", y="harm_free", n="patients", by="ward", targets=t)


@pytest.mark.parametrize(
    "chart, multiply",
    [("u", 1000), ("u", 1), ("c", 1), ("up", 1000), ("i", 1000)],
)
def test_a_rate_under_its_ceiling_is_no_percentage(chart, multiply):
    # Falls per 1,000 bed days of a low-rate ward: 0 or 1 fall in 5,000 bed days a month, so
    # 0 to 0.2 per 1,000 (0 or 1 a month on the C chart), against a ceiling of 2. Every value
    # meets the target; the chart is of rates (or counts), not proportions, so no
    # "a percentage on a chart of proportions? write 0.02" (new-user trial 13, F1).
    falls = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
    d = pd.DataFrame({"month": MONTHS[:12], "falls": falls, "bed_days": [5000] * 12})
    kw = dict(y="falls", x="month", chart=chart, target=2, improvement="decrease")
    if chart != "c":
        kw.update(n="bed_days", multiply=multiply)
    measures = pd.DataFrame(
        {"measure": ["falls"], "chart": [chart], "target": [2], "improvement": ["decrease"]}
        | ({} if chart == "c" else {"multiply": [multiply], "uses_n": [True]})
    )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        qi.spc(d, **kw)
        board_n = None if chart == "c" else "bed_days"
        qi.board(d.assign(measure="falls"), measures, x="month", y="falls", n=board_n)
    assert not [w for w in seen if issubclass(w.category, qi.TargetWarning)]


def _four_hour() -> pd.DataFrame:
    # % seen within 4 hours, 59.9 to 84.3, already in per cent (multiply 1): RJZ of ae_attendances
    ae = qi.datasets.ae_attendances()
    ae = ae[ae.org_code == "RJZ"].assign(pct=lambda d: 100 * (1 - d.breaches / d.attendances))
    return ae.assign(measure="ae4h")


def test_percentages_with_the_target_typed_as_a_proportion_warn_on_a_chart_of_measurements():
    # a 95 % standard typed 0.95 beside 60 to 84 %: "pass" for a trust at 73 % without a word
    d = _four_hour()
    assert d.pct.between(59, 85).all()
    said = (
        r"^target: 1 of 1 series has every value between 1 and 100 and a target of 1 or less "
        r"far below them \(the series: 0\.95\): percentages .*write 95 for 0\.95 \(95 %\)"
    )
    for chart in ("xmr", "i"):
        kw = dict(y="pct", x="month", chart=chart, rules="mdc", improvement="increase")
        with pytest.warns(qi.TargetWarning, match=said):
            res = qi.spc(d, target=0.95, **kw)
        assert res.summary().assurance.iloc[0] == "pass"  # as given; the warning says why
    m = pd.DataFrame({"measure": ["ae4h"], "improvement": ["increase"], "target": [0.95]})
    with pytest.warns(qi.TargetWarning, match=r"^measures 'target': 1 of 1 series has every"):
        qi.board(d, m, x="month", y="pct")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(d, y="pct", x="month", chart="xmr", target=95, improvement="increase")
        qi.board(d, m.assign(target=95), x="month", y="pct")
        # a unit that is not per cent: the board does not second-guess it
        qi.board(d, m.assign(unit="minutes"), x="month", y="pct")
        # readmissions of 5 to 15 % against 0.5: 50 is not among the values (at most 30)
        r = pd.DataFrame({"month": MONTHS, "pct": np.linspace(5, 15, 24)})
        qi.spc(r, y="pct", x="month", chart="xmr", target=0.5, improvement="decrease")
        # values above 100 are no percentages: minutes waited (60 to 140), a target of 0.9
        w = pd.DataFrame({"month": MONTHS, "pct": np.linspace(60, 140, 24)})
        qi.spc(w, y="pct", x="month", chart="xmr", target=0.9, improvement="decrease")
