"""A new analyst's board of 12 measures from a messy CSV: the legend of a two-column page
fills its rows evenly, a warning names an integer y column as a column, a one-point panel draws
its mean and target as short dashes, and a ward that opened late with zeros typed before it
opened is named."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.plot.layout import _legend_columns


def test_legend_columns_fill_their_rows_evenly():
    labels = ["common cause", "improvement", "concern", "mean", "process limits", "target"]
    for width in np.arange(2.0, 20.0, 0.25):
        cols = _legend_columns(labels, float(width))
        rows = -(-len(labels) // cols)
        # no more columns than the rows need: no row of one entry under a full one
        assert -(-len(labels) // rows) == cols
        scale = max(1.0, width / 12.0)
        fit = int((width - 0.2) / ((0.6 + 0.068 * 14) * min(scale, 14 / 8.5)))
        assert cols <= max(1, fit)  # and never more than fit across
    assert _legend_columns(labels, 9.0) == 3  # 5 fit: 3 columns of 2, not 5 and 1


def test_a_board_page_of_six_legend_entries_has_two_even_rows():
    pytest.importorskip("matplotlib")
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    rng = np.random.default_rng(3)
    rate = np.r_[rng.normal(85, 3, 12).round(), np.full(12, 100.0)]  # a shift up at the end
    data = pd.DataFrame(
        {
            "measure": "vte",
            "ward": np.repeat(["Ash", "Beech"], 24),
            "month": np.tile(months, 2),
            "y": np.r_[rate, rng.normal(85, 3, 24).round()],
        }
    )
    measures = pd.DataFrame({"measure": ["vte"], "improvement": ["increase"], "target": [95]})
    fig = qi.board(data, measures, x="month", y="y", by="ward").plot()
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == 6, labels  # common cause, improvement, concern, mean, limits, target
    assert legend._ncols == 3


def test_a_warning_names_an_integer_y_as_a_column():
    months = pd.date_range("2022-04-01", periods=12, freq="MS")
    data = pd.DataFrame(
        {
            0: np.repeat(["beds", "falls"], 12),
            1: np.tile(months, 2),
            2: np.r_[np.full(12, 90.0), np.full(12, 8.0)] + np.tile([1, -1], 12),
            3: np.r_[np.full(12, 100.0), np.full(12, np.nan)],
        }
    )
    measures = pd.DataFrame({0: ["beds", "falls"]})
    with pytest.warns(qi.NoDataWarning, match=r"charted as plain values of column 2 \(not y / n\)"):
        qi.board(data, measures, x=1, y=2, n=3, measure=0)


def _one_point_ward(style):
    """A board page of a ward that opened in the report's month: one point a measure."""
    months = pd.date_range("2023-04-01", periods=12, freq="MS")
    data = pd.DataFrame(
        {
            "measure": "ffa",
            "ward": ["Ash"] * 12 + ["Cedar"],
            "month": [*months, months[-1]],
            "y": np.r_[np.tile([84.0, 86.0], 6), 85.0],
        }
    )
    measures = pd.DataFrame({"measure": ["ffa"], "unit": ["%"], "target": [90]})
    return qi.board(data, measures, x="month", y="y", by="ward").plot(series="Cedar", style=style)


@pytest.mark.parametrize("style", ["mdc", "qicharts2"])
def test_a_one_point_panel_draws_its_mean_and_target_as_short_dashes(style):
    pytest.importorskip("matplotlib")
    from matplotlib.transforms import Bbox

    fig = _one_point_ward(style)
    ax = fig.axes[0]
    fig.canvas.draw()
    for gid, at in (("cl", 85.0), ("target", 90.0)):
        lines = [ln for ln in ax.lines if ln.get_gid() == gid]
        # the line through one point has no length; a dash of LONE_LEVEL_PT marks the level
        dashes = [ln for ln in lines if ln.get_marker() == "_"]
        assert len(dashes) == 1, (gid, [ln.get_marker() for ln in lines])
        assert dashes[0].get_ydata().tolist() == [at]
        box: Bbox = dashes[0].get_window_extent(fig.canvas.get_renderer())
        assert box.width >= 10  # pixels across: seen, not a point
    low, high = ax.get_ylim()
    assert low < 85 < 90 < high  # the target is on the axis, as the legend says


def test_a_longer_phase_draws_no_dashes():
    pytest.importorskip("matplotlib")
    months = pd.date_range("2023-04-01", periods=12, freq="MS")
    data = pd.DataFrame({"measure": "ffa", "month": months, "y": np.tile([84.0, 86.0], 6)})
    fig = qi.board(
        data, pd.DataFrame({"measure": ["ffa"], "target": [90]}), x="month", y="y"
    ).plot()
    assert not [ln for ln in fig.axes[0].lines if ln.get_marker() == "_"]


def _late_ward(before, after, zeros_before=9):
    """A board's data: two wards' 24 months, ward 'Cedar' opened after ``zeros_before``
    months that the extract wrote as 0."""
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    return pd.DataFrame(
        {
            "measure": "los",
            "ward": np.repeat(["Ash", "Cedar"], 24),
            "month": np.tile(months, 2),
            "y": np.r_[before, np.zeros(zeros_before), after],
        }
    )


def test_a_ward_opened_late_with_zeros_before_is_named():
    # nine months of 0 before Cedar opened made its length of stay's mean 5.2
    # days (not 8.3) and every real month a concern, without a word
    rng = np.random.default_rng(23)
    data = _late_ward(rng.normal(8, 1, 24).round(1), rng.normal(8.3, 0.5, 15).round(1))
    measures = pd.DataFrame({"measure": ["los"], "improvement": ["decrease"]})
    with pytest.warns(qi.NoDataWarning) as seen:
        qi.board(data, measures, x="month", y="y", by="ward")
    said = [str(w.message) for w in seen if "values of 0" in str(w.message)]
    assert said == [
        "y='y': 1 series of measures without a denominator starts with values of 0 and has no "
        "0 after them (measure 'los', ward='Cedar': 9 zeros, 2022-04-01 to 2022-12-01, then 15 "
        "values, none 0): rows written as 0 before a ward opened or a measure began? They are "
        "charted as values and pull the mean and limits down. If they are not real, drop those "
        "rows (or make their y missing) before the board."
    ]
    # as the warning says: without those rows, the mean is the ward's own
    kept = data[~((data.ward == "Cedar") & (data.y == 0))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = qi.board(kept, measures, x="month", y="y", by="ward").table()
    cedar = kept[kept.ward == "Cedar"].y
    assert table.cl.iloc[1] == pytest.approx(cedar.mean())


def test_ratios_and_zeros_later_are_not_named():
    rng = np.random.default_rng(5)
    after = rng.normal(8.3, 0.5, 15).round(1)
    after[7] = 0.0  # a 0 among the real values: zeros are values of this measure
    data = _late_ward(rng.normal(8, 1, 24).round(1), after)
    measures = pd.DataFrame({"measure": ["los"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.board(data, measures, x="month", y="y", by="ward")
    # a ratio: n of 0 before opening is a gap, not a value of 0
    ratio = _late_ward(rng.poisson(5, 24), rng.poisson(5, 15)).assign(
        n=np.r_[np.full(24, 800.0), np.zeros(9), np.full(15, 800.0)]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.board(
            ratio,
            pd.DataFrame({"measure": ["los"], "chart": ["u"]}),
            x="month",
            y="y",
            n="n",
            by="ward",
        )


def test_leading_zeros_by_chance_are_rarely_named():
    # Poisson counts with no rows before their start: how often do they start with 3 or more
    # zeros and have none after (24 months)? At most max_q q^3 (1-q)^21 summed over the
    # run's lengths, about 1e-5 at a mean of 1.1; rare events (mean 0.5) have zeros later.
    rng = np.random.default_rng(2023)
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    wards = 1000
    rates = {}
    for mean in (0.5, 1.1, 2.0, 4.0):
        data = pd.DataFrame(
            {
                "measure": "c",
                "ward": np.repeat(np.arange(wards), 24),
                "month": np.tile(months, wards),
                "y": rng.poisson(mean, 24 * wards).astype(float),
            }
        )
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            qi.board(
                data, pd.DataFrame({"measure": ["c"], "chart": ["c"]}), x="month", y="y", by="ward"
            )
        named = [str(w.message) for w in seen if "values of 0" in str(w.message)]
        rates[mean] = int(named[0].split(" series")[0].split(": ")[1]) / wards if named else 0.0
    # and the real thing: 9 zeros before 15 months of counts of mean 4 (no 0 in them 76 %)
    late = pd.DataFrame(
        {
            "measure": "c",
            "ward": np.repeat(np.arange(wards), 24),
            "month": np.tile(months, wards),
            "y": np.concatenate([np.r_[np.zeros(9), rng.poisson(4, 15)] for _ in range(wards)]),
        }
    )
    with pytest.warns(qi.NoDataWarning, match="values of 0") as seen:
        qi.board(
            late, pd.DataFrame({"measure": ["c"], "chart": ["c"]}), x="month", y="y", by="ward"
        )
    named = next(str(w.message) for w in seen if "values of 0" in str(w.message))
    caught = int(named.split(" series")[0].split(": ")[1]) / wards
    print(f"false alarms per series by mean {rates}; late wards named {caught:.3f}")
    assert max(rates.values()) <= 0.002
    assert 0.70 <= caught <= 0.82  # (1 - e^-4)^15 = 0.76; sd 0.013 for 1,000 wards
