"""A series switching from proportions to percentages part-way (0.93, then 93 from the month an
extract was rebuilt) gives a TargetWarning naming the series, the x of the step, the two medians
and the fix (issue 10; new-user trial 20, "Found, not fixed" 1). Expected medians and x are
worked by hand from the series below; the rates are of series whose truth is known."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats import _kernels as K
from qistats._scale import scale_switches

MONTHS = pd.date_range("2022-04-01", periods=12, freq="MS")
LOW = [0.90, 0.92, 0.91, 0.93, 0.95, 0.94]  # median (0.92 + 0.93) / 2 = 0.925
HIGH = [91.0, 93.0, 92.0, 94.0, 95.0, 96.0]  # median (93 + 94) / 2 = 93.5


def _said(call) -> list[str]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        call()
    return [
        str(w.message)
        for w in got
        if w.category is qi.TargetWarning and "100-fold" in str(w.message)
    ]


def _switches(values) -> list[str]:
    d = pd.DataFrame({"month": MONTHS[: len(values)], "value": values})
    return _said(lambda: qi.spc(d, y="value", x="month", chart="xmr"))


def test_a_switch_up_is_named_with_its_x_medians_and_fix():
    (said,) = _switches(LOW + HIGH)
    assert "in the series: median 0.925 before month=2022-10-01, 93.5 from it" in said
    assert "df.loc[df['month'] < '2022-10-01', 'value'] *= 100" in said
    assert said.startswith("y='value' steps about 100-fold between adjacent points")


def test_a_switch_down_multiplies_the_part_from_the_step():
    (said,) = _switches(HIGH + LOW)
    assert "median 93.5 before month=2022-10-01, 0.925 from it" in said
    assert "df.loc[df['month'] >= '2022-10-01', 'value'] *= 100" in said


def test_the_trial_repro_warns_on_the_board_naming_the_measure():
    rng = np.random.default_rng(4)
    m = pd.date_range("2022-04-01", periods=24, freq="MS")
    v = np.r_[rng.normal(0.93, 0.02, 12), rng.normal(93, 2, 12)]
    d = pd.DataFrame({"measure": "vte", "month": m, "value": v})
    meas = pd.DataFrame(
        {"measure": ["vte"], "improvement": ["increase"], "target": [95], "unit": ["%"]}
    )
    said = _said(lambda: qi.board(d, meas, x="month", y="value"))
    assert len(said) == 1
    low, high = np.median(v[:12]), np.median(v[12:])
    assert f"measure='vte': median {low:.3g} before month=2023-04-01, {high:.3g} from it" in said[0]
    assert "(df['measure'] == 'vte') & (df['month'] < '2023-04-01')" in said[0]


def test_several_series_are_named_and_counted_others_not():
    rows = []
    kinds = [("A", LOW + HIGH), ("B", HIGH + LOW), ("C", HIGH + HIGH), ("D", LOW + LOW)]
    for ward, values in kinds:
        rows.append(pd.DataFrame({"ward": ward, "month": MONTHS, "value": values}))
    rows += [pd.DataFrame({"ward": w, "month": MONTHS, "value": LOW + HIGH}) for w in ("E", "F")]
    d = pd.concat(rows, ignore_index=True)
    (said,) = _said(lambda: qi.spc(d, y="value", x="month", by="ward", chart="i"))
    assert re.search(
        r"in ward='A': median 0\.925 .*?; ward='B': median 93\.5 .*?; ward='E': .*? and 1 more ",
        said,
    )
    assert "ward='C'" not in said and "ward='D'" not in said
    assert "(df['ward'] == 'A') & (df['month'] < '2022-10-01')" in said


@pytest.mark.parametrize(
    "values",
    [
        [0.61, 0.75, 0.99, 0.82, 0.7, 0.66, 0.9, 0.93, 0.8, 0.77, 0.95, 0.88],  # proportions
        [61.0, 75, 99, 82, 70, 66, 90, 93, 80, 77, 95, 88],  # percentages
        [0.8, 1.2, 0.9, 1.5, 1.1, 0.95, 1.3, 0.85, 1.4, 1.0, 0.9, 1.2],  # % hovering near 1
        [0.008, 0.012, 0.009, 0.015, 0.011, 0.01, 0.013, 0.0085, 0.014, 0.01, 0.009, 0.012],
        [97.0, 100, 99, 98.5, 100, 96, 99.5, 100, 98, 97.5, 99, 100],  # near 100 %
        [0.97, 1.0, 0.99, 0.985, 1.0, 0.96, 0.995, 1.0, 0.98, 0.975, 0.99, 1.0],
        [0, 0, 0.5, 0, 2.0, 0, 0, 1.0, 0, 3.0, 0.2, 0],  # rare-event %: zeros and a few
        LOW[:4] + HIGH[:2] + LOW[4:] + HIGH[2:],  # two points at 93 inside, not a stretch
        LOW + LOW[:4] + HIGH[:2],  # only the last two on the other scale: too short
        [5 * 0.01 ** (i / 11) for i in range(12)],  # a rate falling from 5 to 0.05 gradually
        [0.5, 0.6, 0.4, 0.55, 0.45, 0.5, 5.0, 6.0, 4.5, 5.5, 5.0, 6.0],  # a 10-fold step
        [0.9, 0.92, 0.91, 0.93, 0.95, 0.94, 191, 193, 192, 194, 195, 196],  # above 100
    ],
)
def test_ordinary_series_do_not_warn(values):
    assert _switches(values) == []


def test_a_gap_or_zeros_at_the_step_still_warn_naming_the_first_value_after():
    (said,) = _switches(LOW[:5] + [np.nan] + HIGH)
    # median of 0.90, 0.92, 0.91, 0.93, 0.95 is 0.92; the gap is the 6th month, 91 the 7th
    assert "median 0.92 before month=2022-10-01, 93.5 from it" in said
    (said,) = _switches([0.0] + LOW[1:] + HIGH)  # a zero fits either scale: left out
    assert "median 0.93 before month=2022-10-01, 93.5 from it" in said


def test_an_abrupt_real_100_fold_fall_warns_too():
    # documented: 5 % to 0.05 % from one month to the next reads as the same switch
    assert len(_switches([5.0, 5.5, 4.5, 5.2, 4.8, 5.0, 0.05, 0.055, 0.045, 0.05, 0.052, 0.048]))


def test_charts_of_counts_and_proportions_with_n_are_not_checked():
    # counts of 1 then 90 on a C chart, and as numerators of a P chart: counts, not shares
    both = pd.DataFrame({"month": MONTHS, "y": [1.0] * 6 + [90.0] * 6, "n": 100.0})
    assert not _said(lambda: qi.spc(both, y="y", x="month", chart="c"))
    assert not _said(lambda: qi.spc(both, y="y", n="n", x="month", chart="p"))


def test_xbar_subgroups_are_read_by_their_means():
    d = pd.DataFrame(
        {
            "month": np.repeat(MONTHS, 2),
            "value": np.repeat(LOW + HIGH, 2) + np.tile([-0.001, 0.001], 12),
        }
    )
    said = _said(lambda: qi.spc(d, y="value", x="month", chart="xbar"))
    assert len(said) == 1 and "before month=2022-10-01" in said[0]


def test_without_x_the_step_is_named_by_its_point():
    (said,) = _said(lambda: qi.spc(pd.DataFrame({"v": LOW + HIGH}), y="v", chart="run"))
    assert "median 0.925 before point 7, 93.5 from it" in said


def _rates(make, series=2000, length=36, seed=0) -> float:
    """The share of ``series`` simulated series (``make(rng, length)`` each) found switching."""
    rng = np.random.default_rng(seed)
    v = np.concatenate([make(rng, length) for _ in range(series)])
    lay = K.Layout.from_starts(np.arange(series) * length, v.size)
    return scale_switches(v, lay).series.size / series


def _switched(rng, length):
    p = rng.uniform(0.05, 0.99)
    v = np.clip(rng.normal(p, 0.02 + 0.1 * p * (1 - p), length), 0, 1)
    at = rng.integers(3, length - 2)
    v[at:] *= 100
    return v if rng.random() < 0.5 else v[::-1].copy()


SIMULATED = {
    # in control: proportions, percentages, % near 1 and near 100, rare-event % from counts
    "proportions": lambda r, k: np.clip(r.normal(r.uniform(0.05, 0.95), 0.05, k), 0, 1),
    "percentages": lambda r, k: np.clip(r.normal(r.uniform(5, 95), 5, k), 0, 100),
    "near 1 %": lambda r, k: r.uniform(0.8, 1.5, k),
    "near 100 %": lambda r, k: np.clip(r.normal(98.5, 1.5, k), 0, 100),
    "rare-event %": lambda r, k: 100 * r.binomial(200, r.uniform(0.001, 0.02), k) / 200,
    "rare-event proportions": lambda r, k: r.binomial(50, r.uniform(0.005, 0.05), k) / 50,
    # changing: a rate falling from 5 to 0.05 (or rising) over the series, with noise
    "gradual 100-fold change": lambda r, k: (
        5 * 0.01 ** (np.arange(k) / (k - 1)) * r.lognormal(0, 0.2, k)
    )[:: 1 if r.random() < 0.5 else -1],
    # changing: a ×10 step (0.3 to 3) and a halving, as real improvements are
    "10-fold step": lambda r, k: np.r_[r.normal(0.3, 0.03, k // 2), r.normal(3, 0.3, k - k // 2)],
    "halving": lambda r, k: np.r_[r.normal(0.8, 0.05, k // 2), r.normal(0.4, 0.05, k - k // 2)],
}


def test_rates_of_false_warnings_and_of_switches_found(capsys):
    rates = {name: _rates(make, seed=i) for i, (name, make) in enumerate(SIMULATED.items())}
    found = _rates(_switched, seed=99)
    with capsys.disabled():
        print("\nscale switch: share of 2000 series of 36 points warned")
        for name, rate in rates.items():
            print(f"  {name:26s} {rate:.4f}")
        print(f"  {'switched (truth: all)':26s} {found:.4f}")
    assert all(rate <= 0.001 for rate in rates.values()), rates
    assert found >= 0.99


def test_an_ambition_of_means_names_a_switch_once():
    # the ambition's preparation names it; its SPC view (for the assurance) said it again,
    # with that chart's medians
    d = pd.DataFrame(
        {"ward": "A", "month": MONTHS.append(MONTHS + pd.DateOffset(years=1)), "value": LOW * 4}
    )
    d.loc[d.month >= "2023-04-01", "value"] = HIGH * 2
    said = _said(
        lambda: qi.ambition(
            d,
            y="value",
            x="month",
            by="ward",
            kind="mean",
            change=0.05,
            baseline=("2022-04-01", "2022-09-01"),
            deadline="2024-03-01",
        )
    )
    assert len(said) == 1, said
    assert "in ward='A': median 0.925 before month=2023-04-01, 93.5 from it" in said[0]
