"""qistats: quality-improvement statistics — SPC charts, signal rules and ambition tracking."""

from . import datasets, errors, rules
from ._spc import spc
from .errors import (
    ArgumentError,
    ColumnError,
    DataError,
    QIStatsError,
    QIStatsWarning,
    ShortPhaseWarning,
)
from .result import SPCResult

__version__ = "0.1.0"

__all__ = [
    "ArgumentError",
    "ColumnError",
    "DataError",
    "QIStatsError",
    "QIStatsWarning",
    "SPCResult",
    "ShortPhaseWarning",
    "__version__",
    "datasets",
    "errors",
    "rules",
    "spc",
]
