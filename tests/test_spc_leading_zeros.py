"""Trial 23: qi.spc names a series without a denominator that starts with values of 0 and has
none after them (months written as 0 before a ward opened), as qi.board names a measure's."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


def _late_ward(ash: np.ndarray, cedar: np.ndarray) -> pd.DataFrame:
    """Ash with 24 months; Cedar opened in January 2023, its 9 months before written as 0."""
    return pd.DataFrame(
        {
            "ward": np.repeat(["Ash", "Cedar"], 24),
            "month": np.tile(MONTHS, 2),
            "y": np.r_[ash, np.zeros(9), cedar],
        }
    )


@pytest.mark.parametrize("chart", ["i", "xmr", "run", "c"])
def test_a_ward_opened_late_with_zeros_before_is_named(chart):
    rng = np.random.default_rng(23)
    data = _late_ward(rng.poisson(8, 24).astype(float), rng.poisson(8, 15).clip(1).astype(float))
    with pytest.warns(qi.NoDataWarning) as seen:
        res = qi.spc(data, "y", x="month", by="ward", chart=chart)
    said = [str(w.message) for w in seen if "values of 0" in str(w.message)]
    assert said == [
        "y='y': 1 series without a denominator starts with values of 0 and has no 0 after "
        "them (ward='Cedar': 9 zeros, 2022-04-01 to 2022-12-01, then 15 values, none 0): rows "
        "written as 0 before a ward opened or a measure began? They are charted as values and "
        "pull the mean and limits down. If they are not real, drop those rows (or make their y "
        "missing) before qi.spc."
    ]
    # as the warning says: without those rows, the centre is the ward's own (hand: its mean)
    kept = data[~((data.ward == "Cedar") & (data.y == 0))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fixed = qi.spc(kept, "y", x="month", by="ward", chart=chart)
    cedar = kept[kept.ward == "Cedar"].y
    centre = cedar.median() if chart == "run" else cedar.mean()
    assert fixed.summary().cl.iloc[1] == pytest.approx(centre)
    assert res.summary().cl.iloc[1] < centre


def test_without_x_the_zeros_are_named_by_position():
    y = np.r_[np.zeros(4), np.full(6, 5.0), 6.0]
    with pytest.warns(qi.NoDataWarning, match=r"\(the series: 4 zeros, 1 to 4, then 7 values"):
        qi.spc(pd.DataFrame({"y": y}), "y", chart="i")


def test_ratios_too_few_and_zeros_later_are_not_named():
    rng = np.random.default_rng(5)
    cedar = rng.normal(8.3, 0.5, 15).round(1)
    cedar[7] = 0.0  # a 0 among the real values: zeros are values of this measure
    shorter = pd.DataFrame({"y": np.r_[np.zeros(3), np.full(5, 4.0)]})  # 5 values after
    ratio = _late_ward(rng.poisson(5, 24), rng.poisson(5, 15)).assign(
        n=np.r_[np.full(24, 800.0), np.zeros(9), np.full(15, 800.0)]
    )  # n of 0 before opening is a gap, not a value of 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qi.spc(_late_ward(rng.normal(8, 1, 24).round(1), cedar), "y", x="month", by="ward")
        qi.spc(shorter, "y", chart="i")
        qi.spc(ratio, "y", n="n", x="month", by="ward", chart="u")


def test_leading_zeros_by_chance_are_rarely_named():
    # Poisson counts: how often do 24 months start with 3 or more zeros and have none after?
    # At most max_q q^3 (1-q)^21 summed over the run's lengths, about 1e-5 at a mean of 1.1
    rng = np.random.default_rng(2023)
    wards = 1000
    frame = {"ward": np.repeat(np.arange(wards), 24), "month": np.tile(MONTHS, wards)}

    def named(y: np.ndarray) -> float:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            qi.spc(pd.DataFrame({**frame, "y": y}), "y", x="month", by="ward", chart="c")
        said = [str(w.message) for w in seen if "values of 0" in str(w.message)]
        return int(said[0].split(" series")[0].split(": ")[1]) / wards if said else 0.0

    rates = {m: named(rng.poisson(m, 24 * wards).astype(float)) for m in (0.5, 1.1, 2.0, 4.0)}
    # and the real thing: 9 zeros before 15 months of counts of mean 4 (no 0 in them 76 %)
    caught = named(np.concatenate([np.r_[np.zeros(9), rng.poisson(4, 15)] for _ in range(wards)]))
    print(f"false alarms per series by mean {rates}; late wards named {caught:.3f}")
    assert max(rates.values()) <= 0.002
    assert 0.70 <= caught <= 0.82  # (1 - e^-4)^15 = 0.76; sd 0.013 for 1,000 wards
