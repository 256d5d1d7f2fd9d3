"""qi.funnel on what a new user gives it: levels as fractions are refused with the percentages
meant, an x of ISO text dates (as pd.read_csv gives) is read as dates, as qi.spc reads it, units
of very different sizes get a log axis, and a kind in words is told its code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {"u": list("ABCDEFGHIJKL"), "o": [3, 4, 5, 6, 7, 8, 9, 5, 4, 6, 7, 5], "e": [5.0] * 12}
    )


@pytest.mark.parametrize(
    ("kw", "said"),
    [
        ({"levels": (0.95, 0.998), "limit": 0.998}, "did you mean levels=(95, 99.8)?"),
        ({"limit": 0.998}, "did you mean limit=99.8?"),
        ({"levels": [0.95], "limit": 95}, "did you mean levels=(95,)?"),
    ],
)
def test_levels_given_as_fractions_are_refused_with_the_percentages(kw, said):
    # read as percentages, 0.95 % and 0.998 % limits would make 10 of these 12 units outliers
    with pytest.raises(qi.ArgumentError, match="in percent") as err:
        qi.funnel(_units(), y="o", n="e", unit="u", **kw)
    assert said in str(err.value)


def test_an_x_of_iso_text_dates_is_read_as_dates():
    df = qi.datasets.restrictive_practice()
    text = df.assign(month=df["month"].dt.strftime("%Y-%m-%d"))
    kw = {"y": "restraints", "n": "bed_days", "unit": "ward", "kind": "rate", "x": "month"}
    period = ("2023-04-01", "2024-03-01")
    got = qi.funnel(text, **kw, period=period).units
    want = qi.funnel(df, **kw, period=period).units
    pd.testing.assert_frame_equal(got, want)
    assert text["month"].dtype != df["month"].dtype  # the caller's frame is not changed


def _sized(n) -> pd.DataFrame:
    n = np.asarray(n, dtype=float)
    return pd.DataFrame({"u": [f"T{i}" for i in range(n.size)], "y": np.round(0.01 * n), "n": n})


@pytest.mark.parametrize(
    ("n", "logx", "scale"),
    [
        ([5, 12, 30, 600, 1500, 4000, 9000, 200_000, 500_000, 40, 3000, 70], None, "log"),
        ([300, 420, 510, 650, 700, 820, 900, 1100, 1500, 2500, 2900, 2990], None, "linear"),
        ([5, 12, 30, 600, 1500, 4000, 9000, 200_000, 500_000, 40, 3000, 70], False, "linear"),
    ],
)
def test_units_of_very_different_sizes_get_a_log_axis_by_default(n, logx, scale):
    """Units from 5 to 500,000 bed days were squeezed into the first pixels of a linear
    axis; n spanning 100 times or more now gets a log axis unless logx=False."""
    import matplotlib

    matplotlib.use("Agg")
    res = qi.funnel(_sized(n), y="y", n="n", unit="u", kind="rate", adjust=False)
    fig = res.plot(logx=logx)
    (ax,) = [a for a in fig.axes if a.get_visible()]
    assert ax.get_xscale() == scale


@pytest.mark.parametrize(
    ("kind", "meant"),
    [("proportion", "pr"), ("Proportions ", "pr"), ("SHMI", "sr"), ("rates", "rate")],
)
def test_a_kind_in_words_is_told_its_code_and_what_each_code_compares(kind, meant):
    # kind='proportion' was told only "expected one of 'sr', 'pr', 'rc', 'rate'", four codes
    # without their meaning
    data = pd.DataFrame({"u": list("ABCDEFGHIJ"), "y": range(10), "n": [20] * 10})
    with pytest.raises(qi.ArgumentError) as err:
        qi.funnel(data, y="y", n="n", unit="u", kind=kind)
    said = str(err.value)
    assert f"For {kind!r}, write kind={meant!r}." in said
    assert "'pr' (a proportion, events / cases)" in said
    assert "'sr' (observed / expected, a standardised ratio such as SHMI)" in said
    # the code it names is taken
    assert qi.funnel(data, y="y", n="n", unit="u", kind=meant).summary().n_units[0] == 10


def test_an_unknown_kind_names_no_code():
    data = pd.DataFrame({"u": list("ABCDEFGHIJ"), "y": range(10), "n": [20] * 10})
    with pytest.raises(qi.ArgumentError, match=r"kind='odds': expected one of 'sr' \(") as err:
        qi.funnel(data, y="y", n="n", unit="u", kind="odds")
    assert "write kind" not in str(err.value)
