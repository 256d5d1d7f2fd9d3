"""Checks of plot arguments: every error a QIStatsError naming the argument, never a TypeError.

:func:`keywords` wraps a plot function or method with an explicit signature: an unknown
keyword, or an argument given twice or positionally where it must be named, raises an
:class:`~qistats.errors.ArgumentError` that names it and lists the valid arguments (not
``plot_spc() got an unexpected keyword argument``). :func:`check_common` checks the values
every plot takes (``ncols``, ``figsize``, flags and texts).
"""

from __future__ import annotations

import functools
import gc
import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from .._args import fmt
from ..errors import ArgumentError

F = TypeVar("F", bound=Callable[..., Any])


def keywords(function: F) -> F:
    """Wrap a plot function so that an argument its signature lacks is a QIStatsError.

    The wrapper keeps the signature and docstring (``inspect.signature`` and Sphinx show the
    explicit arguments) and costs one dictionary scan per call. It also pauses Python's
    cyclic garbage collector while the figure is built (and restores it after, as it was):
    matplotlib makes tens of thousands of long-lived objects for a grid, and each collection
    walks all of them, which cost a quarter of the drawing time of 100 panels.
    """
    signature = inspect.signature(function)
    names = list(signature.parameters)[1:]  # after the result drawn (``self`` of a method)
    listed = ", ".join(names)
    positional = [
        n for n, p in list(signature.parameters.items())[1:] if p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    unnamed = (
        f"only {' and '.join(positional)} may be given without a name"
        if positional
        else ("each must be given by name")
    )

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        for name, value in kwargs.items():
            if name not in names:
                raise ArgumentError(
                    f"plot: unknown argument {name}={fmt(value)}; the arguments are {listed}."
                )
        try:
            signature.bind(*args, **kwargs)
        except TypeError as err:
            raise ArgumentError(f"plot: {err} (the arguments are {listed}; {unnamed}).") from None
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return checked  # type: ignore[return-value]


def check_common(
    *,
    ncols: Any = None,
    figsize: Any = None,
    sharey: Any = True,
    texts: dict[str, Any] | None = None,
    flags: dict[str, Any] | None = None,
) -> None:
    """QIStatsErrors for bad values of the arguments every plot takes."""
    if ncols is not None and (
        isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1
    ):
        raise ArgumentError(f"ncols={fmt(ncols)}: expected a whole number of columns, 1 or more.")
    if figsize is not None:
        ok = (
            isinstance(figsize, Sequence)
            and not isinstance(figsize, str)
            and len(figsize) == 2
            and all(
                isinstance(v, (int, float, np.integer, np.floating))
                and not isinstance(v, bool)
                and 0 < v <= 200
                for v in figsize
            )
        )
        if not ok:
            raise ArgumentError(
                f"figsize={fmt(figsize)}: expected (width, height) in inches, both positive "
                "and at most 200."
            )
    for name, value in {"sharey": sharey, **(flags or {})}.items():
        if not isinstance(value, (bool, np.bool_)):
            raise ArgumentError(f"{name}={fmt(value)}: expected True or False.")
    for name, value in (texts or {}).items():
        if value is not None and not isinstance(value, str):
            raise ArgumentError(f"{name}={fmt(value)}: expected text (a str) or None.")


def check_optional_flags(**values: Any) -> None:
    """``True``, ``False`` or ``None`` (automatic) for each named argument."""
    for name, value in values.items():
        if value is not None and not isinstance(value, (bool, np.bool_)):
            raise ArgumentError(f"{name}={fmt(value)}: expected True, False or None.")


__all__ = ["check_common", "check_optional_flags", "keywords"]
