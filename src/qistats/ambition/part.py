"""A part of the series of one call (a bucket of :func:`qistats.spark.ambition`): the
decisions :func:`~qistats.ambition` takes on every series are taken on the whole data by
:mod:`qistats.spark`'s driver and given to each part here, since a few series alone could
decide otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Part:
    """The series computed are a part of the data.

    Attributes
    ----------
    decide : callable or None
        For an absolute target, the direction (-1: lower is better, 1: higher), given the
        part's baseline levels (raw units) and its prepared points; None for a target rule.
    """

    decide: Callable[[np.ndarray, Any], int] | None = None


_PART: ContextVar[Part | None] = ContextVar("qistats_ambition_part", default=None)


def current() -> Part | None:
    """The part being computed, or None when the data are the whole data."""
    return _PART.get()


@contextmanager
def of_part(part: Part) -> Iterator[None]:
    """Within the block, :func:`~qistats.ambition` computes a part of the data: it neither
    refuses a baseline without data in every series of the part (another part may have
    some) nor decides an absolute target's direction from the part alone (``part.decide``)."""
    token = _PART.set(part)
    try:
        yield
    finally:
        _PART.reset(token)
