"""Signal rules as small objects, vectorised over all series and phases, and named rule sets.

A rule looks at the plotted values of every phase of every series at once and flags *every*
point of the pattern it detects (not only the point that completes it), with the pattern's
direction (above or below, rising or falling). Sequence rules (shift, trend, zone, …) work on
the included, non-missing points of each phase in time order: an excluded or missing point is
stepped over.

Rule sets (``rules=`` in :func:`qistats.spc`):

=====================  ==============================================================
``"anhoej"``           points outside the limits; Anhøj's runs analysis (qicharts2)
``"ihi"``              shift of 6 (points on the centre skipped), trend of 5 (repeated
                       values skipped), too few or too many runs (Swed–Eisenhart,
                       two-sided 5 %), points outside the limits
``"western_electric"`` outside 3σ; 2 of 3 beyond 2σ; 4 of 5 beyond 1σ; 8 on one side
``"nelson"``           the eight Nelson (1984) tests
``"mdc"``              NHS Making Data Count: outside limits, trend 7, 2 of 3 beyond 2σ,
                       shift 7 (see :func:`mdc`)
=====================  ==============================================================

References
----------
Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run chart rules for
detection of non-random variation in health care processes. PLoS ONE 9(11): e113825.

Nelson LS (1984). The Shewhart control chart — tests for special causes. Journal of Quality
Technology 16(4): 237–239.

Provost LP, Murray SK (2011). The Health Care Data Guide. Jossey-Bass.

Western Electric (1956). Statistical Quality Control Handbook.

NHS England (2023). Making Data Count: Strengthening your decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import stats

from . import _kernels as K
from ._args import fmt, name_key
from ._boxes import boxes, log_joint
from ._swed import runs_limits
from ._swed import runs_pmf as runs_pmf  # public: qistats.rules.runs_pmf
from .errors import ArgumentError

__all__ = [
    "Alternating",
    "Anhoej",
    "Flags",
    "Hugging",
    "Mixture",
    "OutsideLimits",
    "Rule",
    "RuleContext",
    "RuleSet",
    "Runs",
    "Shift",
    "Trend",
    "Zone",
    "anhoej",
    "bestbox",
    "crossings_longest_cdf",
    "crossings_min",
    "cutbox",
    "ihi",
    "longest_run_max",
    "mdc",
    "nelson",
    "runs_limits",
    "runs_pmf",
    "western_electric",
]


def __dir__() -> list[str]:
    """The public names only (tab completion hides numpy, helpers and internals)."""
    return list(__all__)


Band = Callable[[float], tuple[np.ndarray, np.ndarray]]


# ----------------------------------------------------------------- Anhøj's limits


def longest_run_max(n_useful: np.ndarray) -> np.ndarray:
    """Anhøj's upper limit of the longest run: ``round(log2(n_useful)) + 3``.

    A run longer than this signals a shift (Anhøj & Olesen 2014); 0 where ``n_useful`` is 0.

    Parameters
    ----------
    n_useful : numpy.ndarray
        Number of useful points (not on the centre line, not missing) of each phase.

    Returns
    -------
    numpy.ndarray
        The longest run allowed (int64, the shape of ``n_useful``).

    References
    ----------
    Anhøj J, Olesen AV (2014). Run charts revisited. PLoS ONE 9(11): e113825.

    Examples
    --------
    >>> longest_run_max(np.array([10, 20, 24, 100])).tolist()
    [6, 7, 8, 10]
    """
    n = np.asarray(n_useful, dtype=float)
    out = np.zeros(n.shape, dtype=np.int64)
    pos = n > 0
    out[pos] = np.round(np.log2(n[pos])).astype(np.int64) + 3
    return out


def crossings_min(n_useful: np.ndarray) -> np.ndarray:
    """Anhøj's lower limit of the number of crossings: the 5th percentile of Bin(n − 1, ½).

    The smallest k with P(X ≤ k) ≥ 0.05, as R's ``qbinom(0.05, n - 1, 0.5)``; fewer crossings
    than this signal (Anhøj & Olesen 2014).

    Parameters
    ----------
    n_useful : numpy.ndarray
        Number of useful points (not on the centre line, not missing) of each phase.

    Returns
    -------
    numpy.ndarray
        The fewest crossings allowed (int64, the shape of ``n_useful``).

    References
    ----------
    Anhøj J, Olesen AV (2014). Run charts revisited. PLoS ONE 9(11): e113825.

    Examples
    --------
    With 24 useful points, P(X ≤ 7) = 0.047 and P(X ≤ 8) = 0.105 for X ~ Bin(23, ½), so 8:

    >>> crossings_min(np.array([10, 20, 24, 100])).tolist()
    [2, 6, 8, 41]
    """
    n = np.asarray(n_useful, dtype=np.int64)
    uniq, inv = np.unique(np.maximum(n - 1, 0), return_inverse=True)
    return stats.binom.ppf(0.05, uniq, 0.5).astype(np.int64)[inv].reshape(n.shape)


def crossings_longest_cdf(n: int, p: float, lmax: int) -> np.ndarray:
    """Exact joint distribution of crossings C and longest run L of n independent points.

    Each point is above the centre line with probability ``p``. Returns F with
    F[c, l − 1] = P(C = c, L ≤ l) for c = 0..n − 1 and l = 1..lmax: a sequence with k = c + 1
    runs alternates sides, so it splits into ⌈k/2⌉ runs on the side it starts and ⌊k/2⌋ on the
    other, whose lengths (each at most l) must sum to n; that probability is taken exactly (to
    rounding) by a discrete Fourier transform (see ``qistats._boxes``).

    Parameters
    ----------
    n : int
        Number of useful points.
    p : float
        Probability that a point is above the centre line (½ around a median).
    lmax : int
        Largest run length tabulated.

    Returns
    -------
    numpy.ndarray
        Shape (n, lmax): ``F[c, l - 1] = P(C = c, L <= l)``.

    References
    ----------
    Anhøj J, Wentzel-Larsen T (2018). Sense and sensibility: on the diagnostic value of control
    chart rules for detection of shifts in time series data. BMC Med Res Methodol 18: 100.

    Examples
    --------
    Four points around a median (p = ½; 16 equally likely sequences): no crossing means all on
    one side (2 sequences, longest run 4); three crossings means alternating (2 sequences,
    longest run 1).

    >>> F = crossings_longest_cdf(4, 0.5, 4)
    >>> F[0].round(12).tolist(), F[3].round(12).tolist()
    ([0.0, 0.0, 0.0, 0.125], [0.125, 0.125, 0.125, 0.125])
    """
    f = np.zeros((n, lmax))
    for longest in range(1, lmax + 1):  # a loop over run lengths, not over data points
        f[:, longest - 1] = np.exp(log_joint(n, p, longest, 1, n))
    return f


def _box_table(n_useful: np.ndarray) -> np.ndarray:
    n = np.asarray(n_useful, dtype=np.int64)
    uniq, inv = np.unique(n, return_inverse=True)
    rows = np.array([boxes(int(u)) if u > 0 else (0, 0, -1, -1) for u in uniq]).reshape(-1, 4)
    return rows[inv.reshape(-1)].reshape(*n.shape, 4)


def bestbox(n_useful: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Anhøj & Wentzel-Larsen's (2020) "best box" bounds for each number of useful points.

    The runs analysis does not signal when crossings ≥ cb and longest run ≤ lb. Of all such
    boxes whose probability for random data is at least 0.925, the best box is the one least
    likely when the process has shifted by 0.8 SD (the most powerful); only boxes whose corner
    cell (C = cb, L = lb) is possible count. Computed from the exact joint distribution of
    crossings and longest run, so any number of points works (qicharts2 tabulates 10-100).

    Parameters
    ----------
    n_useful : numpy.ndarray
        Number of useful points (not on the centre line, not missing) of each phase.

    Returns
    -------
    cb, lb : numpy.ndarray
        The fewest crossings and the longest run inside the box (int64, the shape of
        ``n_useful``).

    References
    ----------
    Anhøj J, Wentzel-Larsen T (2020). Smooth operator: modifying the Anhøj rules to improve
    runs analysis in statistical process control. PLoS ONE 15(5): e0233920.

    Examples
    --------
    >>> cb, lb = bestbox(np.array([10, 20, 30]))
    >>> cb.tolist(), lb.tolist()
    ([2, 6, 11], [6, 7, 10])
    """
    t = _box_table(n_useful)
    return t[..., 0], t[..., 1]


def cutbox(n_useful: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The best box and its cut border (cb, lb, cbord, lbord) for each number of useful points.

    The corner cell (cb, lb) is removed when the box keeps probability ≥ 0.925 without it;
    then cells of the top row (c from cb + 1 below cbord, l = lb) and of the left column
    (c = cb, l from lbord + 1 to lb − 1) are removed, one at a time, the one likelier under a
    shift first, while the probability stays ≥ 0.925 (Anhøj & Wentzel-Larsen 2020). cbord and
    lbord are −1 when nothing can be cut.

    Parameters
    ----------
    n_useful : numpy.ndarray
        Number of useful points (not on the centre line, not missing) of each phase.

    Returns
    -------
    cb, lb, cbord, lbord : numpy.ndarray
        The best box (as :func:`bestbox`) and its cut border (int64, the shape of
        ``n_useful``).

    References
    ----------
    Anhøj J, Wentzel-Larsen T (2020). Smooth operator: modifying the Anhøj rules to improve
    runs analysis in statistical process control. PLoS ONE 15(5): e0233920.

    Examples
    --------
    >>> [v.tolist() for v in cutbox(np.array([10, 12]))]
    [[2, 3], [6, 6], [3, -1], [5, -1]]
    """
    t = _box_table(n_useful)
    return t[..., 0], t[..., 1], t[..., 2], t[..., 3]


# ---------------------------------------------------------------- the rule protocol


@dataclass(frozen=True)
class RuleContext:
    """What a rule sees: flat arrays over all points of all series (display units)."""

    value: np.ndarray
    cl: np.ndarray
    diff: np.ndarray  # value − centre before `multiply` (its sign is the side)
    lcl: np.ndarray  # the chart's limits (at ``sigma``)
    ucl: np.ndarray
    band: Band  # lines at k sigma: (lower, upper)
    include: np.ndarray
    lay: K.Layout
    runs_allowed: np.ndarray  # per segment: may a runs analysis signal?
    # a point within its tolerance of a line is on it: ``tol`` per point (display units), or
    # ``seg_tol`` per segment before ``multiply`` (the display multiplier: one number or one
    # per point), read through point_tol / tol_at; none when neither is given
    tol: np.ndarray | None = None
    seg_tol: np.ndarray | None = None
    multiply: np.ndarray | float = 1.0

    @cached_property
    def point_tol(self) -> np.ndarray:
        """Each point's rounding tolerance (display units; zero when not given)."""
        if self.tol is not None:
            return self.tol
        if self.seg_tol is None:
            return np.zeros(self.value.shape[0])
        tol = self.lay.spread(self.seg_tol)
        if isinstance(self.multiply, np.ndarray) or self.multiply != 1.0:
            np.multiply(tol, self.multiply, out=tol)
        return tol

    def tol_at(self, idx: np.ndarray | None) -> np.ndarray:
        """The rounding tolerance of some points, without building the per-point array.

        Parameters
        ----------
        idx : numpy.ndarray or None
            Positions of points (into the flat arrays); ``None`` for every point.

        Returns
        -------
        numpy.ndarray
            Each point's tolerance in display units (zeros when none was given); ``None``
            gives :attr:`point_tol`.

        Examples
        --------
        A rule flagging the points on the centre line: 0.1 + 0.2 is 5.6e-17 away from the
        median 0.3 in binary floating point, which the tolerance absorbs.

        >>> from dataclasses import dataclass, field
        >>> import pandas as pd
        >>> import qistats as qi
        >>> @dataclass(frozen=True)
        ... class OnTheLine(Rule):
        ...     column: str = field(init=False, default="on_line")
        ...
        ...     def flags(self, ctx):
        ...         hit = np.abs(ctx.value - ctx.cl) <= ctx.tol_at(None)
        ...         return Flags(hit, np.zeros(hit.shape, dtype=np.int8))
        >>> toy = pd.DataFrame({"t": range(5), "y": [0.1 + 0.2, 0.3, 0.5, 0.1, 0.3]})
        >>> qi.spc(toy, y="y", x="t", chart="run", rules=[OnTheLine()]).points.on_line.tolist()
        [True, True, False, False, True]
        """
        if idx is None:
            return self.point_tol
        if self.tol is not None:
            return self.tol[idx]
        if self.seg_tol is None:
            return np.zeros(idx.shape[0])
        tol = self.seg_tol[self.lay.seg[idx]]
        if isinstance(self.multiply, np.ndarray):
            return np.multiply(tol, self.multiply[idx], out=tol)
        return tol if self.multiply == 1.0 else np.multiply(tol, self.multiply, out=tol)

    @cached_property
    def widest_tol(self) -> float:
        """The largest rounding tolerance of any point (display units; 0 when none is given)."""
        if self.tol is not None:
            return float(np.fmax.reduce(self.tol)) if self.tol.size else 0.0
        if self.seg_tol is None or not self.seg_tol.size:
            return 0.0
        mult = self.multiply
        if isinstance(mult, np.ndarray):
            mult = float(np.fmax.reduce(np.abs(mult))) if mult.size else 0.0
        widest = float(np.fmax.reduce(self.seg_tol)) * abs(mult)
        return widest if np.isfinite(widest) else 0.0

    @cached_property
    def side(self) -> np.ndarray:
        """+1 above the centre line, −1 below, 0 on it or missing (int8, per point)."""
        return _side(self.diff)

    @cached_property
    def seq(self) -> _Seq:
        """The points sequence rules look at: included and not missing."""
        return _Seq.of(self.include & ~np.isnan(self.value))

    def _know_seq(self, keep: np.ndarray) -> None:
        """Set :attr:`seq` from ``keep`` (``include & ~isnan(value)``, which the caller has
        found from what it knows of the values: no pass over them)."""
        self.__dict__["seq"] = _Seq.of(keep)  # (what cached_property stores)

    @cached_property
    def seq_new(self) -> np.ndarray:
        """For each element of :attr:`seq`, whether it is the first of its segment."""
        if self.seq.idx is None:
            new = np.zeros(self.value.shape[0], dtype=bool)
            new[self.lay.starts] = True
            return new
        return _new_segments(self.seq.take(self.lay.seg))

    @cached_property
    def seq_starts(self) -> np.ndarray:
        """The elements of :attr:`seq` that are the first of their segment (where
        :attr:`seq_new` is True), as positions."""
        if self.seq.idx is None:  # every point: the segments' starts
            return self.lay.starts
        return np.flatnonzero(self.seq_new)


@dataclass(frozen=True)
class _Seq:
    """A subsequence of the points; ``idx=None`` means all of them (no copies needed)."""

    idx: np.ndarray | None
    n: int

    @classmethod
    def of(cls, keep: np.ndarray) -> _Seq:
        """The points where ``keep`` is True."""
        return cls(None if keep.all() else np.flatnonzero(keep), keep.shape[0])

    def take(self, a: np.ndarray) -> np.ndarray:
        return a if self.idx is None else a[self.idx]

    def take_or_all(self, i: np.ndarray | None) -> np.ndarray:
        """The points of elements ``i`` of the subsequence (None: all of its elements)."""
        idx = np.arange(self.n) if self.idx is None else self.idx
        return idx if i is None else idx[i]

    def put(self, values: np.ndarray, fill: int | bool = 0) -> np.ndarray:
        """Values of the subsequence spread back over all points (``fill`` elsewhere)."""
        if self.idx is None:
            return values
        out = np.full(self.n, fill, dtype=values.dtype)
        out[self.idx] = values
        return out

    def subset(self, keep: np.ndarray) -> _Seq:
        idx = np.arange(self.n) if self.idx is None else self.idx
        return _Seq(idx[keep], self.n)


@dataclass(frozen=True)
class Flags:
    """A rule's verdict: which points are part of a pattern, and its direction.

    Attributes
    ----------
    points : numpy.ndarray
        Boolean, one element per point of every series: part of a pattern.
    direction : numpy.ndarray
        int8, one element per point: +1 (above the centre line, or rising), −1 (below, or
        falling), 0 (no direction, or not flagged). With ``improvement="decrease"``, −1 is
        improvement and +1 concern.

    Examples
    --------
    >>> import numpy as np
    >>> f = Flags(np.array([False, True, True]), np.array([0, -1, -1], dtype=np.int8))
    >>> int(f.points.sum()), f.direction.tolist()
    (2, [0, -1, -1])
    """

    points: np.ndarray
    direction: np.ndarray


@dataclass(frozen=True)
class Rule:
    """Base of all rules. ``column`` names the rule's boolean column in ``points``.

    A subclass is a frozen dataclass that sets ``column`` and implements :meth:`flags` (and
    :meth:`describe`); see :doc:`/rules/custom` for a worked example.
    """

    column: str = field(init=False, default="rule")
    sustained = False  # a pattern that can justify a new phase (see suggest_phases)

    def flags(self, ctx: RuleContext) -> Flags:
        """The points of every pattern this rule detects, over all series at once.

        Parameters
        ----------
        ctx : RuleContext
            Flat arrays over every point of every series (values, centre line, limits, the
            sequence of included non-missing points, segments). A pattern must not run from one
            segment (series × phase) into the next.

        Returns
        -------
        Flags
            Every point of each pattern (not only the one that completes it) and its direction.

        Examples
        --------
        >>> import pandas as pd
        >>> import qistats as qi
        >>> toy = pd.DataFrame({"t": range(10), "y": [5, 5, 4, 6, 5, 5, 4, 6, 5, 20]})
        >>> res = qi.spc(toy, y="y", x="t", chart="i", rules=[OutsideLimits()])
        >>> res.points.outside_limits.tolist()
        [False, False, False, False, False, False, False, False, False, True]
        """
        raise NotImplementedError

    def describe(self) -> str:
        """The pattern in words, for the summary's reasons (e.g. "a point outside the limits").

        Returns
        -------
        str
            One phrase; the base class gives the column name.

        Examples
        --------
        >>> Shift(8).describe()
        '8 or more points on one side of the centre line'
        """
        return self.column


def _side(diff: np.ndarray) -> np.ndarray:
    """+1 above the centre line, −1 below, 0 on it or missing."""
    with np.errstate(invalid="ignore"):
        return (diff > 0).view(np.int8) - (diff < 0).view(np.int8)


def _beyond(
    v: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    tol_at: Callable[[np.ndarray | None], np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """``(v > hi + tol, v < lo - tol)``: a point within ``tol`` of a line is on it.

    ``tol_at(idx)`` gives the (non-negative) tolerance of elements ``idx`` (None: all). Since
    ``hi + tol >= hi``, when few elements are beyond the line itself only they are compared
    with the tolerance added (no array of lines plus tolerances); many are compared whole,
    which costs less than picking them out.
    """
    with np.errstate(invalid="ignore"):
        above, below = v > hi, v < lo
        for beyond, line, sign in ((above, hi, 1.0), (below, lo, -1.0)):
            if np.count_nonzero(beyond) * _SPARSE > v.shape[0]:
                if sign > 0:
                    np.greater(v, line + tol_at(None), out=beyond)
                else:
                    np.less(v, line - tol_at(None), out=beyond)
                continue
            idx = np.flatnonzero(beyond)
            if idx.size:
                edge = line[idx] + sign * tol_at(idx)
                beyond[idx] = v[idx] > edge if sign > 0 else v[idx] < edge
    return above, below


#: Elements picked out one by one (by index) cost about this many times an element of a
#: whole-array pass, so a sparse path pays when fewer than 1 in _SPARSE elements need it.
_SPARSE = 32


def _new_segments(seg: np.ndarray) -> np.ndarray:
    """Whether each element of a subsequence is the first of its segment (``seg``: segments)."""
    new = np.ones(seg.shape[0], dtype=bool)
    np.not_equal(seg[1:], seg[:-1], out=new[1:])
    return new


def _long_runs(key: np.ndarray, new_seg: np.ndarray, n: int) -> np.ndarray:
    """Whether each element belongs to a run of ``n`` or more equal ``key`` within a segment
    (``new_seg``: where segments start, see :func:`_new_segments`)."""
    cont = np.zeros(key.shape[0], dtype=bool)  # continues the run of the element before
    np.equal(key[1:], key[:-1], out=cont[1:])
    np.greater(cont, new_seg, out=cont)  # and is not the first of its segment
    return K.runs_at_least(cont, n)


def _steps(
    v: np.ndarray,
    new_seg: np.ndarray,
    seq: _Seq,
    ctx: RuleContext,
    starts: np.ndarray | None = None,
) -> np.ndarray:
    """Sign of each step from the previous element of the same segment (0 at a segment start;
    ``starts``: where ``new_seg`` is True, when known).

    ``v`` holds no NaN (the values of the sequence ``seq``); with gradual underflow ``a - b``
    has the sign of the comparison, so the differences give the sign of each step. A step within
    the rounding tolerance of its point (see :meth:`RuleContext.tol_at`) is no step: values
    equal in exact arithmetic (0.6 and 0.6000000000000001) are a tie, whatever the units.
    """
    st = np.zeros(v.shape[0], dtype=np.int8)
    if v.shape[0] > 1:
        step = np.subtract(v[1:], v[:-1])
        np.subtract((step > 0).view(np.int8), (step < 0).view(np.int8), out=st[1:])
        widest = ctx.widest_tol
        if widest > 0:  # the steps within the largest tolerance are few: only they are compared
            near = np.flatnonzero(np.abs(step, out=step) <= widest)
            near = near[st[near + 1] != 0]
            if near.size:
                at = near + 1
                tie = np.abs(v[at] - v[near]) <= ctx.tol_at(seq.take_or_all(at))
                st[at[tie]] = 0
        st[new_seg if starts is None else starts] = 0
    return st


def _step_runs(st: np.ndarray, new_seg: np.ndarray, key: np.ndarray, min_steps: int):
    """Flags and directions of points covered by runs of ≥ ``min_steps`` steps of equal key.

    A run of m steps covers m + 1 points. A point at the junction of two runs takes the
    direction of the run that follows it (the step to the next point), else of the run before.
    """
    good = _long_runs(key, new_seg, min_steps)
    good &= key != 0
    # few points are in such runs: their directions are set one by one (no per-point passes)
    idx = np.flatnonzero(good)
    pts = good
    direction = np.zeros(st.shape[0], dtype=np.int8)
    direction[idx] = st[idx]
    after = idx[idx > 0]  # the step into a run's point also covers the point before it
    pts[after - 1] = True
    step = st[after]
    direction[after[step != 0] - 1] = step[step != 0]
    return pts, direction


@dataclass(frozen=True)
class OutsideLimits(Rule):
    """A point beyond the limits: above UCL or below LCL.

    ``sigma=None`` uses the chart's limits (``sigma`` of :func:`qistats.spc`); a number uses
    the lines at that many sigma. Excluded points are flagged too (as qicharts2).
    """

    sigma: float | None = None
    column: str = field(init=False, default="outside_limits")

    def flags(self, ctx: RuleContext) -> Flags:
        lo, hi = (ctx.lcl, ctx.ucl) if self.sigma is None else ctx.band(self.sigma)
        above, below = _beyond(ctx.value, lo, hi, ctx.tol_at)
        return Flags(above | below, above.view(np.int8) - below.view(np.int8))

    def describe(self) -> str:
        return "a point outside the limits" if self.sigma is None else f"beyond {self.sigma}σ"


@dataclass(frozen=True)
class Shift(Rule):
    """``n`` or more successive points on the same side of the centre line.

    ``on_centre="break"``: a point on the centre line ends the run (MDC, Western Electric).
    ``"skip"``: it neither breaks nor extends the run (IHI).
    """

    n: int = 8
    on_centre: str = "break"
    column: str = field(init=False, default="shift")
    sustained = True

    def __post_init__(self) -> None:
        _check_int(self.n, "Shift", "n", 2)
        _check_choice(self.on_centre, "Shift", "on_centre", ("break", "skip"))

    def flags(self, ctx: RuleContext) -> Flags:
        seq, new_seg = ctx.seq, ctx.seq_new
        side = seq.take(ctx.side)
        if self.on_centre == "skip":
            seq, side = seq.subset(side != 0), side[side != 0]
            new_seg = _new_segments(seq.take(ctx.lay.seg))
        hit = _long_runs(side, new_seg, self.n)
        hit &= side != 0
        return Flags(seq.put(hit, False), seq.put(np.multiply(side, hit.view(np.int8))))

    def describe(self) -> str:
        return f"{self.n} or more points on one side of the centre line"


@dataclass(frozen=True)
class Trend(Rule):
    """``n`` or more successive points each higher (or each lower) than the one before.

    ``ties="break"``: a repeated value ends the trend (MDC, NHSRplotthedots). ``"ignore"``: a
    repeated value neither makes nor breaks it (IHI); the repeat itself is not flagged.
    """

    n: int = 6
    ties: str = "break"
    column: str = field(init=False, default="trend")

    def __post_init__(self) -> None:
        _check_int(self.n, "Trend", "n", 3)
        _check_choice(self.ties, "Trend", "ties", ("break", "ignore"))

    def flags(self, ctx: RuleContext) -> Flags:
        seq, new_seg = ctx.seq, ctx.seq_new
        v = seq.take(ctx.value)
        st = _steps(v, new_seg, seq, ctx, ctx.seq_starts)
        if self.ties == "ignore" and v.size > 1:
            keep = new_seg | (st != 0)  # a repeated value (a tie) is left out
            seq, v = seq.subset(keep), v[keep]
            new_seg = _new_segments(seq.take(ctx.lay.seg))
            st = _steps(v, new_seg, seq, ctx)
        pts, direction = _step_runs(st, new_seg, st, self.n - 1)
        return Flags(seq.put(pts, False), seq.put(direction))

    def describe(self) -> str:
        return f"{self.n} or more points in a row rising or falling"


@dataclass(frozen=True)
class Zone(Rule):
    """``k`` of ``m`` successive points beyond ``beyond`` sigma on the same side.

    Only the points beyond the line are flagged. ``upto`` (e.g. 3) counts only points between
    ``beyond`` and ``upto`` sigma (NHSRplotthedots' 2-of-3: points outside the limits do not
    count). ``same_side_window=True`` also requires all ``m`` points on that side of the centre
    line (Making Data Count).
    """

    k: int = 2
    m: int = 3
    beyond: float = 2.0
    upto: float | None = None
    same_side_window: bool = False
    name: str | None = None
    column: str = field(init=False, default="zone")

    def __post_init__(self) -> None:
        _check_int(self.m, "Zone", "m", 1)
        _check_int(self.k, "Zone", "k", 1)
        if self.k > self.m:
            raise ArgumentError(f"Zone(k={self.k}, m={self.m}): k must be at most m.")
        object.__setattr__(self, "column", self.name or _ZONE_NAMES.get((self.k, self.m), "zone"))

    def flags(self, ctx: RuleContext) -> Flags:
        seq = ctx.seq
        v = seq.take(ctx.value)
        lo, hi = (seq.take(a) for a in ctx.band(self.beyond))
        side = seq.take(ctx.side)
        tol_at = ctx.tol_at if seq.idx is None else lambda i: ctx.tol_at(seq.take_or_all(i))
        flagged = np.zeros(v.size, dtype=bool)
        direction = np.zeros(v.size, dtype=np.int8)
        offsets = np.arange(self.m)
        if self.upto is None:
            # the windows are found from the points beyond the lines themselves, and only the
            # points of those few windows are judged with their rounding tolerance (a point
            # within it of a line is on the line): every point beyond with the tolerance is
            # beyond without it, so every window that qualifies with it is among them
            with np.errstate(invalid="ignore"):
                raw = ((v > hi, hi, 1), (v < lo, lo, -1))
            for beyond, line, sign in raw:
                pts = self._windows(beyond, side, sign, ctx.seq_new)[:, None] + offsets
                at = pts.ravel()
                edge = line[at] + sign * tol_at(at)
                with np.errstate(invalid="ignore"):
                    exact = beyond[at] & (v[at] > edge if sign > 0 else v[at] < edge)
                exact = exact.reshape(pts.shape)
                keep = np.count_nonzero(exact, axis=1) >= self.k
                hit = pts[keep][exact[keep]]  # few: set one by one
                flagged[hit] = True
                direction[hit] = sign
            return Flags(seq.put(flagged, False), seq.put(direction))
        above, below = _beyond(v, lo, hi, tol_at)
        lo_u, hi_u = (seq.take(a) for a in ctx.band(self.upto))
        above_u, below_u = _beyond(v, lo_u, hi_u, tol_at)
        above &= ~above_u
        below &= ~below_u
        for beyond, sign in ((above, 1), (below, -1)):
            hit = (self._windows(beyond, side, sign, ctx.seq_new)[:, None] + offsets).ravel()
            hit = hit[beyond[hit]]  # the elements beyond the line (few: set one by one)
            flagged[hit] = True
            direction[hit] = sign
        return Flags(seq.put(flagged, False), seq.put(direction))

    def _windows(
        self, beyond: np.ndarray, side: np.ndarray, sign: int, new_seg: np.ndarray
    ) -> np.ndarray:
        """The first elements (positions, possibly repeated) of the qualifying windows of m
        successive elements of one segment (``new_seg``: where segments start) that are, with
        ``same_side_window``, all on the side ``sign`` of the centre line (``side``: +1, −1 or
        0 per element).

        A qualifying window holds at least k elements beyond the line. Such windows are few:
        they are found first (from the points beyond the line when those are few, else by
        summing m shifted slices: a loop over the window offset, never over points), and only
        they are checked for one side and one segment.
        """
        size, m = beyond.size, self.m
        if size < m:
            return np.zeros(0, dtype=np.intp)
        n_win = size - m + 1
        if np.count_nonzero(beyond) * m * _SPARSE < size:  # windows holding a point beyond
            start = (np.flatnonzero(beyond)[:, None] - np.arange(m)).ravel()
            start = start[(start >= 0) & (start < n_win)]  # repeats are harmless
            count = np.zeros(start.size, dtype=np.int32)
            for t in range(m):
                count += beyond[start + t]
            start = start[count >= self.k]
        else:
            if m < 256:  # counts as bytes: adding them needs no conversion
                step = beyond.view(np.uint8)
                count = step[:n_win].copy()
            else:
                step, count = beyond, beyond[:n_win].astype(np.int32)
            for t in range(1, m):
                count += step[t : t + n_win]
            start = np.flatnonzero(count >= self.k)
        ok = np.ones(start.size, dtype=bool)
        for t in range(m):
            if self.same_side_window:  # all m on one side
                ok &= side[start + t] == sign
            if t:  # and in one segment: none of the m - 1 after the first starts one
                ok &= ~new_seg[start + t]
        return start[ok]

    def describe(self) -> str:
        band = f"beyond {self.beyond:g}σ" + (f" (up to {self.upto:g}σ)" if self.upto else "")
        return f"{self.k} of {self.m} points in a row {band} on one side"


_ZONE_NAMES = {(2, 3): "two_of_three", (4, 5): "four_of_five"}


@dataclass(frozen=True)
class Alternating(Rule):
    """``n`` or more points in a row alternating up and down (Nelson test 4, n = 14)."""

    n: int = 14
    column: str = field(init=False, default="alternating")

    def __post_init__(self) -> None:
        _check_int(self.n, "Alternating", "n", 3)

    def flags(self, ctx: RuleContext) -> Flags:
        seq = ctx.seq
        st = _steps(seq.take(ctx.value), ctx.seq_new, seq, ctx, ctx.seq_starts)
        parity = np.where(np.arange(st.size) % 2 == 0, 1, -1).astype(np.int8)
        pts, _ = _step_runs(st, ctx.seq_new, st * parity, self.n - 1)
        return Flags(seq.put(pts, False), np.zeros(seq.n, dtype=np.int8))

    def describe(self) -> str:
        return f"{self.n} or more points in a row alternating up and down"


@dataclass(frozen=True)
class _BandRun(Rule):
    """``n`` or more points in a row inside (or outside) the band of ``within`` sigma."""

    n: int = 15
    within: float = 1.0
    inside: bool = True

    def flags(self, ctx: RuleContext) -> Flags:
        seq = ctx.seq
        v = seq.take(ctx.value)
        lo, hi = (seq.take(a) for a in ctx.band(self.within))
        tol = seq.take(ctx.point_tol)
        with np.errstate(invalid="ignore"):
            if self.inside:  # strictly inside: not on (within tol of) or beyond either line
                key = (v > lo + tol) & (v < hi - tol)
            else:
                key = (v > hi + tol) | (v < lo - tol)
        hit = key & _long_runs(key, ctx.seq_new, self.n)
        return Flags(seq.put(hit, False), np.zeros(seq.n, dtype=np.int8))


@dataclass(frozen=True)
class Hugging(_BandRun):
    """``n`` or more points in a row within ``within`` sigma of the centre (Nelson test 7)."""

    n: int = 15
    column: str = field(init=False, default="hugging")

    def describe(self) -> str:
        return f"{self.n} or more points in a row within {self.within:g}σ of the centre line"


@dataclass(frozen=True)
class Mixture(_BandRun):
    """``n`` or more points in a row beyond ``within`` sigma, either side (Nelson test 8)."""

    n: int = 8
    inside: bool = False
    column: str = field(init=False, default="mixture")

    def describe(self) -> str:
        return f"{self.n} or more points in a row beyond {self.within:g}σ, either side"


@dataclass(frozen=True)
class Anhoej(Rule):
    """Anhøj's runs analysis: an unusually long run, or unusually few crossings, per phase.

    Over the included points of each phase, points on the centre line and missing points are
    dropped (*useful* points remain). ``method="anhoej"``: the longest run signals when longer
    than ``round(log2(n_useful)) + 3``, the crossings when fewer than the 5th percentile of
    Binomial(n_useful − 1, ½). ``method="bestbox"``: the two are judged together, against the
    best-box bounds (Anhøj & Wentzel-Larsen 2020; see :func:`bestbox`); ``method="cutbox"``:
    against the best box with its border cut (:func:`cutbox`). Adds two columns:
    ``long_run`` (the points of a run longer than the limit) and ``few_crossings`` (every useful
    point of a phase with too few crossings). The summary's ``longest_run_max`` and
    ``n_crossings_min`` are Anhøj's limits in either case (as qicharts2 reports them).
    """

    method: str = "anhoej"
    column: str = field(init=False, default="long_run")
    sustained = True

    def __post_init__(self) -> None:
        _check_choice(self.method, "Anhoej", "method", ("anhoej", "bestbox", "cutbox"))

    def analyse(self, ctx: RuleContext) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """The runs analysis of every phase: flags per point and statistics per phase.

        Parameters
        ----------
        ctx : RuleContext
            Flat arrays over every point of every series.

        Returns
        -------
        points : dict of numpy.ndarray
            Per point: ``long_run``, ``few_crossings`` (boolean) and ``_side`` (+1/−1/0).
        segments : dict of numpy.ndarray
            Per phase of each series: ``n_useful``, ``longest_run``, ``longest_run_max``,
            ``n_crossings``, ``n_crossings_min`` (−1 without useful points) and
            ``runs_signal``.

        Examples
        --------
        Twelve points, six below the median (5.5) and then six above: the run of 6 is within
        the limit of ``round(log2(12)) + 3 = 7``, but 1 crossing is fewer than the 3 allowed
        (P(X ≤ 2) = 67/2048 < 0.05 ≤ P(X ≤ 3) for X ~ Bin(11, ½)).

        >>> import pandas as pd
        >>> import qistats as qi
        >>> toy = pd.DataFrame({"t": range(12), "y": [1, 2, 1, 2, 1, 3, 8, 9, 8, 9, 8, 9]})
        >>> s = qi.spc(toy, y="y", x="t", chart="run").summary()
        >>> s[["longest_run", "longest_run_max", "n_crossings", "n_crossings_min"]].iloc[0].tolist()
        [6, 7, 1, 3]
        """
        return self._analyse(ctx, flags=True)

    def _analyse(
        self, ctx: RuleContext, flags: bool
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """:meth:`analyse`; without ``flags`` the points get ``_side`` alone (the statistics
        of a rule set without Anhøj's rule, whose flags nothing reads)."""
        lay = ctx.lay
        side = ctx.side
        useful = ctx.include & (side != 0)  # not on the centre line, not missing
        runs = K.run_lengths(side, useful, lay)
        longest, n_runs, n_useful = runs.longest, runs.n_runs, runs.n_useful
        lmax = longest_run_max(n_useful)
        cmin = crossings_min(n_useful)
        crossings = np.maximum(n_runs - 1, 0)
        if self.method == "anhoej":
            llim, clim = lmax, cmin
        else:
            clim, llim, cbord, lbord = cutbox(n_useful)
            if self.method == "cutbox":
                # the longest run allowed depends on the crossings where the border is cut
                cut = cbord >= 0
                llim = np.where(
                    cut & (crossings == clim),
                    lbord,
                    np.where(cut & (crossings < cbord), llim - 1, llim),
                )
        has = n_useful > 0
        too_long = has & (longest > llim) & ctx.runs_allowed
        too_few = has & (crossings < clim) & ctx.runs_allowed
        points = {"_side": side}
        if flags:
            long_run = _long_run_points(runs, llim, too_long, useful)
            few = (
                useful & lay.spread(too_few)
                if too_few.any()
                else np.zeros(lay.n_points, dtype=bool)
            )
            points = {"long_run": long_run, "few_crossings": few, "_side": side}
        segs = {
            "n_useful": n_useful,
            "longest_run": np.where(has, longest, -1),
            "longest_run_max": np.where(has, lmax, -1),
            "n_crossings": np.where(has, crossings, -1),
            "n_crossings_min": np.where(has, cmin, -1),
            "runs_signal": too_long | too_few,
        }
        return points, segs

    def describe(self) -> str:
        return "Anhøj runs analysis: a long run or too few crossings"


def _long_run_points(
    runs: K.Runs, limit: np.ndarray, too_long: np.ndarray, useful: np.ndarray
) -> np.ndarray:
    """The points of every run longer than its segment's ``limit``, in segments where runs
    may signal and one does (``too_long``). Such runs are few, so only they are spread over
    their points."""
    out = np.zeros(useful.shape[0], dtype=bool)
    segs = np.flatnonzero(too_long)
    if not segs.size:
        return out
    # the runs of those segments, and the ones among them longer than the limit
    counts = runs.n_runs[segs]
    which = np.repeat(runs.first[segs] - np.cumsum(counts) + counts, counts) + np.arange(
        int(counts.sum())
    )
    long = runs.length[which] > np.repeat(limit[segs], counts)
    start, length = runs.start[which[long]], runs.length[which[long]]
    pos = np.repeat(start - np.cumsum(length) + length, length) + np.arange(int(length.sum()))
    out[K.nth_true(useful, pos)] = True
    return out


@dataclass(frozen=True)
class Runs(Rule):
    """Too few or too many runs: the runs test of Swed & Eisenhart (1943), as IHI uses it.

    Over the useful points of each phase (included, not missing, not on the centre line;
    ``n_above`` above and ``n_below`` below), the number of runs R (crossings + 1) is compared
    with its exact distribution for a random order of those points (:func:`runs_pmf`): too few
    when P(R ≤ observed) ≤ α/2, too many when P(R ≥ observed) ≤ α/2 (two-sided α, default
    5 %; :func:`runs_limits`). Too few runs means clusters or a shift, too many an
    over-adjusted or mixed process. Flags every useful point of the phase (no direction).
    """

    alpha: float = 0.05
    column: str = field(init=False, default="runs")

    def __post_init__(self) -> None:
        if isinstance(self.alpha, bool) or not (
            isinstance(self.alpha, (int, float)) and 0 < self.alpha < 1
        ):
            raise ArgumentError(
                f"Runs(alpha={fmt(self.alpha)}): expected a number between 0 and 1."
            )

    def flags(self, ctx: RuleContext) -> Flags:
        lay = ctx.lay
        useful = ctx.include & (ctx.side != 0)  # not on the centre line, not missing
        above = useful & (ctx.side > 0)
        n_runs = K.run_lengths(above.view(np.int8), useful, lay).n_runs
        lower, upper = runs_limits(K.seg_count(above, lay), K.seg_count(useful & ~above, lay))
        unusual = ((n_runs <= lower) | (n_runs >= upper)) & ctx.runs_allowed
        return Flags(useful & unusual[lay.seg], np.zeros(lay.n_points, dtype=np.int8))

    def describe(self) -> str:
        return f"too few or too many runs (two-sided {self.alpha:.0%})"


# ------------------------------------------------------------------------- rule sets


@dataclass(frozen=True)
class RuleSet:
    """A named list of rules and how a point's variation label is chosen when rules disagree.

    ``precedence="improvement_first"``: a point flagged by rules pointing both ways is labelled
    improvement (current MDC guidance). ``"rule_order"``: the first rule in the list that flags
    the point decides (NHSRplotthedots 0.2.2).
    """

    name: str
    rules: tuple[Rule, ...]
    precedence: str = "improvement_first"

    def __post_init__(self) -> None:
        _check_choice(self.precedence, "RuleSet", "precedence", ("improvement_first", "rule_order"))
        cols = [c for r in self.rules for c in _columns(r)]
        dup = {c for c in cols if cols.count(c) > 1}
        if dup:
            raise ArgumentError(
                f"rules: two rules write the column {sorted(dup)[0]!r}; give one of them another "
                "name (e.g. Zone(..., name='zone_b'))."
            )

    def sigma_rules(self) -> tuple[Rule, ...]:
        """The rules that test zones of sigma (lines at k σ), which a run chart has not.

        :func:`qistats.spc` refuses them on a run chart, where they would never fire.

        Returns
        -------
        tuple of Rule
            The zone rules (2 of 3 beyond 2σ, …), the runs within or beyond a band (Nelson's
            hugging and mixture) and points beyond k σ, in the rule set's order. Points
            outside the chart's own limits (IHI's astronomical point) are not among them.

        Examples
        --------
        Western Electric's rules but its shift of 8 test zones of sigma:

        >>> import qistats as qi
        >>> [r.column for r in qi.rules.western_electric().sigma_rules()]
        ['outside_limits', 'two_of_three', 'four_of_five']
        >>> qi.rules.ihi().sigma_rules()
        ()
        """
        return tuple(
            r
            for r in self.rules
            if isinstance(r, (Zone, _BandRun))
            or (isinstance(r, OutsideLimits) and r.sigma is not None)
        )


def bands_asked(rule_set: RuleSet) -> set[float]:
    """The k of the lines at k sigma (``ctx.band(k)``) that the built-in rules of
    ``rule_set`` ask for: each such line is made once, while the rules run. A rule of the
    user's own may ask for others; none is promised for it.

    >>> sorted(bands_asked(mdc())), sorted(bands_asked(nelson())), sorted(bands_asked(anhoej()))
    ([2.0], [1.0, 2.0, 3.0], [])
    """
    asked: set[float] = set()
    for r in rule_set.rules:
        if isinstance(r, OutsideLimits) and r.sigma is not None:
            asked.add(float(r.sigma))
        elif isinstance(r, Zone):
            asked.add(float(r.beyond))
            if r.upto is not None:
                asked.add(float(r.upto))
        elif isinstance(r, _BandRun):
            asked.add(float(r.within))
    return asked


def _columns(rule: Rule) -> tuple[str, ...]:
    return ("long_run", "few_crossings") if isinstance(rule, Anhoej) else (rule.column,)


def anhoej(method: str = "anhoej") -> RuleSet:
    r"""qicharts2's rules: points outside the limits and Anhøj's runs analysis.

    ``method="bestbox"`` judges the longest run and the crossings together against the best-box
    bounds of Anhøj & Wentzel-Larsen (2020), as ``qic(method = "bestbox")``; ``"cutbox"``
    against the best box with its border cut, as ``qic(method = "cutbox")``.

    With ``method="anhoej"`` a phase of :math:`n` useful points (not on the centre line)
    signals when its longest run exceeds :math:`\operatorname{round}(\log_2 n) + 3`
    (:func:`longest_run_max`) or its number of crossings is below the 5th percentile of
    :math:`\operatorname{Bin}(n - 1, ½)` (:func:`crossings_min`).

    Parameters
    ----------
    method : {"anhoej", "bestbox", "cutbox"}, default "anhoej"
        How the longest run and the crossings are judged.

    Returns
    -------
    RuleSet
        Named ``"anhoej"``: :class:`OutsideLimits` and :class:`Anhoej`.

    References
    ----------
    Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run chart rules for
    detection of non-random variation in health care processes. PLoS ONE 9(11): e113825.

    Anhøj J, Wentzel-Larsen T (2020). Smooth run chart analysis. Qual Reliab Eng Int.

    Examples
    --------
    The last ten of 20 points are above the mean (11.85): a run of 10 is longer than
    round(log2 20) + 3 = 7, and 5 crossings are fewer than the 6 expected at least.

    >>> import pandas as pd
    >>> import qistats as qi
    >>> y = [10, 12, 9, 11, 10, 8, 12, 11, 9, 10, 13, 14, 13, 12, 14, 13, 15, 14, 13, 14]
    >>> res = qi.spc(pd.DataFrame({"y": y}), y="y", chart="i", rules=qi.rules.anhoej())
    >>> res.summary()[["longest_run", "longest_run_max", "n_crossings", "n_crossings_min",
    ...                "runs_signal"]]
       longest_run  longest_run_max  n_crossings  n_crossings_min  runs_signal
    0           10                7            5                6         True
    """
    return RuleSet("anhoej", (OutsideLimits(), Anhoej(method)))


def ihi() -> RuleSet:
    """IHI run chart rules (Perla, Provost & Murray 2011): shift of 6, trend of 5, too few or
    too many runs, and points outside the limits.

    Points on the centre line neither make nor break a shift; repeated values neither make nor
    break a trend. The runs rule is computed exactly from the Swed–Eisenhart distribution
    (:class:`Runs`), as the printed tables were. The "astronomical point" is a judgement;
    qistats flags points outside the limits when the chart has limits.

    Returns
    -------
    RuleSet
        Named ``"ihi"``: ``Shift(6, on_centre="skip")``, ``Trend(5, ties="ignore")``,
        :class:`Runs` and :class:`OutsideLimits`.

    References
    ----------
    Perla RJ, Provost LP, Murray SK (2011). The run chart: a simple analytical tool for
    learning from variation in healthcare processes. BMJ Qual Saf 20: 46–51.

    Swed FS, Eisenhart C (1943). Tables for testing randomness of grouping in a sequence of
    alternatives. Ann Math Stat 14: 66–87.

    Examples
    --------
    The last ten of 20 points are above the mean: a shift (6 or more on one side). Ten above
    and ten below in 6 runs are too few runs (the Swed–Eisenhart table's lower limit for 10
    and 10 is 6), which flags every point of the phase.

    >>> import pandas as pd
    >>> import qistats as qi
    >>> y = [10, 12, 9, 11, 10, 8, 12, 11, 9, 10, 13, 14, 13, 12, 14, 13, 15, 14, 13, 14]
    >>> res = qi.spc(pd.DataFrame({"y": y}), y="y", chart="i", rules=qi.rules.ihi())
    >>> res.points[["shift", "trend", "runs", "outside_limits"]].sum().to_dict()
    {'shift': 10, 'trend': 0, 'runs': 20, 'outside_limits': 0}
    """
    return RuleSet(
        "ihi",
        (Shift(6, on_centre="skip"), Trend(5, ties="ignore"), Runs(), OutsideLimits()),
    )


def western_electric() -> RuleSet:
    """Western Electric rules: beyond 3σ, 2 of 3 beyond 2σ, 4 of 5 beyond 1σ, 8 on one side.

    The zone rules count points on the same side of the centre line: 2 of 3 successive points
    beyond 2σ, 4 of 5 beyond 1σ (:class:`Zone`); a shift is 8 successive points on one side
    (:class:`Shift`).

    Returns
    -------
    RuleSet
        Named ``"western_electric"``.

    References
    ----------
    Western Electric (1956). Statistical Quality Control Handbook. Western Electric Co.

    Examples
    --------
    The last ten of 20 points are above the mean (11.85): a shift of 8 or more, flagged on all
    ten; none is beyond 1σ (2.24) often enough for the zone rules.

    >>> import pandas as pd
    >>> import qistats as qi
    >>> y = [10, 12, 9, 11, 10, 8, 12, 11, 9, 10, 13, 14, 13, 12, 14, 13, 15, 14, 13, 14]
    >>> res = qi.spc(pd.DataFrame({"y": y}), y="y", chart="i", rules=qi.rules.western_electric())
    >>> res.points[["outside_limits", "two_of_three", "four_of_five", "shift"]].sum().to_dict()
    {'outside_limits': 0, 'two_of_three': 0, 'four_of_five': 0, 'shift': 10}
    """
    return RuleSet("western_electric", (OutsideLimits(3), Zone(2, 3, 2), Zone(4, 5, 1), Shift(8)))


def nelson() -> RuleSet:
    """The eight Nelson (1984) tests.

    1 a point beyond 3σ; 2 nine points in a row on one side; 3 six points in a row steadily
    rising or falling; 4 fourteen points alternating up and down; 5 two of three beyond 2σ
    (same side); 6 four of five beyond 1σ (same side); 7 fifteen points in a row within 1σ
    (:class:`Hugging`); 8 eight points in a row beyond 1σ on either side (:class:`Mixture`).

    Returns
    -------
    RuleSet
        Named ``"nelson"``, the tests in that order.

    References
    ----------
    Nelson LS (1984). The Shewhart control chart — tests for special causes. Journal of
    Quality Technology 16(4): 237–239.

    Examples
    --------
    The last ten of 20 points are above the mean: test 2 (nine on one side) flags all ten.

    >>> import pandas as pd
    >>> import qistats as qi
    >>> y = [10, 12, 9, 11, 10, 8, 12, 11, 9, 10, 13, 14, 13, 12, 14, 13, 15, 14, 13, 14]
    >>> res = qi.spc(pd.DataFrame({"y": y}), y="y", chart="i", rules=qi.rules.nelson())
    >>> flagged = res.points.loc[:, "outside_limits":"mixture"].sum()
    >>> flagged[flagged > 0].to_dict()
    {'shift': 10}
    """
    return RuleSet(
        "nelson",
        (
            OutsideLimits(3),
            Shift(9),
            Trend(6),
            Alternating(14),
            Zone(2, 3, 2),
            Zone(4, 5, 1),
            Hugging(15),
            Mixture(8),
        ),
    )


def mdc(
    shift: int = 7,
    trend: int = 7,
    two_of_three: str = "beyond_2sigma",
    precedence: str = "improvement_first",
) -> RuleSet:
    """NHS England's Making Data Count rules.

    Four rules: a point outside the limits; a trend of ``trend`` points; two of three points
    beyond 2σ with all three on the same side of the mean; a shift of ``shift`` points on one
    side of the mean (a point on the mean breaks it; a repeated value breaks a trend).

    Parameters
    ----------
    shift, trend : int, default 7
        Run lengths (some trusts use 6).
    two_of_three : {"beyond_2sigma", "near_limits"}
        ``"beyond_2sigma"`` (MDC guidance since November 2023): every point beyond 2σ counts,
        including points outside the limits. ``"near_limits"``: only points between 2σ and 3σ
        count (NHSRplotthedots 0.2.2 and earlier MDC tools).
    precedence : {"improvement_first", "rule_order"}
        When rules flag a point in opposite directions: show improvement (MDC guidance), or
        follow the rule order outside limits, trend, two of three, shift (NHSRplotthedots).

    Returns
    -------
    RuleSet
        Named ``"mdc"``: outside the limits, trend, two of three, shift (in that order).

    Examples
    --------
    >>> import qistats as qi
    >>> ptd = qi.rules.mdc(two_of_three="near_limits", precedence="rule_order")
    >>> [r.column for r in ptd.rules]
    ['outside_limits', 'trend', 'two_of_three', 'shift']
    """
    _check_choice(two_of_three, "mdc", "two_of_three", ("beyond_2sigma", "near_limits"))
    upto = 3.0 if two_of_three == "near_limits" else None
    return RuleSet(
        "mdc",
        (
            OutsideLimits(),
            Trend(trend),
            Zone(2, 3, 2.0, upto=upto, same_side_window=True),
            Shift(shift),
        ),
        precedence,
    )


RULE_SETS: dict[str, Callable[[], RuleSet]] = {
    "anhoej": anhoej,
    "ihi": ihi,
    "western_electric": western_electric,
    "nelson": nelson,
    "mdc": mdc,
}


def get_rules(rules: object) -> RuleSet:
    """A rule set from a name, a RuleSet, or a list of rule objects."""
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, str):
        if name_key(rules) in RULE_SETS:  # names ignore case and spaces, as charts do
            return RULE_SETS[name_key(rules)]()
    elif isinstance(rules, Sequence) and rules and all(isinstance(r, Rule) for r in rules):
        return RuleSet("custom", tuple(rules))
    raise ArgumentError(
        f"rules={rules!r}: expected a rule-set name ({', '.join(map(repr, RULE_SETS))}), a "
        "RuleSet, or a list of rules such as [qi.rules.Shift(7), qi.rules.Trend(7)]."
    )


# ------------------------------------------------------------------------ evaluation


@dataclass(frozen=True)
class RulesOutput:
    """Per-point flags (one column per rule), variation labels, and per-segment statistics."""

    points: dict[str, np.ndarray]
    segments: dict[str, np.ndarray]
    sustained: dict[str, str]  # rule column -> what the rule looks for
    directions: dict[str, np.ndarray]  # rule column -> direction of its pattern (+1, −1, 0)


VARIATION = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)


def evaluate(rule_set: RuleSet, ctx: RuleContext, good: np.ndarray) -> RulesOutput:
    """Run every rule of the set; label each point's variation.

    ``good`` is the improvement direction of every point: +1 (higher is better), −1 (lower is
    better) or 0 (neutral).
    """
    n = ctx.value.shape[0]
    points: dict[str, np.ndarray] = {}
    directions: list[np.ndarray] = []
    segments: dict[str, np.ndarray] = {}
    sustained: dict[str, str] = {}
    # the runs statistics are always reported (a description of the phase); Anhøj's rule
    # decides whether they signal
    anhoej_rule = next((r for r in rule_set.rules if isinstance(r, Anhoej)), None)
    # (the flags of its points only with the rule: the statistics alone otherwise)
    runs_points, runs_segs = (
        Anhoej()._analyse(ctx, flags=False) if anhoej_rule is None else anhoej_rule.analyse(ctx)
    )
    if anhoej_rule is None:
        runs_segs["runs_signal"] = np.zeros(ctx.lay.n_seg, dtype=bool)
    segments.update(runs_segs)
    side = runs_points["_side"]
    for rule in rule_set.rules:
        if isinstance(rule, Anhoej):
            points["long_run"] = runs_points["long_run"]
            directions.append(np.multiply(side, runs_points["long_run"].view(np.int8)))
            # too few crossings is a property of the whole phase, not of a point's side: it
            # signals, but labels no point improvement or concern
            points["few_crossings"] = runs_points["few_crossings"]
            directions.append(np.zeros(n, dtype=np.int8))
            sustained["long_run"] = rule.describe()
            continue
        f = rule.flags(ctx)
        points[rule.column] = f.points
        # rules without a direction (alternating, hugging, mixture) label no point
        directions.append(f.direction)
        if rule.sustained:
            sustained[rule.column] = rule.describe()
    flags = list(points.values())
    signal = np.zeros(n, dtype=bool)
    for f in flags:
        signal |= f
    points["signal"] = signal
    points["variation"] = pd.Categorical.from_codes(
        _variation(flags, directions, rule_set.precedence, good), categories=VARIATION
    )
    for col, f in zip(list(points)[: len(flags)], flags, strict=True):
        key = "n_outside" if col == "outside_limits" else f"n_{col}"
        segments[key] = K.seg_count(f, ctx.lay)
    return RulesOutput(
        points, segments, sustained, dict(zip(list(points)[: len(flags)], directions, strict=True))
    )


def _variation(
    flags: list[np.ndarray],
    directions: list[np.ndarray],
    precedence: str,
    good: np.ndarray,
) -> np.ndarray:
    """Index into VARIATION for every point (``good``: +1, −1 or 0 per point)."""
    n = good.shape[0]
    chosen = np.zeros(n, dtype=np.int8)
    flagged = [np.flatnonzero(f) for f in flags]  # few points: set them one by one
    for at, d in zip(reversed(flagged), reversed(directions), strict=True):
        towards = d[at]
        chosen[at[towards != 0]] = towards[towards != 0]  # earlier rules overwrite later ones
    # one direction for every point (a view of one number, or all equal): scalar logic
    if n and (good.strides[0] == 0 or (good == good[0]).all()):
        return _variation_one(flagged, directions, precedence, int(good[0]), chosen)
    if precedence == "improvement_first":
        any_good = np.zeros(n, dtype=bool)
        for f, d in zip(flags, directions, strict=True):
            any_good |= f & (d == good) & (good != 0)
        chosen = np.where(any_good, good, chosen)
    high, low = chosen > 0, chosen < 0
    up, down, neutral = good > 0, good < 0, good == 0
    out = np.zeros(n, dtype=np.int8)
    out[high & neutral], out[low & neutral] = 5, 6
    out[high & up], out[low & up] = 1, 4
    out[high & down], out[low & down] = 3, 2
    return out


def _variation_one(
    flagged: list[np.ndarray],
    directions: list[np.ndarray],
    precedence: str,
    good: int,
    chosen: np.ndarray,
) -> np.ndarray:
    """:func:`_variation` when every point has the direction ``good`` (+1, −1 or 0);
    ``flagged``: the points each rule flags."""
    if good and precedence == "improvement_first":
        for at, d in zip(flagged, directions, strict=True):
            chosen[at[d[at] == good]] = good
    high, low = {1: (1, 4), -1: (3, 2), 0: (5, 6)}[good]
    out = np.zeros(chosen.shape[0], dtype=np.int8)
    # a direction is chosen only at flagged points: those (few, some twice) are set one by one
    at = np.concatenate(flagged) if flagged else np.zeros(0, dtype=np.intp)
    towards = chosen[at]
    out[at] = np.where(towards > 0, np.int8(high), np.where(towards < 0, np.int8(low), 0))
    return out


def _check_int(value: object, rule: str, arg: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ArgumentError(f"{rule}({arg}={fmt(value)}): expected a whole number >= {minimum}.")


def _check_choice(value: object, rule: str, arg: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ArgumentError(
            f"{rule}({arg}={fmt(value)}): expected one of {', '.join(map(repr, choices))}."
        )
