"""``series=`` that names no series (new-user trial 19): with ``by=["trust", "ward"]`` a ward's
name alone, "BRI3", or its name in another case was told only "no such series" and five
series that were not it; the error names the series it probably meant."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def wards():
    months = pd.date_range("2023-01-01", periods=12, freq="MS")
    names = [("Ash Trust", f"ASH{i}") for i in range(1, 7)] + [("Brindley", "BRI3")]
    rows = [(t, w, m, float(v)) for (t, w) in names for m, v in zip(months, range(12), strict=True)]
    data = pd.DataFrame(rows, columns=["trust", "ward", "month", "y"])
    by_two = qi.spc(data, y="y", x="month", by=["trust", "ward"], chart="xmr")
    by_one = qi.spc(data, y="y", x="month", by="ward", chart="xmr")
    return by_two, by_one


@pytest.mark.parametrize("series", ["BRI3", "bri3", " BRI3", [("Ash Trust", "ASH1"), "BRI3"]])
def test_a_ward_name_alone_is_pointed_to_its_tuple(wards, series):
    by_two, _ = wards
    with pytest.raises(qi.ArgumentError) as err:
        by_two.plot(series=series)
    said = str(err.value)
    assert "no such series; did you mean ('Brindley', 'BRI3')? With by=['trust', 'ward'] a " in (
        said
    )
    assert "series is named by a tuple of its values. The series are e.g. " in said
    # and the tuple it names draws that ward
    fig = by_two.plot(series=("Brindley", "BRI3"))
    assert [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")] == [
        "Brindley, BRI3"
    ]


def test_a_trust_names_its_wards_and_counts_the_rest(wards):
    by_two, _ = wards
    with pytest.raises(qi.ArgumentError) as err:
        by_two.plot(series="ash trust")
    said = str(err.value)
    assert (
        "did you mean ('Ash Trust', 'ASH1') or ('Ash Trust', 'ASH2') or ('Ash Trust', 'ASH3') "
        "(or 3 more)?"
    ) in said


def test_case_and_spaces_with_one_by_column_and_in_a_tuple(wards):
    by_two, by_one = wards
    with pytest.raises(
        qi.ArgumentError,
        match=r"series='bri3 ': no such series; did you mean "
        r"'BRI3'\? The series are e.g. 'ASH1'",
    ):
        by_one.plot(series="bri3 ")
    with pytest.raises(qi.ArgumentError, match=r"did you mean \('Brindley', 'BRI3'\)\? The "):
        by_two.plot(series=("brindley", "bri3"))


def test_no_near_series_keeps_the_plain_message(wards):
    by_two, by_one = wards
    with pytest.raises(
        qi.ArgumentError,
        match=r"series='BRI99': no such series; the series "
        r"are e\.g\. \('Ash Trust', 'ASH1'\)",
    ):
        by_two.plot(series="BRI99")
    with pytest.raises(qi.ArgumentError, match=r"series=3: no such series; the series are"):
        by_one.plot(series=np.int64(3))
