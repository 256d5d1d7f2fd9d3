"""An ambition panel draws a projected date only where it agrees with what the panel shows:
none for a ward that cannot be judged (a closed ward, insufficient data), and none before the
deadline for an open-ended projection ("or never") dated before the window's end while the
window's level is still short of the target. Cases checked from the summary, which leaves
those dates out too ("not_projected", "contradicted")."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _wards() -> pd.DataFrame:
    """A new user's wards, made as their script made them: Cedar opened Oct 2022, Elm closed
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
    # the table leaves it out too: no date, and why
    assert pd.isna(s.loc["Elm", ["projected_date", "projected_lower", "projected_upper"]]).all()
    assert s.loc["Elm", "projection"] == "not_projected"
    fig = amb.plot()
    assert _projection(fig, 3) == ([], [])
    for i, ward in ((0, "Ash"), (4, "Fir")):  # judged wards keep theirs
        if s.loc[ward, "projection"] in ("projected", "open_ended"):
            points, labels = _projection(fig, i)
            assert points and len(labels) == 1


def _fir_crossing(as_of: str) -> pd.Timestamp:
    """When Fir's Poisson log-linear trend after the baseline (Apr 2022 to ``as_of``) reaches
    its target, fitted here by Newton's method (log mu = log n + a + b t, t in days): the
    crossing the summary withholds, computed independently of qistats."""
    d = _wards().query("ward == 'Fir' and month >= '2022-04-01' and month <= @as_of").dropna()
    t = (d.month - pd.Timestamp("2022-04-01")).dt.days.to_numpy(dtype=float)
    y, n = d.restraints.to_numpy(), d.bed_days.to_numpy()
    X = np.column_stack([np.ones_like(t), t])
    beta = np.array([np.log(y.sum() / n.sum()), 0.0])
    for _ in range(50):
        mu = n * np.exp(X @ beta)
        beta = beta + np.linalg.solve(X.T @ (X * mu[:, None]), X.T @ (y - mu))
    return pd.Timestamp("2022-04-01") + pd.Timedelta(
        days=(np.log(_fir_target()) - beta[0]) / beta[1]
    )


def _fir_target() -> float:
    """Half the baseline rate (Apr 2021 to Mar 2022), per bed day."""
    base = _wards().query("ward == 'Fir' and month <= '2022-03-01'")
    return 0.5 * base.restraints.sum() / base.bed_days.sum()


def test_an_open_projection_the_level_contradicts_is_not_drawn():
    amb = _ambition(as_of="2023-06-01")
    s = amb.summary().set_index("ward").loc["Fir"]
    # independently: the trend crosses the target before the window's end (Jun 2023) ...
    assert _fir_crossing("2023-06-01") < pd.Timestamp("2023-06-01")
    # ... while the window's rate (Jul 2022 to Jun 2023) is still above it
    w = _wards().query("ward == 'Fir' and month >= '2022-07-01' and month <= '2023-06-01'")
    level = w.restraints.sum() / w.bed_days.sum()
    assert level > _fir_target()
    assert s.current_value == pytest.approx(1000 * level)
    assert s.target_value == pytest.approx(1000 * _fir_target())
    # so the summary withholds the date, as the plot does
    assert s.verdict == "on_track" and s.projection == "contradicted"
    assert pd.isna(s[["projected_date", "projected_lower", "projected_upper"]]).all()
    fig = amb.plot()
    assert _projection(fig, 4) == ([], [])
    (legend,) = fig.legends
    texts = [t.get_text() for t in legend.get_texts()]
    # Elm's (off track, Oct 2023, after the window) is drawn and kept in the table, so the
    # legend keeps the entry
    assert amb.summary().set_index("ward").loc["Elm", "projection"] == "open_ended"
    assert "projected date: the trend carried on reaches the target" in texts
    _points, labels = _projection(fig, 3)
    assert labels and labels[0].get_text().startswith("Oct 2023")


def test_the_deadline_keeps_a_projection_the_window_does_not_contradict():
    s = _ambition().summary().set_index("ward")
    # Fir is met at the deadline: its bounded projection (a crossing before the deadline)
    # stays, as on its panel
    assert s.loc["Fir", "verdict"] == "met" and s.loc["Fir", "projection"] == "projected"
    assert pd.notna(s.loc["Fir", "projected_date"])
    assert s.loc["Fir", "projected_date"] <= pd.Timestamp("2024-03-01")
