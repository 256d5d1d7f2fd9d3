"""Warnings attributed to the user's line, however deep inside qistats they are raised.

A fixed ``stacklevel`` is right for one call path only: the same check runs under
:func:`qistats.spc`, :func:`qistats.board`, :func:`qistats.ambition`, :func:`qistats.funnel` and the
Spark wrappers at different depths, and a wrong level shows the user a line of qistats instead of
their own call. :func:`warn` counts the frames up to the first one outside the package (what
Python 3.12's ``skip_file_prefixes`` does, available here from Python 3.10).
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

#: Frames whose file starts with this are qistats' own.
_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


#: Whether the data computed are a part of the data (a task of :mod:`qistats.spark`), whose
#: warnings that judge the whole data are given with their facts (see :func:`facts_of_a_part`)
_PART: ContextVar[bool] = ContextVar("qistats_part", default=False)


@contextmanager
def facts_of_a_part() -> Iterator[None]:
    """Within the block the data computed are a part of the data: a warning judged on the
    whole data (one that counts keys among all keys, say) is given, whether or not the part
    alone calls for it, as an instance of its category whose ``facts`` (JSON-able, with a
    ``"key"`` naming the kind) the driver adds up over the parts and judges again
    (:mod:`qistats._spark_warnings`)."""
    token = _PART.set(True)
    try:
        yield
    finally:
        _PART.reset(token)


def in_a_part() -> bool:
    """Whether :func:`facts_of_a_part` is in force."""
    return _PART.get()


def warn(message: str, category: type[Warning], facts: dict[str, Any] | None = None) -> None:
    """``warnings.warn(message, category)`` shown at the first caller outside qistats; with
    ``facts``, the warning is an instance of ``category`` carrying them (its text is
    ``message``, as without)."""
    frame = sys._getframe(1)
    level = 2  # 1 is this function; 2 is its caller
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _PACKAGE
    ):
        frame = frame.f_back
        level += 1
    if facts is None:
        warnings.warn(message, category, stacklevel=level)
        return
    instance = category(message)
    instance.facts = facts  # type: ignore[attr-defined]
    warnings.warn(instance, stacklevel=level)
