"""FunnelResult.plot(labels=...): which units are named, and the note saying how many outliers
carry no label (trial 6b C3: 31 outliers then, 12 labelled, silently). Checked on the figure's texts
and their bounding boxes."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from scipy import stats

import qistats as qi

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def trial():
    """The trial's call: the bundled data's last year, unadjusted (30 outliers of 49 wards)."""
    df = qi.datasets.restrictive_practice()
    return qi.funnel(
        df,
        y="restraints",
        n="bed_days",
        unit="ward",
        kind="rate",
        multiply=1000,
        x="month",
        period=("2023-04-01", "2024-03-01"),
        adjust=False,
    )


def _texts(fig, gid):
    return [t for a in fig.axes for t in a.texts if t.get_gid() == gid]


def _boxes(fig, texts):
    """The texts' own boxes (an annotation's extent would include its leader line)."""
    r = fig.canvas.get_renderer()
    for t in texts:
        if hasattr(t, "update_positions"):  # an annotation: its text placed at its offset
            t.update_positions(r)
    return [Text.get_window_extent(t, r) for t in texts]


def _unit_points(ax):
    return np.vstack(
        [
            ax.transData.transform(c.get_offsets())
            for c in ax.collections
            if str(c.get_gid()).startswith(("units", "outliers_"))
        ]
    )


def _unlabelled_note(fig, units):
    """The note says how many outliers are not labelled and, when up to 3 were left out for
    want of room, which, the most extreme first (trial 11 item 9)."""
    named = {t.get_text() for t in _texts(fig, "outlier_label")}
    out = units[units["outlier"]]
    left = out.loc[~out["ward"].isin(named)].sort_values("z", key=abs, ascending=False)
    notes = [t.get_text() for t in _texts(fig, "unlabelled")]
    k = len(left)
    want = [f"{k} more outlier{'s' if k != 1 else ''} not labelled"] if k else []
    if 0 < k <= 3:
        want = [f"{want[0]}: {', '.join(left['ward'])}"]
    assert notes == want


def test_every_outlier_is_labelled_by_default_as_funnelplotr(trial):
    """Every outlier a label can be placed for without covering a unit or another label (27
    of the 30 here: in the tight cluster near n 4,600 a label would sit nearer another outlier
    than its own, and is left out), and a note for those left out."""
    out = trial.units.loc[trial.units["outlier"], "ward"]
    assert len(out) == 30
    # the outliers are the wards whose year's count is in a 0.1 % Poisson tail at the target
    mu = trial.target / 1000 * trial.units["n"].to_numpy()
    o = trial.units["y"].to_numpy()
    tail = (stats.poisson.cdf(o, mu) < 0.001) | (stats.poisson.sf(o - 1, mu) < 0.001)
    assert set(out) == set(trial.units.loc[tail, "ward"])
    fig = trial.plot()
    (ax,) = [a for a in fig.axes if a.get_visible()]
    labels = _texts(fig, "outlier_label")
    named = [t.get_text() for t in labels]
    assert set(named) <= set(out) and len(set(named)) == len(named) >= 27
    _unlabelled_note(fig, trial.units)
    boxes = _boxes(fig, labels + _texts(fig, "unlabelled"))
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))
    points = _unit_points(ax)
    half = np.sqrt(34) / 2 * fig.dpi / 72
    for b in boxes:  # no label covers a unit's marker
        near = (np.abs(points[:, 0] - np.clip(points[:, 0], b.x0, b.x1)) < half) & (
            np.abs(points[:, 1] - np.clip(points[:, 1], b.y0, b.y1)) < half
        )
        assert not near.any()


def test_a_label_on_a_leader_line_is_kept():
    """Unit A sits inside a ring of 12 units, so its label can only go further out, on a
    leader line. The annotation's extent includes the leader, which reaches A's own marker by
    design; it once counted as covering a marker, and the label was dropped (EAS1 in the
    bundled data's last month, "1 more outlier not labelled")."""
    rng = np.random.default_rng(0)
    ring = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    n = np.r_[1000.0, 1000 + 25 * np.cos(ring), rng.uniform(300, 3000, 30)]
    y = np.r_[10.0, 10 + 2.5 * np.sin(ring), rng.poisson(0.01 * rng.uniform(300, 3000, 30))]
    names = ["A"] + [f"R{i}" for i in range(12)] + [f"U{i}" for i in range(30)]
    d = pd.DataFrame({"u": names, "y": y, "n": n})
    res = qi.funnel(d, y="y", n="n", unit="u", kind="rate", multiply=1000, adjust=False)
    fig = res.plot(labels=["A"])
    (ax,) = [a for a in fig.axes if a.get_visible()]
    (label,) = _texts(fig, "unit_label")
    assert label.get_text() == "A" and label.arrow_patch is not None  # on a leader line
    points = _unit_points(ax)
    half = np.sqrt(34) / 2 * fig.dpi / 72
    (b,) = _boxes(fig, [label])  # the text covers no unit's marker
    near = (np.abs(points[:, 0] - np.clip(points[:, 0], b.x0, b.x1)) < half) & (
        np.abs(points[:, 1] - np.clip(points[:, 1], b.y0, b.y1)) < half
    )
    assert not near.any()


def test_each_label_is_nearer_its_own_unit_than_any_other_outlier():
    """Trial 10 EYES 6: 120 sites, 25 outliers; 'Site 003' (a low outlier at n 4,777) was named
    beside the high outlier Site 116, its leader line crossing the funnel. A reader names the
    unit next to a label, so each label's nearest outlier must be its own."""
    rng = np.random.default_rng(1)
    n = rng.integers(500, 5000, 120)
    y = rng.poisson(0.01 * n * np.exp(rng.normal(0, 0.5, 120)))
    d = pd.DataFrame({"site": [f"Site {i:03d} Hospital" for i in range(120)], "y": y, "n": n})
    res = qi.funnel(d, y="y", n="n", unit="site", kind="rate", multiply=1000, adjust=False)
    fig = res.plot()
    (ax,) = [a for a in fig.axes if a.get_visible()]
    out = res.units[res.units["outlier"]].set_index("site")
    at = ax.transData.transform(out[["n", "value"]].to_numpy(dtype=float))
    labels = _texts(fig, "outlier_label")
    assert len(labels) >= 10
    for t, b in zip(labels, _boxes(fig, labels), strict=True):
        dx = np.maximum(np.maximum(b.x0 - at[:, 0], at[:, 0] - b.x1), 0)
        dy = np.maximum(np.maximum(b.y0 - at[:, 1], at[:, 1] - b.y1), 0)
        nearest = out.index[int(np.argmin(np.hypot(dx, dy)))]
        assert nearest == t.get_text()
    left = len(out) - len(labels)
    # (up to 3 short names are listed after a colon)
    assert [t.get_text().split(":")[0] for t in _texts(fig, "unlabelled")] == (
        [f"{left} more outlier{'s' * (left != 1)} not labelled"] if left else []
    )


def test_a_count_labels_the_most_extreme_and_says_how_many_are_not(trial):
    fig = trial.plot(labels=12)
    (ax,) = [a for a in fig.axes if a.get_visible()]
    labels = _texts(fig, "outlier_label")
    z = trial.units.loc[trial.units["outlier"]].set_index("ward")["z"].abs()
    assert {t.get_text() for t in labels} == set(z.nlargest(12).index)
    (note,) = _texts(fig, "unlabelled")
    assert note.get_text() == "18 more outliers not labelled"
    box = _boxes(fig, [note])[0]
    assert ax.get_window_extent().contains(box.x0, box.y0)
    assert ax.get_window_extent().contains(box.x1, box.y1)
    assert box.count_contains(_unit_points(ax)) == 0  # covers no unit
    assert not any(box.overlaps(b) for b in _boxes(fig, labels))


def test_a_list_names_those_units_outliers_or_not(trial):
    inside = trial.units.loc[~trial.units["outlier"], "ward"].iloc[0]
    fig = trial.plot(labels=["ASH1", inside])
    assert [t.get_text() for t in _texts(fig, "outlier_label")] == ["ASH1"]
    assert [t.get_text() for t in _texts(fig, "unit_label")] == [inside]
    assert [t.get_text() for t in _texts(fig, "unlabelled")] == ["29 more outliers not labelled"]


def test_all_none_and_zero(trial):
    fig = trial.plot(labels="all")
    named = [t.get_text() for t in _texts(fig, "outlier_label") + _texts(fig, "unit_label")]
    assert set(named) <= set(trial.units["ward"]) and len(set(named)) == len(named) >= 40
    _unlabelled_note(fig, trial.units)
    for off in (None, False):
        fig = trial.plot(labels=off)
        assert not _texts(fig, "outlier_label") and not _texts(fig, "unlabelled")
    fig = trial.plot(labels=0)
    assert [t.get_text() for t in _texts(fig, "unlabelled")] == ["30 outliers not labelled"]


def test_a_note_per_panel_with_by_groups():
    df = qi.datasets.restrictive_practice()
    res = qi.funnel(
        df,
        y="restraints",
        n="bed_days",
        unit="ward",
        kind="rate",
        x="month",
        by="trust",
        period=("2023-04-01", "2024-03-01"),
        adjust=False,
    )
    fig = res.plot(labels=1)
    per_trust = res.summary().set_index("trust")["n_outliers"]
    notes = {
        a.get_title(loc="left").split(":")[0]: t.get_text()
        for a in fig.axes
        for t in a.texts
        if t.get_gid() == "unlabelled"
    }
    want = {
        k: f"{v - 1} more outlier{'s' if v != 2 else ''} not labelled"
        for k, v in per_trust.items()
        if v > 1
    }
    assert notes == want


@pytest.mark.parametrize(
    ("labels", "match"),
    [
        ("ASH 1", r"labels='ASH 1': expected 'auto', 'outliers', 'all'.*did you mean \['ASH1'\]"),
        (["ash1"], r"'ash1' is not a unit of the funnel; did you mean 'ASH1'"),
        (-1, r"labels=-1: expected a number of outliers >= 0"),
        (2.5, r"labels=2.5: expected 'auto', 'outliers', 'all'"),
    ],
)
def test_bad_labels(trial, labels, match):
    with pytest.raises(qi.ArgumentError, match=match):
        trial.plot(labels=labels)


def _three_low_trusts():
    """Trial 11 item 9 (repro 04): three low outliers in a ``pr`` funnel of 60 trusts; Trust 00
    (73.9 %, z -20.1) and Trust 01 (75.7 %, z -18.6) have n of 1,630 and 1,652."""
    rng = np.random.default_rng(5)
    k = 60
    n = np.exp(rng.uniform(np.log(40), np.log(4000), k)).round()
    p = np.full(k, 0.92)
    p[:3] = 0.75
    y = rng.binomial(n.astype(int), p)
    names = [f"Trust {i:02d} NHS Foundation Trust" for i in range(k)]
    return qi.funnel(
        pd.DataFrame({"trust": names, "y": y, "n": n}),
        y="y",
        n="n",
        unit="trust",
        kind="pr",
        multiply=100,
    )


def test_the_most_extreme_outlier_is_named_on_its_free_side():
    """The label above Trust 00 sat nearer Trust 01 than Trust 00 and was dropped, so the
    milder Trust 01 was named and the most extreme not. A low outlier's label is now tried
    below it first, and the most extreme are placed first."""
    res = _three_low_trusts()
    out = res.units[res.units["outlier"]].set_index("trust")
    assert out["z"].idxmin() == "Trust 00 NHS Foundation Trust" and len(out) == 3
    fig = res.plot(improvement="increase")
    (ax,) = [a for a in fig.axes if a.get_visible()]
    labels = {t.get_text(): t for t in _texts(fig, "outlier_label")}
    assert set(labels) == set(out.index)  # all three named
    assert not _texts(fig, "unlabelled")
    fig.canvas.draw()
    (box,) = _boxes(fig, [labels["Trust 00 NHS Foundation Trust"]])
    px, py = ax.transData.transform(out.loc["Trust 00 NHS Foundation Trust", ["n", "value"]])
    assert box.y1 < py  # below its marker, the free side
    assert box.x0 < px < box.x1


def test_a_label_left_out_is_named_in_the_note():
    """Where a label cannot be placed (a narrow panel: Trust 00's long name fits neither
    below nor left of it, and to its right it would sit nearer Trust 01), the note names the
    units left out, not only their number, when they are few."""
    res = _three_low_trusts()
    fig = res.plot(figsize=(4, 3), legend=False)
    named = {t.get_text() for t in _texts(fig, "outlier_label")}
    out = res.units[res.units["outlier"]]
    left = out.loc[~out["trust"].isin(named)].sort_values("z")
    assert list(left["trust"]) == ["Trust 00 NHS Foundation Trust"]
    (note,) = [t.get_text() for t in _texts(fig, "unlabelled")]
    assert note == "1 more outlier not labelled: Trust 00 NHS Foundation Trust"


def _crowded_trusts() -> pd.DataFrame:
    """Six trusts of 11 to 120 wards, rates overdispersed by a lognormal of sd up to 0.6:
    panels of 2 to 57 outliers, some with no free corner for the note."""
    rng = np.random.default_rng(108)
    parts = []
    for g in range(6):
        k = int(rng.integers(11, 120))
        lo = rng.uniform(50, 3000)
        n = rng.uniform(lo, lo * rng.choice([1.1, 3, 30]), k)
        y = rng.poisson(n * 0.02 * rng.lognormal(0, rng.uniform(0.05, 0.6), k))
        names = [f"Ward {i:03d}" for i in range(k)]
        parts.append(pd.DataFrame({"ward": names, "y": y, "n": n, "trust": f"T{g}"}))
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("figsize", [None, (12, 8), (8, 6), (6, 4)])
def test_the_note_counts_every_outlier_without_a_visible_label(figsize):
    """Drawn labels against outliers, panel by panel: the note's number is the outliers with no
    label a reader can see, and no label is under the note. With no free corner the note went
    over a label, which then read as named but was hidden (trial 23: "2 more outliers not
    labelled" over the label of a third)."""
    res = qi.funnel(
        _crowded_trusts(), y="y", n="n", unit="ward", kind="rate", multiply=1000, by="trust",
        adjust=False,
    )  # fmt: skip
    fig = res.plot(figsize=figsize)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    for ax in (a for a in fig.axes if a.get_visible()):
        trust = ax.get_title(loc="left").split(":")[0]
        units = res.units[res.units["trust"] == trust]
        labels = [t for t in ax.texts if str(t.get_gid()).startswith("outlier_label")]
        notes = [t for t in ax.texts if t.get_gid() == "unlabelled"]
        for note in notes:  # a note hides no label
            box = Text.get_window_extent(note, r)
            assert not any(box.overlaps(b) for b in _boxes(fig, labels)), trust
        named = {t.get_text() for t in labels}
        out = units.loc[units["outlier"], "ward"]
        left = int((~out.isin(named)).sum())
        said = [int(t.get_text().split(" ")[0]) for t in notes]
        assert said == ([left] if left else []), (trust, len(out), len(named))


@pytest.mark.parametrize("figsize", [(6, 4), (8, 6)])
@pytest.mark.parametrize("grid", [True, False])
def test_labels_are_placed_on_the_layout_they_are_drawn_on(figsize, grid):
    """At a small explicit figsize the title, axis labels and legend, added after the labels
    and the note were placed, made the layout engine shrink the panels at draw time (a single
    panel from 73 to 55 px high), so a note could land over a label (FUNNELUX, left alone;
    in the six-trust grid at (6, 4) two labels were under a note, at (8, 6) labels sat over
    each other and the titles wrapped to three lines). Now they are placed last, on the final
    layout, and do not move it: the panels and every label stay where they were placed."""
    data = _crowded_trusts()
    if not grid:
        data = data[data["trust"] == "T1"]
    res = qi.funnel(
        data, y="y", n="n", unit="ward", kind="rate", multiply=1000,
        by="trust" if grid else None, adjust=False,
    )  # fmt: skip
    fig = res.plot(figsize=figsize)
    axes = [a for a in fig.axes if a.get_visible()]
    texts = [t for a in axes for t in a.texts if t.get_gid() in ("outlier_label", "unlabelled")]
    assert texts  # the premise: something was placed
    placed_axes = [a.get_position().bounds for a in axes]
    placed = [b.extents for b in _boxes(fig, texts)]
    fig.canvas.draw()
    np.testing.assert_allclose([a.get_position().bounds for a in axes], placed_axes, atol=1e-4)
    np.testing.assert_allclose([b.extents for b in _boxes(fig, texts)], placed, atol=0.5)
    r = fig.canvas.get_renderer()
    for a in axes:
        labels = [t for t in a.texts if t.get_gid() == "outlier_label"]
        boxes = _boxes(fig, labels)
        panel = a.get_window_extent(r)
        for note in (t for t in a.texts if t.get_gid() == "unlabelled"):
            box = Text.get_window_extent(note, r)
            assert not any(box.overlaps(b) for b in boxes)
            # within its panel's width: the names wrap ("… not labelled:\nWard 007, Ward 005")
            assert panel.x0 - 1 <= box.x0 and box.x1 <= panel.x1 + 1, note.get_text()
        for b1, b2 in itertools.combinations(boxes, 2):
            assert not b1.overlaps(b2)
    matplotlib.pyplot.close(fig)
