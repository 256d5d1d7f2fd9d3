"""Rules without a direction (Anhøj's few crossings, IHI's runs, Nelson's alternating, hugging,
mixture) set
``signal`` but leave ``variation`` at ``common_cause`` (docs/methods.rst, "Runs analysis"); the
board says so in ``rules_fired`` and ``reason``."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

# 24 points in runs of 5, 5, 5, 5 and 4 on alternating sides of the mean (250 / 24 = 10.42):
# 4 crossings, longest run 5. Anhøj's limits at 24 useful points (qicharts2 vignette, appendix
# 2): crossings at least 8, longest run at most 8. So only "too few crossings" fires.
Y = [12, 11, 13, 12, 11, 8, 9, 7, 8, 9, 12, 13, 11, 12, 13, 8, 7, 9, 8, 9, 12, 11, 13, 12]
MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
UNDIRECTED = {"few_crossings", "runs", "alternating", "hugging", "mixture"}


def clustered(last=None) -> pd.DataFrame:
    y = np.array(Y, dtype=float)
    if last is not None:
        y[-1] = last
    return pd.DataFrame({"measure": "m", "month": MONTHS, "y": y})


def by_hand_limits(y: np.ndarray, screen: bool = False) -> tuple[float, float]:
    """I chart limits; ``screen``: moving ranges at or above 3.267 × their mean left out (the
    board's default, as NHSRplotthedots)."""
    mr = np.abs(np.diff(y))
    if screen:
        mr = mr[mr < 3.267 * mr.mean()]
    return y.mean() - 3 * mr.mean() / 1.128, y.mean() + 3 * mr.mean() / 1.128


def test_few_crossings_alone_signals_every_point_and_labels_none():
    res = qi.spc(clustered(), y="y", x="month", chart="i", rules="anhoej", improvement="increase")
    s = res.summary().iloc[0]
    assert (s.n_crossings, s.n_crossings_min, s.longest_run, s.longest_run_max) == (4, 8, 5, 8)
    assert s.runs_signal
    lo, hi = by_hand_limits(np.array(Y, dtype=float))
    assert lo < min(Y) and max(Y) < hi  # no point beyond the limits
    pts = res.points
    assert pts.few_crossings.all() and not pts.long_run.any() and not pts.outside_limits.any()
    assert pts.signal.all()
    assert (pts.variation == "common_cause").all()  # no direction: no MDC label (documented)
    assert s.variation == "common_cause"


def measures(**kw) -> pd.DataFrame:
    return pd.DataFrame({"measure": ["m"], "chart": ["i"], "improvement": ["increase"], **kw})


def test_board_names_a_rule_without_a_direction_beside_a_common_cause_icon():
    row = qi.board(clustered(), measures(target=[5]), x="month", y="y", rules="anhoej").table()
    row = row.iloc[0]
    assert row.variation == "common_cause"
    assert row.rules_fired == "few crossings"
    assert row.reason.startswith("No special cause with a direction (common cause icon), but ")
    assert "cross the centre line too few times" in row.reason
    assert "the target of 5 is below the lower limit" in row.reason  # assurance still said


def test_board_adds_a_rule_without_a_direction_to_a_special_cause():
    data = clustered(last=20.0)  # still above the mean: 4 crossings; beyond the upper limit
    hi = by_hand_limits(data.y.to_numpy(), screen=True)[1]
    assert hi < 20
    row = qi.board(data, measures(), x="month", y="y", rules="anhoej").table().iloc[0]
    assert row.variation == "improvement_high"
    assert row.rules_fired == "outside the limits, few crossings"
    head = "Special cause improvement: the latest point (20) is above the upper limit ("
    assert row.reason.startswith(head), row.reason
    assert f"({hi:.3g}), and the points cross the centre line too few times" in row.reason


def test_board_without_undirected_rules_reads_as_before():
    """The MDC rules have a direction each: a common cause month reads as common cause."""
    row = qi.board(clustered(), measures(), x="month", y="y").table().iloc[0]
    assert row.rules_fired == "" or "few crossings" not in row.rules_fired
    assert "too few times" not in row.reason


@pytest.mark.parametrize("rules", ["anhoej", "nelson", "ihi", "western_electric", "mdc"])
@pytest.mark.parametrize("improvement", ["increase", "neutral"])
def test_a_label_other_than_common_cause_always_comes_with_a_signal(rules, improvement):
    """The contract, on 300 random series with shifts and drifts: a special-cause label implies
    ``signal``; ``signal`` with ``common_cause`` only when every rule flagging the point has no
    direction."""
    rng = np.random.default_rng(7)
    k, n = 300, 30
    y = rng.normal(10, 1, (k, n)) + rng.choice([0, 0, 1.5], (k, 1)) * (np.arange(n) >= 15)
    y += rng.choice([0, 0.08], (k, 1)) * np.arange(n)
    data = pd.DataFrame({"s": np.repeat(np.arange(k), n), "t": np.tile(np.arange(n), k)})
    data["y"] = y.ravel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.ShortPhaseWarning)
        pts = qi.spc(data, y="y", x="t", by="s", chart="i", rules=rules, improvement=improvement)
    pts = pts.points
    rule_cols = [
        c
        for c in pts.columns
        if pts[c].dtype == bool and c not in ("baseline", "excluded", "signal")
    ]
    labelled = (pts.variation != "common_cause").to_numpy()
    signal = pts.signal.to_numpy()
    assert not (labelled & ~signal).any()
    directed = [c for c in rule_cols if c not in UNDIRECTED]
    unexplained = signal & ~labelled & pts[directed].any(axis=1).to_numpy()
    assert not unexplained.any(), pts[unexplained].head()
    only_undirected = signal & ~labelled
    assert labelled.sum() > 100, labelled.sum()  # the data do have special causes
    if rules in ("anhoej", "nelson", "ihi"):
        assert only_undirected.any()  # and some flagged by a rule without a direction alone
