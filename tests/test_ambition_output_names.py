"""qi.ambition refuses a by or x column named like a column of its outputs (trial 12 A4).

``x="period"`` lost its dates to the period's name ("baseline", "between") in ``periods`` and
``.plot()`` failed with a raw ValueError; ``by=`` named ``period``, ``expected``,
``trajectory``, ``oe`` or ``cumulative_status`` silently lost the ward labels; ``by="reason"``
raised pandas' "cannot insert reason". Each is now our ColumnError, naming the column, the
table it belongs to and how to rename it, before anything is computed.
"""

import pandas as pd
import pytest

import qistats as qi

MONTHS = pd.date_range("2020-04-01", periods=48, freq="MS")
KW = dict(baseline=("2020-04-01", "2021-03-01"), change=-0.5, deadline="2024-03-01")

# the columns of each table as the docs list them (Ambition.summary(), Ambition.periods),
# written out here, not read from the code
SUMMARY = [
    "baseline_value",
    "baseline_lower",
    "baseline_upper",
    "target_value",
    "current_value",
    "current_lower",
    "current_upper",
    "current_start",
    "current_end",
    "window_periods",
    "deadline_reached",
    "estimand",
    "rate_ratio",
    "rate_ratio_lower",
    "rate_ratio_upper",
    "percent_change",
    "p_improved",
    "p_value_target",
    "prob_target_met",
    "clearly_met",
    "verdict",
    "reason",
    "trajectory_change",
    "trajectory_ratio",
    "trajectory_lower",
    "trajectory_upper",
    "trajectory_status",
    "projected_date",
    "projected_lower",
    "projected_upper",
    "projection",
    "deadline_projection",
    "deadline_projection_lower",
    "deadline_projection_upper",
    "events_needed",
    "detectable_change",
    "overdispersion",
    "assurance",
    "prob_period_meets_target",
    "warnings",
]
PERIODS = [
    "y",
    "n",
    "value",
    "period",
    "trajectory",
    "expected",
    "cum_observed",
    "cum_expected",
    "oe",
    "oe_lower",
    "oe_upper",
    "cumulative_status",
]
# the SPC view's (amb.chart()) own columns, as qi.spc documents them, and the two the view adds
CHART = ["cl", "lcl", "ucl", "phase", "signal", "variation", "n_points", "ambition_period"]


def wards() -> pd.DataFrame:
    return pd.concat(
        [
            pd.DataFrame({"ward": w, "month": MONTHS, "events": 10, "bed_days": 1000})
            for w in ("A", "B")
        ],
        ignore_index=True,
    )


def test_the_tables_have_the_columns_listed_here():
    amb = qi.ambition(wards(), y="events", n="bed_days", x="month", by="ward", **KW)
    assert amb.summary().columns.tolist() == ["ward", *SUMMARY]
    assert amb.periods.columns.tolist() == ["ward", "month", *PERIODS]


@pytest.mark.parametrize(
    ("name", "table"),
    [(n, ".summary()") for n in SUMMARY]
    + [(n, ".periods") for n in PERIODS]
    + [(n, ".chart()") for n in CHART],
)
def test_by_named_like_an_output_column_is_refused(name, table):
    data = wards().rename(columns={"ward": name})
    with pytest.raises(qi.ColumnError) as info:
        qi.ambition(data, y="events", n="bed_days", x="month", by=name, **KW)
    msg = str(info.value)
    assert f"by='{name}'" in msg
    assert f"qi.ambition (in {table}" in msg
    assert f"data.rename(columns={{'{name}': '{name}_'}})" in msg


@pytest.mark.parametrize("name", ["period", "value", "expected", "trajectory", "phase"])
def test_x_named_like_an_output_column_is_refused(name):
    """x="period" (a common name for the time column) gave "baseline" for dates in periods and
    a raw ValueError from .plot(): refused, saying what to rename it to."""
    data = wards().rename(columns={"month": name})
    with pytest.raises(qi.ColumnError, match=f"x='{name}': '{name}' is also a column"):
        qi.ambition(data, y="events", n="bed_days", x=name, by="ward", **KW)


def test_a_mean_refuses_the_names_too():
    stays = pd.DataFrame({"ward": "A", "month": MONTHS, "los": 5.0})
    for name in ("period", "oe", "cl"):
        with pytest.raises(qi.ColumnError, match=f"by='{name}'"):
            qi.ambition(
                stays.rename(columns={"ward": name}), y="los", x="month", by=name, kind="mean", **KW
            )


def test_names_of_no_output_column_still_work():
    """The programme view has no by or x column, so its names (n_series) are free."""
    for name in ("n_series", "unit", "heterogeneity_q"):
        data = wards().rename(columns={"ward": name})
        amb = qi.ambition(data, y="events", n="bed_days", x="month", by=name, **KW)
        assert amb.periods[name].unique().tolist() == ["A", "B"]
        assert amb.summary()[name].tolist() == ["A", "B"]
