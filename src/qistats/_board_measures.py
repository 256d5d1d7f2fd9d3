"""The board's measures table and its ``targets=`` table, checked once.

:func:`measures_table` reads the measures table (one row per measure: its name, unit,
improvement direction, target, chart, baseline, rebase dates, multiplier and flags; any other
column is carried into the board's table) into one array per setting, with an error naming
the measure, the column and what was expected for every bad cell. :func:`targets_table` does
the same for a target per series (measure × ``by`` group), and :func:`targets_of_series` keeps
the targets of series that have data.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._args import MAX_ABS_VALUE, fmt, is_label, label, name_key, row_keys
from ._interop import as_pandas
from ._rows import row_name, rows_name
from ._spc import DIRECTIONS, direction_hint
from ._warn import warn
from .charts import Chart, get_chart
from .errors import (
    ArgumentError,
    ColumnError,
    DataError,
    MeasuresError,
    MeasuresWarning,
    NoDataWarning,
    QIStatsError,
)
from .frame import check_column, closest

#: Columns of the measures table that configure a measure; every other column is carried.
SETTINGS = (
    "name",
    "unit",
    "improvement",
    "target",
    "chart",
    "freeze",
    "rebase",
    "multiply",
    "screen_mr",
    "uses_n",
    "lag",
)
#: Options of ``qi.spc`` a board does not take per measure, and what it offers instead.
_NOT_PER_MEASURE = {
    "exclude": "the board excludes no point; chart the measure with qi.spc(exclude=...) to "
    "leave points out of its limits",
    "phase": "a measure's new phases are its 'rebase' column (the x values where each starts)",
    "sigma": "board(sigma=...) sets the limits of every measure",
    "rules": "board(rules=...) sets the rules of every measure",
    "cl": "a measure's centre line is computed from its baseline ('freeze')",
}
#: The advice for a ``freeze`` cell of text that is neither a number nor a date: per cell, as
#: converting the column would fail on its date rows.
_FREEZE_HINT = (
    " Write the number of baseline points alone (12, or the text '12' or '12.0' as a CSV keeps"
    " it) or the baseline's last date as ISO text ('2023-03-01'); one column may hold both."
)
#: Columns :meth:`Board.table` computes.
COMPUTED = (
    "latest_x",
    "latest_value",
    "target",
    "cl",
    "lcl",
    "ucl",
    "variation",
    "assurance",
    "rules_fired",
    "last_values",
    "n_points",
    "short_phase",
    "rare_events",
    "period_counts",
    "stale",
    "open_gap",
    "reason",
)
#: The largest ``lag`` of a measure (in its own periods).
MAX_LAG = 1000
_NUMERIC = {
    "target": "a number (finite, below 1e100)",
    "freeze": "a whole number of points (finite, below 1e100), a date (a Timestamp or ISO "
    "text like '2022-12-01')",
    "multiply": "a number (finite, below 1e100)",
    "lag": f"a whole number of periods from 0 to {MAX_LAG}",
}


@dataclass(frozen=True)
class Measures:
    """The measures table, checked, as one array per setting (one entry per measure)."""

    keys: pd.Index  # the measure identifiers, in the table's order
    table: pd.DataFrame  # the user's table (index reset)
    name: np.ndarray
    unit: np.ndarray
    good: np.ndarray  # +1 increase, −1 decrease, 0 neutral
    target: np.ndarray
    chart: list[Chart]
    freeze: np.ndarray  # a number of baseline points; NaN: every point is (or freeze_at)
    freeze_at: np.ndarray  # the last x of the baseline (a date, ISO text), or None
    multiply: np.ndarray
    screen: np.ndarray  # screen moving ranges: 1, 0, or −1 for the board's default
    uses_n: np.ndarray  # the value is y / n: 1, 0, or −1 to decide from the data (see _uses_n)
    lag: np.ndarray  # periods the measure is expected to run behind the report's (int64)
    rebase: pd.DataFrame  # one row per (measure position "m", x value "at")
    carried: list[str]

    def label(self, m: int) -> str:
        return fmt(self.keys[m])


#: Where a problem's message names its measure: "measure 'falls'" when the problem is the
#: table's only one, "measure 'falls' (row with index label 3)" in a list of several.
_WHO = "\x00measure\x00"
#: The most problems one error lists (the rest are counted).
_MAX_LISTED = 100


@dataclass(frozen=True)
class _Problem:
    kind: type[QIStatsError]  # the error a problem alone raises, as before the list
    text: str  # the message it alone gives, _WHO where it names its measure
    row: int | None  # its position in the table; None for a column's problem
    hint: str = ""  # advice after the message (a conversion), said once in a list


class _Problems:
    """Every problem of a measures table, raised at once: a user with a 20-row
    table fixed one cell, reran and got the next. One problem reads as it always has; several
    are listed, one a line, each with its measure and row, in one error of their common class
    (a :class:`~qistats.MeasuresError`, which is all three, when they differ)."""

    def __init__(self, measures: pd.DataFrame, labels: np.ndarray) -> None:
        self.measures = measures  # the user's table (its index names the rows)
        self.labels = labels
        self.found: list[_Problem] = []

    def add(
        self, kind: type[QIStatsError], text: str, row: int | None = None, hint: str = ""
    ) -> None:
        self.found.append(_Problem(kind, text, row, hint))

    def raise_any(self) -> None:
        if not self.found:
            return
        if len(self.found) == 1:
            p = self.found[0]
            who = "" if p.row is None else f"measure {fmt(self.labels[p.row])}"
            raise p.kind(p.text.replace(_WHO, who) + p.hint)
        kinds = {p.kind for p in self.found}
        kind = kinds.pop() if len(kinds) == 1 else MeasuresError
        ordered = sorted(self.found, key=lambda p: -1 if p.row is None else p.row)  # stable
        lines = []
        hints: set[str] = set()  # a column's conversion is advised once, not per cell
        for p in ordered[:_MAX_LISTED]:
            text = p.text.removeprefix("measures: ")
            if p.row is not None:
                who = f"measure {fmt(self.labels[p.row])} ({row_name(self.measures, p.row)})"
                text = text.replace(_WHO, who)
            hint = " (convert it as above)" if p.hint and p.hint in hints else p.hint
            hints.add(p.hint)
            lines.append(f"- {text}{hint}")
        if len(ordered) > _MAX_LISTED:
            lines.append(f"- and {len(ordered) - _MAX_LISTED} more problems.")
        raise kind(
            f"measures: {len(self.found)} problems in the measures table, each listed with its "
            "measure and row; fix them all before building the board again:\n" + "\n".join(lines)
        )


def measures_table(measures: Any, measure: str) -> Measures:
    """The measures table checked: every problem of it in one error (see :class:`_Problems`)
    when it has any, else its :class:`Measures`.

    >>> measures_table(pd.DataFrame({"measure": ["a", "a", "b"], "chart": ["xmr", "i", "q"],
    ...                              "target": [1, "x", 2]}), "measure")
    Traceback (most recent call last):
    ...
    qistats.errors.MeasuresError: measures: 3 problems in the measures table, each listed
    with its measure and row; fix them all before building the board again:
    - the measure 'a' appears more than once in column 'measure' (rows with index labels 0,
      1); give each measure one row.
    - 'target' of measure 'a' (row with index label 1) is 'x' (text); expected a number
      (finite, below 1e100) or a missing value.
    - 'chart' of measure 'b' (row with index label 2): chart='q': unknown chart; expected one
      of 'run', 'i', 'xmr', 'mr', 'ip', 'xbar', 's', 'c', 'u', 'up', 'p', 'pp', 'np', 'g', 't'.
    """
    measures = as_pandas(measures, "measures")
    if measure != "measure" and not is_label(measures, measure) and is_label(measures, "measure"):
        # data read with header=None (measure=2) beside a measures table with its own header
        # "no such column in measures" did not say why the table needs column 2
        raise ColumnError(
            f"measure={fmt(measure)}: no such column in measures. measure= names the column "
            "of measure ids in both tables, data and measures, and the measures table names "
            "its 'measure'. Give them one name, e.g. measures = measures.rename(columns="
            f"{{'measure': {measure!r}}})."
        )
    check_column(measures, measure, "measure", "measures")
    tab = measures.reset_index(drop=True)
    keys = tab[measure]
    labels = keys.to_numpy()
    problems = _Problems(measures, labels)
    for i in np.flatnonzero(keys.isna().to_numpy()):  # named by its label (it said i)
        problems.add(
            DataError,
            f"measures: {row_name(measures, int(i))} has a missing {fmt(measure)}; every "
            "measure needs one.",
            int(i),
        )
    dup = keys.duplicated(keep=False).to_numpy() & keys.notna().to_numpy()
    for first in np.flatnonzero(dup & ~keys.duplicated().to_numpy()):
        same = np.flatnonzero(dup & (keys == keys.iloc[first]).to_numpy())
        problems.add(
            DataError,
            f"measures: the measure {fmt(keys.iloc[first])} appears more than once in column "
            f"{fmt(measure)} ({rows_name(measures, same)}); give each measure one row.",
            int(same[1]),
        )
    for c in tab.columns:
        if c in COMPUTED and c not in SETTINGS:
            problems.add(
                ColumnError,
                f"measures: column {fmt(c)} would clash with the board's own column of that "
                "name; rename it.",
            )
    _check_setting_names(tab, measure, problems)
    m = len(tab)

    def column(name: str, default: Any) -> pd.Series:
        return tab[name] if name in tab.columns else pd.Series([default] * m, dtype=object)

    def numbers(name: str, raw: pd.Series | None = None) -> np.ndarray:
        """The column as numbers, each bad cell a problem (and NaN, checked no further)."""
        raw = column(name, np.nan) if raw is None else raw
        out, bad, kind = _numbers(raw)
        for i in bad:
            problems.add(
                DataError,
                f"measures: {fmt(name)} of {_WHO} is {fmt(raw.iloc[i])}"
                f"{kind[i]}; expected {_NUMERIC[name]} or a missing value.",
                int(i),
                _FREEZE_HINT if name == "freeze" else convert_hint("measures", name, raw.iloc[i]),
            )
        out = out.copy()
        out[bad] = np.nan
        return out

    given = column("improvement", None).astype(object)
    # any case, and spaces around it as a spreadsheet cell keeps them ("Decrease  ")
    improvement = given.map(name_key)
    known = improvement.map(lambda v: v in DIRECTIONS if isinstance(v, Hashable) else False)
    for i in np.flatnonzero(~known.to_numpy() & improvement.notna().to_numpy()):
        problems.add(  # as typed: 'INCREASES ', not 'increases'
            DataError,
            f"measures: 'improvement' of {_WHO} is {fmt(given.iloc[i])}; "
            "expected 'increase', 'decrease' or 'neutral' (a missing value is neutral)."
            + direction_hint(given.iloc[i]),
            int(i),
        )
    good = improvement.map(lambda v: DIRECTIONS.get(v, 0) if isinstance(v, str) else 0)

    charts = column("chart", "xmr").astype(object).where(lambda c: c.notna(), "xmr")
    specs: dict[Any, Chart] = {}
    for name in pd.unique(charts):  # a few distinct chart names
        try:
            specs[name] = get_chart(name)
        except ArgumentError as err:
            for i in np.flatnonzero((charts == name).to_numpy()):
                problems.add(ArgumentError, f"measures: 'chart' of {_WHO}: {err}", int(i))
    known_chart = charts.map(lambda c: c in specs).to_numpy(dtype=bool)

    target = numbers("target")
    freeze_col = column("freeze", np.nan).map(_count_text)  # "12", "12.0" from a CSV: 12
    dated = freeze_col.map(_is_x_value).to_numpy(dtype=bool)  # the last x of the baseline
    numeric = ~dated & freeze_col.notna().to_numpy()  # (a NaT of a column of dates: none)
    freeze = numbers("freeze", freeze_col.astype(object).where(numeric, np.nan))
    freeze_at = np.where(dated, freeze_col.to_numpy(dtype=object), None)
    bad = ~np.isnan(freeze) & ((freeze < 1) | (freeze != np.round(freeze)))
    for i in np.flatnonzero(bad):
        problems.add(
            DataError,
            f"measures: 'freeze' of {_WHO} is {freeze[i]:g}; expected a whole "
            "number of baseline points >= 1, or a missing value.",
            int(i),
        )
    fewest = np.array([specs[c].min_baseline if c in specs else 0 for c in charts])
    for i in np.flatnonzero(~bad & (freeze < fewest)):
        problems.add(
            DataError,
            f"measures: 'freeze' of {_WHO} is {freeze[i]:g}: a baseline of "
            f"{freeze[i]:g} point gives no limits on its chart ({fmt(charts.iloc[i])}), whose "
            f"sigma comes from moving ranges, which need {fewest[i]} successive points. Give "
            f"{fewest[i]} or more, or a missing value (no freeze).",
            int(i),
        )
    multiply = numbers("multiply")
    multiply = np.where(np.isnan(multiply), 1.0, multiply)
    for i in np.flatnonzero(multiply <= 0):
        problems.add(
            DataError,
            f"measures: 'multiply' of {_WHO} is {multiply[i]:g}; expected a positive number.",
            int(i),
        )

    lag = numbers("lag")
    lag_col = column("lag", None)
    bad = ~np.isnan(lag) & ((lag < 0) | (lag > MAX_LAG) | (lag != np.round(lag)))
    for i in np.flatnonzero(bad):
        problems.add(
            DataError,
            f"measures: 'lag' of {_WHO} is {fmt(lag_col.iloc[i])}; expected "
            f"a whole number of periods from 0 to {MAX_LAG} (how many of its own periods the "
            "measure is reported behind the report's period), or a missing value (0).",
            int(i),
        )
    lag = np.where(np.isnan(lag) | bad, 0, lag).astype(np.int64)

    screen = _flags(column("screen_mr", None), "screen_mr", "the board's screen_mr", problems)
    uses_n = _flags(column("uses_n", None), "uses_n", "decided by the data", problems)
    need = np.array([specs[c].n if c in specs else "optional" for c in charts], dtype=object)
    clash = ((need == "required") & (uses_n == 0)) | ((need == "none") & (uses_n == 1))
    for i in np.flatnonzero(clash & known_chart):
        problems.add(
            DataError,
            f"measures: 'uses_n' of {_WHO} is {bool(uses_n[i])}, but its "
            f"{specs[charts.iloc[i]].name!r} chart "
            f"{'needs a' if uses_n[i] == 0 else 'takes no'} denominator.",
            int(i),
        )
    problems.raise_any()

    rebase = column("rebase", None).map(rebase_cell).explode()
    rebase = pd.DataFrame({"m": rebase.index.to_numpy(), "at": rebase.to_numpy()})
    rebase = rebase[rebase["at"].notna()].reset_index(drop=True)

    name_col = column("name", None)
    names = np.where(name_col.isna(), keys.astype(str), name_col.astype(str)).astype(object)
    unit_col = column("unit", "")
    units = np.where(unit_col.isna(), "", unit_col.astype(str)).astype(object)
    return Measures(
        keys=pd.Index(keys),
        table=tab,
        name=names,
        unit=units,
        good=good.to_numpy(dtype=np.int8),
        target=target,
        chart=[specs[c] for c in charts],
        freeze=freeze,
        freeze_at=freeze_at,
        multiply=multiply,
        screen=screen,
        uses_n=uses_n,
        lag=lag,
        rebase=rebase,
        carried=[c for c in tab.columns if c != measure and c not in SETTINGS],
    )


def _setting_key(column: Any) -> str:
    """A column name as a setting's would be written: ``" Screen MR"`` → ``"screen_mr"``."""
    return re.sub(r"[\s\-]+", "_", str(column).strip()).casefold()


def _check_setting_names(tab: pd.DataFrame, measure: Any, problems: _Problems) -> None:
    """Refuse a column that is a setting's name written otherwise (``"Target"``, ``"Screen
    MR"``, as a spreadsheet's headers are): read as a carried column, it would leave every
    measure without its target (a silent wrong answer). Warn of a column named as an option
    of ``qi.spc`` that a board does not take per measure: carried, it changes nothing.

    >>> _setting_key(" Screen MR"), _setting_key("uses-n")
    ('screen_mr', 'uses_n')
    """
    for c in tab.columns:
        if c == measure or c in SETTINGS:
            continue
        key = _setting_key(c)
        if key in SETTINGS and key not in tab.columns:
            problems.add(
                ColumnError,
                f"measures: column {fmt(c)} is the setting {key!r} written otherwise; column "
                "names are matched exactly, so it would be carried into the table and "
                f"change nothing. Rename it: measures.rename(columns={{{c!r}: {key!r}}}).",
            )
            continue
        if key in _NOT_PER_MEASURE:
            warn(
                f"measures: column {fmt(c)} is carried into the table as it is and changes "
                f"nothing computed: {_NOT_PER_MEASURE[key]}.",
                MeasuresWarning,
            )


#: A number written as text, as a CSV round trip writes a count in a column that also holds
#: dates ("12", "12.0", " 12 "): no per-cent sign, thousands separator or exponent.
_PLAIN_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*")


def _count_text(v: Any) -> Any:
    """A ``freeze`` cell with a number typed as text as that number (``"12.0"`` → 12.0), as
    a column mixing counts and ISO dates reads back from a CSV; any other
    cell unchanged. Whether it is a whole number of points >= 1 is checked as for numbers.

    >>> _count_text("12.0"), _count_text(" 12 "), _count_text("2023-03-01"), _count_text(12)
    (12.0, 12.0, '2023-03-01', 12)
    """
    if isinstance(v, str) and _PLAIN_NUMBER.fullmatch(v):
        return float(v)
    return v


def _is_x_value(v: Any) -> bool:
    """A ``freeze`` cell that is an x value, the last of the baseline, as ``qi.spc(freeze=)``
    takes it: a date (a Timestamp, ``datetime.date``, ``numpy.datetime64``, a Period) or
    text that is not a number (``"2022-12-01"``, read as qi.spc reads text dates); numbers,
    and numbers typed as text ("12", refused with the conversion), are numbers of points."""
    if isinstance(v, (datetime.date, np.datetime64, pd.Period)) and not pd.isna(v):
        return True
    if isinstance(v, str) and v.strip():
        try:
            float(v.strip().removesuffix("%").replace(",", ""))
        except ValueError:
            return True
    return False


def _numbers(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column of numbers (missing: NaN), the positions of its bad cells (not a number, not
    finite, beyond 1e100, text such as "5", or True/False, which docs/missing.rst refuses as a
    number) and what each cell is, in words for a message: " (text)",
    " (True/False, not a number)" or ""."""
    huge = raw.map(lambda v: isinstance(v, int) and abs(v) > MAX_ABS_VALUE)  # 10**400
    out = pd.to_numeric(raw.where(~huge, np.inf), errors="coerce")
    out = out.to_numpy(dtype=float, na_value=np.nan)
    too_big = np.abs(np.nan_to_num(out, nan=0.0, posinf=np.inf)) > MAX_ABS_VALUE
    text = raw.map(lambda v: isinstance(v, (str, bytes))).to_numpy(dtype=bool)
    flag = raw.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
    bad = np.flatnonzero(np.isnan(out) & raw.notna().to_numpy() | too_big | text | flag)
    kind = np.where(text, " (text)", np.where(flag, " (True/False, not a number)", ""))
    return out, bad, kind


#: A number written with commas between its thousands: "1,000", "-12,500.5".
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def convert_hint(table: str, name: str, cell: Any) -> str:
    """The advice for a cell of a settings table that is a number typed as text ("95%",
    "12", " 95 %"): the conversion of the column, and for per-cent text which number a
    target in per cent is. Empty for other cells."""
    if not isinstance(cell, str):
        return ""
    column = f"{table}[{fmt(name)}]"
    if not cell.strip():  # a blank kept as text (read_csv's keep_default_na=False, dtype=str)
        return (
            " A blank cell read as text: read the table with blanks as missing values, or "
            f"make them missing first, e.g. {column} = {column}.replace(r'^\\s*$', "
            "float('nan'), regex=True)."
        )
    per_cent = cell.strip().endswith("%")
    core = cell.strip().removesuffix("%").strip()
    # commas only as thousands separators ("1,000"); "0,95" (a decimal comma) gets no advice
    thousands = "," in core
    if thousands and not _THOUSANDS.fullmatch(core):
        return ""
    try:
        number = float(core.replace(",", ""))
    except ValueError:
        return ""
    # what to strip before pd.to_numeric, which refuses "95%" and "1,000" (the
    # advice for "1,000" was pd.to_numeric of the column as it was, which fails on it)
    strip = "|".join(p for p, has in [("\\s*%\\s*$", per_cent), (",", thousands)] if has)
    said = f" Convert the column to numbers first, e.g. {column} = pd.to_numeric(" + (
        f"{column}.replace(r'{strip}', '', regex=True))" if strip else f"{column})"
    )
    if per_cent and name == "target":
        said += (
            f": {number:g} % is {number:g} on a measure shown in per cent (multiply 100 or "
            f"unit '%'), {number / 100:g} on one shown as proportions"
        )
    return said + "."


def _flag(v: Any) -> int:
    """A True/False cell as 1 or 0, 1 and 0 as numbers too (as ``exclude`` takes them, and a
    spreadsheet's or a CSV's column of 1/0 with a blank reads: 1.0, 0.0); −1 for anything else
    (missing or not a flag)."""
    if isinstance(v, (bool, np.bool_)):
        return int(bool(v))
    if isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1):
        return int(v)
    return -1


def _flags(col: pd.Series, name: str, missing: str, problems: _Problems) -> np.ndarray:
    """A True/False (or 1/0) setting of every measure: 1, 0, or −1 where missing (``missing``
    says what that means, in the problem for any other value, which is −1 too)."""
    col = col.astype(object)
    out = col.map(_flag).to_numpy(dtype=np.int8)
    for i in np.flatnonzero((out < 0) & col.notna().to_numpy()):
        problems.add(
            DataError,
            f"measures: {fmt(name)} of {_WHO} is {fmt(col.iloc[i])}; "
            f"expected True, False (or 1, 0) or a missing value ({missing}).",
            int(i),
            _flag_text_hint(col, name, col.iloc[i]),
        )
    return out


#: Text that reads as a flag, as a table read with dtype=str or typed by hand holds it.
_FLAG_WORDS = {
    **dict.fromkeys(["true", "yes", "y", "t", "1", "1.0"], True),
    **dict.fromkeys(["false", "no", "n", "f", "0", "0.0"], False),
}


def _flag_text_hint(col: pd.Series, name: str, cell: Any) -> str:
    """The conversion of a flag column typed as text ("TRUE", as ``read_csv(dtype=str)`` keeps
    Excel's TRUE): every distinct text of the column that reads as a flag, replaced by its
    bool. Empty when the cell is not such text."""
    if not (isinstance(cell, str) and name_key(cell) in _FLAG_WORDS):
        return ""
    texts = [
        v for v in pd.unique(col.dropna()) if isinstance(v, str) and name_key(v) in _FLAG_WORDS
    ]
    pairs = ", ".join(f"{v!r}: {_FLAG_WORDS[name_key(v)]}" for v in texts)
    column = f"measures[{fmt(name)}]"
    return f" Convert the text first, e.g. {column} = {column}.replace({{{pairs}}})."


#: An ISO date at the start of a text, as in a rebase cell of several: "2023-04-01; 2023-10-01".
_ISO_START = re.compile(r"\d{4}-\d{2}")
#: A date as Python writes it in a list (``str([pd.Timestamp(...)])``, what ``to_csv`` writes
#: for a list of dates): ``Timestamp('2023-01-01 00:00:00')``, ``numpy.datetime64('2023-01')``.
_WRAPPED = re.compile(r"^(?:[\w.]+\.)?(?:Timestamp|datetime64)\(\s*['\"]([^'\"]*)['\"]\s*\)$")


def rebase_cell(value: Any) -> list[Any]:
    """A rebase cell as a list: a list of x values, one x value, or missing (none); or text,
    as a measures table kept in CSV or Excel holds it, with dates separated by ";", "," or "|"
    (around them, brackets and quotes, as ``to_csv`` writes a list, are ignored, and a date
    written as Python writes it in a list, ``Timestamp('2023-01-01 00:00:00')``, is its text;
    an empty text is none). Text is split only when one of its parts starts as an ISO date, so
    that an x category such as "Q1, 2023" stays whole.

    >>> rebase_cell("2023-04-01; 2023-10-01"), rebase_cell("['2023-04-01']")
    (['2023-04-01', '2023-10-01'], ['2023-04-01'])
    >>> rebase_cell("[Timestamp('2023-01-01 00:00:00'), Timestamp('2023-10-01 00:00:00')]")
    ['2023-01-01 00:00:00', '2023-10-01 00:00:00']
    >>> rebase_cell("Q1, 2023")
    ['Q1, 2023']
    """
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Index, pd.Series)):
        return list(value)
    if isinstance(value, str):
        parts = [v.strip(" '\"") for v in re.split(r"[;,|]", value.strip().strip("[]"))]
        parts = [m.group(1) if (m := _WRAPPED.match(v)) else v for v in parts if v]
        return parts if any(_ISO_START.match(v) for v in parts) or not parts else [value]
    if value is None or pd.isna(value):
        return []
    return [value]


def targets_table(
    targets: Any, ms: Measures, measure: Hashable, by_list: list[Hashable]
) -> pd.DataFrame:
    """``targets=`` checked: one row per series (measure × ``by`` group) with its target
    (NaN: no target), the measure as its position in the measures table (column ``"m"``)."""
    targets = as_pandas(targets, "targets")
    if not by_list:
        raise ArgumentError(
            "targets: a target per series needs by= (the groups the targets are for); without "
            "groups, give each measure's target in the measures table's 'target' column."
        )
    keys = [measure, *by_list]
    for col in [*keys, "target"]:
        check_column(targets, col, "targets", table="targets")
    tab = targets.reset_index(drop=True)

    m = ms.keys.get_indexer(tab[measure])
    unknown = np.flatnonzero(m < 0)
    if unknown.size:
        i = int(unknown[0])
        raise DataError(
            f"targets: {row_name(targets, i)} has {label(measure)}="
            f"{fmt(tab[measure].iloc[i])}, which is not in the measures table."
            f"{did_you_mean(tab[measure].iloc[i], ms)}"
        )
    dup = tab.duplicated(keys, keep=False).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        group = tab.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
        same = np.flatnonzero(group == group[i])
        others = np.unique(group[dup]).size - 1
        raise DataError(
            f"targets: the series {row_keys(tab, keys, i)} has {same.size} rows "
            f"({rows_name(targets, same)})"
            f"{f', and {others} other series too' if others else ''}; give each series one "
            "target."
        )
    value, bad, kind = _numbers(tab["target"].astype(object))
    if bad.size:
        i = int(bad[0])
        raise DataError(
            f"targets: {row_name(targets, i)} ({row_keys(tab, keys, i)}) has target "
            f"{fmt(tab['target'].iloc[i])}{kind[i]}; expected a number "
            "in display units (finite, below 1e100), or a missing value for no target."
            + convert_hint("targets", "target", tab["target"].iloc[i])
        )
    out = tab[by_list].copy()
    out.insert(0, "m", m)
    out["target"] = value
    return out


def series_index(m: np.ndarray, groups: pd.DataFrame) -> pd.MultiIndex:
    """Series keys (measure position, then the ``by`` values) as a MultiIndex, for lookups."""
    return pd.MultiIndex.from_arrays(
        [m, *(groups.iloc[:, j].to_numpy(dtype=object) for j in range(groups.shape[1]))]
    )


def kinds_differ(
    tt: pd.DataFrame, data: pd.DataFrame, by_list: list, table: str = "targets"
) -> str:
    """Advice when a ``by`` column holds numbers in one table and text in the other (a targets
    sheet read as text beside numeric ward codes): "101" is not 101."""
    for b in by_list:
        number = [pd.api.types.is_numeric_dtype(t[b].dtype) for t in (tt, data)]
        if number[0] != number[1]:
            has, lacks = (table, "data") if number[0] else ("data", table)
            return (
                f'Column {fmt(b)} holds numbers in {has} and text in {lacks} ("101" is not '
                f"101): convert one, e.g. {lacks}[{fmt(b)}] = "
                f"pd.to_numeric({lacks}[{fmt(b)}])."
            )
    return ""


def targets_of_series(
    tt: pd.DataFrame, data: pd.DataFrame, codes: np.ndarray, ms: Measures, by_list: list
) -> pd.DataFrame:
    """The rows of ``targets`` (see :func:`targets_table`) for series with a row in ``data``;
    the others are ignored, as NHSRplotthedots ignores a target for a facet with no data,
    with a :class:`~qistats.NoDataWarning` naming them in case of a typo."""
    have = series_index(codes, data[by_list])
    want = series_index(tt["m"].to_numpy(), tt[by_list])
    absent = np.flatnonzero(~want.isin(have))
    if absent.size:
        names = [
            ", ".join(
                [f"measure {ms.label(int(tt['m'].iloc[i]))}"]
                + [f"{label(b)}={fmt(tt[b].iloc[i])}" for b in by_list]
            )
            for i in absent[:3]
        ]
        more = f" and {absent.size - 3} more" if absent.size > 3 else ""
        warn(
            f"targets: {absent.size} of {len(tt)} targets are for series with no row in data "
            f"({'; '.join(names)}{more}) and are ignored. "
            + (kinds_differ(tt, data, by_list) or _typo(tt, data, by_list, int(absent[0]))),
            NoDataWarning,
        )
    return tt.drop(index=tt.index[absent]) if absent.size else tt


def _typo(tt: pd.DataFrame, data: pd.DataFrame, by_list: list, i: int) -> str:
    """ "Check for a typo.", with the nearest value of data for the first ``by`` value of
    target row ``i`` that data lacks ("raa" for "RAA"): " Did you mean org='RAA'?"."""
    for b in by_list:
        value = tt[b].iloc[i]
        seen = pd.unique(data[b].dropna())
        if value in set(seen):
            continue
        near = closest(value, list(seen))
        if near is not None:
            return f"Check for a typo: did you mean {label(b)}={fmt(near)} for {fmt(value)}?"
    return "Check for a typo."


def did_you_mean(value: Any, ms: Measures) -> str:
    """``" Did you mean 'Falls'?"`` for a measure name that differs from one of the table's
    by case, spaces at either end or type (``"Falls "``, ``1`` for ``"1"``) or is spelt
    close to one; "" otherwise."""
    near = closest(value, list(ms.keys))
    if near is None:
        return ""
    why = ""
    if isinstance(near, str) != isinstance(value, str):
        kinds = ("text", "a number") if isinstance(value, str) else ("a number", "text")
        why = f" ({kinds[0]} in data, {kinds[1]} in measures)"
    elif str(near).strip().casefold() == str(value).strip().casefold():
        why = " (they differ in case or spaces)"
    return f" Did you mean {fmt(near)}{why}?"
