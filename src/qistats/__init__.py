"""qistats: quality-improvement statistics — SPC charts, signal rules and ambition tracking."""

from . import datasets, errors, plot, rules
from ._spc import spc
from .ambition import Ambition, ambition
from .board import Board, board
from .errors import (
    ArgumentError,
    BaselineWarning,
    ColumnError,
    DataError,
    DateWarning,
    DenominatorWarning,
    DirectionWarning,
    DuplicateRowsWarning,
    KindWarning,
    LabelWarning,
    MeasuresError,
    MeasuresWarning,
    NoDataWarning,
    OverdispersionWarning,
    PeriodsSummedWarning,
    QIStatsError,
    QIStatsWarning,
    RareEventsWarning,
    ShortPhaseWarning,
    TargetWarning,
    TotalUnitWarning,
)
from .funnel import FunnelResult, funnel
from .result import SPCResult

__version__ = "0.1.0"

__all__ = [
    "Ambition",
    "ArgumentError",
    "BaselineWarning",
    "Board",
    "ColumnError",
    "DataError",
    "DateWarning",
    "DenominatorWarning",
    "DirectionWarning",
    "DuplicateRowsWarning",
    "FunnelResult",
    "KindWarning",
    "LabelWarning",
    "MeasuresError",
    "MeasuresWarning",
    "NoDataWarning",
    "OverdispersionWarning",
    "PeriodsSummedWarning",
    "QIStatsError",
    "QIStatsWarning",
    "RareEventsWarning",
    "SPCResult",
    "ShortPhaseWarning",
    "TargetWarning",
    "TotalUnitWarning",
    "__version__",
    "ambition",
    "board",
    "datasets",
    "errors",
    "funnel",
    "plot",
    "rules",
    "spc",
]
