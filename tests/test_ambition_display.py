"""Ambition display (trial 6a C5 and the session 7 brief): the plot of an ordered Categorical x
(financial years), the plot title of absolute and shortfall targets, and numbers in the
reasons written without scientific notation or false certainty. Expected values by hand."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from .test_plot import artists  # noqa: E402

YEARS = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]


def _texts(fig, gid):
    found = fig.findobj(lambda a: a.get_gid() == gid)
    text = " ".join(t.get_text() for t in found if hasattr(t, "get_text"))
    return " ".join(text.split())  # a long title is wrapped


def test_plot_of_financial_years_draws_the_window_and_deadline_at_their_year():
    fy = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], 5),
            "fy": pd.Categorical(YEARS * 2, categories=YEARS, ordered=True),
            "n": 12000.0,
            "y": [100, 95, 70, 55, 48, 80, 85, 82, 90, 88],
        }
    )
    amb = qi.ambition(
        fy,
        y="y",
        n="n",
        x="fy",
        by="ward",
        baseline=("2019/20", "2019/20"),
        change=-0.5,
        deadline="2023/24",
    )
    fig = amb.plot()
    # the years are drawn at 0..4: "2023/24" is 4, the window is that one year (± half a step)
    for ax in [a for a in fig.get_axes() if a.get_gid() == "ambition"]:
        (window,) = [p for p in ax.patches if p.get_gid() == "window"]
        x0, x1 = window.get_x(), window.get_x() + window.get_width()
        assert (x0, x1) == pytest.approx((3.5, 4.5))
        (deadline,) = [ln for ln in ax.lines if ln.get_gid() == "deadline"]
        assert deadline.get_xdata()[0] == 4
    title = _texts(fig, "title")
    assert title.startswith("Ambition: a 50% reduction from the baseline (2019/20) by 2023/24")
    assert len(artists(fig, "verdict")) == 2
    matplotlib.pyplot.close("all")


MONTHS = pd.date_range("2021-04-01", periods=36, freq="MS")
KW = dict(y="y", n="bd", x="month", baseline=("2021-04-01", "2022-03-01"), deadline="2024-03-01")


def _ward(baseline_events, window_events):
    y = np.zeros(36)
    y[:12] = baseline_events / 12
    y[-1] = window_events
    return pd.DataFrame({"month": MONTHS, "bd": 1000.0, "y": y})


@pytest.mark.parametrize(
    ("target", "change", "words"),
    [
        (15.0, -0.5, "Ambition: down to 15 from the baseline"),
        (0.9, 0.5, "Ambition: up to 90% from the baseline"),  # as its axis, in %
        ("shortfall", 0.5, "Ambition: closing 50% of the gap to 100% from the baseline"),
    ],
)
def test_plot_title_says_what_the_target_is(target, change, words):
    kind = "proportion" if change > 0 else "rate"
    d = _ward(240, 10).assign(y=lambda f: np.minimum(f.y, 10), bd=100.0)
    multiply = 1000 if kind == "rate" else 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few events: not what is tested
        amb = qi.ambition(d, kind=kind, target=target, change=change, multiply=multiply, **KW)
    fig = amb.plot()
    assert _texts(fig, "title").startswith(words), _texts(fig, "title")
    assert "reduction" not in _texts(fig, "title") or target == "relative"
    matplotlib.pyplot.close("all")


def test_plot_title_of_a_percent_target_carries_its_unit():
    # trial 19-2: "Ambition: up to 90 from the baseline" beside an axis in % and reasons
    # saying "target at or above 90%"
    d = _ward(240, 10).assign(y=lambda f: np.minimum(f.y, 10), bd=100.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few events: not what is tested
        amb = qi.ambition(d, kind="proportion", target=90, change=0.5, multiply=100, **KW)
    assert _texts(amb.plot(), "title").startswith("Ambition: up to 90% from the baseline")
    assert "target at or above 90%" in amb.summary().reason.iloc[0]
    matplotlib.pyplot.close("all")


def test_reasons_write_small_levels_plainly_and_never_a_false_certainty():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # no baseline events, 1 in the window: the window's rate is 1/12,000 per bed day
        zero = qi.ambition(_ward(0, 1), change=-0.5, **KW).summary().reason.iloc[0]
        # 240 baseline events, none in the window: the target (half) is met almost surely
        met = qi.ambition(_ward(240, 0), change=-0.5, **KW).summary().iloc[0]
    assert f"was {1 / 12000:.7f}"[:-1] in zero and "e-" not in zero, zero  # 0.0000833
    # by hand: P(RR <= 0.5) under the Jeffreys posterior with K1 = 0 is far above 0.995
    assert met.prob_target_met > 0.995
    assert met.reason.endswith("probability the target is met > 0.99"), met.reason
    assert "1.00" not in met.reason and "e-" not in met.reason


def test_not_met_beside_a_projected_date_before_the_deadline_says_why():
    df = qi.datasets.restrictive_practice()
    amb = qi.ambition(
        df,
        y="restraints",
        n="bed_days",
        x="month",
        by="ward",
        baseline=("2020-04-01", "2021-03-01"),
        change=-0.5,
        deadline="2024-03-01",
        multiply=1000,
    )
    s = amb.summary().set_index("ward")

    def rate(ward, first, last):
        w = df[(df.ward == ward) & (df.month >= first) & (df.month <= last)]
        return w.restraints.sum() / w.bed_days.sum() * 1000

    for ward in ("ASH3", "BRI5"):
        # by hand: the rate over April 2023 - March 2024 is above half the baseline's
        target = rate(ward, "2020-04-01", "2021-03-01") / 2
        assert rate(ward, "2023-04-01", "2024-03-01") > target
        assert s.loc[ward, "verdict"] == "not_met"
    # ASH3's trend reaches its target in May 2023, before the deadline: the reason says why
    # "not_met"; BRI5's date is after the deadline (when it may yet get there): no clause
    assert pd.Timestamp(s.loc["ASH3", "projected_date"]).strftime("%b %Y") == "May 2023"
    assert s.loc["ASH3", "reason"].endswith(
        "; its trend after the baseline reached the target in May 2023, "
        "before the deadline, but the rate over Apr 2023–Mar 2024 did not"
    )
    assert pd.Timestamp(s.loc["BRI5", "projected_date"]) > pd.Timestamp("2024-03-01")
    clause = s.reason.str.contains("before the deadline, but")
    assert not clause["BRI5"] and not clause[s.verdict != "not_met"].any()
    assert clause.sum() == 4  # as docs/ambition_verdicts.rst says
