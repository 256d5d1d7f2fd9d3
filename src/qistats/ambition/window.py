"""Where the baseline, the comparison window and the trajectory lie, per series."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K


@dataclass(frozen=True)
class Window:
    """The prepared points and where the baseline, the comparison and the trajectory lie."""

    p: Any  # frame.Prepared
    lay: K.Layout  # one segment per series
    t: np.ndarray  # x of every point as a number
    in_base: np.ndarray
    in_comp: np.ndarray
    n_base: np.ndarray  # baseline periods per series
    b1: float  # last x of the baseline
    t0: np.ndarray  # start of the trajectory, per series
    td: float  # the deadline


def scalar_time(conv: Any, value: Any, arg: str) -> float:
    return float(conv.keys(value, arg)[0])


def first_after(t: np.ndarray, lay: K.Layout, b1: float) -> np.ndarray:
    after = np.where(t > b1, t, np.inf)
    first = np.minimum.reduceat(after, lay.starts)
    return np.where(np.isfinite(first), first, b1)


def to_x(conv: Any, t: np.ndarray) -> Any:
    kind = conv.kind()
    if kind == "datetime":
        out = np.full(t.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
        ok = np.isfinite(t) & (np.abs(t) < 9e18)
        out[ok] = t[ok].astype(np.int64).astype("datetime64[ns]")
        return pd.to_datetime(out).normalize()
    return t
