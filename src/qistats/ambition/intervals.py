"""Intervals and tests: exact ones for counts (Poisson, binomial, the conditional rate ratio) and
Fieller's for a ratio of means."""

from __future__ import annotations

import numpy as np
from scipy import special, stats


def garwood(k: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) interval for a Poisson count k: [χ²(α/2; 2k)/2, χ²(1−α/2; 2k+2)/2].

    >>> lo, hi = garwood(np.array([0, 10]), 0.05)
    >>> [round(float(v), 3) for v in (*lo, *hi)]
    [0.0, 4.795, 3.689, 18.39]
    """
    k = np.asarray(k, dtype=float)
    lo = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(k, 1e-300)) / 2, 0.0)
    hi = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return lo, hi


def distinct(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The rows of equal-length 1-d ``columns`` that differ, to compute a costly elementwise
    function once per distinct row: ``(first, inverse)`` with ``first`` the index of one row
    of each distinct combination and ``inverse`` the distinct row of every row, so that
    ``f(c[first])[inverse]`` is ``f(c)``; None when fewer than a tenth of the rows repeat
    (hardly worth it). Rows are equal when their values are bit for bit (0.0 and −0.0 differ; a NaN
    equals only a NaN of the same bits), so the result is exactly the same.

    >>> k, n = np.tile([3.0, 1.0, 3.0], 30), np.tile([9.0, 2.0, 9.0], 30)
    >>> first, inverse = distinct(k, n)
    >>> first.size, bool((k[first][inverse] == k).all() and (n[first][inverse] == n).all())
    (2, True)
    """
    n = columns[0].size
    if n < 64:
        return None
    bits = [np.ascontiguousarray(c, dtype=np.float64).view(np.int64) for c in columns]
    order = np.lexsort(bits[::-1])
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for b in bits:
        s = b[order]
        new[1:] |= s[1:] != s[:-1]
    groups = int(np.count_nonzero(new))
    if groups * 10 > n * 9:
        return None
    inverse = np.empty(n, dtype=np.intp)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


def clopper_pearson(k: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Clopper–Pearson 1934) interval for a binomial proportion k/n.

    The inverse betas are the costly part: each distinct (k, n) is computed once (a series'
    cumulative counts repeat across series and periods when counts are small).

    >>> lo, hi = clopper_pearson(np.array([3]), np.array([10]), 0.05)
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.0667, 0.6525)
    """
    k, n = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(n, dtype=float))
    if k.ndim == 1:
        rows = distinct(k, n)
        if rows is not None:
            first, inverse = rows
            lo, hi = _clopper_pearson(k[first], n[first], alpha)
            return lo[inverse], hi[inverse]
    return _clopper_pearson(k, n, alpha)


def _clopper_pearson(k: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(k > 0, stats.beta.ppf(alpha / 2, np.maximum(k, 1e-300), n - k + 1), 0.0)
        hi = np.where(k < n, stats.beta.ppf(1 - alpha / 2, k + 1, np.maximum(n - k, 1e-300)), 1.0)
    return lo, hi


def rate_ratio_exact(
    k0: np.ndarray, e0: np.ndarray, k1: np.ndarray, e1: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Exact conditional interval for the rate ratio (λ₁/λ₀).

    Given N = K₀ + K₁, K₁ is Binomial(N, π) with π = E₁·RR / (E₀ + E₁·RR); the Clopper–Pearson
    bounds on π map to RR = π/(1 − π) · E₀/E₁.
    """
    lo_p, hi_p = clopper_pearson(k1, k0 + k1, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = lo_p / (1 - lo_p) * e0 / e1
        hi = np.where(hi_p < 1, hi_p / (1 - hi_p) * e0 / e1, np.inf)
    return lo, hi


def binom_tail(k: np.ndarray, n: np.ndarray, pi: np.ndarray, lower: bool) -> np.ndarray:
    """P(X ≤ k) (``lower``) or P(X ≥ k) for X ~ Binomial(n, π), through the regularised
    incomplete beta function, so that k and n need not be whole (effective counts k/φ).

    >>> from scipy import stats
    >>> bool(np.isclose(binom_tail(np.array([3.0]), np.array([10.0]), 0.5, True)[0],
    ...                 stats.binom.cdf(3, 10, 0.5)))
    True
    """
    k, n, pi = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (k, n, pi)))
    out = np.full(k.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        if lower:
            inner = (k < n) & (n > 0)
            out = np.where(n >= 0, 1.0, np.nan)
            out[inner] = special.betainc(n[inner] - k[inner], k[inner] + 1, 1 - pi[inner])
        else:
            inner = (k > 0) & (n > 0)
            out = np.where(n >= 0, 1.0, np.nan)
            out[inner] = special.betainc(k[inner], n[inner] - k[inner] + 1, pi[inner])
    return out


def poisson_tail(k: np.ndarray, mu: np.ndarray, lower: bool) -> np.ndarray:
    """P(X ≤ k) (``lower``) or P(X ≥ k) for X ~ Poisson(μ), through the regularised incomplete
    gamma function (k need not be whole).

    >>> from scipy import stats
    >>> bool(np.isclose(poisson_tail(np.array([4.0]), np.array([6.5]), True)[0],
    ...                 stats.poisson.cdf(4, 6.5)))
    True
    """
    k, mu = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(mu, dtype=float))
    if lower:
        return special.gammaincc(k + 1, mu)
    return np.where(k > 0, special.gammainc(np.maximum(k, 1e-300), mu), 1.0)


def rate_ratio_tail(
    k0: np.ndarray, e0: np.ndarray, k1: np.ndarray, e1: np.ndarray, ratio: np.ndarray, lower: bool
) -> np.ndarray:
    """One-sided exact conditional p-value of H₀: RR = ``ratio``.

    ``lower=True``: evidence that RR < ratio, P(X ≤ K₁); else that RR > ratio, P(X ≥ K₁); with
    X ~ Binomial(K₀ + K₁, E₁·ratio / (E₀ + E₁·ratio)).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        pi = e1 * ratio / (e0 + e1 * ratio)
    return binom_tail(k1, k0 + k1, pi, lower)


def _constrained_p0(x0, n0, x1, n1, theta):
    """Maximum-likelihood p₀ under p₁ = θ·p₀: the smaller root of
    θN·p² − (θ(n₁ + x₀) + n₀ + x₁)·p + (x₀ + x₁) = 0, N = n₀ + n₁."""
    a = theta * (n0 + n1)
    b = theta * (n1 + x0) + n0 + x1
    c = x0 + x1
    disc = np.sqrt(np.maximum(b * b - 4 * a * c, 0.0))
    return 2 * c / (b + disc)  # the smaller root, stable when a is small


def koopman_z(x0, n0, x1, n1, theta) -> np.ndarray:
    """Signed square root of Koopman's (1984) score statistic for H₀: p₁/p₀ = θ.

    χ²(θ) = Σᵢ (xᵢ − nᵢp̃ᵢ)² / (nᵢp̃ᵢ(1 − p̃ᵢ)) with p̃ the maximum-likelihood proportions under
    p₁ = θp₀; positive when p₁/p₀ looks above θ. Defined for zero cells.
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        p0 = _constrained_p0(x0, n0, x1, n1, theta)
        p1 = np.minimum(theta * p0, 1.0)
        parts = []
        for x, n, pp in ((x0, n0, p0), (x1, n1, p1)):
            resid = x - n * pp
            resid = np.where(np.abs(resid) <= 1e-9 * np.maximum(n, 1.0), 0.0, resid)
            parts.append(np.where(resid == 0, 0.0, resid * resid / (n * pp * (1 - pp))))
        # the side of θ the observed ratio lies on, without dividing by a zero count
        side = np.sign(x1 * n0 - theta * x0 * n1)
        return side * np.sqrt(parts[0] + parts[1])


def koopman(x0, n0, x1, n1, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Koopman's (1984) score interval for the ratio of two proportions p₁/p₀.

    The θ where |z(θ)| = z₁₋α/₂ (:func:`koopman_z`), found by bisection on log θ for all series
    at once; 0 when x₁ = 0, infinite when x₀ = 0. Its coverage is close to nominal even for
    small counts (Fagerland, Lydersen & Laake 2015 recommend it).

    >>> lo, hi = koopman(np.array([10.0]), np.array([50.0]), np.array([20.0]), np.array([50.0]),
    ...                  0.05)
    >>> round(float(lo[0]), 2), round(float(hi[0]), 2)
    (1.07, 3.85)
    """
    x0, n0, x1, n1 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x0, n0, x1, n1)))
    crit = stats.norm.ppf(1 - alpha / 2)
    bounds = []
    for level in (crit, -crit):  # lower bound: z(θ) = crit; upper: z(θ) = −crit
        lo, hi = np.full(x0.shape, -50.0), np.full(x0.shape, 50.0)
        for _ in range(60):
            mid = (lo + hi) / 2
            above = koopman_z(x0, n0, x1, n1, np.exp(mid)) > level  # z decreases in θ
            lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
        root = np.exp((lo + hi) / 2)
        bounds.append(root)
    lower = np.where(x1 > 0, bounds[0], 0.0)
    upper = np.where(x0 > 0, bounds[1], np.inf)
    bad = ~((n0 > 0) & (n1 > 0))
    lower[bad] = np.nan
    upper[bad] = np.nan
    return lower, upper


_GL_T, _GL_W = np.polynomial.legendre.leggauss(64)
_TAIL = 1e-10  # posterior mass left out at each end (the truncation error is at most 2·10⁻¹⁰)


def _beta_below_scaled(aa, ba, ab, bb, r) -> np.ndarray:
    """P(A ≤ r·B) for independent A ~ Beta(aa, ba), B ~ Beta(ab, bb) and 0 < r ≤ 1: the
    integral of F_A(r·x) against B's density, in z = logit x (see :func:`beta_ratio_prob`)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lo = np.maximum(special.betaincinv(ab, bb, _TAIL), special.betaincinv(aa, ba, _TAIL) / r)
        # 1 − hi for hi = min(B's upper quantile, A's upper quantile / r), without cancelling
        c_hi = np.maximum(
            special.betaincinv(bb, ab, _TAIL), (r - 1 + special.betaincinv(ba, aa, _TAIL)) / r
        )
        none = lo >= 1  # A's mass is above r: P(A ≤ rB) = 0
        lo = np.where(none, 0.5, lo)
        z_lo = np.log(lo) - np.log1p(-lo)
        z_hi = np.maximum(np.log1p(-c_hi) - np.log(c_hi), z_lo)
        # z = m + s·sinh t: the mean and the smaller of the two standard deviations of logit B
        # and logit A (digamma, trigamma), so that the nodes resolve both and reach their tails
        m = np.clip(special.digamma(ab) - special.digamma(bb), z_lo, z_hi)
        s = np.sqrt(
            np.minimum(
                special.polygamma(1, ab) + special.polygamma(1, bb),
                special.polygamma(1, aa) + special.polygamma(1, ba),
            )
        )
        t_lo, t_hi = np.arcsinh((z_lo - m) / s), np.arcsinh((z_hi - m) / s)
        half = (t_hi - t_lo) / 2
        t = ((t_lo + t_hi) / 2)[:, None] + half[:, None] * _GL_T[None, :]
        z = m[:, None] + s[:, None] * np.sinh(t)
        log_x, log_1mx = -np.logaddexp(0, -z), -np.logaddexp(0, z)
        # B's density in z: x^ab (1 − x)^bb / B(ab, bb), times dz/dt = s·cosh t
        dens = np.exp(ab[:, None] * log_x + bb[:, None] * log_1mx - special.betaln(ab, bb)[:, None])
        cdf_a = special.betainc(aa[:, None], ba[:, None], r[:, None] * np.exp(log_x))
        # a sum per row (not a matrix product, whose rounding depends on the number of rows)
        inner = (cdf_a * dens * np.cosh(t) * _GL_W).sum(axis=1) * s * half
        upper = special.betainc(bb, ab, np.exp(-np.logaddexp(0, z_hi)))  # P(B > hi)
    return np.where(none, 0.0, inner + upper)


def beta_ratio_prob(k0, e0, k1, e1, rho, better) -> np.ndarray:
    r"""P(p₁/p₀ ≤ ρ) (or ≥, for increases) under Jeffreys posteriors
    p₀ ~ Beta(k₀ + ½, e₀ − k₀ + ½) and p₁ ~ Beta(k₁ + ½, e₁ − k₁ + ½), by quadrature accurate to
    about 10⁻⁷ for any counts (zero or all events on either side, up to thousands).

    For ρ ≤ 1 it is :math:`P(p_1 \le \rho p_0) = \int_0^1 F_1(\rho x) f_0(x)\,dx`; for ρ > 1,
    :math:`1 - P(p_0 < p_1/\rho) = 1 - \int_0^1 F_0(x/\rho) f_1(x)\,dx`, so that the CDF is
    never taken beyond 1. With B the posterior integrated over and F_A the other's CDF
    (``betainc``), the integral is taken between
    :math:`L = \max(Q_B(\epsilon), Q_A(\epsilon)/r)` and
    :math:`H = \min(Q_B(1-\epsilon), Q_A(1-\epsilon)/r)` (ε = 10⁻¹⁰; below L the integrand is
    at most ε, above H F_A is within ε of 1), plus P(B > H) for the mass above. On
    [L, H] the variable is z = logit x, in which B's density
    :math:`x^{a}(1-x)^{b}/\mathrm{B}(a, b)` is finite and smooth even where a or b is ½ (no
    failures, or all: the density in x is infinite at 0 or 1); z = m + s·sinh t, m the mean
    ψ(a) − ψ(b) of logit B and s the smaller of the standard deviations
    :math:`\sqrt{\psi_1(a) + \psi_1(b)}` of logit A and logit B, reaches slowly decaying
    tails and resolves a narrow posterior alike; 64 Gauss–Legendre nodes in t. Rows are
    computed once per distinct row (the counts of proportions out of equal denominators
    repeat), 1,024 at a time.

    No failures out of 60 on either side, ρ = ½: 0.3914 (Monte Carlo, 4·10⁶ draws: 0.3911).

    >>> z, n = np.array([0.0]), np.array([60.0])
    >>> round(float(beta_ratio_prob(z, n, z, n, np.array([0.5]), -1)[0]), 4)
    0.3914
    """
    rows = distinct(k0, e0, k1, e1, rho)
    if rows is not None:
        first, inverse = rows
        return beta_ratio_prob(k0[first], e0[first], k1[first], e1[first], rho[first], better)[
            inverse
        ]
    a0, b0 = k0 + 0.5, e0 - k0 + 0.5
    a1, b1 = k1 + 0.5, e1 - k1 + 0.5
    out = np.empty(k0.shape[0])
    for lo in range(0, k0.shape[0], 1024):  # blocks of series, not single series
        sl = slice(lo, lo + 1024)
        rho_b = rho[sl]
        big = rho_b > 1
        with np.errstate(divide="ignore"):
            r = np.where(big, 1 / rho_b, rho_b)
        part = np.where(np.isnan(r), np.nan, 0.0)
        ok = r > 0  # ρ = 0 (nothing is below it) or ρ = ∞ (everything is)
        fwd, rev = ok & ~big, ok & big
        part[fwd] = _beta_below_scaled(a1[sl][fwd], b1[sl][fwd], a0[sl][fwd], b0[sl][fwd], r[fwd])
        part[rev] = _beta_below_scaled(a0[sl][rev], b0[sl][rev], a1[sl][rev], b1[sl][rev], r[rev])
        out[sl] = np.where(big, 1 - part, part)
    return out if better < 0 else 1 - out


def fieller_ratio(
    m0: np.ndarray,
    v0: np.ndarray,
    d0: np.ndarray,
    m1: np.ndarray,
    v1: np.ndarray,
    d1: np.ndarray,
    alpha: float,
    most: np.ndarray | float = np.inf,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Fieller's (1954) interval for the ratio R = μ₁/μ₀ of two independent means.

    m₀ and m₁ are the sample means, v₀ and v₁ their squared standard errors (s²/n, or the
    cluster-robust variance of :mod:`.clustered`), d₀ and d₁ their degrees of freedom (n − 1,
    or the periods less one). The interval is every R with
    :math:`(m_1 - R m_0)^2 \le t^2 (v_1 + R^2 v_0)`, t the 1 − α/2 quantile of Student's t on
    Welch–Satterthwaite degrees of freedom at R̂ = m₁/m₀,
    :math:`\nu = (v_1 + \hat R^2 v_0)^2 / (v_1^2/d_1 + \hat R^4 v_0^2/d_0)`, at most ``most``
    (variances that rest on one shared estimate, whose sum has no more degrees of freedom than
    it); that
    is, between the roots of :math:`(m_0^2 - t^2 v_0)R^2 - 2 m_0 m_1 R + m_1^2 - t^2 v_1`. When
    the baseline mean is not clearly above zero (:math:`m_0^2 \le t^2 v_0`) the set is
    unbounded, reported as 0 to ∞. At five observations a side its coverage is 0.957 for normal
    and 0.962 for gamma(2) measurements, where the log-scale delta method with a normal quantile
    covers 0.92 and 0.90 (simulation, 200,000 pairs).

    Baseline 8, 10, 12 (m₀ = 10, v₀ = 4/3), since then 6, 8, 7 (m₁ = 7, v₁ = 1/3): ν = 3.62.

    >>> lo, hi = fieller_ratio(*(np.array([v]) for v in (10.0, 4 / 3, 2, 7.0, 1 / 3, 2)), 0.05)
    >>> round(float(lo[0]), 3), round(float(hi[0]), 3)
    (0.47, 1.106)
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        r = m1 / m0
        dof = np.fmin((v1 + r * r * v0) ** 2 / (v1**2 / d1 + (r * r * v0) ** 2 / d0), most)
        t2 = stats.t.ppf(1 - alpha / 2, dof) ** 2
        qa = m0 * m0 - t2 * v0
        half = np.sqrt(m0 * m0 * m1 * m1 - qa * (m1 * m1 - t2 * v1))
        bounded = qa > 0
        lo = np.where(bounded, (m0 * m1 - half) / qa, 0.0)
        hi = np.where(bounded, (m0 * m1 + half) / qa, np.inf)
    missing = ~np.isfinite(r) | ~np.isfinite(t2)
    return np.where(missing, np.nan, lo), np.where(missing, np.nan, hi)


def gamma_prob_below(k: np.ndarray, e: np.ndarray, level: np.ndarray) -> np.ndarray:
    """P(λ ≤ level) under the Jeffreys posterior Gamma(k + ½, rate e) of a Poisson rate."""
    return special.gammainc(np.asarray(k, dtype=float) + 0.5, level * e)


def beta_prob_below(k: np.ndarray, n: np.ndarray, level: np.ndarray) -> np.ndarray:
    """P(p ≤ level) under the Jeffreys posterior Beta(k + ½, n − k + ½) of a proportion."""
    return special.betainc(k + 0.5, n - k + 0.5, np.clip(level, 0.0, 1.0))
