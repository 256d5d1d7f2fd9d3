"""Issue #14: "the README/``make demo`` output reads true". ``make demo`` runs
``examples/quickstart.py``; its ambition table is checked here against the bundled data summed
by hand with pandas (not by qistats): each ward's baseline and window rates, the target, and a
verdict that agrees with them (the data reach the deadline, so every ward is judged there)."""

import runpy
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

QUICKSTART = Path(__file__).parents[1] / "examples" / "quickstart.py"


@pytest.fixture(scope="module")
def demo():
    import matplotlib.pyplot as plt

    ns = runpy.run_path(str(QUICKSTART), run_name="__main__")
    plt.close("all")
    return ns["df"], ns["s"]


def per_1000(df, first, last):
    """1,000 × restraints / bed days of each ward over the months first..last (inclusive)."""
    part = df[(df.month >= first) & (df.month <= last)]
    sums = part.groupby("ward", observed=True)[["restraints", "bed_days"]].sum()
    return 1000 * sums.restraints / sums.bed_days


def test_the_demo_ambition_table_agrees_with_the_data_summed_by_hand(demo, capsys):
    df, s = demo
    capsys.readouterr()
    s = s.set_index("ward")
    assert len(s) == 49
    baseline = per_1000(df, "2020-04-01", "2021-03-01")
    # the data reach the deadline: the window is the 12 months ending at it
    window = per_1000(df, "2023-04-01", "2024-03-01")
    np.testing.assert_allclose(s.baseline_value, baseline[s.index], rtol=1e-12)
    np.testing.assert_allclose(s.current_value, window[s.index], rtol=1e-12)
    np.testing.assert_allclose(s.target_value, 0.5 * baseline[s.index], rtol=1e-12)
    assert (s.current_start == pd.Timestamp("2023-04-01")).all()
    assert (s.current_end == pd.Timestamp("2024-03-01")).all()
    # judged at the deadline: never on_track/off_track
    assert set(s.verdict) <= {"met", "not_met", "insufficient_data"}
    target = 0.5 * baseline[s.index]
    judged = s.verdict != "insufficient_data"
    met = window[s.index] <= target
    assert (s.verdict[judged] == np.where(met[judged], "met", "not_met")).all()
    # withheld only where the data showed no change: the ratio's interval includes 1
    withheld = s[~judged]
    assert ((withheld.rate_ratio_lower < 1) & (withheld.rate_ratio_upper > 1)).all()
    # no ward told it met the target while its data make that unlikely, nor the reverse
    assert (s.prob_target_met[s.verdict == "met"] > 0.2).all()
    assert (s.prob_target_met[s.verdict == "not_met"] < 0.8).all()


def test_each_reason_states_the_window_rate_target_and_verdict(demo, capsys):
    _, s = demo
    capsys.readouterr()
    for row in s.itertuples():
        if row.verdict == "insufficient_data":
            assert row.reason.startswith("too few events"), row.reason
            continue
        words = "met" if row.verdict == "met" else "not met"
        start = f"rate in Apr 2023–Mar 2024 was {row.current_value:.3g} per 1,000"
        assert row.reason.startswith(start), (row.ward, row.reason)
        assert f"target {row.target_value:.3g} per 1,000: {words};" in row.reason, row.reason
