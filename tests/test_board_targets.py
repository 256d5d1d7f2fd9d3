"""qi.board(targets=...): a target per series (measure × ``by`` group), as NHSRplotthedots'
``ptd_target(A = …, B = …)``: it flows into the icons, the table, the sentence, the HTML, the
points and the panels."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

from .reference.replay import close
from .reference.test_plotthedots_parity import ASSURANCE, PTD, variation

matplotlib.use("Agg")
MDC = Path(__file__).parent / "reference" / "mdc"


def _five_orgs():
    """NHSRplotthedots' five-trust scenario: type 1 breaches faceted by trust, targets
    RAS=100, RJZ=1500, RR1=500, RJC=800 (RQ1 has no data), RJZ rebased at 2017-04-01."""
    pts = pd.read_csv(MDC / "ptd_reference_points.csv", parse_dates=["x"])
    out = pts[pts.scenario == "five_orgs_facet_target_rebase"].reset_index(drop=True)
    icons = pd.read_csv(MDC / "ptd_reference_icons.csv")
    icons = icons[icons.scenario == "five_orgs_facet_target_rebase"].set_index("f")
    return out, icons


def test_targets_per_trust_reproduce_nhsrplotthedots_facets():
    out, icons = _five_orgs()
    # the board rebases a measure, not a trust: RJZ's rebased series is a measure of its own
    # (two measures, one targets table for both)
    data = out[["f", "x", "y"]].assign(
        measure=np.where(out.f == "RJZ", "breaches_rebased", "breaches")
    )
    measures = pd.DataFrame(
        {
            "measure": ["breaches", "breaches_rebased"],
            "improvement": "decrease",
            "rebase": [None, ["2017-04-01"]],
        }
    )
    targets = pd.DataFrame(
        {
            "measure": ["breaches"] * 4 + ["breaches_rebased"],
            "f": ["RAS", "RR1", "RJC", "RQ1", "RJZ"],
            "target": [100, 500, 800, 300, 1500],
        }
    )
    given = (data.copy(), measures.copy(), targets.copy())
    with pytest.warns(qi.NoDataWarning, match=r"1 of 5 targets .*measure 'breaches', f='RQ1'"):
        report = qi.board(
            data, measures, x="x", y="y", by="f", targets=targets, rules=PTD, min_points=0
        )
    for before, after in zip(given, (data, measures, targets), strict=True):
        pd.testing.assert_frame_equal(before, after)  # inputs never modified
    t = report.table().set_index("f").loc[["RAS", "RJC", "RJZ", "RR1"]]
    assert t.target.tolist() == [100, 800, 1500, 500]
    assert t.assurance.tolist() == [ASSURANCE[a] for a in icons.loc[t.index, "assurance_type"]]
    assert t.variation.tolist() == icons.loc[t.index, "variation_icon"].tolist()
    assert t.variation.tolist() == [
        variation(pt, "decrease") for pt in icons.loc[t.index, "variation_point_type"]
    ]
    # the points: NHSRplotthedots' target, centre and limits at every point
    pts = report.points.sort_values(["f", "x"]).reset_index(drop=True)
    ref = out.sort_values(["f", "x"]).reset_index(drop=True)
    assert (pts.target.to_numpy() == ref.target.to_numpy()).all()
    for ours, theirs_col in [("cl", "mean_col"), ("lcl", "lpl"), ("ucl", "upl")]:
        assert close(pts[ours], ref[theirs_col]).all(), ours


def _limits(values: np.ndarray) -> tuple[float, float]:
    """XmR process limits by hand: mean ± 2.66 × mean moving range, the moving ranges
    screened once (those at or above 3.267 × their mean dropped), as NHSRplotthedots."""
    mr = np.abs(np.diff(values))
    mr = mr[mr < 3.267 * mr.mean()]
    return values.mean() - 2.66 * mr.mean(), values.mean() + 2.66 * mr.mean()


def _assurance(target: float, lo: float, hi: float, good: int) -> str | None:
    if np.isnan(target):
        return None
    if target < lo:
        return "pass" if good > 0 else "fail"
    if target > hi:
        return "fail" if good > 0 else "pass"
    return "hit_or_miss"


def test_assurance_per_site_against_limits_by_hand():
    """Three sites of two measures, each site its own target (one left at the measure's, one
    with no target at all), the rebased measure's assurance from its last phase only."""
    rng = np.random.default_rng(7)
    months = pd.date_range("2022-01-01", periods=30, freq="MS")
    level = {"A": 50.0, "B": 70.0, "C": 90.0}
    rows = []
    for site, mu in level.items():
        for meas, step in (("harm_free", 0.0), ("waits", 15.0)):
            shift = np.where(np.arange(30) >= 15, step, 0.0)  # waits: a new level from month 16
            y = np.round(mu + shift + rng.normal(0, 3, 30), 1)
            rows.append(pd.DataFrame({"measure": meas, "site": site, "month": months, "v": y}))
    data = pd.concat(rows, ignore_index=True)
    measures = pd.DataFrame(
        {
            "measure": ["harm_free", "waits"],
            "improvement": ["increase", "decrease"],
            "target": [60.0, 80.0],
            "rebase": [None, [months[15]]],
        }
    )
    targets = pd.DataFrame(
        {
            "measure": ["harm_free", "harm_free", "waits", "waits"],
            "site": ["A", "C", "A", "B"],
            "target": [40.0, 95.0, 100.0, None],  # waits at B: no target; B's harm_free: 60
        }
    )
    report = qi.board(data, measures, x="month", y="v", by="site", targets=targets)
    t = report.table()
    want_target = {
        ("harm_free", "A"): 40.0,
        ("harm_free", "B"): 60.0,
        ("harm_free", "C"): 95.0,
        ("waits", "A"): 100.0,
        ("waits", "B"): np.nan,
        ("waits", "C"): 80.0,
    }
    for _, row in t.iterrows():
        key = (row.measure, row.site)
        sub = data[(data.measure == row.measure) & (data.site == row.site)].v.to_numpy()
        if row.measure == "waits":
            sub = sub[15:]  # the last phase
        lo, hi = _limits(sub)
        good = 1 if row.measure == "harm_free" else -1
        assert np.isclose(row.lcl, lo) and np.isclose(row.ucl, hi), key
        assert np.isclose(row.target, want_target[key], equal_nan=True), key
        assert row.assurance == _assurance(want_target[key], lo, hi, good), (key, lo, hi)
        if np.isnan(want_target[key]):
            assert "target" not in row.reason
        else:
            assert f"the target of {want_target[key]:g}" in row.reason, row.reason
    # every point of a series carries its own target
    got = report.points.groupby(["measure", "site"], observed=True).target.agg(["min", "max"])
    for key, value in want_target.items():
        assert np.allclose(got.loc[key], value, equal_nan=True), key
    # the icons the hand calculation gives: one of each kind at least
    assert set(t.assurance.dropna()) == {"pass", "fail", "hit_or_miss"}


def test_site_targets_reach_the_html_and_each_panel():
    months = pd.date_range("2023-01-01", periods=15, freq="MS")
    data = pd.DataFrame(
        {
            "measure": "falls",
            "ward": np.repeat(["Oak", "Elm"], 15),
            "month": list(months) * 2,
            "v": np.tile([9.0, 11.0, 10.0], 10),
        }
    )
    measures = pd.DataFrame({"measure": ["falls"], "improvement": ["decrease"], "target": [12]})
    targets = pd.DataFrame({"measure": ["falls"], "ward": ["Elm"], "target": [3.5]})
    report = qi.board(data, measures, x="month", y="v", by="ward", targets=targets)
    rows = report.to_html().split('<tr class="qistats-main">')[1:]
    cells = {
        re.search(r"<td>(\w+)</td>", r).group(1): re.findall(r'qistats-num">([^<]*)<', r)
        for r in rows
    }
    # value, target: the values (9, 11, 10) are whole numbers, counts, so the value is whole
    assert cells == {"Elm": ["10", "3.5"], "Oak": ["10", "12"]}, cells
    fig = report.plot(ncols=2)
    try:
        drawn = {}
        for a in fig.axes:
            lines = [ln for ln in a.lines if ln.get_gid() == "target"]
            if lines:
                drawn[a.get_title(loc="left")] = set(np.asarray(lines[0].get_ydata(), float))
        assert drawn == {"Oak": {12.0}, "Elm": {3.5}}, drawn
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def _small():
    months = pd.date_range("2023-01-01", periods=4, freq="MS")
    data = pd.DataFrame(
        {"measure": "falls", "site": np.repeat(["A", "B"], 4), "m": list(months) * 2, "v": 1.0}
    )
    return data, pd.DataFrame({"measure": ["falls"], "improvement": ["decrease"]})


@pytest.mark.parametrize(
    ("targets", "error", "match"),
    [
        (
            pd.DataFrame({"measure": ["Falls"], "site": ["A"], "target": [3]}),
            qi.DataError,
            r"targets: row with index label 0 has measure='Falls', which is not in the measures "
            r"table\. Did you mean 'falls'",
        ),
        (
            pd.DataFrame({"measure": ["falls"] * 3, "site": ["A", "B", "A"], "target": [3, 4, 5]}),
            qi.DataError,
            r"site='A' has 2 rows \(rows with index labels 0, 2\); give each series",
        ),
        (
            pd.DataFrame({"measure": ["falls"] * 2, "site": ["A", "B"], "target": [3, "4%"]}),
            qi.DataError,
            r"row with index label 1 \(measure='falls', site='B'\) has target '4%' \(text\); "
            r"expected a number",
        ),
        (
            pd.DataFrame({"measure": ["falls"], "ward": ["A"], "target": [3]}),
            qi.ColumnError,
            r"site",
        ),
        ("targets.csv", qi.QIStatsError, r"targets"),
    ],
)
def test_bad_targets_are_named(targets, error, match):
    data, measures = _small()
    with pytest.raises(error, match=match):
        qi.board(data, measures, x="m", y="v", by="site", targets=targets, min_points=0)


def test_targets_need_by():
    data, measures = _small()
    targets = pd.DataFrame({"measure": ["falls"], "site": ["A"], "target": [3]})
    with pytest.raises(qi.ArgumentError, match=r"targets: a target per series needs by="):
        qi.board(data, measures, x="m", y="v", targets=targets, min_points=0)


def test_targets_match_numbers_and_categories_of_the_data():
    """A by column of integers matched by floats, and a Categorical with unused levels."""
    data, measures = _small()
    data = data.assign(site=np.where(data.site == "A", 1, 2))
    targets = pd.DataFrame({"measure": ["falls"], "site": [2.0], "target": [0.5]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = qi.board(data, measures, x="m", y="v", by="site", targets=targets, min_points=0)
    assert t.table().target.tolist()[1] == 0.5 and np.isnan(t.table().target.iloc[0])
    data = data.assign(site=pd.Categorical(data.site.map({1: "A", 2: "B"}), ["A", "B", "Z"]))
    targets = pd.DataFrame({"measure": ["falls"], "site": ["B"], "target": [0.5]})
    t = qi.board(data, measures, x="m", y="v", by="site", targets=targets, min_points=0)
    assert t.table().set_index("site").target.loc["B"] == 0.5


def test_site_assurance_simulation_known_truth():
    """200 sites of 24 stable months (mean 50, sd 5, so limits near 50 ± 15): a target 30
    below the mean (beyond the lower limit) passes an 'increase' measure, 30 above it fails,
    at the mean it is hit or miss. Most sites must get the icon of their truth."""
    rng = np.random.default_rng(11)
    k, t = 200, 24
    truth = np.array(["pass", "fail", "hit_or_miss", "pass"] * (k // 4))
    offset = pd.Series(truth).map({"pass": -30.0, "fail": 30.0, "hit_or_miss": 0.0})
    months = pd.date_range("2022-01-01", periods=t, freq="MS")
    data = pd.DataFrame(
        {
            "measure": "m",
            "site": np.repeat(np.arange(k), t),
            "month": np.tile(months, k),
            "v": rng.normal(50, 5, k * t),
        }
    )
    measures = pd.DataFrame({"measure": ["m"], "improvement": ["increase"]})
    targets = pd.DataFrame({"measure": "m", "site": np.arange(k), "target": 50 + offset})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        got = qi.board(data, measures, x="month", y="v", by="site", targets=targets).table()
    wrong = (got.assurance.to_numpy() != truth).mean()
    assert wrong < 0.02, f"{wrong:.3f} of sites got an assurance icon other than the truth"
