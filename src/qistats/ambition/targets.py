"""The target value per series from the target rule."""

from __future__ import annotations

import numpy as np

from ..errors import ArgumentError


def target_value(target, change, base, kind, better, multiply, p) -> np.ndarray:
    """The target per series (raw units) from the target rule and the baseline values."""
    if not isinstance(target, str):
        return np.full(base.shape, float(target) / multiply)
    if target == "relative":
        tgt = base * (1 + change)
        if kind == "proportion" and (tgt > 1).any():
            raise ArgumentError(
                f"target='relative': {change:+.0%} of the baseline proportion is above 1 "
                f"for {p.describe_series(int(np.flatnonzero(tgt > 1)[0]))}; for 'improve "
                "by x%' of a proportion use target='shortfall' (close x% of the gap to 100%)."
            )
        return tgt
    if target == "shortfall":
        if kind != "proportion":
            raise ArgumentError("target='shortfall' is for proportions (kind='proportion').")
        r = abs(change)
        return 1 - (1 - base) * (1 - r) if better > 0 else base * (1 - r)
    raise ArgumentError(
        f"target={target!r}: expected 'relative', 'shortfall' or a number (display units)."
    )
