"""Anhøj & Wentzel-Larsen's best box and cut box, for any number of points.

The runs analysis with ``method="bestbox"``/``"cutbox"`` needs the joint distribution of the
number of crossings C and the longest run L of n independent points, each above the centre line
with probability p (½ for random data, Φ(0.8) after a shift of 0.8 SD). A sequence with k runs
(C = k − 1) alternates sides, so it is ⌈k/2⌉ runs on the side it starts and ⌊k/2⌋ on the other;
with every run at most l long,

.. math::

    P(C = k - 1, L \\le l) = \\sum_{\\text{start}} P(\\text{the } k \\text{ run lengths sum to } n),

where a run on a side with probability p has length r with weight :math:`p^r`, r = 1..l. Each
term is one coefficient of a product of polynomials, taken exactly (to rounding) by a discrete
Fourier transform of the normalised run-length weights. An exponential tilt (weights
:math:`(tp)^r`, which multiplies every sequence of n points by the same :math:`t^n`) centres the
sum of the run lengths on n, so that even probabilities as small as 1e-300 keep their relative
precision, and logarithms keep them from underflowing. Only the crossings within 8 standard
deviations of their mean and the run lengths that can change the box are computed, so a box
costs milliseconds at n = 100 and well under a second at n = 10,000; each n is computed once.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import optimize, stats
from scipy.special import logsumexp

#: Probability of no signal for random data that a box must keep (Anhøj & Wentzel-Larsen 2020).
TARGET = 0.925
#: The shift, in SD, whose detection the best box maximises.
SHIFT = 0.8
#: Crossings so rare for random data (either tail) are left out of the computation.
_NEGLIGIBLE = 1e-12


def _run_weights(p: float, ell: int, tilt: float) -> tuple[np.ndarray, float, float, float]:
    """Normalised weights of run lengths 1..ell, their log-normaliser, mean and variance."""
    r = np.arange(1, ell + 1)
    logw = r * np.log(tilt * p)
    top = max(logw[0], logw[-1])
    w = np.exp(logw - top)
    total = w.sum()
    log_s = float(top + np.log(total))
    w /= total
    mean = float(w @ r)
    return w, log_s, mean, float(w @ (r - mean) ** 2)


@lru_cache(maxsize=4096)
def _tilt(n: int, k: int, p: float, ell: int) -> float:
    """The tilt t that makes the expected total length of k alternating runs equal to n."""
    if p == 0.5:
        return 1.0
    if k >= n or n >= k * ell:  # only runs of 1 (or only runs of ell): push all weight there
        return float(np.exp(-30.0 if k >= n else 30.0))

    def excess(log_t: float) -> float:
        ma = _run_weights(p, ell, np.exp(log_t))[2]
        mb = _run_weights(1.0 - p, ell, np.exp(log_t))[2]
        return k * (ma + mb) / 2.0 - n

    if excess(-60.0) > 0 or excess(60.0) < 0:
        return 1.0
    return float(np.exp(optimize.brentq(excess, -60.0, 60.0, xtol=1e-10)))


def log_joint(
    n: int, p: float, ell: int, k_lo: int, k_hi: int, k_ref: int | None = None
) -> np.ndarray:
    """log P(C = k − 1, L ≤ ell) for k = k_lo..k_hi (−inf where impossible).

    The tilt centres the distribution at ``k_ref`` runs (default: the middle), where the
    result is most precise; elsewhere its absolute error stays at rounding level.
    """
    ks = np.arange(k_lo, k_hi + 1)
    if ell < 1 or ks.size == 0:
        return np.full(ks.shape, -np.inf)
    t = _tilt(n, max((k_lo + k_hi) // 2 if k_ref is None else k_ref, 1), p, ell)
    wa, log_sa, ma, va = _run_weights(p, ell, t)
    wb, log_sb, mb, vb = _run_weights(1.0 - p, ell, t)
    # the DFT size: the whole support of the total when small, else ±10 SD around n
    spread = np.abs(ks * (ma + mb) / 2.0 - n).max() + 10.0 * np.sqrt(k_hi * (va + vb) / 2.0)
    size = int(min(k_hi * ell + 1, 2.0 * spread + 64))
    size = 1 << max(size - 1, 1).bit_length()
    # the coefficients are real, so half of the spectrum (conjugate symmetric) is enough
    theta = 2.0 * np.pi * np.arange(size // 2 + 1) / size
    z = np.exp(-1j * theta)
    phi_a = np.polyval(np.append(wa[::-1], 0.0), z)  # E z^length of one run
    phi_b = phi_a if p == 0.5 else np.polyval(np.append(wb[::-1], 0.0), z)
    w = np.exp(1j * theta * (n % size)) * 2.0 / size  # picks the coefficient of z^n
    w[0] /= 2.0
    w[-1] /= 2.0
    # k runs are ⌊k/2⌋ pairs (one run on each side) and, for odd k, one more run on the side
    # they start: Q_j = (φ_a φ_b)^j, summed against w, φ_a w and φ_b w
    psi = phi_a * phi_b
    j_lo, j_hi = k_lo // 2, k_hi // 2
    weights = np.stack([w, phi_a * w, phi_b * w], axis=1)
    count = j_hi - j_lo + 1
    sums = np.empty((count, 3))
    block = min(count, max(1, 2**20 // size))  # at most 2^20 complex numbers at a time
    powers = np.empty((block, psi.size), dtype=complex)
    for first in range(0, count, block):
        if first:
            np.multiply(powers[-1], psi, out=powers[0])
        else:
            powers[0] = np.exp(j_lo * np.log(np.where(psi == 0, 1e-300, psi)))
        rows = min(block, count - first)
        for r in range(1, rows):  # row by row: np.cumprod down the rows is several times slower
            np.multiply(powers[r - 1], psi, out=powers[r])
        sums[first : first + rows] = (powers[:rows] @ weights).real
    logs = np.full(sums.shape, -np.inf)
    np.log(sums, out=logs, where=sums > 0)
    j = ks // 2
    r = logs[j - j_lo]
    even = np.log(2.0) + j * (log_sa + log_sb) + r[:, 0]
    odd = np.logaddexp(
        (j + 1) * log_sa + j * log_sb + r[:, 1], j * log_sa + (j + 1) * log_sb + r[:, 2]
    )
    out = np.where(ks % 2 == 0, even, odd) - n * np.log(t)
    possible = (ks >= 1) & (ks <= n) & (n <= ks * ell)
    return np.where(possible, out, -np.inf)


class _Joint:
    """P(C = c, L ≤ ell) over the window of crossings, row by row for the run lengths needed."""

    def __init__(self, n: int, p: float, c: np.ndarray) -> None:
        self.n, self.p, self.c = n, p, c
        self.rows: dict[tuple[int, int], np.ndarray] = {}

    def row(self, ell: int, c_ref: int) -> np.ndarray:
        """log P(C = c, L ≤ ell) for every c of the window, precise near ``c_ref``."""
        key = (ell, c_ref if self.p != 0.5 else -1)
        if key not in self.rows:
            k_lo, k_hi = int(self.c[0]) + 1, int(self.c[-1]) + 1
            self.rows[key] = log_joint(self.n, self.p, ell, k_lo, k_hi, c_ref + 1)
        return self.rows[key]

    def cell(self, c: int, ell: int) -> float:
        """log P(C = c, L = ell) (one cell, computed alone)."""
        upper = float(log_joint(self.n, self.p, ell, c + 1, c + 1)[0])
        lower = float(log_joint(self.n, self.p, ell - 1, c + 1, c + 1)[0]) if ell > 1 else -np.inf
        return _log_minus(upper, lower)


def _log_minus(a: float, b: float) -> float:
    """log(e^a − e^b), −inf when not positive."""
    if not np.isfinite(a) or b >= a:
        return -np.inf
    return a + float(np.log(-np.expm1(b - a))) if np.isfinite(b) else a


def _log_cells(upper: np.ndarray, lower: np.ndarray | None) -> np.ndarray:
    """log P(C = c, L = ell) from log P(C = c, L ≤ ell) (upper) and log P(C = c, L ≤ ell − 1)."""
    if lower is None:
        return upper
    return np.array([_log_minus(a, b) for a, b in zip(upper, lower, strict=True)])


@lru_cache(maxsize=1024)
def boxes(n: int) -> tuple[int, int, int, int]:
    """Best box (cb, lb) and cut box border (cbord, lbord; −1 when not cut) for n points."""
    null = stats.binom(n - 1, 0.5)  # the crossings of random data
    lo = max(int(null.ppf(_NEGLIGIBLE)), 0)
    hi = min(int(null.isf(_NEGLIGIBLE)) + 1, n - 1)
    c = np.arange(lo, hi + 1)
    # the largest c with P(C >= c) >= TARGET whatever the runs: no box goes beyond it
    c_marginal = int(c[null.sf(c - 1) >= TARGET].max())
    j0 = _Joint(n, 0.5, c)
    js = _Joint(n, float(stats.norm.cdf(SHIFT)), c)

    def frontier(ell: int) -> int:
        """Index into c of the largest c whose box (c, ell) keeps TARGET (−1: none)."""
        box0 = np.cumsum(np.exp(j0.row(ell, 0))[::-1])[::-1]  # P(C >= c, L <= ell)
        corner = (ell + c <= n) & (n <= (c + 1) * ell)  # P(C = c, L = ell) > 0
        ok = np.flatnonzero(corner & (box0 >= TARGET))
        return int(ok[-1]) if ok.size else -1

    l_cap = max(1, min(n, int(np.ceil(np.log2(n))) + 20))
    # start near the 92.5th percentile of the longest run, P(L <= ell) ~ exp(-n / 2^(ell + 1)),
    # stepping down while a shorter box still keeps TARGET
    l_start = min(l_cap, max(1, int(np.log2(n / -np.log(TARGET))) - 2))
    while l_start > 1 and frontier(l_start - 1) >= 0:
        l_start -= 1
    best: tuple[float, int, int] | None = None
    for ell in range(l_start, l_cap + 1):
        i = frontier(ell)  # the largest c: the smallest box probability after a shift
        if i < 0:
            continue
        shifted = js.row(ell, int(c[i]))
        score = float(logsumexp(shifted[i:]))
        if best is None or score < best[0]:
            best = (score, int(c[i]), ell)
        # a longer l' has c*(l') <= c_marginal, so its score is at least P_shift(C >=
        # c_marginal, L <= ell): once that is no better, no longer box can win
        if float(logsumexp(shifted[c_marginal - lo :])) >= best[0]:
            break
    if best is None:
        return 0, 0, -1, -1
    _, cb, lb = best
    i = cb - lo
    box = float(np.exp(logsumexp(j0.row(lb, 0)[i:])))
    return (cb, lb, *_cut(j0, js, c, cb, lb, box))


def _cut(j0: _Joint, js: _Joint, c: np.ndarray, cb: int, lb: int, box: float) -> tuple[int, int]:
    """Anhøj & Wentzel-Larsen's cut box: remove the corner of the best box and then border
    cells (along the top row ell = lb or the left column c = cb, whichever is likelier under the
    shift) while the box keeps probability ≥ TARGET for random data.
    """
    n, lo = j0.n, int(c[0])
    row0 = np.exp(_log_cells(j0.row(lb, 0), j0.row(lb - 1, 0) if lb > 1 else None))
    row_s = _log_cells(js.row(lb, cb), js.row(lb - 1, cb) if lb > 1 else None)

    def p0_row(cc: int) -> float:
        return float(row0[cc - lo]) if lo <= cc <= int(c[-1]) else 0.0

    def ps_row(cc: int) -> float:
        return float(row_s[cc - lo]) if lo <= cc <= int(c[-1]) else -np.inf

    col0: dict[int, float] = {}

    def p0_col(length: int) -> float:
        if length < 1:
            return 0.0
        if length not in col0:
            col0[length] = float(np.exp(j0.cell(cb, length)))
        return col0[length]

    rest = box - p0_row(cb)
    if rest < TARGET:
        return -1, -1
    cbord, lbord = cb + 1, lb - 1
    while True:  # a walk along the border of one box, at most n + lb steps
        dc, dl = p0_row(cbord), p0_col(lbord)
        row = dc > 0 and rest - dc >= TARGET
        col = dl > 0 and rest - dl >= TARGET
        if not (row or col):
            return cbord, lbord
        if not row:  # only the column can shrink: cut it as far as the target allows
            strip = np.array([p0_col(k) for k in range(lbord, 0, -1)])
            cum = np.cumsum(strip[: np.flatnonzero(strip > 0).max() + 1])
            stop = np.flatnonzero(rest - cum < TARGET)
            return cbord, (lbord - int(stop[0]) if stop.size else 0)
        if not col:  # only the row can shrink
            strip = np.array([p0_row(k) for k in range(cbord, n)])
            cum = np.cumsum(strip[: np.flatnonzero(strip > 0).max() + 1])
            stop = np.flatnonzero(rest - cum < TARGET)
            return (cbord + int(stop[0]) if stop.size else n), lbord
        if ps_row(cbord) >= js.cell(cb, lbord):
            rest, cbord = rest - dc, cbord + 1
        else:
            rest, lbord = rest - dl, lbord - 1
