"""Missing months, closed wards and named phases, as drawn (new-user trial 4, items 13-15).

A ward that closed keeps its rows with no value: its centre line, limits and target stop at its
last observed month; every month without a value gets a cross under the x axis; qicharts2's
labels of the lines are drawn for it too. Named phases are labelled at the top of the panel,
above every point; the y axis says what the values are.
"""

import matplotlib
import numpy as np
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")
import matplotlib.dates as mdates

MONTHS = pd.date_range("2021-01-01", periods=30, freq="MS")


def _wards() -> pd.DataFrame:
    """Four wards, 30 months: Ash complete, Birch missing its last month, Oak closed after
    month 20 (rows kept with no value, as a monthly extract has them), Elm missing month 10."""
    rng = np.random.default_rng(3)
    frames = []
    for ward in ("Ash", "Birch", "Oak", "Elm"):
        falls = rng.poisson(6, MONTHS.size).astype(float)
        bed_days = rng.integers(600, 900, MONTHS.size).astype(float)
        if ward == "Birch":
            falls[-1] = np.nan
        if ward == "Oak":
            falls[20:], bed_days[20:] = np.nan, np.nan
        if ward == "Elm":
            falls[10] = np.nan
        frames.append(
            pd.DataFrame({"ward": ward, "month": MONTHS, "falls": falls, "bed_days": bed_days})
        )
    return pd.concat(frames, ignore_index=True)


LAST_SEEN = {"Ash": 29, "Birch": 28, "Oak": 19, "Elm": 29}
MISSING = {"Ash": [], "Birch": [29], "Oak": list(range(20, 30)), "Elm": [10]}


def _u(**kw):
    # Birch (its last month) and Oak (its last ten) lack the latest month: qi.spc says so
    with pytest.warns(qi.NoDataWarning, match=r"^2 of 4 series .* ward='Birch'; ward='Oak'\."):
        return qi.spc(
            _wards(), y="falls", n="bed_days", x="month", by="ward", chart="u", multiply=1000, **kw
        )


def _panels(fig):
    """The panels by ward (a ward without the latest month has "latest: …" under its name)."""
    return {
        a.get_title(loc="left").split("\n")[0]: a
        for a in fig.axes
        if a.get_visible() and a.get_title("left")
    }


def _gid(ax, gid):
    return [line for line in ax.lines if line.get_gid() == gid]


def _last_x(lines):
    """The right end of the drawn lines: the last x with a y."""
    xs = np.concatenate([np.asarray(line.get_xdata(), dtype=float) for line in lines])
    ys = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in lines])
    return xs[np.isfinite(xs) & np.isfinite(ys)].max()


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_lines_stop_at_the_last_observed_month_and_missing_months_are_marked(style):
    fig = _u(target=5.0, freeze=13).plot(style=style)  # Elm: 12 observed
    panels = _panels(fig)
    assert set(panels) == set(LAST_SEEN)
    for ward, ax in panels.items():  # the wards behind the latest month say how far
        seen = MONTHS[LAST_SEEN[ward]]
        note = "" if LAST_SEEN[ward] == 29 else f"\nlatest: {seen:%b %Y}"
        assert ax.get_title(loc="left") == ward + note
    months = mdates.date2num(MONTHS.to_numpy())
    for ward, ax in panels.items():
        last = months[LAST_SEEN[ward]]
        for gid in ("cl", "target"):  # drawn only up to the last observed month
            assert _last_x(_gid(ax, gid)) == last, (ward, gid)
        if style == "mdc":
            assert _last_x(_gid(ax, "limits")) == last, ward
        else:
            band = next(p for p in ax.patches if p.get_gid() == "limits")
            assert band.get_path().vertices[:, 0].max() == last, ward
        marks = _gid(ax, "missing")
        drawn = sorted(np.asarray(marks[0].get_xdata(), dtype=float)) if marks else []
        assert drawn == list(months[MISSING[ward]]), ward
        # the x range shows every month of the series, the closed months included
        lo, hi = ax.get_xlim()
        assert lo < months[0] and hi > months[-1], ward
    labels = [h.get_label() for h in fig.legends[0].legend_handles]
    assert "no value" in labels


def test_a_gap_inside_a_series_breaks_the_data_line_and_not_the_centre_line():
    ax = _panels(_u().plot())["Elm"]
    (values,) = _gid(ax, "values_line")
    y = np.asarray(values.get_ydata(), dtype=float)
    assert np.isnan(y[10]) and np.isfinite(y[9]) and np.isfinite(y[11])  # a visible break
    (cl,) = _gid(ax, "cl")
    assert np.isfinite(np.asarray(cl.get_ydata(), dtype=float)).all()  # the process goes on


def test_qicharts2_labels_every_line_when_the_last_month_is_missing():
    fig = _u().plot(style="qicharts2")
    for ward, ax in _panels(fig).items():
        gids = sorted(t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("label_"))
        assert gids == ["label_cl", "label_lcl", "label_ucl"], ward
        months = mdates.date2num(MONTHS.to_numpy())
        # at the last observed month, where the lines end
        assert {t.get_position()[0] for t in ax.texts if t.get_gid() == "label_ucl"} == {
            months[LAST_SEEN[ward]]
        }


def test_the_mr_chart_first_point_is_not_a_missing_month():
    d = _wards().query("ward == 'Ash'")
    fig = qi.spc(d, y="falls", x="month", chart="mr").plot()
    assert not _gid(fig.axes[0], "missing")
    assert "no value" not in [h.get_label() for h in fig.legends[0].legend_handles]


def _phased(style):
    d = _wards().query("ward == 'Ash'").copy()
    d["period"] = np.where(d.month < "2022-07-01", "Before", "After falls bundle")
    d.loc[d.index[5], "falls"] = 30.0  # a high point near the top of the first phase
    return qi.spc(d, y="falls", x="month", chart="c", phase="period").plot(style=style)


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_named_phases_are_labelled_above_every_point_inside_the_panel(style):
    fig = _phased(style)
    ax = fig.axes[0]
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "phase_label"]
    assert [t.get_text() for t in labels] == ["Before", "After falls bundle"]
    frame = ax.get_window_extent(r)
    boxes = [t.get_window_extent(r) for t in labels]
    for b in boxes:
        assert frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
    assert boxes[0].x1 < boxes[1].x0  # side by side, not on top of each other
    # every point and every line of the process lies below the names
    top = min(b.y0 for b in boxes)
    for line in ax.lines:
        if line.get_gid() in ("values", "values_line", "cl", "limits", "special_cause"):
            xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
            y = xy[np.isfinite(xy).all(axis=1), 1]
            assert y.max() < top - 2, line.get_gid()
    for patch in ax.patches:  # the qicharts2 band between the limits
        if patch.get_gid() == "limits":
            xy = patch.get_transform().transform(patch.get_path().vertices)
            assert xy[:, 1].max() < top - 2
    # the second name starts at the break between the phases
    months = mdates.date2num(MONTHS.to_numpy())
    assert labels[1].get_position()[0] == pytest.approx((months[17] + months[18]) / 2, abs=1)


def test_numbered_phases_get_no_names():
    d = _wards().query("ward == 'Ash'")
    fig = qi.spc(d, y="falls", x="month", chart="c", phase=["2022-07-01"]).plot()
    assert not [t for t in fig.axes[0].texts if t.get_gid() == "phase_label"]


def test_the_y_axis_says_what_the_values_are_by_default():
    assert _u().plot(series="Ash").axes[0].get_ylabel() == "falls per 1,000 bed days"
    grid = _u().plot()
    assert grid.get_supylabel() == "falls per 1,000 bed days"
    assert _u().plot(series="Ash", ylabel="").axes[0].get_ylabel() == ""
    d = _wards().query("ward == 'Ash'")
    assert qi.spc(d, y="falls", x="month", chart="c").plot().axes[0].get_ylabel() == "falls"
    harms = d.assign(harms=(d.falls.fillna(0) // 2), adm=20)
    p = qi.spc(harms, y="harms", n="adm", x="month", chart="p", multiply=100).plot()
    assert p.axes[0].get_ylabel() == "harms / adm"  # the ticks carry the %
