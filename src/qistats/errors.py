"""Errors raised by qistats.

Every error is a :class:`QIStatsError`, itself a :class:`ValueError`, so callers can catch either.
Messages name the argument, the column, the first offending row (its group and x) and what was
expected.
"""

from __future__ import annotations


class QIStatsError(ValueError):
    """Base class of every error qistats raises about its input."""


class ColumnError(QIStatsError):
    """A named column does not exist, or has the wrong type for its role."""


class DataError(QIStatsError):
    """A value in the data is not allowed (negative denominator, missing x, duplicate x, ...)."""


class ArgumentError(QIStatsError):
    """An argument has a value that is not allowed (unknown chart, freeze too large, ...)."""


class MeasuresError(ColumnError, DataError, ArgumentError):
    """A board's measures table has several problems of different kinds (a column, a cell, a
    chart name): all of them are listed in its message, one a line, each with its measure and
    row. It is each of :class:`ColumnError`, :class:`DataError` and :class:`ArgumentError`, so
    code that catches the error one of them alone raises catches it too."""


class QIStatsWarning(UserWarning):
    """Base class of the warnings qistats gives about results that need care."""


class ShortPhaseWarning(QIStatsWarning):
    """A phase has fewer points than ``min_points``: its limits are trial limits."""


class BaselineWarning(QIStatsWarning):
    """A series has no point in the baseline asked for (it starts after the ``freeze`` date, or
    has no more points than ``freeze``): all its points are its baseline."""


class DuplicateRowsWarning(QIStatsWarning):
    """Rows identical in every column are combined into one point (a copied row counts twice),
    or rows sharing an x are averaged on a chart of one value per x."""


class OverdispersionWarning(QIStatsWarning):
    """One unit gives most of a funnel's overdispersion estimate (the trim removed none): the
    adjusted limits then describe that unit more than the spread between the others; or the
    estimate rests on fewer than 10 units; or, with ``phi="trim"`` or ``compat``, the limits
    are widened for a φ that is no more than the discreteness of small counts gives (near 0 %
    or 100 %, or small units: in-control units whose z-scores' exact mean square is 1.1 or
    more), so that they may hide real outliers: compare with ``adjust=False`` (the default φ
    is computed from mid-p scores, which the discreteness does not inflate). Or the points of a
    P or U chart (of :func:`qistats.spc`, or a board measure) vary far more than its binomial
    or Poisson limits allow (Laney's σ_z of 2 or more, as large denominators give, with points
    outside the limits): chart ``"pp"`` or ``"up"``, or an XmR chart of the proportions or
    rates, as NHS Making Data Count advises."""


class LabelWarning(QIStatsWarning):
    """Series labels differ only by spaces at their start or end (``"Ash"`` and ``"Ash "``, as
    Excel extracts often have) or by case (``"Ash"`` and ``"ASH"``): they are kept as given,
    so they are different series."""


class RareEventsWarning(QIStatsWarning):
    """A series on an individuals (XmR or I) chart looks like counts of rare events (whole
    numbers, mostly zeros or a mean below 1): its signals are mostly false; a G or T chart
    suits it. Or the reverse: a G or T chart (whose y is the cases or the time between
    events, one row per event) given counts of events per period (whole numbers on monthly
    or weekly dates), which a C or U chart suits."""


class DenominatorWarning(QIStatsWarning):
    """Most rows of a series (or board measure) that have a ``y`` have no ``n``: those points
    are gaps, which a stray denominator or a failed join makes silently. Or ``y`` of a
    proportion (or of a ratio y / n on a chart of measurements) looks like a percentage of
    ``n`` rather than a count of it. Or ``y`` of a U or U′ chart, or of a funnel of
    ``kind="rate"`` or ``"sr"``, looks like a rate of ``n`` (events per 1,000 bed days) rather
    than the count of events, which would be divided by ``n`` again."""


class DirectionWarning(QIStatsWarning):
    """An improvement direction that is probably the wrong way round: ``improvement="decrease"``
    on a G or T chart, whose values are the cases or the time between events, so that a fall
    means events more often (the direction of a count of adverse events carried over)."""


class DateWarning(QIStatsWarning):
    """A date that is probably not what was meant: a series' latest x far beyond the rest of
    the data (a mistyped year), or a ``freeze``/``phase`` date inside a period of the data. Or
    an x that stands for a date but restarts, as a month number 1..12 does each year: rows
    sharing a series and x are one point, so the periods of several years are pooled (the
    date the x stands for is not what the computation sees)."""


class PeriodsSummedWarning(DateWarning):
    """:func:`qistats.funnel` without ``x=`` on rows of several periods of a unit (a date
    column, or one named like ``month``, ``date``, ``period``, ``week``, ``quarter`` or
    ``year``, with several values within a unit): rows sharing a unit are summed, so each
    unit's counts are its totals over every period, not one period's. Pass ``x=`` (the
    latest period by default, or ``period=``) or filter the rows to one period first."""


class TargetWarning(QIStatsWarning):
    """A target that is probably not in the measure's display units: a percentage typed as a
    proportion (``target=0.95`` on a measure shown in %, values of 60 to 99); or values that
    are percentages already multiplied by 100 again (80.9 shown as 8,090 %, compared with a
    target of 95); or a series whose values switch from proportions to percentages part-way
    (0.93, then 93 from the month an extract was rebuilt), so that the step reads as special
    cause and the assurance against a target is not to be trusted; or a target that cannot
    be assessed, having no improvement direction (no assurance)."""


class KindWarning(QIStatsWarning):
    """The data do not look like the ``kind`` asked for: a funnel of standardised ratios
    (``kind="sr"``, n expected counts) whose pooled observed / expected is far from 1, as when
    n is bed days or cases."""


class TotalUnitWarning(QIStatsWarning):
    """A funnel's unit has a y and an n equal to the sums of the other units of its funnel: a
    total of them (a region, a country), whose events it counts again."""


class MeasuresWarning(QIStatsWarning):
    """A board's measures table has a column named as an option of :func:`qistats.spc` that
    the board does not take per measure (``exclude``, ``phase``, ``sigma``, ``rules``,
    ``cl``): it is carried into the table as it is and changes nothing computed."""


class NoDataWarning(QIStatsWarning):
    """A series or phase has no observed value: its limits and variation are missing. Or a
    series has no value in the latest period of the data: its summary is of an earlier one.
    Or an Xbar chart's series has one row per subgroup: no spread within subgroups, no
    limits. Or a series without a denominator (of :func:`qistats.spc`, or of a board's measure)
    starts with values of 0 and has none after them: months before a ward opened, written
    as 0?"""


__all__ = [
    "ArgumentError",
    "BaselineWarning",
    "ColumnError",
    "DataError",
    "DateWarning",
    "DenominatorWarning",
    "DirectionWarning",
    "DuplicateRowsWarning",
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
    "ShortPhaseWarning",
    "TargetWarning",
    "TotalUnitWarning",
]
