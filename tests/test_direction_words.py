"""A direction typed in other words ("Up", "lower is better", as IPR templates write them) is
told which of the three names it is (new-user trial 19: the board's measures table with
improvement 'Up' was told only "expected 'increase', 'decrease' or 'neutral'")."""

from __future__ import annotations

import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=15, freq="MS")


def _data():
    return pd.DataFrame({"measure": "a", "month": MONTHS, "y": [float(v % 4) for v in range(15)]})


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Up", "increase"),
        ("down ", "decrease"),
        ("Lower is better", "decrease"),
        ("N/A", "neutral"),
    ],
)
def test_a_measures_table_word_is_told_its_name(typed, meant):
    measures = pd.DataFrame({"measure": ["a"], "improvement": [typed]})
    with pytest.raises(qi.DataError) as err:
        qi.board(_data(), measures, x="month", y="y")
    said = str(err.value)
    assert said.startswith(f"measures: 'improvement' of measure 'a' is {typed!r}; expected")
    assert said.endswith(f"For {typed!r}, write {meant!r}.")
    # the name it gives is taken
    qi.board(_data(), measures.assign(improvement=[meant]), x="month", y="y")


def test_spc_argument_and_column():
    data = _data().assign(direction="higher")
    with pytest.raises(qi.ArgumentError, match=r"For 'Up', write 'increase'\.$"):
        qi.spc(data, y="y", x="month", chart="xmr", improvement="Up")
    with pytest.raises(qi.DataError, match=r"column 'direction' has 'higher'; .* For 'higher', "):
        qi.spc(data, y="y", x="month", chart="xmr", improvement="direction")


def test_a_word_for_no_direction_gets_no_hint():
    with pytest.raises(qi.ArgumentError) as err:
        qi.spc(_data(), y="y", x="month", chart="xmr", improvement="sideways")
    assert str(err.value).endswith("or {series key: direction}.")
