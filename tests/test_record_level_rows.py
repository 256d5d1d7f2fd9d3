"""Trial 11 item 5: record-level rows (one per patient, n = 1, summed per ward and month) are not
copies. When most rows repeat an earlier row, nothing is said (drop_duplicates() would turn
95 % into about 50 %); a few exact copies among distinct rows still warn."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=12, freq="MS")


def _patients() -> pd.DataFrame:
    # ward A, 12 months, 20 patients a month: 19 harm-free and 1 not, so p = 0.95 by hand
    return pd.DataFrame(
        {
            "ward": "A",
            "month": np.repeat(MONTHS, 20),
            "harm_free": np.tile([1] * 19 + [0], 12),
            "patients": 1,
        }
    )


def test_record_level_rows_are_summed_without_a_word():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = qi.spc(_patients(), y="harm_free", n="patients", x="month", by="ward", chart="p")
    assert res.summary()["cl"].tolist() == pytest.approx([0.95])  # 228 / 240


def test_a_few_copied_rows_still_warn():
    monthly = pd.DataFrame({"month": MONTHS, "falls": np.arange(12) % 4 + 5})
    copied = pd.concat([monthly, monthly.iloc[[11]]], ignore_index=True)  # the latest, twice
    with pytest.warns(qi.DuplicateRowsWarning, match="1 row of data repeats an earlier row"):
        qi.spc(copied, y="falls", x="month", chart="c")


def test_an_extract_appended_three_times_still_warns():
    # most rows repeat an earlier row, as in record-level data, but every row is there exactly
    # 3 times: the monthly extract appended three times, which triples each C chart count
    # (falls 5-8 a month; the centre line 3 × 6.5 = 19.5 by hand)
    monthly = pd.DataFrame({"month": MONTHS, "falls": np.arange(12) % 4 + 5})
    tripled = pd.concat([monthly] * 3, ignore_index=True)
    with pytest.warns(qi.DuplicateRowsWarning, match="Every row of data appears 3 times") as got:
        res = qi.spc(tripled, y="falls", x="month", chart="c")
    assert "the extract looks appended 3 times" in str(got[0].message)
    assert res.summary()["cl"].tolist() == pytest.approx([19.5])
    measures = pd.DataFrame({"measure": ["falls"], "chart": ["c"]})
    with pytest.warns(qi.DuplicateRowsWarning, match="appears 3 times"):
        qi.board(tripled.assign(measure="falls"), measures, x="month", y="falls")
