"""qistats: quality-improvement statistics — SPC charts, signal rules and ambition tracking."""

from . import datasets, errors, plot, rules
from ._spc import spc
from .ambition import Ambition, ambition
from .errors import (
    ArgumentError,
    ColumnError,
    DataError,
    QIStatsError,
    QIStatsWarning,
    ShortPhaseWarning,
)
from .funnel import FunnelResult, funnel
from .result import SPCResult

__version__ = "0.1.0"

__all__ = [
    "Ambition",
    "ArgumentError",
    "ColumnError",
    "DataError",
    "FunnelResult",
    "QIStatsError",
    "QIStatsWarning",
    "SPCResult",
    "ShortPhaseWarning",
    "__version__",
    "ambition",
    "datasets",
    "errors",
    "funnel",
    "plot",
    "rules",
    "spc",
]
