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

#: Frames whose file starts with this are qistats' own.
_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn(message: str, category: type[Warning]) -> None:
    """``warnings.warn(message, category)`` shown at the first caller outside qistats."""
    frame = sys._getframe(1)
    level = 2  # 1 is this function; 2 is its caller
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _PACKAGE
    ):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
