"""Replay a qicharts2 reference case (``tests/reference/qicharts2/``) through ``qi.spc``.

The cases were produced by running qicharts2 0.8.1 in R (see ``README.md`` next to them). Each
holds the input data, the ``qic()`` arguments and qicharts2's per-point output and summary. This
module translates the arguments to qistats' and compares the numbers.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import qistats as qi

ROOT = Path(__file__).parent / "qicharts2"


def cases(charts: set[str]) -> list[str]:
    """Names (``synthetic/x`` or ``real/x``) of the cases whose chart is in ``charts``."""
    out = []
    for params in sorted(ROOT.glob("*/*/params.json")):
        p = json.loads(params.read_text())
        if p["args"]["chart"] in charts and not p.get("expect_error"):
            out.append(f"{params.parent.parent.name}/{params.parent.name}")
    return out


def load(case: str) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    d = ROOT / case
    params = json.loads((d / "params.json").read_text())
    data = pd.read_csv(d / "input.csv")
    output = pd.read_csv(d / "output.csv")
    summary = pd.read_csv(d / "summary.csv")
    return params, data, output, summary


def replay(case: str) -> tuple[qi.SPCResult, dict, pd.DataFrame, pd.DataFrame]:
    """Run the case through ``qi.spc``; return the result and qicharts2's output and summary."""
    params, data, output, summary = load(case)
    cols = params["columns"]
    args = dict(params["args"])
    x = cols.get("x")
    if params["x_type"] == "date":
        data[x] = pd.to_datetime(data[x])
    elif params["x_type"] == "character":  # qicharts2: units side by side, in sorted order
        data[x] = pd.Categorical(data[x], categories=sorted(data[x].unique()), ordered=False)
    for col, levels in (params.get("factor_levels") or {}).items():
        # an R factor: units side by side (qicharts2 draws dots and never signals runs)
        data[col] = pd.Categorical(data[col], categories=levels, ordered=False)
    facets = cols.get("facets")
    by = [f.strip() for f in facets.replace("~", "+").split("+") if f.strip()] if facets else None

    kw: dict = {
        "x": x,
        "n": cols.get("n"),
        "by": by,
        "chart": args.pop("chart"),
        "screen_mr": bool(params["options"]["qic.screenedmr"]),
    }
    # positions (1-based, within each series, after aggregation) to x values
    xs = np.sort(data[x].unique()) if x is not None and params["x_type"] != "character" else None

    def x_at(pos: int):
        return xs[pos - 1] if xs is not None else pos

    if "freeze" in args and "part" not in args:  # qicharts2 ignores freeze when part is given
        kw["freeze"] = int(args.pop("freeze"))
    if "part" in args:
        parts = args.pop("part")
        parts = parts if isinstance(parts, list) else [parts]
        kw["phase"] = [x_at(int(p) + 1) for p in parts]
    if "exclude" in args:
        ex = args.pop("exclude")
        kw["exclude"] = [x_at(int(e)) for e in (ex if isinstance(ex, list) else [ex])]
    if "multiply" in args:
        kw["multiply"] = args.pop("multiply")
    if "cl" in args:  # qicharts2 takes cl before multiply, qistats after
        kw["cl"] = args.pop("cl") * kw.get("multiply", 1)
    if "target" in args:
        kw["target"] = args.pop("target")
    if "agg.fun" in args:
        kw["agg"] = args.pop("agg.fun")
    if "y.neg" in args:
        kw["allow_negative"] = bool(args.pop("y.neg"))
    if "method" in args:
        kw["rules"] = qi.rules.anhoej(method=args.pop("method"))
    assert not args, f"untranslated qic() arguments: {args}"
    with warnings.catch_warnings():
        # the synthetic cases repeat rows on purpose, to check how they are combined
        warnings.simplefilter("ignore", qi.DuplicateRowsWarning)
        # and the "_zeros" cases are counts of rare events on C and U charts, on purpose
        warnings.simplefilter("ignore", qi.RareEventsWarning)
        # and the real NHS accidents P chart (large n) varies beyond its binomial limits, as
        # qicharts2 charts it all the same: the warning is right, the limits are compared
        warnings.simplefilter("ignore", qi.OverdispersionWarning)
        res = qi.spc(data, y=cols["y"], **kw)
    return res, params, output, summary


def close(actual, expected, rtol: float = 1e-9, atol: float = 1e-12) -> np.ndarray:
    """Element-wise: equal within tolerance, or both missing."""
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    both_nan = np.isnan(a) & np.isnan(e)
    with np.errstate(invalid="ignore"):
        near = np.abs(a - e) <= atol + rtol * np.abs(e)
    return both_nan | near
