"""Parity with qicharts2 0.8.1: every reference case, point by point and per phase."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from .replay import cases, close, replay

CHARTS = {"run", "i", "mr", "p", "pp", "np", "c", "u", "up", "g", "t", "xbar", "s", "ip"}
CASES = cases(CHARTS)


def test_the_reference_cases_are_there():
    # 59 synthetic and 32 real cases
    assert len(CASES) == 91


def _ordered_output(res, output: pd.DataFrame) -> pd.DataFrame:
    facet_cols = ["facet1", "facet2"]
    out = output.sort_values([*facet_cols, "xx"], kind="stable").reset_index(drop=True)
    assert len(out) == len(res.points)
    return out


@pytest.mark.parametrize("case", CASES)
def test_points_match(case):
    res, params, output, _ = replay(case)
    out = _ordered_output(res, output)
    pts = res.points
    x = res.params["x"] or "x"
    if params["x_type"] == "date":
        assert (pts[x].to_numpy() == pd.to_datetime(out["x"]).to_numpy()).all()
    elif isinstance(pts[x].dtype, pd.CategoricalDtype):
        assert pts[x].astype(str).tolist() == out["x"].astype(str).tolist()
    else:
        assert np.allclose(pts[x].to_numpy(dtype=float), out["x"].to_numpy(dtype=float))
    for ours, theirs in [
        ("value", "y"),
        ("cl", "cl"),
        ("lcl", "lcl"),
        ("ucl", "ucl"),
        ("lcl_2s", "lcl.95"),
        ("ucl_2s", "ucl.95"),
    ]:
        ok = close(pts[ours], out[theirs])
        assert ok.all(), (ours, pts.loc[~ok, ours].head(), out.loc[~ok, theirs].head())
    assert (pts["outside_limits"].to_numpy() == out["sigma.signal"].to_numpy()).all()
    assert (pts["baseline"].to_numpy() == out["baseline"].to_numpy()).all() or (
        "part" in params["args"]  # qicharts2 marks every point baseline when part is given
    )
    assert (pts["excluded"].to_numpy() == ~out["include"].to_numpy()).all()


@pytest.mark.parametrize("case", CASES)
def test_summary_matches(case):
    res, _, output, summary = replay(case)
    ours = res.summary()
    theirs = summary.sort_values(["facet1", "facet2", "part"], kind="stable").reset_index(drop=True)
    assert len(ours) == len(theirs)
    # qicharts2's n.obs counts the included points of a part, missing ones too; qistats'
    # n_points counts those with a value (a gap is no point: docs/missing.rst)
    keys = ["facet1", "facet2", "part"]
    gaps = (output["include"] & output["y"].isna()).groupby([output[k] for k in keys]).sum()
    n_obs = theirs["n.obs"] - gaps.reindex(pd.MultiIndex.from_frame(theirs[keys])).to_numpy()
    assert ours["n_points"].astype(float).tolist() == n_obs.astype(float).tolist()
    for a, b in [
        ("n_useful", "n.useful"),
        ("longest_run", "longest.run"),
        ("longest_run_max", "longest.run.max"),
        ("n_crossings", "n.crossings"),
        ("n_crossings_min", "n.crossings.min"),
        ("n_outside", "sigma.signal"),
    ]:
        assert ours[a].astype(float).tolist() == theirs[b].astype(float).tolist(), a
    assert ours["runs_signal"].astype(int).tolist() == theirs["runs.signal"].tolist()
    for a, b in [("cl", "CL"), ("lcl", "aLCL"), ("ucl", "aUCL")]:
        assert close(ours[a], theirs[b]).all(), (a, ours[a].tolist(), theirs[b].tolist())
