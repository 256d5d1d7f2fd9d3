"""The Swed–Eisenhart distribution of the number of runs, and the limits of the runs test."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.special import gammaln


def _log_comb(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    """log C(n, k), −inf where k < 0 or k > n."""
    n = np.asarray(n, dtype=float)
    k = np.asarray(k, dtype=float)
    ok = (k >= 0) & (k <= n)
    out = np.full(np.broadcast(n, k).shape, -np.inf)
    nn, kk = np.broadcast_arrays(n, k)
    out[ok] = gammaln(nn[ok] + 1) - gammaln(kk[ok] + 1) - gammaln(nn[ok] - kk[ok] + 1)
    return out


def runs_pmf(n1: int, n2: int) -> np.ndarray:
    """P(R = r), r = 0..n1 + n2: runs in a random order of n1 points of one kind, n2 of another.

    Swed & Eisenhart (1943): with k = r // 2,

    * r even: :math:`2\\binom{n_1-1}{k-1}\\binom{n_2-1}{k-1} / \\binom{n_1+n_2}{n_1}`;
    * r odd: :math:`\\left[\\binom{n_1-1}{k}\\binom{n_2-1}{k-1} +
      \\binom{n_1-1}{k-1}\\binom{n_2-1}{k}\\right] / \\binom{n_1+n_2}{n_1}`.

    Parameters
    ----------
    n1, n2 : int
        Numbers of points of each kind (above and below the centre line).

    Returns
    -------
    numpy.ndarray
        ``P(R = r)`` for r = 0 … n1 + n2 (zero below 2 runs unless one kind is absent, when
        R = 1 for sure).

    References
    ----------
    Swed FS, Eisenhart C (1943). Tables for testing randomness of grouping in a sequence of
    alternatives. Annals of Mathematical Statistics 14(1): 66–87.

    Examples
    --------
    Two of each kind, 6 equally likely orders: AABB and BBAA have 2 runs, ABBA and BAAB 3,
    ABAB and BABA 4.

    >>> [round(float(v), 4) for v in runs_pmf(2, 2)]
    [0.0, 0.0, 0.3333, 0.3333, 0.3333]
    """
    n = n1 + n2
    out = np.zeros(n + 1)
    if n1 == 0 or n2 == 0:
        out[min(n, 1)] = 1.0
        return out
    r = np.arange(n + 1)
    k = r // 2
    total = _log_comb(n, n1)
    even = np.log(2.0) + _log_comb(n1 - 1, k - 1) + _log_comb(n2 - 1, k - 1)
    odd = np.logaddexp(
        _log_comb(n1 - 1, k) + _log_comb(n2 - 1, k - 1),
        _log_comb(n1 - 1, k - 1) + _log_comb(n2 - 1, k),
    )
    log_p = np.where(r % 2 == 0, even, odd) - total
    out[r >= 2] = np.exp(log_p[r >= 2])
    return out


@lru_cache(maxsize=4096)
def _limits(n1: int, n2: int, alpha: float) -> tuple[int, int]:
    pmf = runs_pmf(n1, n2)
    cdf = np.cumsum(pmf)
    sf = np.cumsum(pmf[::-1])[::-1]  # P(R >= r)
    tail = alpha / 2.0 * (1 + 1e-9)  # a tail exactly at alpha/2 counts (rounding aside)
    few = np.flatnonzero(cdf <= tail)
    many = np.flatnonzero(sf <= tail)
    return (int(few[-1]) if few.size else 0), (int(many[0]) if many.size else n1 + n2 + 1)


def runs_limits(
    n_above: np.ndarray, n_below: np.ndarray, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Critical numbers of runs: too few at or below ``lower``, too many at or above ``upper``.

    ``lower`` is the largest r with P(R ≤ r) ≤ α/2 and ``upper`` the smallest r with
    P(R ≥ r) ≤ α/2 under :func:`runs_pmf` (the convention of Swed & Eisenhart's tables); 0 and
    n + 1 when no number of runs is that unlikely.

    Parameters
    ----------
    n_above, n_below : numpy.ndarray
        Numbers of useful points above and below the centre line (of each phase; broadcast).
    alpha : float, default 0.05
        Two-sided level.

    Returns
    -------
    lower, upper : numpy.ndarray
        The critical numbers of runs (int64).

    References
    ----------
    Swed FS, Eisenhart C (1943). Tables for testing randomness of grouping in a sequence of
    alternatives. Annals of Mathematical Statistics 14(1): 66–87.

    Examples
    --------
    With 10 points above and 10 below, P(R ≤ 6) = 0.019 and P(R ≤ 7) = 0.051, so 6 runs or
    fewer are too few (and, by symmetry, 16 or more too many):

    >>> runs_limits(np.array([10, 8]), np.array([10, 8]))
    (array([6, 4]), array([16, 14]))
    """
    a = np.asarray(n_above, dtype=np.int64)
    b = np.asarray(n_below, dtype=np.int64)
    pairs = np.stack(np.broadcast_arrays(a, b), axis=-1).reshape(-1, 2)
    uniq, inv = np.unique(pairs, axis=0, return_inverse=True)
    table = np.array([_limits(int(x), int(y), float(alpha)) for x, y in uniq]).reshape(-1, 2)
    lim = table[inv.reshape(-1)].reshape(*np.broadcast(a, b).shape, 2)
    return lim[..., 0], lim[..., 1]
