"""A text date written with its month's name ('Apr-20', as the CSV's own month column and
spreadsheets write it) is refused, as every non-ISO text date is, with its ISO reading
(new-user trial 21: ``baseline=('Apr-20', 'Mar-21')`` was told only "it is not in that form",
while the x column of the same text was told its format)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import qistats as qi


@pytest.mark.parametrize(
    ("text", "iso", "words"),
    [
        ("Apr-20", "2020-04-01", "April 2020"),
        ("Mar-24", "2024-03-01", "March 2024"),
        ("April 2020", "2020-04-01", "April 2020"),
        ("01-Oct-23", "2023-10-01", "1 October 2023"),
    ],
)
def test_a_month_name_date_is_told_its_iso_form(text, iso, words):
    df = qi.datasets.restrictive_practice()
    with pytest.raises(qi.ArgumentError) as err:
        qi.ambition(df, y="restraints", n="bed_days", x="month", by="ward",
                    baseline=(text, "2021-03-01"), change=-0.5, deadline="2024-03-01")  # fmt: skip
    said = str(err.value)
    assert f"baseline={text!r}" in said
    assert f"it reads as {words} ({iso!r})" in said, said


def test_the_advised_date_gives_the_baseline_meant():
    df = qi.datasets.restrictive_practice()
    with pytest.raises(qi.ArgumentError) as err:
        qi.ambition(df, y="restraints", n="bed_days", x="month", by="ward",
                    baseline=("Apr-20", "Mar-21"), change=-0.5, deadline="2024-03-01")  # fmt: skip
    first = re.search(r"\('(\d{4}-\d{2}-\d{2})'\)", str(err.value)).group(1)
    amb = qi.ambition(df, y="restraints", n="bed_days", x="month", by="ward",
                      baseline=(first, "2021-03-01"), change=-0.5,
                      deadline="2024-03-01")  # fmt: skip
    # the bundled data start in April 2020: the baseline of April 2020 - March 2021 is its
    # first 12 months, summed by hand here
    row = amb.summary().set_index("ward").loc["BRI3"]
    bri3 = df[(df.ward == "BRI3") & (df.month <= "2021-03-01")]
    assert len(bri3) == 12 and bri3.month.min() == pd.Timestamp("2020-04-01")
    assert row.baseline_value == pytest.approx(bri3.restraints.sum() / bri3.bed_days.sum())


def test_words_that_are_no_date_are_still_told_the_form():
    df = qi.datasets.restrictive_practice()
    with pytest.raises(qi.ArgumentError, match="it is not in that form"):
        qi.ambition(df, y="restraints", n="bed_days", x="month", by="ward",
                    baseline=("the start", "2021-03-01"), change=-0.5,
                    deadline="2024-03-01")  # fmt: skip
