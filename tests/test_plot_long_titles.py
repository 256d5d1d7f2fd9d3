"""Panel titles of real-length NHS trust names are shortened with "…" to fit their panel, clear
of its icons and of the next panel (trial 10 EYES 7: each title ran over the next panel's title
and icons). Checked on the drawn boxes."""

from __future__ import annotations

import itertools
import warnings

import matplotlib
import pytest

import qistats as qi

matplotlib.use("Agg")

SUFFIX = " Mental Health and Learning Disabilities NHS Foundation Trust"


@pytest.mark.parametrize("ncols", [2, 3])
def test_long_panel_titles_fit_their_panels(ncols):
    ss = qi.datasets.sexual_safety()
    ss["trust"] = ss["trust"] + SUFFIX
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIStatsWarning)
        res = qi.spc(
            ss,
            y="felt_safe",
            n="asked",
            x="month",
            by="trust",
            chart="p",
            multiply=100,
            rules="mdc",
            improvement="increase",
            target=80,
        )
    trusts = sorted(ss["trust"].unique())[:6]
    fig = res.plot(series=trusts, ncols=ncols)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    axes = [a for a in fig.axes if a.get_visible() and a.get_title(loc="left")]
    assert len(axes) == 6
    boxes = []
    for a, trust in zip(axes, trusts, strict=True):
        title = a._left_title
        text = title.get_text()
        # wrapped at spaces to three lines before any "…" (trial 17 #10b)
        assert text.count("\n") <= 2
        joined = " ".join(text.split("\n"))
        if joined.endswith("…"):
            assert trust.startswith(joined[:-1].rstrip())
        else:
            assert joined == trust
        assert len(text) > len(trust.split(" ")[0])  # keeps at least the trust's first word
        box = title.get_window_extent(r)
        icons = [
            c.get_window_extent(r) for c in a.get_children() if str(c.get_gid()).startswith("icon_")
        ]
        right = min([b.x0 for b in icons], default=a.get_window_extent(r).x1)
        assert box.x1 <= right + 0.5
        boxes.append(box)
        boxes.extend(icons)
    for b, c in itertools.combinations(boxes, 2):
        assert not b.overlaps(c) or (b.x0 == c.x0 and b.y0 == c.y0)
