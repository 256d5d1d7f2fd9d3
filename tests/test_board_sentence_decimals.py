"""The rows of one measure read their limits with alike decimals (trial 23 M4): a P chart's
upper limit clamped at 1 no longer sets its sentence's significant figures ("0.67 to 1"
beside "0.687 to 0.975"). Expected text by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats._board_text import sentence_numbers

MONTHS = pd.date_range("2022-04-01", periods=24, freq="MS")


def _vte_board() -> pd.DataFrame:
    # Ash: 17 and 19 of 20 in turn, p = 0.9; limits 0.9 ± 3 sqrt(0.9 × 0.1 / 20)
    # = 0.9 ± 0.20125: 0.69875 to 1.10125, the upper clamped at 1.
    # Cedar: 250 and 260 of 300 in turn, p = 0.85; 0.85 ± 3 sqrt(0.85 × 0.15 / 300)
    # = 0.85 ± 0.061847: 0.788153 to 0.911847.
    ash = pd.DataFrame({"ward": "Ash", "month": MONTHS, "y": np.tile([17, 19], 12), "n": 20})
    cedar = pd.DataFrame({"ward": "Cedar", "month": MONTHS, "y": np.tile([250, 260], 12), "n": 300})
    data = pd.concat([ash, cedar], ignore_index=True).assign(measure="vte")
    measures = pd.DataFrame(
        {"measure": ["vte"], "chart": ["p"], "improvement": ["increase"], "target": [0.95]}
    )
    return qi.board(data, measures, x="month", y="y", n="n", by="ward").table()


def test_a_clamped_limit_reads_with_the_decimals_of_the_other():
    t = _vte_board()
    np.testing.assert_allclose(t.lcl, [0.9 - 3 * np.sqrt(0.09 / 20), 0.85 - 0.061847], atol=1e-6)
    assert t.ucl[0] == 1.0
    assert t.reason[0] == (
        "Common cause variation: the latest point shows no special cause; the target of 0.95 "
        "is within the limits (0.699 to 1), so it will be met some months and missed in others."
    )
    assert t.reason[1] == (
        "Common cause variation: the latest point shows no special cause; the target of 0.95 "
        "is above the upper limit (0.912), so the process will consistently miss it unless it "
        "changes."
    )


@pytest.mark.parametrize(
    ("lcl", "ucl", "want"),
    [
        (0.6697, 1.0, ("0.670", "1")),  # rounded to a final zero: kept (was "0.67")
        (0.5, 1.0, ("0.5", "1")),  # exact: no zeros added
        (0.0, 8.714, ("0", "8.71")),  # a lower limit clamped at 0, as before
        (74.46, 100.0, ("74.5", "100")),  # per cent: one decimal, as before
        (26.55, 40.0485, ("26.55", "40.05")),  # apart from the target of 40, as before
    ],
)
def test_sentence_numbers_by_hand(lcl, ucl, want):
    said = sentence_numbers(np.array([np.nan]), np.array([40.0]), np.array([lcl]), np.array([ucl]))
    assert (said["lcl"][0], said["ucl"][0]) == want
