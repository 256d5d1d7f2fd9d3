"""Every chart checked by hand on a small example (the arithmetic is shown in each test).

The reference parity with qicharts2 is in tests/reference; these are a second, independent
source: textbook formulas (Montgomery 2020, Laney 2002, Provost & Murray 2011) worked through.
"""

import re
import warnings
from math import gamma, pi, sqrt

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def first(res, col):
    return float(res.points[col].iloc[0])


def test_p_chart():
    # p̄ = (2 + 4 + 3) / (20 + 40 + 30) = 0.1; at n = 20: σ = √(0.1 · 0.9 / 20)
    df = pd.DataFrame({"y": [2, 4, 3], "n": [20, 40, 30]})
    res = qi.spc(df, y="y", n="n", chart="p")
    s1 = sqrt(0.1 * 0.9 / 20)
    assert res.points.value.tolist() == pytest.approx([0.1, 0.1, 0.1])
    assert first(res, "cl") == pytest.approx(0.1)
    assert first(res, "ucl") == pytest.approx(0.1 + 3 * s1)
    assert first(res, "lcl") == 0.0  # 0.1 − 3σ < 0 is clamped
    assert first(res, "lcl_1s") == pytest.approx(0.1 - s1)
    # at n = 40 the limits are narrower
    assert res.points.ucl.iloc[1] == pytest.approx(0.1 + 3 * sqrt(0.09 / 40))


def test_p_chart_upper_limit_is_clamped_at_one():
    # p̄ = 0.9; at n = 10: 0.9 + 3 √(0.09 / 10) = 1.185 -> 1
    df = pd.DataFrame({"y": [9, 90], "n": [10, 100]})
    res = qi.spc(df, y="y", n="n", chart="p")
    assert first(res, "ucl") == 1.0
    assert res.points.ucl.iloc[1] == pytest.approx(0.9 + 3 * sqrt(0.09 / 100))


def test_u_chart_per_1000():
    # ū = 12 / 8 = 1.5 per unit; at n = 2: σ = √(1.5 / 2); × 1000
    df = pd.DataFrame({"y": [3, 5, 4], "n": [2.0, 4.0, 2.0]})
    res = qi.spc(df, y="y", n="n", chart="u", multiply=1000)
    assert first(res, "value") == pytest.approx(1500)
    assert first(res, "cl") == pytest.approx(1500)
    assert first(res, "ucl") == pytest.approx(1000 * (1.5 + 3 * sqrt(0.75)))
    assert first(res, "lcl") == 0.0


def test_c_chart_sums_counts_per_x():
    # counts 1 + 3 at x = 1, then 6, 5, 9: c̄ = (4 + 6 + 5 + 9) / 4 = 6, σ = √6
    df = pd.DataFrame({"t": [1, 1, 2, 3, 4], "y": [1, 3, 6, 5, 9]})
    res = qi.spc(df, y="y", x="t", chart="c")
    assert res.points.value.tolist() == [4, 6, 5, 9]
    assert first(res, "cl") == 6
    assert first(res, "ucl") == pytest.approx(6 + 3 * sqrt(6))
    assert first(res, "lcl") == 0.0
    assert first(res, "lcl_1s") == pytest.approx(6 - sqrt(6))


def test_np_chart():
    # p̄ = 30 / 300 = 0.1, n = 100: CL = 10, σ = √(100 · 0.1 · 0.9) = 3
    df = pd.DataFrame({"y": [5, 10, 15], "n": [100, 100, 100]})
    res = qi.spc(df, y="y", n="n", chart="np")
    assert res.points.value.tolist() == [5, 10, 15]
    assert (first(res, "cl"), first(res, "lcl"), first(res, "ucl")) == pytest.approx((10, 1, 19))


def laney_example():
    # p = 0.1, 0.3, 0.2, 0.4 with n = 100: p̄ = 0.25, σᵢ = √(0.25 · 0.75 / 100)
    df = pd.DataFrame({"y": [10, 30, 20, 40], "n": [100] * 4})
    s = sqrt(0.25 * 0.75 / 100)
    z = [(p - 0.25) / s for p in (0.1, 0.3, 0.2, 0.4)]
    amr = (abs(z[1] - z[0]) + abs(z[2] - z[1]) + abs(z[3] - z[2])) / 3
    return df, s, amr / 1.128


def test_laney_p_prime_chart():
    df, s, sz = laney_example()
    res = qi.spc(df, y="y", n="n", chart="pp")
    assert first(res, "ucl") == pytest.approx(0.25 + 3 * s * sz)
    assert first(res, "ucl_2s") == pytest.approx(0.25 + 2 * s * sz)
    assert first(res, "lcl") == 0.0


def test_laney_u_prime_chart():
    # rates 0.1, 0.3, 0.2, 0.4 per unit with n = 100: ū = 0.25, σᵢ = √(0.25 / 100)
    df = pd.DataFrame({"y": [10, 30, 20, 40], "n": [100] * 4})
    s = sqrt(0.25 / 100)
    z = [(u - 0.25) / s for u in (0.1, 0.3, 0.2, 0.4)]
    sz = (abs(z[1] - z[0]) + abs(z[2] - z[1]) + abs(z[3] - z[2])) / 3 / 1.128
    res = qi.spc(df, y="y", n="n", chart="up")
    assert first(res, "ucl") == pytest.approx(0.25 + 3 * s * sz)


def test_laney_floor_raises_sigma_z_to_one():
    # under-dispersed: every p equal to p̄, so z = 0 and σ_z = 0; the floor gives P limits
    df = pd.DataFrame({"y": [25, 25, 25, 25], "n": [100] * 4})
    plain = qi.spc(df, y="y", n="n", chart="p")
    floored = qi.spc(df, y="y", n="n", chart="pp", laney_floor=True)
    unfloored = qi.spc(df, y="y", n="n", chart="pp")
    assert first(floored, "ucl") == pytest.approx(first(plain, "ucl"))
    assert first(unfloored, "ucl") == pytest.approx(0.25)  # σ_z = 0: limits collapse


def test_laney_funnel_uses_the_standard_deviation_of_z():
    # units side by side (unordered categorical x): σ_z = sd(z), not MR̄/1.128
    df, s, _ = laney_example()
    df["unit"] = pd.Categorical(list("abcd"), ordered=False)
    z = np.array([(p - 0.25) / s for p in (0.1, 0.3, 0.2, 0.4)])
    res = qi.spc(df, y="y", n="n", x="unit", chart="pp")
    assert first(res, "ucl") == pytest.approx(0.25 + 3 * s * z.std(ddof=1))


def test_g_chart():
    # mean 40, median (20 + 30) / 2 = 25; σ = √(40 · 41); LCL 40 − 3σ < 0 -> 0
    res = qi.spc(pd.DataFrame({"y": [10, 20, 30, 100]}), y="y", chart="g")
    assert first(res, "cl") == 25
    assert first(res, "ucl") == pytest.approx(40 + 3 * sqrt(40 * 41))
    assert first(res, "lcl") == 0.0


def test_g_chart_user_centre_is_the_mean_and_shown_as_its_median():
    # cl = 20 is the geometric mean; the median shown is 0.693 · 20 (qicharts2, Provost 2011)
    res = qi.spc(pd.DataFrame({"y": [10, 20, 30, 100]}), y="y", chart="g", cl=20)
    assert first(res, "cl") == pytest.approx(13.86)
    assert first(res, "ucl") == pytest.approx(20 + 3 * sqrt(20 * 21))


def test_g_and_t_charts_keep_events_on_the_same_date_apart():
    df = pd.DataFrame(
        {"date": pd.to_datetime(["2024-01-03", "2024-01-03", "2024-02-10"]), "y": [5, 9, 40]}
    )
    for chart in ("g", "t"):
        pts = qi.spc(df, y="y", x="date", chart=chart).points
        assert pts.value.tolist() == [5, 9, 40]


def test_t_chart():
    # y = t^3.6 for t = 1, 2, 3, 2: on the transformed scale mean 2, MR̄ 1, σ = 1 / 1.128
    t = np.array([1.0, 2.0, 3.0, 2.0])
    res = qi.spc(pd.DataFrame({"y": t**3.6}), y="y", chart="t")
    assert first(res, "cl") == pytest.approx(2**3.6)
    assert first(res, "ucl") == pytest.approx((2 + 3 / 1.128) ** 3.6)
    assert first(res, "lcl") == 0.0  # 2 − 3/1.128 < 0
    assert first(res, "lcl_1s") == pytest.approx((2 - 1 / 1.128) ** 3.6)


def c4(n):
    return sqrt(2 / (n - 1)) * gamma(n / 2) / gamma((n - 1) / 2)


def subgroups(groups):
    return pd.DataFrame([{"t": k + 1, "y": v} for k, values in enumerate(groups) for v in values])


def test_xbar_and_s_charts_equal_sizes():
    # subgroups (1, 2, 3), (2, 4, 6), (3, 3, 3): means 2, 4, 3; sds 1, 2, 0 -> s̄ = 1
    df = subgroups([(1, 2, 3), (2, 4, 6), (3, 3, 3)])
    a3 = 3 / (c4(3) * sqrt(3))
    xbar = qi.spc(df, y="y", x="t", chart="xbar")
    assert xbar.points.value.tolist() == [2, 4, 3]
    assert xbar.points.subgroup_size.tolist() == [3, 3, 3]
    assert first(xbar, "cl") == pytest.approx(3)
    assert first(xbar, "ucl") == pytest.approx(3 + a3 * 1)
    s = qi.spc(df, y="y", x="t", chart="s")
    assert s.points.value.tolist() == pytest.approx([1, 2, 0])
    b4 = 1 + 3 * sqrt(1 - c4(3) ** 2) / c4(3)
    assert (first(s, "cl"), first(s, "ucl"), first(s, "lcl")) == pytest.approx((1, b4, 0))


def test_xbar_and_s_charts_pool_unequal_sizes():
    # sizes 2 and 3: (1, 3) sd √2, (2, 4, 6) sd 2: s_p = √((1·2 + 2·4) / (1 + 2)) = √(10/3)
    # grand mean (2·2 + 3·4) / 5 = 3.2
    df = subgroups([(1, 3), (2, 4, 6)])
    sp = sqrt(10 / 3)
    xbar = qi.spc(df, y="y", x="t", chart="xbar")
    assert first(xbar, "cl") == pytest.approx(3.2)
    assert first(xbar, "ucl") == pytest.approx(3.2 + 3 / (c4(2) * sqrt(2)) * sp)
    s = qi.spc(df, y="y", x="t", chart="s")
    assert first(s, "cl") == pytest.approx(sp)
    assert s.points.ucl.iloc[1] == pytest.approx((1 + 3 * sqrt(1 - c4(3) ** 2) / c4(3)) * sp)


@pytest.mark.parametrize("after", ["unequal", "empty", "both"])
def test_xbar_and_s_frozen_limits_ignore_what_follows_the_baseline(after):
    # baseline (1, 2, 3), (2, 4, 6), (3, 3, 3) as above: CL 3, s̄ = 1 with subgroups of three;
    # then a subgroup of two and/or an empty one (x present, y missing): not in the baseline,
    # so the frozen lines stay those of equal subgroups (s̄, not the pooled s)
    groups = [(1, 2, 3), (2, 4, 6), (3, 3, 3)]
    tail = {"unequal": [(5, 9)], "empty": [(np.nan,)], "both": [(5, 9), (np.nan,)]}[after]
    df = subgroups(groups + tail)
    xbar = qi.spc(df, y="y", x="t", chart="xbar", freeze=3)
    assert first(xbar, "cl") == pytest.approx(3)
    assert first(xbar, "ucl") == pytest.approx(3 + 3 / (c4(3) * sqrt(3)) * 1)
    s = qi.spc(df, y="y", x="t", chart="s", freeze=3)
    assert first(s, "cl") == pytest.approx(1)
    assert first(s, "ucl") == pytest.approx(1 + 3 * sqrt(1 - c4(3) ** 2) / c4(3))


def test_a_subgroup_of_one_has_no_limits():
    df = subgroups([(1, 2, 3), (7,), (2, 4, 6)])
    xbar = qi.spc(df, y="y", x="t", chart="xbar").points
    assert xbar.value.iloc[1] == 7 and np.isnan(xbar.ucl.iloc[1])
    s = qi.spc(df, y="y", x="t", chart="s").points
    assert np.isnan(s.value.iloc[1]) and np.isnan(s.ucl.iloc[1])


def test_c4_for_large_subgroups():
    # log-gamma keeps c4 finite for n in the thousands (gamma() alone overflows past n = 343)
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"t": np.repeat([1, 2], 2000), "y": rng.normal(size=4000)})
    res = qi.spc(df, y="y", x="t", chart="xbar")
    assert np.isfinite(res.points.ucl).all()


def test_i_prime_chart():
    # values 40/4 = 10, 12/1 = 12, 44/4 = 11; CL = 96 / 9
    # s = √(π/2) · |Δ| / √(1/n₋₁ + 1/n): 2/√1.25 and 1/√1.25 (× √(π/2)); σᵢ = s̄ / √nᵢ
    df = pd.DataFrame({"y": [40, 12, 44], "n": [4, 1, 4]})
    res = qi.spc(df, y="y", n="n", chart="ip")
    sbar = sqrt(pi / 2) * (2 + 1) / sqrt(1.25) / 2
    assert res.points.value.tolist() == pytest.approx([10, 12, 11])
    assert first(res, "cl") == pytest.approx(96 / 9)
    assert first(res, "ucl") == pytest.approx(96 / 9 + 3 * sbar / 2)
    assert res.points.ucl.iloc[1] == pytest.approx(96 / 9 + 3 * sbar)


def test_i_prime_chart_of_rows_is_the_chart_of_totals_without_a_warning():
    # docs/charts/measurements.rst: without n, the rows sharing an x are the subgroup (their
    # mean the value, their number n). That documented input warned "more than one row …
    # give one row per series and x"; equal values in a subgroup (10.0 twice) are real too.
    rows = pd.DataFrame(
        {"x": [1, 1, 1, 2, 3, 3, 4, 4, 4, 4], "y": [9.0, 10, 10, 12, 11, 13, 8, 10, 12, 14]}
    )
    totals = rows.groupby("x")["y"].agg(["sum", "size"]).reset_index()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = qi.spc(rows, y="y", x="x", chart="ip").points
    want = qi.spc(totals, y="sum", n="size", x="x", chart="ip").points
    assert got["value"].tolist() == pytest.approx([29 / 3, 12, 12, 11])
    for col in ("value", "cl", "lcl", "ucl"):
        assert got[col].tolist() == pytest.approx(want[col].tolist(), nan_ok=True), col


def test_i_prime_total_over_an_empty_subgroup_is_said_in_its_own_words():
    # y a subgroup's total of measurements (minutes), n its size: not "events" over "exposure"
    df = pd.DataFrame({"x": [1, 2, 3, 4], "total": [40.0, 44.7, 38.0, 41.0], "size": [4, 0, 4, 4]})
    with pytest.warns(qi.NoDataWarning) as seen:
        qi.spc(df, y="total", n="size", x="x", chart="ip")
    msg = str(seen[0].message)
    assert "x=2 has a total of 44.7 ('total') over a subgroup of size 0" in msg, msg
    assert "events" not in msg and "exposure" not in msg, msg


@pytest.mark.parametrize("chart", ["g", "t"])
def test_event_flags_as_a_g_or_t_charts_y_are_refused_with_the_gaps_to_chart(chart):
    # True/False per case was read as gaps of 1 and 0: every event "above the upper limit"
    cases = pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=10),
            "event": [False, False, True, False, True, True, False, False, False, True],
        }
    )
    with pytest.raises(qi.ColumnError, match="holds True/False") as err:
        qi.spc(cases, y="event", x="date", chart=chart)
    msg = str(err.value)
    names = {"df": cases}  # the advice, run as written, gives the gaps counted by hand
    if chart == "g":
        code = re.search(r"are (df\.assign\(.+\]\]) \(with by=", msg).group(1)
        assert eval(code, names)["cases"].tolist() == [2, 1, 0, 3]
    else:
        events = eval(re.search(r"events = (df\[df\['event'\]\])", msg).group(1), names)
        names["events"] = events
        days = eval(
            re.search(r"between them, (events\['date'\].+?) \(with by=", msg).group(1), names
        )
        assert events["date"].dt.day.tolist() == [3, 5, 6, 10]
        assert days.tolist()[1:] == [2.0, 1.0, 4.0]
