"""The trajectory from the baseline to the target, and each period's status against it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .. import _kernels as K
from .intervals import garwood
from .window import Window

TRAJECTORIES = ("compound", "linear")


def trajectory_values(win: Window, base, rho, trajectory, multiply) -> np.ndarray:
    """The target of every period (raw units): compound T_t = λ₀ρ^s or linear
    T_t = λ₀(1 − (1 − ρ)s) with s = clip((t − t₀)/(t_d − t₀), 0, 1), or the user's column."""
    if not (isinstance(trajectory, str) and trajectory in TRAJECTORIES):
        return win.p.columns["trajectory"].astype(float) / multiply
    seg = win.lay.seg
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.clip((win.t - win.t0[seg]) / (win.td - win.t0[seg]), 0.0, 1.0)
    if trajectory == "compound":
        return base[seg] * rho[seg] ** s
    return base[seg] * (1 - (1 - rho[seg]) * s)


def periods_counts(win: Window, lam0, rho, trajectory, multiply, better, alpha) -> pd.DataFrame:
    """Per period, counts: cumulative observed against expected on the trajectory (Poisson)."""
    p, lay, t, t0 = win.p, win.lay, win.t, win.t0
    seg = lay.seg
    traj = trajectory_values(win, lam0, rho, trajectory, multiply)
    on = t >= t0[seg]
    expected = np.where(on, traj * p.n, 0.0)
    observed = np.where(on, p.y, 0.0)
    # cumulative sums within each series
    cum_o = seg_cumsum(observed, lay)
    cum_e = seg_cumsum(expected, lay)
    lo, hi = garwood(cum_o, alpha)
    oe = K.divide(cum_o, cum_e)
    oe_lo, oe_hi = K.divide(lo, cum_e), K.divide(hi, cum_e)
    if better < 0:
        ahead = oe_hi < 1
        behind = stats.poisson.sf(cum_o - 1, cum_e) < 0.05
    else:
        ahead = oe_lo > 1
        behind = stats.poisson.cdf(cum_o, cum_e) < 0.05
    return periods_frame(
        win,
        on,
        traj,
        expected,
        cum_o,
        cum_e,
        oe,
        oe_lo,
        oe_hi,
        ahead,
        behind,
        multiply,
    )


def periods_frame(
    win: Window,
    on,
    traj,
    expected,
    cum_o,
    cum_e,
    oe,
    oe_lo,
    oe_hi,
    ahead,
    behind,
    multiply,
) -> pd.DataFrame:
    """The per-period table, from the cumulative comparison with the trajectory."""
    p, t, in_base, in_comp, b1 = win.p, win.t, win.in_base, win.in_comp, win.b1
    status = np.where(ahead, "ahead", np.where(behind, "behind", "on_track")).astype(object)
    status[~on | (cum_e <= 0)] = None
    period = np.where(
        in_base, "baseline", np.where(in_comp, "comparison", np.where(t < b1, "before", "between"))
    )
    out = p.keys.copy()
    out["y"] = p.y
    out["n"] = p.n if p.n is not None else p.stats["count"]
    out["value"] = p.value * multiply
    out["period"] = period
    out["trajectory"] = np.where(on, traj * multiply, np.nan)
    out["expected"] = np.where(on, expected, np.nan)
    out["cum_observed"] = np.where(on, cum_o, np.nan)
    out["cum_expected"] = np.where(on, cum_e, np.nan)
    out["oe"] = np.where(on, oe, np.nan)
    out["oe_lower"] = np.where(on, oe_lo, np.nan)
    out["oe_upper"] = np.where(on, oe_hi, np.nan)
    out["status"] = status
    return out


def seg_cumsum(v: np.ndarray, lay: K.Layout) -> np.ndarray:
    c = np.cumsum(v)
    before = np.concatenate(([0.0], c))[lay.starts]
    return c - before[lay.seg]


def latest_status_of(periods: pd.DataFrame, lay: K.Layout) -> np.ndarray:
    """The status of each series' latest period that has one."""
    status = periods["status"].to_numpy()
    last = np.maximum.reduceat(np.where(pd.notna(status), np.arange(status.size), -1), lay.starts)
    return np.where(last >= 0, status[np.maximum(last, 0)], None)
