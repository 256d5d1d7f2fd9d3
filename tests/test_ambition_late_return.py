"""A ward judged at the deadline without its latest return: its final verdict rests on the
window's periods it has, which the summary's ``warnings`` says beside the reason's "no data
after …" (new-user trial: the verdict column alone gave a final "not_met" on 11 of 12
months, where a quiet March would have made it "met")."""

import warnings

import pandas as pd

import qistats as qi

KW = dict(
    y="restraints", n="bed_days", x="month", by="ward", multiply=1000,
    baseline=("2020-04-01", "2021-03-01"), change=-0.5,
)  # fmt: skip
NOTE = "judged at the deadline without the window's last"


def _two_wards(missing: list[str]) -> pd.DataFrame:
    df = qi.datasets.restrictive_practice()
    df = df[df.ward.isin(["BRI3", "CAS2"])]
    return df[~((df.ward == "CAS2") & df.month.isin(pd.to_datetime(missing)))]


def _summary(df, deadline):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qi.ambition(df, deadline=deadline, **KW).summary().set_index("ward")


def test_a_late_return_at_the_deadline_is_said_in_the_warnings_column():
    s = _summary(_two_wards(["2024-03-01"]), "2024-03-01")
    cas2, bri3 = s.loc["CAS2"], s.loc["BRI3"]
    assert cas2.deadline_reached and cas2.window_periods == 11
    assert f"{NOTE} 1 month: a late return may change the verdict" in cas2.warnings
    assert cas2.reason.startswith("no data after Feb 2024 (as of Mar 2024)")
    assert NOTE not in bri3.warnings  # its March is in
    s = _summary(_two_wards(["2024-02-01", "2024-03-01"]), "2024-03-01")
    assert f"{NOTE} 2 months:" in s.loc["CAS2"].warnings


def test_no_note_before_the_deadline_or_for_a_gap_inside_the_window():
    # before the deadline the verdict is not final; a gap inside the window is no late return
    s = _summary(_two_wards(["2024-03-01"]), "2025-03-01")
    assert not s.loc["CAS2"].deadline_reached and NOTE not in s.loc["CAS2"].warnings
    s = _summary(_two_wards(["2023-10-01"]), "2024-03-01")
    assert s.loc["CAS2"].window_periods == 11 and NOTE not in s.loc["CAS2"].warnings
