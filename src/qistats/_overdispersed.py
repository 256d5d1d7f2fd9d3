"""P and U charts whose points vary far more than their binomial or Poisson limits allow.

With thousands of cases a period (an England A&E 4-hour percentage), the limits of a P or U
chart are a few hundredths of a percentage point apart while the periods differ by far more for
reasons no one would call special causes: nearly every point is outside the limits. Laney's
σ_z (the P′ and U′ charts' factor, :func:`qistats.charts.overdispersion`) measures it: the
mean moving range of the points' z-scores zᵢ = (valueᵢ − CL) / σᵢ over d2, 1 for binomial or
Poisson variation, and how many times as wide the limits should be. A series is named when a
phase's baseline has at least :data:`MIN_POINTS` points with a z-score and σ_z is at least
:data:`SIGMA_Z` (limits at most half as wide as the points' own variation gives) and at least
:data:`MIN_OUTSIDE` of its points are outside the limits. The moving ranges are screened
(Nelson: those at or above 3.267 times their mean dropped once), so a single step that a phase
would mark does not count. ``tests/test_overdispersion_warning.py`` measures the false-warning
rate on in-control binomial and Poisson series (n from 20 to 100,000) and the detection rate on
beta-binomial and gamma-Poisson ones by σ_z.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import _kernels as K
from ._warn import warn
from .errors import OverdispersionWarning

if TYPE_CHECKING:
    from ._spc import Computed
    from .frame import Prepared
    from .phases import Segments

#: The charts judged: P and U (P′, U′ and XmR charts already take the points' own variation)
CHARTS = ("p", "u")
#: The least Laney σ_z of a phase that names its series
SIGMA_Z = 2.0
#: The fewest baseline points with a z-score a phase's σ_z is judged on
MIN_POINTS = 12
#: The fewest points of a series outside its limits that name it
MIN_OUTSIDE = 2
#: The series a warning names (the first few; how many more)
NAMED = 3
#: What the warning says of the series' points
VARY = "vary far more than"

_WORDS = {
    "p": ("binomial", "pp", "Laney's P′", "proportions"),
    "u": ("Poisson", "up", "Laney's U′", "rates"),
}


def overdispersed_message(
    chart: str,
    named: str,
    counts: tuple[int, int] | None,
    first: str,
    sigma_z: float,
    outside: int,
    points: int,
    board: bool,
    percent: bool,
) -> str:
    """The warning of the series of a P or U ``chart`` named (``named``; ``counts``: how many
    of how many series, None without ``by``), ``first`` the first's name ("" without ``by``),
    with its Laney σ_z and ``outside`` of its ``points`` outside the limits. ``board``: advice
    for a board's measures; ``percent``: the values are percentages."""
    law, laney, title, values = _WORDS[chart]
    if percent:
        values = "percentages"
    how = "give the measure chart" if board else "use chart"
    of = "" if counts is None else f"{counts[0]} of {counts[1]} series; "
    who = f"{first}: " if first else ""
    return (
        f"chart={chart!r}: the points of {named} {VARY} {law} limits allow ({of}{who}Laney's "
        f"σ_z {sigma_z:.3g}, where {law} variation gives 1; {outside} of {points} points "
        "outside the limits). With large denominators real differences between periods swamp "
        "these limits, so most points outside them are not special causes: "
        f"{how}={laney!r} for {title} limits (σ_z times as wide), or chart='xmr' of the "
        f"{values}, as NHS Making Data Count advises. Silence this with "
        f"warnings.filterwarnings('ignore', 'chart=.* {VARY}', qistats.OverdispersionWarning)."
    )


def warn_overdispersed(
    chart: str,
    core: Computed,
    segs: Segments,
    p: Prepared,
    multiply: np.ndarray | float,
    board: bool = False,
) -> None:
    """An :class:`~qistats.OverdispersionWarning` naming the series of a P or U chart with a
    phase whose Laney σ_z (``core.spread``) is at least :data:`SIGMA_Z` over at least
    :data:`MIN_POINTS` baseline points; ``multiply`` per series or for all (100: the values
    are percentages); ``board``: the advice is for a board's measures."""
    if core.spread is None:
        return
    sigma_z, counted = core.spread
    with np.errstate(invalid="ignore"):
        wide = (sigma_z >= SIGMA_Z) & (counted >= MIN_POINTS)
    if not wide.any():
        return
    n_series = p.series_starts.size
    most = np.zeros(n_series)  # per series, the largest σ_z of its phases named
    np.fmax.at(most, segs.series[wide], sigma_z[wide])
    by_series = K.Layout(p.series, p.series_starts)
    outside = K.seg_count(core.points["outside_limits"].to_numpy(dtype=bool), by_series)
    found = np.flatnonzero((most > 0) & (outside >= MIN_OUTSIDE))
    if not found.size:
        return
    s = int(found[0])
    points = K.seg_count(core.observed, by_series)
    message = overdispersed_message(
        chart,
        p.name_series(found, NAMED),
        (found.size, n_series) if p.by else None,
        p.describe_series(s) if p.by else "",
        float(most[s]),
        int(outside[s]),
        int(points[s]),
        board,
        float(np.broadcast_to(np.asarray(multiply, dtype=float), n_series)[s]) == 100,
    )
    warn(message, OverdispersionWarning)
