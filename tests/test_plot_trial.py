"""Chart defects from the new-user trial (issue #9): leaked warnings, names in any case, text
clipped at the figure edge, unnamed measures, indistinguishable legend entries, titles from
integer column names and half-integer ticks."""

import warnings

import numpy as np
import pytest

import qistats as qi

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

WARDS = ["ASH1", "ASH2", "ASH3", "BRI1", "BRI2", "BRI3"]
AMBITION = dict(
    y="restraints",
    n="bed_days",
    x="month",
    by="ward",
    baseline=("2020-04-01", "2021-03-01"),
    change=-0.3,
    deadline="2024-03-01",
    multiply=1000,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def zero_wards():
    """ASH1 has no restraints after its baseline; ASH2 has none at all."""
    df = qi.datasets.restrictive_practice()
    df = df[df["ward"].isin(WARDS)].copy()
    df.loc[(df["ward"] == "ASH1") & (df["month"] > "2021-03-01"), "restraints"] = 0
    df.loc[df["ward"] == "ASH2", "restraints"] = 0
    return qi.ambition(df, **AMBITION)


@pytest.fixture(scope="module")
def amb():
    df = qi.datasets.restrictive_practice()
    return qi.ambition(df, **AMBITION)


@pytest.mark.parametrize("view", ["overview", "panels"])
def test_wards_with_zero_events_draw_without_any_warning(zero_wards, view):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = zero_wards.plot(view=view)
        fig.canvas.draw()
    if view == "overview":
        (target,) = [c for c in fig.axes[0].collections if c.get_gid() == "target"]
        xs = np.ma.filled(target.get_offsets()[:, 0].astype(float), np.nan)
        # ASH2's baseline is 0: no target change can be drawn; the others are at -30 %
        assert np.isnan(xs).sum() == 1
        assert np.allclose(xs[np.isfinite(xs)], -30)


def test_ambition_view_takes_any_case(amb):
    fig = amb.plot(view="Overview", series=WARDS)
    assert [c.get_gid() for c in fig.axes[0].collections if c.get_gid() == "changes"]
    with pytest.raises(qi.QIStatsError, match="view='forest'"):
        amb.plot(view="forest")


@pytest.mark.parametrize("style", ["QIC", "qic", "Qicharts2", "QICHARTS2"])
def test_qicharts2_style_by_any_name_and_case(style):
    df = qi.datasets.restrictive_practice()
    res = qi.spc(df[df["ward"] == "ASH1"], y="restraints", x="month", chart="c")
    fig = res.plot(style=style)
    texts = [t.get_text() for a in fig.axes for t in a.texts]
    assert "2.33" in texts, texts  # qicharts2 labels its limits: CL = 112 restraints / 48 months
    assert not res.plot(style="mdc").axes[0].texts  # MDC does not
