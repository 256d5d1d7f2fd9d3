"""qi.funnel against FunnelPlotR 0.6.0 on the 22 reference cases in ``funnelplotr/``.

Each case holds the input, the ``funnel_plot()`` arguments and FunnelPlotR's per-unit table,
limit curves and scalars (see ``funnelplotr/README.md``). With ``compat="FunnelPlotR"`` every
number agrees at 1e-9; the CQC cases are also checked with the default, which corrects φ for
the winsorisation and squares the adjusted limits back to the ratio scale (FunnelPlotR #33),
with both constructions of the adjusted limits (``adjusted_limits``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

import qistats as qi
from tests import funnel_hand as hand

ROOT = Path(__file__).parent / "funnelplotr"
CASES = sorted(p.parent.name for p in ROOT.glob("*/params.json"))
COMPUTED = [c for c in CASES if (ROOT / c / "units.csv").exists() and not c.startswith("deg_")]
CQC = [c for c in COMPUTED if "cqc" in c]
RTOL = 1e-9


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"group": str}, keep_default_na=False, na_values=["NA", "NaN"])


def _args(case: str) -> dict:
    """FunnelPlotR's arguments translated to qi.funnel's (see docs/funnel.rst, the mapping)."""
    p = json.loads((ROOT / case / "params.json").read_text())
    a = {**p["defaults_in_effect"], **p["args"]}
    adjust = (True if a["draw_unadjusted"] else "auto") if a["draw_adjusted"] else False
    return {
        "kind": a["data_type"].lower(),
        "method": a["sr_method"].lower(),
        "trim": a["trim_by"],
        "multiply": a["multiplier"],
        "shmi_rounding": a["SHMI_rounding"],
        "adjust": adjust,
        # FunnelPlotR's limit=99 means the 99.8 % limits; other values flag nothing
        "limit": 95 if a["limit"] == 95 else 99.8,
    }


# cases whose phi is no more than the discreteness of their small counts gives (the warning
# applies under compat too: the data's issue is the same; the numbers are unchanged)
DISCRETE = {"sr_shmi_07_no_rounding_k30"}


def _run(case: str, **override):
    data = _read(ROOT / case / "input.csv")
    kw = {**_args(case), "compat": "FunnelPlotR", **override}
    if case in DISCRETE and kw.get("adjust", "auto") is not False:
        with pytest.warns(qi.OverdispersionWarning, match="discreteness of small counts"):
            return qi.funnel(data, y="numerator", n="denominator", unit="group", **kw)
    return qi.funnel(data, y="numerator", n="denominator", unit="group", **kw)


def _close(ours, theirs, what: str) -> None:
    np.testing.assert_allclose(
        np.asarray(ours, float), np.asarray(theirs, float), rtol=RTOL, atol=1e-12, err_msg=what
    )


def _expected(case: str):
    d = ROOT / case
    units = _read(d / "units.csv").rename(columns={"outlier": "r_outlier"})
    return units, pd.read_csv(d / "limits.csv"), json.loads((d / "summary.json").read_text())


def test_all_cases_are_here():
    assert len(CASES) == 22
    assert len(COMPUTED) == 19


@pytest.mark.parametrize("case", COMPUTED)
def test_units_scalars_and_outliers(case):
    res = _run(case)
    units, _, summ = _expected(case)
    m = res.units.merge(units, on="group", validate="1:1")
    assert len(m) == len(units) == len(res.units) == summ["n_units"]
    mult = _args(case)["multiply"]
    _close(m["y"], m["numerator"], "numerator")
    _close(m["value"], m["rr"] * mult, "value")
    _close(m["z"], m["Uzscore"], "z")
    _close(m["z_trimmed"], m["Wuzscore"], "z_trimmed")
    adjusted = summ["draw_adjusted_returned"]
    assert res.adjusted == adjusted
    for ours, od, plain in (
        ("lcl_95", "OD95LCL", "LCL95"),
        ("ucl_95", "OD95UCL", "UCL95"),
        ("lcl_99_8", "OD99LCL", "LCL99"),
        ("ucl_99_8", "OD99UCL", "UCL99"),
    ):
        _close(m[ours], m[od if adjusted else plain], ours)
    _close([res.phi, res.tau2], [float(summ["phi"]), float(summ["tau2"])], "phi, tau2")
    _close([res.target], [summ["target_times_multiplier"]], "target")
    if summ["outlier_column_present"]:
        np.testing.assert_array_equal(m["outlier"].astype(int), m["r_outlier"], err_msg="outlier")
        assert res.summary()["n_outliers"].item() == summ["n_outliers"]
        assert sorted(res.units.loc[res.units["outlier"], "group"]) == summ["outlier_groups"]
    else:  # FunnelPlotR flags nothing at limit=99.8; qistats compares with the 99.8 % limits
        lo, hi = m["OD99LCL"], m["OD99UCL"]
        np.testing.assert_array_equal(m["outlier"], (m["value"] < lo) | (m["value"] > hi))


@pytest.mark.parametrize("case", COMPUTED)
def test_limit_curves(case):
    res = _run(case)
    _, limits, summ = _expected(case)
    x = limits["number_seq"].to_numpy()
    od = res.limits_at(x, adjusted=True)
    plain = res.limits_at(x, adjusted=False)
    for ours, frame, theirs in (
        ("lcl_95", od, "odll95"),
        ("ucl_95", od, "odul95"),
        ("lcl_99_8", od, "odll998"),
        ("ucl_99_8", od, "odul998"),
        ("lcl_95", plain, "ll95"),
        ("ucl_95", plain, "ul95"),
        ("lcl_99_8", plain, "ll998"),
        ("ucl_99_8", plain, "ul998"),
    ):
        _close(frame[ours], limits[theirs], theirs)
    if summ["grid_max_x"] == np.ceil(res.units["n"].max()):  # x_range not given: same grid
        assert len(res.limits) == summ["n_limits_rows"]
        # 1 ulp: R's strtod, which the fixture writer used to check its shortest
        # representation, reads a few values to the neighbouring double
        np.testing.assert_allclose(res.limits["n"], x, rtol=4e-16, atol=0)


def _trimmed_normal_mean_square(p: float) -> float:
    """E[winsorised z²] for z ~ N(0, 1) clamped at its p and 1 - p quantiles."""
    c = norm.ppf(1 - p)
    return 1 - 2 * p - 2 * c * norm.pdf(c) + 2 * p * c * c


@pytest.mark.parametrize("how", ["combined", "normal"])
@pytest.mark.parametrize("case", CQC)
def test_cqc_default(case, how):
    """Not compat, FunnelPlotR's trimmed φ (``phi="trim"``; the default φ is robust):
    φ corrected for the winsorisation, adjusted limits squared back to the ratio scale (#33):
    the default (``adjusted_limits="combined"``) the exact limits' distance from 1 on the √
    scale combined in quadrature with z·τ, ``"normal"`` (1 ∓ z·se)², never narrower than
    the exact limits."""
    res = _run(case, compat=None, phi="trim", adjusted_limits=how)
    units, _, summ = _expected(case)
    m = res.units.merge(units, on="group", validate="1:1")
    args = _args(case)
    mult = args["multiply"]
    _close(m["z"], m["Uzscore"], "z")
    _close(m["z_trimmed"], m["Wuzscore"], "z_trimmed")
    used = m["Wuzscore"].notna()
    k = used.sum()
    phi = float(summ["phi_unzeroed"]) / _trimmed_normal_mean_square(args["trim"])
    w = 1 / m.loc[used, "zscore_s"] ** 2
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    tau2 = 0.0 if k * phi < k - 1 else tau2
    _close([res.phi, res.tau2], [phi, tau2], "phi, tau2")
    adjusted = phi > 1
    assert res.adjusted == adjusted
    for level in (95, 99.8):
        name = "95" if level == 95 else "99_8"
        # the counts chance rarely gives a unit expecting E events (not FunnelPlotR's
        # chi-square limits, which flag 0 events at every E); adjusted limits never narrower
        c_lo, c_hi = hand.poisson_limits(m["denominator"].to_numpy(), (1 - level / 100) / 2)
        z = norm.ppf(1 - (1 - level / 100) / 2)
        if adjusted and how == "normal":
            se = np.sqrt(1 / (4 * m["denominator"]) + tau2)
            lo = mult * np.fmin(np.maximum(0.0, 1.0 - z * se) ** 2, c_lo)
            hi = mult * np.fmax((1.0 + z * se) ** 2, c_hi)
        elif adjusted:
            d_lo, d_hi = 1 - np.sqrt(c_lo), np.sqrt(c_hi) - 1
            lo = mult * np.maximum(0.0, 1 - np.sqrt(d_lo**2 + z * z * tau2)) ** 2
            hi = mult * (1 + np.sqrt(d_hi**2 + z * z * tau2)) ** 2
            assert (lo <= mult * c_lo).all() and (hi >= mult * c_hi).all()
        else:
            lo, hi = mult * c_lo, mult * c_hi
        _close(m[f"lcl_{name}"], lo, f"lcl_{name}")
        _close(m[f"ucl_{name}"], hi, f"ucl_{name}")
        if level == args["limit"]:
            np.testing.assert_array_equal(m["outlier"], (m["value"] < lo) | (m["value"] > hi))


def test_error_cases_give_our_errors():
    bad_kind = _read(ROOT / "err_bad_data_type" / "input.csv")
    with pytest.raises(qi.ArgumentError, match="kind='XX'"):
        qi.funnel(bad_kind, y="numerator", n="denominator", unit="group", kind="XX")
    na = _read(ROOT / "err_sr_na_denominator" / "input.csv")
    with pytest.raises(qi.DataError, match=r"n='denominator'.*group='U004'.*missing"):
        qi.funnel(na, y="numerator", n="denominator", unit="group")


@pytest.mark.parametrize("compat", [None, "FunnelPlotR"])
def test_degenerate_proportion_above_one_is_refused(compat):
    """FunnelPlotR computes NaN for a proportion of 1.4 and flags it; qistats refuses it."""
    data = _read(ROOT / "deg_pr_unit_num_gt_den_k20" / "input.csv")
    with pytest.raises(qi.DataError, match=r"group='U005'.*y = 291 > n = 208"):
        qi.funnel(data, y="numerator", n="denominator", unit="group", kind="pr", compat=compat)
