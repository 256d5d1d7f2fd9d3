"""Trial 17 #9: an ambition panel draws a projected date only where it agrees with what the
panel shows: none for a ward that cannot be judged (a closed ward, insufficient data), and
none before the deadline for an open-ended projection ("or never") dated before the window's
end while the window's level is still short of the target. Cases checked from the summary."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _wards() -> pd.DataFrame:
    """The trial's wards, made as its script made them: Cedar opened Oct 2022, Elm closed
    after Jun 2023, Ash and Fir halved from Jan 2023, Birch's last month and Ash's Jul 2022
    blank."""
    rng = np.random.default_rng(7)
    months = pd.date_range("2021-04-01", "2024-03-01", freq="MS")
    rows = []
    for ward, rate, start, end in [
        ("Ash", 12, None, None),
        ("Birch", 8, None, None),
        ("Cedar", 15, "2022-10-01", None),
        ("Elm", 10, None, "2023-06-01"),
        ("Fir", 20, None, None),
    ]:
        for m in months:
            if (start and m < pd.Timestamp(start)) or (end and m > pd.Timestamp(end)):
                continue
            bd = int(rng.integers(550, 700))
            r = rate * (0.5 if m >= pd.Timestamp("2023-01-01") and ward in ("Ash", "Fir") else 1)
            rows.append((ward, m, float(rng.poisson(r * bd / 1000)), float(bd)))
    df = pd.DataFrame(rows, columns=["ward", "month", "restraints", "bed_days"])
    df.loc[(df.ward == "Birch") & (df.month == "2024-03-01"), ["restraints", "bed_days"]] = np.nan
    df.loc[(df.ward == "Ash") & (df.month == "2022-07-01"), "restraints"] = np.nan
    return df


KW = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2021-04-01", "2022-03-01"),
    change=-0.5,
    deadline="2024-03-01",
    multiply=1000,
)


def _ambition(**extra):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.ambition(_wards(), **KW, **extra)


def _projection(fig, i):
    ax = [a for a in fig.axes if a.get_gid() == "ambition"][i]
    points = [ln for ln in ax.lines if (ln.get_gid() or "").startswith("projection")]
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("projection")]
    return points, labels


def test_a_closed_ward_that_cannot_be_judged_gets_no_projection():
    amb = _ambition()
    s = amb.summary().set_index("ward")
    assert s.loc["Elm", "verdict"] == "insufficient_data"
    assert s.loc["Elm", "current_end"] == pd.Timestamp("2023-06-01")  # closed, as of Mar 2024
    assert pd.notna(s.loc["Elm", "projected_date"])  # the table keeps it
    fig = amb.plot()
    assert _projection(fig, 3) == ([], [])
    for i, ward in ((0, "Ash"), (4, "Fir")):  # judged wards keep theirs
        if s.loc[ward, "projection"] in ("projected", "open_ended"):
            points, labels = _projection(fig, i)
            assert points and len(labels) == 1


def test_an_open_projection_the_level_contradicts_is_not_drawn():
    amb = _ambition(as_of="2023-06-01")
    s = amb.summary().set_index("ward").loc["Fir"]
    assert s.verdict == "on_track" and s.projection == "open_ended"
    assert pd.isna(s.projected_upper)  # "(or never)"
    assert s.projected_date < s.current_end and s.current_value > s.target_value
    fig = amb.plot()
    assert _projection(fig, 4) == ([], [])
    (legend,) = fig.legends
    texts = [t.get_text() for t in legend.get_texts()]
    # Elm's (off track, Oct 2023, after the window) is drawn, so the legend keeps the entry
    assert "projected date of reaching the target, with interval" in texts
    _points, labels = _projection(fig, 3)
    assert labels and labels[0].get_text().startswith("Oct 2023")
