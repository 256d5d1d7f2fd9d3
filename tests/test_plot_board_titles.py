"""Board panel titles: long measure names wrap at spaces, are shortened by whole words, and keep
their unit; checked on the drawn titles (renderer boxes) at several panel counts."""

import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from qistats.plot.board import fit_title  # noqa: E402

MEASURES = {
    "rp": (
        "Restrictive interventions per 1,000 occupied bed days on adult acute wards",
        "per 1,000",
    ),
    "ae": (
        "Percentage of patients seen within four hours of arrival at the emergency "
        "department, all types",
        "%",
    ),
    "obd": ("Restrictive incidents per 1,000 OBD", "per 1,000"),
    "fa": ("Falls", "per 1,000 bed days"),
}


def _board(measures, wards):
    months = pd.date_range("2022-04-01", periods=18, freq="MS")
    rng = np.random.default_rng(4)
    rows = [
        pd.DataFrame({"measure": m, "ward": w, "month": months, "value": rng.poisson(8, 18) + 1.0})
        for m in measures
        for w in wards
    ]
    table = pd.DataFrame(
        {
            "measure": measures,
            "name": [MEASURES[m][0] for m in measures],
            "unit": [MEASURES[m][1] for m in measures],
        }
    )
    return qi.board(pd.concat(rows), table, x="month", y="value", by="ward")


def _check_words(line_words, name):
    """Every word drawn is a whole word of the name (a cut one only before "…")."""
    words = name.split()
    for w in line_words:
        if w.endswith("…"):  # "department…" of "department,": its comma dropped
            assert w[:-1] in [v.rstrip(",;:-–—") for v in words], f"word cut mid-way: {w!r}"
        else:
            assert w in words, f"not a whole word of the name: {w!r}"


@pytest.mark.parametrize(
    ("measures", "wards", "options"),
    [
        (["rp"], 1, {}),  # one wide panel
        (["rp", "ae", "obd", "fa"], 2, {}),  # 8 panels, 3 columns
        (["rp", "ae"], 3, {"figsize": (7.5, 5.5)}),  # 6 narrow panels
        (["rp", "ae", "obd", "fa"], 5, {"ncols": 7}),  # 20 panels: the layout without the engine
    ],
)
def test_long_names_wrap_keep_whole_words_and_the_unit_inside_the_panel(measures, wards, options):
    report = _board(measures, [f"Ward {i}" for i in range(wards)])
    fig = report.plot(**options)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == len(measures) * wards
    boxes = [a.get_window_extent(r) for a in panels]
    table = report.table()
    for a, box, (_, row) in zip(panels, boxes, table.iterrows(), strict=True):
        title = a._left_title
        lines = title.get_text().split("\n")
        assert lines[-1] == row["ward"]  # the group in full, on its own line
        assert 1 <= len(lines) - 1 <= 3, lines  # three before "…" (trial 17 #10b)
        measure = " ".join(lines[:-1])
        name, unit = MEASURES[row["measure"]]
        shown_unit = f"({unit})"
        if re.search(rf"(?<!\w){re.escape(unit)}(?!\w)", name) and "…" not in measure:
            # "... per 1,000 OBD" is not followed by a redundant "(per 1,000)"
            assert shown_unit not in measure
            body = measure
        else:
            assert measure.endswith(" " + shown_unit), measure  # the unit kept whole
            body = measure[: -len(shown_unit) - 1]
        _check_words(body.split(), name)
        if "…" not in body:
            assert body == name
        assert "1,00…" not in measure and not re.search(r"\d…", measure)
        tbox = title.get_window_extent(r)
        assert box.x0 - 1 <= tbox.x0 and tbox.x1 <= box.x1 + 1, (title.get_text(), tbox, box)
        for other in boxes:
            if other is not box:
                assert not tbox.overlaps(other), title.get_text()
        for icon in (c for c in a.get_children() if (c.get_gid() or "").startswith("icon")):
            assert not tbox.overlaps(icon.get_window_extent(r)), title.get_text()


def test_the_trial_title_is_no_longer_cut_before_its_unit():
    fig = _board(["obd", "rp"], ["Ash", "Birch", "Cedar", "Damson", "Elm"]).plot()
    titles = [a.get_title(loc="left") for a in fig.axes if a.get_visible()]
    assert titles[0] == "Restrictive incidents per 1,000 OBD\nAsh"
    # the long name wraps to two lines at a space and keeps every word (it says its unit)
    assert titles[5].replace("\n", " ") == (
        "Restrictive interventions per 1,000 occupied bed days on adult acute wards Ash"
    )


def test_fit_title_by_hand():
    # 20 characters a line (9.5 pt font at 0.56 em: 106.4 pt / 5.32 pt)
    width = 20 * 0.56 * 9.5 + 0.1
    assert fit_title("Falls", width, 9.5, unit="per 1,000") == "Falls (per 1,000)"
    assert fit_title("Falls with harm per bed", width, 9.5, unit="per 1,000") == (
        "Falls with harm per\nbed (per 1,000)"
    )
    # too long for two lines: whole words dropped (not ending on "of"), "…" then the unit
    long = "Incidents of restraint per 1,000 occupied bed days"
    assert fit_title(long, width, 9.5, unit="per 1,000 OBD", lines=2) == (
        "Incidents…\n(per 1,000 OBD)"
    )
    # by default a third line before any word is dropped (trial 17 #10b: "…within four…")
    assert fit_title("Seen within four hours of arrival at A&E", width, 9.5, unit="%") == (
        "Seen within four\nhours of arrival at\nA&E (%)"
    )
    assert fit_title(long, width, 9.5, unit="per 1,000 OBD") == (
        "Incidents of\nrestraint…\n(per 1,000 OBD)"
    )
    assert fit_title("Seen within four hours, England", width, 9.5, lines=1) == "Seen within four…"
    assert fit_title("Restrictive incidents per 1,000 OBD", width, 9.5, lines=1, unit="x") == (
        "Restrictive… (x)"
    )
    # a name that says its unit is not followed by it again, unless the name is shortened
    assert fit_title("Harm-free care (%)", width, 9.5, unit="%") == "Harm-free care (%)"
    assert fit_title(
        "Restraints per 1,000 bed days in adult wards", width, 9.5, unit="per 1,000", lines=2
    ) == ("Restraints per 1,000\nbed… (per 1,000)")
    assert fit_title("Restraints per 1,000 days in adult wards", width, 9.5, unit="per 1,000") == (
        "Restraints per 1,000\ndays in adult wards"
    )
    # one word longer than a line is the only thing broken
    assert fit_title("a" * 30, width, 9.5, lines=2) == "a" * 20 + "\n" + "a" * 10
