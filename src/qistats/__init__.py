"""qistats: quality-improvement statistics — SPC charts, signal rules and ambition tracking."""

from . import datasets, errors
from ._spc import spc
from .errors import ArgumentError, ColumnError, DataError, QIStatsError
from .result import SPCResult

__version__ = "0.1.0"

__all__ = [
    "ArgumentError",
    "ColumnError",
    "DataError",
    "QIStatsError",
    "SPCResult",
    "__version__",
    "datasets",
    "errors",
    "spc",
]
