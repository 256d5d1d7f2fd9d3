""" "a" or "an" before a number or word in sentences and titles (trial 10 B11: "a 11% reduction",
"a 8% fall", "a 18% rise"). Expected articles are English as spoken: "an" where the number is
read starting with a vowel sound (eight…, eleven, eighteen, as a group of thousands too)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats._words import article

SPOKEN = {
    "0%": "a",
    "1%": "a",
    "8%": "an",
    "10%": "a",
    "11%": "an",
    "12%": "a",
    "18%": "an",
    "50%": "a",
    "80%": "an",
    "88%": "an",
    "100%": "a",
    "110%": "a",  # one hundred and ten
    "180%": "a",
    "800%": "an",
    "1,100": "a",  # one thousand one hundred
    "8,000": "an",
    "11,000": "an",
    "18,500": "an",
    "110,000": "a",
    "-8%": "an",
    "increase": "an",
    "reduction": "a",
}


@pytest.mark.parametrize(("text", "want"), SPOKEN.items())
def test_article(text, want):
    assert article(text) == want


def _ward(change: float, months: int = 36) -> pd.DataFrame:
    """One ward at 100 events a month in the baseline year, then 100 × (1 + change)."""
    month = pd.date_range("2021-04-01", periods=months, freq="MS")
    rate = np.where(np.arange(months) < 12, 100.0, 100.0 * (1 + change))
    return pd.DataFrame({"ward": "A", "month": month, "events": rate, "days": 1000.0})


@pytest.mark.parametrize(
    ("change", "said"),
    [(-0.11, "an 11% reduction"), (-0.18, "an 18% reduction"), (-0.5, "a 50% reduction")],
)
def test_ambition_title_article(change, said):
    from qistats.plot.ambition import ambition_title

    amb = qi.ambition(
        _ward(change),
        y="events",
        n="days",
        x="month",
        by="ward",
        baseline=("2021-04-01", "2022-03-01"),
        change=change,
        deadline="2024-03-01",
    )
    assert ambition_title(amb).startswith(f"Ambition: {said} from the baseline")


def test_ambition_reason_changes_article():
    """The percent changes quoted in a "too early to tell" reason."""
    from qistats.ambition.reason import _pct

    got = _pct(np.array([-8.0, 18.2, -30.0, 11.4, -83.0, 0.2]))
    assert got.tolist() == [
        "an 8% fall",
        "an 18% rise",
        "a 30% fall",
        "an 11% rise",
        "an 83% fall",
        "no change",
    ]
