"""An absolute target at the deadline: the window's level against a fixed number, withheld
only when the window itself could not tell the baseline's level from the target (trial 14
F6)."""

import numpy as np
import pandas as pd
from scipy import stats

import qistats as qi

from .ambition_simulation import absolute_proportions

KW = {
    "y": "yes",
    "n": "asked",
    "x": "m",
    "by": "ward",
    "kind": "proportion",
    "baseline": (1, 12),
    "target": 75,
    "change": 0.1,  # only the direction: higher is better
    "deadline": 48,
    "multiply": 100,
    "overdispersion": None,
}


def ward(name, base, window):
    """One ward: ``base`` = (yes, asked) over months 1–12 and ``window`` over months 37–48,
    each spread evenly over its months (the first months take the remainders); 28 of 40 a
    month in between."""

    def spread(total, months=12):
        return total // months + (np.arange(months) < total % months)

    yes = np.r_[spread(base[0]), np.full(24, 28), spread(window[0])]
    asked = np.r_[spread(base[1]), np.full(24, 40), spread(window[1])]
    return pd.DataFrame({"ward": name, "m": np.arange(1, 49), "yes": yes, "asked": asked})


def test_a_plain_miss_with_an_informative_window_is_not_met():
    # W1: 300 of 440 in the baseline (68.2 %), 373 of 510 in the judged window (73.1 %),
    # target 75 %. By hand: the target asks ln(75/68.18) = 0.0953 on the log scale; at the
    # target the window's proportion has se of its log √((1 − 0.75)/(0.75 × 510)) = 0.0256,
    # and (1.96 + 0.84) × 0.0256 = 0.072 < 0.0953: the window can tell the baseline's level
    # from the target with 80 % power, so the verdict is what happened, 73.1 % < 75 %:
    # not met. Its Clopper–Pearson interval (scipy's beta quantiles) includes 75 %. The
    # baseline's variance (0.318/300) is no part of it: with it, se = 0.0414 and
    # 2.80 × 0.0414 = 0.116 > 0.0953, and the ward was "insufficient_data", "too few events
    # to tell no change from a change of the ambition's size", beside 300 baseline events.
    # W2: 42 of 60 in the window (70 %): se √(0.25/45) = 0.0745, 2.80 × 0.0745 = 0.209 >
    # 0.0953: the window cannot tell, and the reason says so in the window's words.
    df = pd.concat([ward("W1", (300, 440), (373, 510)), ward("W2", (300, 440), (42, 60))])
    s = qi.ambition(df, **KW).summary().set_index("ward")
    w1, w2 = s.loc["W1"], s.loc["W2"]
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    size = np.log(0.75 / (300 / 440))
    assert z * np.sqrt(0.25 / (0.75 * 510)) < size < z * np.sqrt(0.25 / (0.75 * 45))
    assert np.isclose(w1.current_value, 100 * 373 / 510)
    lo, hi = stats.beta.ppf(0.025, 373, 138), stats.beta.ppf(0.975, 374, 137)
    assert lo * 100 < 75 < hi * 100
    assert w1.verdict == "not_met", w1.reason
    assert w1.reason.startswith(
        "proportion in 37–48 was 73.1%, target at or above 75%: not met (95% interval "
    ), w1.reason
    assert "too few" not in w1.reason
    assert w2.verdict == "insufficient_data", w2.reason
    assert w2.reason.startswith("proportion in 37–48 was 70%"), w2.reason
    assert "too few events in the window to tell, the interval includes the target" in w2.reason
    assert "baseline's level, 68.2%, from the target with 80% power" in w2.reason
    assert "45.0 expected if it were met" in w2.reason


def test_error_rates_of_an_absolute_proportion_at_the_deadline():
    # 1,000 wards per course, 68 % in the baseline, target 75 % (absolute), 15 or 40 patients a
    # month, φ = 1 and 3 (beta-binomial), judged at the deadline: "met" is wrong for wards at
    # 68 % and 72 %, and bounded; with 40 a month and φ = 1 a ward at 72 % is judged (not
    # "insufficient_data") for most, and a ward at 78 % is "met" for most. Before (the
    # baseline's variance in the power check) at 40 a month, φ = 1: 72 % "insufficient_data"
    # 0.443 (now 0.169), 68 % "not_met" 0.910 (0.969); "met" at 68 % and 72 % 0.000 and 0.060
    # (0.000 and 0.062)
    got, courses = {}, (0.68, 0.72, 0.75, 0.78, 0.82)
    for trials in (15, 40):
        for phi in (1.0, 3.0):
            got[trials, phi] = absolute_proportions(2026, 1000, trials, 0.68, courses, 75, phi)
    msg = "\n".join(f"{k[0]} a month, φ={k[1]:g}: {v}" for k, v in got.items())
    print(msg)
    for shares in got.values():
        assert shares[0.68].get("met", 0.0) <= 0.05, msg
        assert shares[0.72].get("met", 0.0) <= 0.10, msg
        assert 0.05 <= shares[0.75].get("met", 0.0) <= 0.6, msg
    assert got[40, 1.0][0.72].get("insufficient_data", 0.0) <= 0.25, msg
    assert got[40, 1.0][0.78].get("met", 0.0) >= 0.85, msg
