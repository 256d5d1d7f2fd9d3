"""Chart registry: for each chart name, the plotted value, the centre line and the limits.

A chart is a name and a function from :class:`ChartInput` (flat arrays for all series at once)
to :class:`Lines`. Centre lines and sigma are computed per segment (series × phase) from the
baseline-and-included points and applied to every point of the segment.

Formulas follow qicharts2 0.8.1 (Anhøj 2025) and Montgomery (2020):

* run chart: CL = median of the baseline points; no limits.
* I chart (individuals): CL = mean; σ = MR̄ / 1.128, where MR̄ is the mean moving range of the
  baseline-and-included subsequence (optionally screened, Nelson 1982); limits CL ± kσ.
* MR chart: value |yᵢ − yᵢ₋₁| within the phase; CL = MR̄; UCL = 3.267 · CL; LCL = 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _kernels as K
from .errors import ArgumentError

#: d2 for subgroups of two (moving ranges): E(|X1 − X2|) / σ = 2/√π, rounded as in the literature.
D2 = 1.128
#: D4 for subgroups of two: UCL of the moving-range chart in units of MR̄.
D4 = 3.267


@dataclass(frozen=True)
class ChartInput:
    """What a chart function sees: flat arrays over all points of all series."""

    value: np.ndarray  # plotted statistic before `multiply` (y/n, or aggregated y)
    lay: K.Layout  # segments: series × phase
    base: np.ndarray  # baseline and included: the points the centre and sigma come from
    include: np.ndarray
    cl_user: np.ndarray  # user centre line per point (NaN: compute it)
    screen_mr: bool


@dataclass(frozen=True)
class Lines:
    """A chart's output: plotted value, centre line, and the limits at k sigma."""

    value: np.ndarray
    cl: np.ndarray
    limits: Callable[[float], tuple[np.ndarray, np.ndarray]] | None
    runs_signal: bool = True  # False: runs statistics are reported but never signal


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    compute: Callable[[ChartInput], Lines]


def _centre(computed: np.ndarray, inp: ChartInput) -> np.ndarray:
    """Centre line per point: the user's where given for the whole segment, else computed."""
    missing = K.seg_count(np.isnan(inp.cl_user), inp.lay) > 0
    return np.where(missing[inp.lay.seg], computed[inp.lay.seg], inp.cl_user)


def _usable(inp: ChartInput, value: np.ndarray) -> np.ndarray:
    return inp.base & ~np.isnan(value)


def _run(inp: ChartInput) -> Lines:
    med = K.seg_median(inp.value, _usable(inp, inp.value), inp.lay)
    return Lines(inp.value, _centre(med, inp), None)


def _i(inp: ChartInput) -> Lines:
    mean = K.seg_mean(inp.value, _usable(inp, inp.value), inp.lay)
    cl = _centre(mean, inp)
    # moving ranges of deviations from the centre line: the same as of y for a constant centre
    amr = K.mean_moving_range(
        inp.value - cl, inp.base, inp.lay, screen=inp.screen_mr, screen_limit=D4
    )
    s = (amr / D2)[inp.lay.seg]
    return Lines(inp.value, cl, lambda k: (cl - k * s, cl + k * s))


def _mr(inp: ChartInput) -> Lines:
    value = K.moving_ranges(inp.value, np.ones_like(inp.include), inp.lay)
    cl = _centre(K.seg_mean(value, _usable(inp, value), inp.lay), inp)
    zero = np.zeros_like(cl)
    return Lines(value, cl, lambda k: (zero, D4 / 3.0 * k * cl), runs_signal=False)


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart("run", "Run chart", _run),
        Chart("i", "I chart", _i),
        Chart("mr", "MR chart", _mr),
    )
}


def get_chart(name: object) -> Chart:
    """The chart called ``name``; an error lists the known names."""
    if not isinstance(name, str) or name.lower() not in CHARTS:
        raise ArgumentError(
            f"chart={name!r}: unknown chart; expected one of {', '.join(map(repr, CHARTS))}."
        )
    return CHARTS[name.lower()]
