"""Long phase names are shortened by whole words to their phase's room (trial 6b C8)."""

import itertools
import warnings

import numpy as np
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

NAMES = [
    "Baseline before the programme",
    "PDSA cycle 1: safety huddles",
    "PDSA cycle 2: debriefs",
    "Sustain",
]


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
@pytest.mark.parametrize("figsize", [None, (6.0, 3.5)])
def test_phase_names_never_overlap_and_keep_whole_words(style, figsize):
    df = qi.datasets.restrictive_practice()
    w = df[df.ward == "BRI3"].copy()
    w["stage"] = np.select(
        [w.month < "2021-04-01", w.month < "2022-01-01", w.month < "2023-01-01"],
        NAMES[:3],
        NAMES[3],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = qi.spc(w, y="restraints", n="bed_days", x="month", chart="xmr", phase="stage")
    fig = res.plot(style=style, figsize=figsize)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    (ax,) = [a for a in fig.axes if any(t.get_gid() == "phase_label" for t in a.texts)]
    labels = sorted(
        (t for t in ax.texts if t.get_gid() == "phase_label"), key=lambda t: t.get_position()[0]
    )
    assert len(labels) == 4
    shown = [t for t in labels if t.get_visible()]
    boxes = [t.get_window_extent(r) for t in shown]
    for a, b in itertools.pairwise(boxes):
        assert a.x1 < b.x0
    assert boxes[-1].x1 <= ax.get_window_extent(r).x1
    for t, name in zip(labels, NAMES, strict=True):
        text = t.get_text()
        if text != name:  # shortened: whole words of the name, then "…"
            assert text.endswith("…")
            body = text[:-1]
            assert name.startswith(body) and (name[len(body)] in " :" or len(body) <= 3)
    if figsize is None:
        assert labels[0].get_text() == NAMES[0]  # room enough: in full
        assert labels[1].get_text() != NAMES[1]  # too long for its nine months
