"""The warnings of a :mod:`qistats.spark` call, given once on the driver as the pandas function
gives them.

Each task runs the pandas engine on one bucket of series, and the driver runs it on its first
rows to check the arguments; each would warn on its own rows alone, in an executor's log the
user never reads. Instead:

* the warnings that judge the whole data (the dates of x: local midnights stored in UTC, Excel
  serial numbers) are judged on the driver from one aggregate over x (:func:`warn_x_values`),
  as :func:`qistats.spc` judges them, and dropped wherever a part of the data gives them;
* a task records the others and carries them back on its first row of the first table
  (:data:`CARRIED`, :func:`recorded`); the driver gives each once (:func:`warn_carried`): the
  same text from several buckets once, and the counts of a few warnings that count rows or
  points (copied rows, points of one value per x, months with two dates) summed over the
  buckets, naming the first bucket's example; those that name series (without baseline data,
  of rare events among every series, with a target but no improvement direction, switching
  between proportions and percentages, whose y read as rates of n, whose points vary far more
  than a P or U chart's limits allow, without a value in the latest period of the data) as
  one naming the first of all, those that count series or
  phases among all (:func:`_unobserved`, :func:`_counted`, :func:`_target_units`) as one
  counting every bucket's among every series, the series that start with
  values of 0 and have none after them (months before a ward opened: qi.spc's and the
  board's) as one counting every bucket's (:func:`_leading_zeros`), and the board's
  rare-events warning, its warnings about a measure's ``freeze`` count and its series
  without an observed value as :func:`qistats.board` gives them (:func:`_board_rare`,
  :func:`_board_baselines`, :func:`_unobserved`);
* a warning judged on the whole data that a task gives with its facts (see
  :func:`qistats._warn.facts_of_a_part`: so far the resubmitted return, qi.spc's series
  whose rows with a y mostly lack an n, and qi.ambition's series whose trajectory column
  starts far from their baseline or whose relative target is above 100 %) is judged again on
  the facts of every bucket added up (:func:`facts_merged`), not read back from its text.
  The others are merged by patterns of their text; each moved to facts removes one.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from pyspark.sql import Column
from pyspark.sql import DataFrame as SparkDataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import errors
from ._args import fmt, plural, some_of
from ._duplicates import Resubmitted
from ._overdispersed import NAMED as OVERDISPERSED_NAMED
from ._overdispersed import VARY as OVERDISPERSED_VARY
from ._rare import BOARD_RARE_AFTER, BOARD_RARE_FAILURES, BOARD_RARE_RATIO, board_rare_message
from ._rates import RATES_NAMED
from ._scale import MIXED as SWITCH_MIXED
from ._scale import NAMED as SWITCH_NAMED
from ._scale import STEPS as SWITCH_STEPS
from ._spc import SparseN
from ._stale import behind_advice
from ._target import (
    MULTIPLIED_TARGETED,
    multiplied_message,
    over_100_message,
    percent_values_message,
    percentage_message,
    target_message,
)
from ._warn import facts_of_a_part, warn
from ._xaxis import (
    day_first_message,
    measures_said,
    number_dates_hint,
    serial_dates_message,
    utc_midnights_message,
)
from .ambition.api import LEVEL_ALONE_WORDS, no_baseline_words
from .ambition.targets import OverHundred
from .ambition.trajectory import FarTrajectory

#: The column of a distributed call's first table that carries each task's warnings back to
#: the driver (JSON on the task's first row: its bucket and its warnings), dropped before the
#: table is given out
CARRIED = "__qistats_warnings__"

#: A judgement on the whole data: the category and a pattern of the warnings it replaces
Judged = tuple[type[Warning], "re.Pattern[str]"]

#: Given by the driver from the whole data (:func:`warn_x_values`): a part's are dropped
X_VALUES: tuple[Judged, ...] = (
    (errors.DateWarning, re.compile(r"local midnights stored in UTC")),
    (errors.DateWarning, re.compile(r"which read as Excel serial dates")),
    (errors.DateWarning, re.compile(r"which read as years and months")),
    (errors.DateWarning, re.compile(r"which read as years and quarters")),
    (errors.DateWarning, re.compile(r"which read as years and weeks")),
    (errors.DateWarning, re.compile(r"day/month text read month first\?")),
)
#: Not given by the pandas functions when x holds local midnights stored in UTC or day/month
#: text read month first (either explains them): dropped when the driver finds those
DOUBLED_MONTHS: Judged = (errors.DateWarning, re.compile(r"two dates in one month"))

#: pyspark's FutureWarning under pandas >= 3, given at every conversion; silenced in our calls
_PANDAS3 = re.escape("PySpark does not yet fully support pandas >= 3.0.0")
#: pyspark's Pandas4Warning (a DeprecationWarning) under pandas >= 3: silenced with it
_COPY = re.escape("The copy keyword is deprecated")

_DAY_US = 86_400 * 10**6
_HOUR_US = 3_600 * 10**6


def recorded(
    fn: Callable[..., Any], *args: Any, judged: Sequence[Judged]
) -> tuple[Any, list[tuple]]:
    """``fn(*args)`` run as a part of the data (:func:`~qistats._warn.facts_of_a_part`) with
    its qistats warnings recorded: the result and each warning (category name, text, and its
    facts where it has them) once, in order, those in ``judged`` (the driver's, from the whole
    data) left out. Other warnings (not qistats') are given again as they came."""
    with warnings.catch_warnings(record=True) as seen, facts_of_a_part():
        warnings.simplefilter("always")
        ignore_pandas3()
        out = fn(*args)
    said: list[tuple] = []
    for w in seen:
        if not issubclass(w.category, errors.QIStatsWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            continue
        text = str(w.message)
        facts = getattr(w.message, "facts", None)
        entry = (w.category.__name__, text) if facts is None else (w.category.__name__, text, facts)
        if entry in said or _is_judged(w.category, text, judged):
            continue
        said.append(entry)
    return out, said


def ignore_pandas3() -> None:
    """Silence pyspark's pandas-3 warnings, and only them (see
    :class:`qistats.spark._WorkerQuiet`)."""
    warnings.filterwarnings("ignore", message=_PANDAS3, category=FutureWarning)
    warnings.filterwarnings("ignore", message=_COPY, category=DeprecationWarning)


def _is_judged(category: type[Warning], text: str, judged: Sequence[Judged]) -> bool:
    return any(issubclass(category, c) and p.search(text) for c, p in judged)


def on_driver(fn: Callable[..., Any], *args: Any, check: bool, judged: Sequence[Judged]) -> Any:
    """``fn(*args)`` run on the driver's first rows (to check the arguments and fix the
    schemas). With ``check`` the tasks carry every warning of the data, so those of these few
    rows are dropped; without, nothing runs now on the rest, and they are given (but those
    judged on the whole data)."""
    out, said = recorded(fn, *args, judged=judged)
    if not check:
        for category, text in facts_merged(said):
            warn(text, getattr(errors, category))
    return out


def facts_merged(said: list[tuple], series: int | None = None) -> list[tuple[str, str]]:
    """The warnings given with their facts (category, text, facts: see
    :func:`~qistats._warn.facts_of_a_part`) of every bucket, one per kind and group, judged
    again on the facts added up (:data:`_FACTS`), where the first of them stood (or none,
    where the whole data call for none); the others as they are. ``series``: how many series
    every bucket computed (None: those the facts count)."""
    out: list[tuple[str, str] | None] = []
    found: dict[tuple, tuple[int, str, list[dict[str, Any]]]] = {}
    for entry in said:
        if len(entry) == 2:
            out.append((entry[0], entry[1]))
            continue
        category, _, facts = entry
        kind = _FACTS[facts["key"]]
        group = (facts["key"], *(facts[f] for f in kind[0]))
        if group not in found:
            found[group] = (len(out), category, [])
            out.append(None)
        found[group][2].append({k: v for k, v in facts.items() if k != "key"})
    for (key, *_), (at, category, parts) in found.items():
        text = _FACTS[key][1](parts, series)
        if text is not None:
            out[at] = (category, text)
    return [w for w in out if w is not None]


def _resubmitted(parts: list[dict[str, Any]], series: int | None) -> str | None:
    """A resubmitted return (:class:`qistats._duplicates.Resubmitted`) of every bucket:
    counted among every bucket's keys, each series' latest ones only if in every bucket,
    none where a bucket has rows copied whole (whose warning says them), naming the first
    bucket's first key."""
    found = [Resubmitted(**p) for p in parts]
    some = [p for p in found if p.repeated] or found  # (a part without: its keys only)
    whole = replace(
        some[0],
        repeated=sum(p.repeated for p in found),
        keys=sum(p.keys for p in found),
        tail=all(p.tail for p in some),
        copied=any(p.copied for p in found),
    )
    return whole.message() if whole.judged() else None


def _sparse_n(parts: list[dict[str, Any]], series: int | None) -> str | None:
    """qi.spc's series whose rows with a y mostly have no n (:class:`qistats._spc.SparseN`)
    of every bucket: counted among all ``series``, named in the order of their names (Spark
    rows have no other)."""
    found = [SparseN(**p) for p in parts]
    named = sorted((name for p in found for name in p.named), key=lambda e: e[0])
    whole = replace(
        found[0],
        count=sum(p.count for p in found),
        series=series or sum(p.series for p in found),
        named=named[:4],
    )
    return whole.message()


def _trajectory_scale(parts: list[dict[str, Any]], series: int | None) -> str:
    """qi.ambition's series whose trajectory column starts far from their baseline
    (:class:`qistats.ambition.trajectory.FarTrajectory`) of every bucket: counted among all
    ``series``, named in the order of their names (Spark rows have no other), the typical
    factor of them all."""
    found = [FarTrajectory(**p) for p in parts]
    whole = replace(
        found[0],
        series=series or sum(p.series for p in found),
        named=sorted((e for p in found for e in p.named), key=lambda e: e[0])[:3],
        factors=[f for p in found for f in p.factors],
    )
    return whole.message()


def _over_100(parts: list[dict[str, Any]], series: int | None) -> str:
    """qi.ambition's series whose relative target is above 100 %
    (:class:`qistats.ambition.targets.OverHundred`) of every bucket: counted, named in the
    order of their names (Spark rows have no other)."""
    found = [OverHundred(**p) for p in parts]
    named = sorted((e for p in found for e in p.named), key=lambda e: e[0])[:3]
    return replace(found[0], count=sum(p.count for p in found), named=named).message()


#: The kinds of warnings given with their facts: the facts that tell their groups apart (one
#: warning each: a board's charts, say) and how every bucket's are added up into a text
_FACTS: dict[str, tuple[tuple[str, ...], Callable[[list[dict[str, Any]], int | None], Any]]] = {
    "resubmitted": (("chart", "y", "n", "how", "alt"), _resubmitted),
    "sparse_n": (("y", "n"), _sparse_n),
    "trajectory_scale": (("trajectory", "multiply"), _trajectory_scale),
    "over_100": (("change",), _over_100),
}


def carried(
    said: list[tuple[str, str]],
    bucket: int,
    series: int,
    rows: int,
    phases: int = 0,
    measures: dict[str, int] | None = None,
) -> list[str | None]:
    """The :data:`CARRIED` column of a task's first table: on its first row, its bucket, how
    many series and phases it computed (the driver adds them up for the warnings that count
    every series or phase), its warnings, and (a board's) how many series of each measure
    its table has, by the measure's label."""
    column: list[str | None] = [None] * rows
    if rows:
        column[0] = json.dumps([bucket, series, said, phases, measures])
    return column


def warn_carried(table: SparkDataFrame, measures: Sequence[str] | None = None) -> None:
    """Give the warnings the tasks carried back on ``table`` (persisted: a small second read):
    each text once, in bucket order, with the counts of :data:`_SUMMED` summed. ``measures``:
    a board's measure labels in the measures table's order (see :func:`_board_rare`)."""
    notes = table.where(F.col(CARRIED).isNotNull()).select(CARRIED).collect()
    notes = sorted((json.loads(r[0]) for r in notes), key=lambda n: n[0])
    series = sum(note[1] for note in notes)
    said = facts_merged([tuple(w) for note in notes for w in note[2]], series)
    phases = sum(note[3] for note in notes)
    if measures is not None:
        per_measure: dict[str, int] = {}
        for note in notes:
            for name, k in (note[4] if len(note) > 4 and note[4] else {}).items():
                per_measure[name] = per_measure.get(name, 0) + k
        said = _board_rare(said, per_measure, list(measures))
        said = _unobserved(_board_baselines(said, per_measure), sum(per_measure.values()))
    if measures is None:  # (a board's series are its measures': merged above)
        said = _counted(_unobserved(said, series), series, phases)
    else:  # a board's freeze dates, among all its series
        said = _counted(said, sum(per_measure.values()), 0)
    said = _target_units(said, series if measures is None else sum(per_measure.values()))
    merged = _short_phases(_behind(_leading_zeros(_rare(said, series)), series), phases)
    for category, text in _merged(merged):
        warn(text, getattr(errors, category, errors.QIStatsWarning))


#: qi.spc's RareEventsWarning (:func:`qistats._rare.rare_message`): the series of rare
#: events of a bucket, among the bucket's series
_RARE = re.compile(
    r"^(?P<k>\d+) of \d+ series on (?P<chart>.+?) (?P<verb>(?:has|have) (?:numerators y|"
    r"failures n − y) that look|looks|look) like counts of rare events (?P<rule>\(mostly zeros, "
    r"or whole numbers with a mean below \S+ per point\)): (?P<names>.*?)"
    r"(?: and (?P<more>\d+) more)?\. (?P<rest>[A-Z].*)$",
    re.S,
)


def _gathered(
    said: list[tuple[str, str]],
    category: str,
    pattern: re.Pattern[str],
    key: Callable[[re.Match[str]], Any],
    write: Callable[[int, list[str], re.Match[str]], str],
) -> list[tuple[str, str]]:
    """The warnings ``category`` matching ``pattern`` (a count ``k`` and, if it has them, the
    ``names`` of a bucket's series, "; "-joined) from every bucket as one per ``key``, where the
    first of them stood: ``write(count, names, first)`` with the counts summed and the names of
    all, sorted (Spark rows have no other order). The other warnings as they are, in order."""
    out: list[tuple[str, str]] = []
    found: dict[Any, tuple[int, int, list[str], re.Match[str]]] = {}
    for cat, text in said:
        m = pattern.match(text) if cat == category else None
        if m is None:
            out.append((cat, text))
            continue
        names = m["names"].split("; ") if "names" in pattern.groupindex else []
        group = key(m)
        if group in found:
            at, count, shown, first = found[group]
            found[group] = (at, count + int(m["k"]), shown + names, first)
        else:
            found[group] = (len(out), int(m["k"]), names, m)
            out.append((cat, text))
    for at, count, shown, first in found.values():
        out[at] = (category, write(count, sorted(shown), first))
    return out


def _rare(said: list[tuple[str, str]], series: int) -> list[tuple[str, str]]:
    """qi.spc's RareEventsWarning of every bucket as one: the series of rare events of all
    buckets, among all ``series`` (the first three named), as :func:`qistats.spc` counts them
    on the whole data; those counted by their values, numerators and failures apart."""

    def counted(m: re.Match[str]) -> str:
        return next((w for w in ("numerators", "failures") if w in m["verb"]), "values")

    def write(count: int, names: list[str], first: re.Match[str]) -> str:
        many = count > 1
        if counted(first) == "values":
            verb = "look" if many else "looks"
        else:
            what = "numerators y" if counted(first) == "numerators" else "failures n − y"
            verb = f"{'have' if many else 'has'} {what} that look"
        more = f" and {count - 3} more" if count > 3 else ""
        return (
            f"{count} of {series} series on {first['chart']} {verb} like counts of rare events "
            f"{first['rule']}: {'; '.join(names[:3])}{more}. {first['rest']}"
        )

    key = lambda m: (m["chart"], counted(m), m["rule"], m["rest"])  # noqa: E731
    return _gathered(said, "RareEventsWarning", _RARE, key, write)


#: The start of qi.spc's or qi.board's NoDataWarning about series that start with values of 0
#: and have none after them (:func:`qistats._spc.warn_leading_zeros`): a distributed board lets
#: it through from its buckets (it silences their other NoDataWarnings)
LEADING_ZEROS = r"y=.*?: \d+ series(?: of measures)? without a denominator starts? with values of 0"
#: That warning of one bucket
_LEADING_ZEROS = re.compile(
    r"^(?P<head>y=.*?: )(?P<k>\d+) (?P<what>series(?: of measures)?) without a denominator "
    r"starts? with values of 0 and ha(?:s|ve) no 0 after them \((?P<names>.*?)"
    r"(?:; and \d+ more)?\): (?P<rest>rows written as 0 .*)$",
    re.S,
)


def _leading_zeros(said: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The NoDataWarning of :data:`_LEADING_ZEROS` of every bucket as one, as the pandas
    function gives it on the whole data: the series of all buckets counted, the first three of
    their names (in order: Spark rows have no other) named."""

    def write(count: int, names: list[str], first: re.Match[str]) -> str:
        one = count == 1
        more = f"; and {count - 3} more" if count > 3 else ""
        return (
            f"{first['head']}{count} {first['what']} without a denominator "
            f"{'starts' if one else 'start'} with values of 0 and {'has' if one else 'have'} no "
            f"0 after them ({'; '.join(names[:3])}{more}): {first['rest']}"
        )

    key = lambda m: (m["head"], m["what"], m["rest"])  # noqa: E731
    return _gathered(said, "NoDataWarning", _LEADING_ZEROS, key, write)


#: qi.board's RareEventsWarning (:func:`qistats._rare.board_rare_message`) of one bucket: its
#: rare series among its series, measure by measure (every measure named in a task)
_BOARD_RARE = re.compile(
    r"^(?P<k>\d+) of the board's (?P<total>\d+) series looks? like counts of rare events "
    r"\(mostly zeros, or whole numbers with a mean below \S+ per point\) on "
    r"(?P<charts>'.*?') charts: (?P<said>.*?)(?P<more>; and \d+ more measures)?"
    + re.escape(BOARD_RARE_AFTER)
    + r" (?P<rest>.*)$",
    re.S,
)
#: One measure of it: with ``by`` columns, the series of the measure and the first two named
_BOARD_MEASURE = re.compile(
    r"^(?P<head>measure .+?) in (?:all|(?P<k>\d+) of its) (?P<n>\d+) series "
    r"\((?P<shown>.*?)(?:; …)?\)$",
    re.S,
)
#: A series named in it: its ``by`` values, mean and share of zeros
_BOARD_EXAMPLE = re.compile(r"(.*?: mean \S+, \d+% zeros)(?:; |$)", re.S)


def _board_rare(
    said: list[tuple[str, str]], per_measure: dict[str, int], order: list[str]
) -> list[tuple[str, str]]:
    """qi.board's RareEventsWarning of every bucket as one, as :func:`qistats.board` gives it
    on the whole data: the rare series of all buckets among all series (``per_measure``: each
    measure's series over every bucket, by label), measure by measure in the measures table's
    ``order`` (the first three named), each with its rare series counted over every bucket and
    the first two named in the order of their names (Spark rows have no other). A bucket's
    warning names every measure (:func:`qistats._rare.every_rare_measure`). Where a text does
    not read as that warning, the warnings are left as they are (one per bucket)."""
    found = [
        (i, _BOARD_RARE.match(text))
        for i, (cat, text) in enumerate(said)
        if cat == "RareEventsWarning" and " of the board's " in text
    ]
    if not found or any(m is None or m["more"] for _, m in found):
        return said
    measures: dict[str, list[tuple[str, int, int, list[str]]]] = {}
    for _, m in found:
        for entry in re.split(r"; (?=measure )", m["said"]):
            e = _BOARD_MEASURE.match(entry)
            if e is None:  # no by columns: "measure 'x' (mean 0.3, 70% zeros)", one series
                head, k, n, shown = entry, 1, 1, []
            else:
                head, n, shown = e["head"], int(e["n"]), _BOARD_EXAMPLE.findall(e["shown"])
                k = int(e["k"]) if e["k"] else n
            name = next((o for o in order if head[8:] == o or head[8:].startswith(o + ",")), head)
            measures.setdefault(name, []).append((head, k, n, shown))
    rank = {name: i for i, name in enumerate(order)}
    names = sorted(measures, key=lambda name: (rank.get(name, len(order)), name))
    entries = []
    for name in names[:3]:
        parts = measures[name]
        if not parts[0][3]:  # no by columns: a measure is one series, in one bucket
            entries.append(parts[0][0])
            continue
        k = sum(p[1] for p in parts)
        n = per_measure.get(name) or sum(p[2] for p in parts)
        shown = sorted((ex, p[0]) for p in parts for ex in p[3])
        head = shown[0][1]  # the words (numerators, failures) of the first series named
        examples = "; ".join(ex for ex, _ in shown[:2])
        entries.append(
            f"{head} in {'all' if k == n else f'{k} of its'} {n} series "
            f"({examples}{'; …' if k > 2 else ''})"
        )
    charts = sorted({c for _, m in found for c in re.findall(r"'([^']*)'", m["charts"])})
    text = board_rare_message(
        sum(int(m["k"]) for _, m in found),
        sum(per_measure.values()) or sum(int(m["total"]) for _, m in found),
        charts,
        entries,
        max(len(names) - 3, 0),
        any(BOARD_RARE_RATIO in m["rest"] for _, m in found),
        any(BOARD_RARE_FAILURES in m["rest"] for _, m in found),
    )
    first = found[0][0]
    drop = {i for i, _ in found[1:]}
    return [(c, text) if i == first else (c, t) for i, (c, t) in enumerate(said) if i not in drop]


#: qi.board's BaselineWarnings of a measure whose ``freeze`` count some of its series do not
#: reach (``short``), or whose blank rows give some series trial limits (``blank``), of one
#: bucket: its series among the measure's series of the bucket
_BOARD_BASELINES = {
    "short": re.compile(
        r"^(?P<head>measures: 'freeze' of measure (?P<label>.+?) is \d+): (?P<k>\d+) of its "
        r"(?P<n>\d+) series (?:has|have) fewer points than that \((?P<names>.*)\); "
        r"(?:it is|each of them is) its own baseline \(all its points\), as "
        r"qi\.spc\(freeze=k\) makes it\.(?P<hint>.*)$",
        re.S,
    ),
    "blank": re.compile(
        r"^(?P<head>measures: 'freeze' of measure (?P<label>.+?) is \d+, a count of listed "
        r"rows, blank ones included \(as qi\.spc's freeze and qicharts2's are\)): blank rows "
        r"inside it give (?P<k>\d+) of its series trial limits(?P<withheld>, so no assurance "
        r"icon)? \((?P<names>.*?)\)\. (?:The first: )?[Ii]n (?P<note>.*)$",
        re.S,
    ),
}


def _board_baselines(
    said: list[tuple[str, str]], per_measure: dict[str, int]
) -> list[tuple[str, str]]:
    """qi.board's BaselineWarnings of a measure's ``freeze`` (see :data:`_BOARD_BASELINES`)
    of every bucket as one per measure, as :func:`qistats.board` gives them on the whole data:
    the series counted over every bucket among the measure's series (``per_measure``), the
    first three named in the order of their names (Spark rows have no other), the first
    series' note of blank rows. Texts that do not read as these are left as they are."""
    out: list[tuple[str, str]] = []
    found: dict[tuple[str, str], tuple[int, list[re.Match[str]]]] = {}
    for cat, text in said:
        hits = [(kind, pattern.match(text)) for kind, pattern in _BOARD_BASELINES.items()]
        kind, m = next(((k, m) for k, m in hits if m is not None), ("", None))
        if cat != "BaselineWarning" or m is None:
            out.append((cat, text))
            continue
        group = (kind, m["head"])
        if group in found:
            found[group][1].append(m)
        else:
            found[group] = (len(out), [m])
            out.append((cat, text))
    for (kind, head), (at, matches) in found.items():
        k = sum(int(m["k"]) for m in matches)
        named = []
        for m in matches:
            listed = re.match(r"^(.*?)(?: and \d+ more)?$", m["names"], re.S)
            named += [(name, m) for name in listed.group(1).split("; ")]
        named.sort(key=lambda nm: nm[0])
        shown = "; ".join(name for name, _ in named[:3])
        more = f" and {k - min(len(named), 3)} more" if k > min(len(named), 3) else ""
        first = named[0][1]
        if kind == "short":
            n = per_measure.get(first["label"]) or sum(int(m["n"]) for m in matches)
            text = (
                f"{head}: {k} of its {n} series {'has' if k == 1 else 'have'} fewer points "
                f"than that ({shown}{more}); {'it is' if k == 1 else 'each of them is'} its own "
                f"baseline (all its points), as qi.spc(freeze=k) makes it.{first['hint']}"
            )
        else:
            withheld = ", so no assurance icon" if any(m["withheld"] for m in matches) else ""
            note = f"In {first['note']}" if k == 1 else f"The first: in {first['note']}"
            text = (
                f"{head}: blank rows inside it give {k} of its series trial limits{withheld} "
                f"({shown}{more}). {note}"
            )
        out[at] = ("BaselineWarning", text)
    return out


#: qi.spc's NoDataWarning naming the series without a value in the latest period of the data
#: (the whole data's, given to every bucket), among the bucket's series
_BEHIND = re.compile(
    r"^(?P<k>\d+) of \d+ series (?:has|have) (?P<at>no value in the latest period of the data "
    r"\(.*?\)): (?P<names>.*?)(?: and (?P<more>\d+) more)?\. (?P<rest>(?:Its|Their) summary .*)$",
    re.S,
)


def _behind(said: list[tuple[str, str]], series: int) -> list[tuple[str, str]]:
    """qi.spc's NoDataWarning of every bucket about series without a value in the latest
    period as one: their count among all ``series`` and the first five named, as
    :func:`qistats.spc` gives it on the whole data."""

    def write(count: int, names: list[str], first: re.Match[str]) -> str:
        more = f" and {count - 5} more" if count > 5 else ""
        return (
            f"{count} of {series} series {'has' if count == 1 else 'have'} {first['at']}: "
            f"{'; '.join(names[:5])}{more}. {behind_advice(count)}"
        )

    return _gathered(said, "NoDataWarning", _BEHIND, lambda m: m["at"], write)


#: qi.spc's warnings that count a bucket's series (or phases) among the bucket's and name the
#: first three: series whose every point is their baseline (``freeze`` a count they do not
#: reach, a date before their first point or after their last; qi.board's measures' ``freeze``
#: dates too), series or phases whose every
#: observed point is excluded, and Xbar series with one row per subgroup. Each: its category, its
#: pattern (``head``: the words before the count; ``noun``; ``what``: the words between the
#: verb and the names, ``names`` (without ``more``), ``tail``).
_COUNTED: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "BaselineWarning",
        re.compile(
            r"^(?P<head>freeze=.*?: |measures: 'freeze' \(a date\): )(?P<k>\d+) of \d+ "
            r"(?P<noun>series) (?:has|have) "
            r"(?P<what>fewer than the \S+ baseline points asked for(?:; an int freeze .*?)?|no "
            r"point by then|no point after it \(a mistyped date\?\)) \((?P<names>.*?)"
            r"(?: and \d+ more)?\); (?:it is|each of them is) "
            r"(?P<tail>its own baseline \(all its points\)\..*)$",
            re.S,
        ),
    ),
    (
        "NoDataWarning",
        re.compile(
            r"^(?P<head>)(?P<k>\d+) of \d+ (?P<noun>series|phases?) (?:has|have) "
            r"(?P<what>every observed (?:baseline )?point excluded by exclude=.*?) "
            r"\((?P<names>.*?)(?: and \d+ more)?\)(?P<tail>: no centre line, limits or "
            r"variation(?: in those phases)?\.)$",
            re.S,
        ),
    ),
    (
        "NoDataWarning",
        re.compile(
            r"^(?P<head>)(?P<k>\d+) of \d+ (?P<noun>series on an Xbar chart) (?:has|have) "
            r"(?P<what>one row per subgroup \(x\) throughout) \((?P<names>.*?)"
            r"(?: and \d+ more)?\)(?P<tail>: an Xbar chart's limits .*)$",
            re.S,
        ),
    ),
)


def _counted(said: list[tuple[str, str]], series: int, phases: int) -> list[tuple[str, str]]:
    """The warnings of :data:`_COUNTED` of every bucket as one each, as :func:`qistats.spc`
    gives them on the whole data: the series (or phases) of every bucket counted among all
    ``series`` (or ``phases``, each bucket's summary rows), the first three named in the order
    of their names (Spark rows have no other); the first bucket's text where the total is not
    known (0)."""

    def write(count: int, names: list[str], first: re.Match[str]) -> str:
        noun = first["noun"]
        if noun.startswith("phase"):
            counted = some_of(count, phases, "phase")
        else:  # ("series on an Xbar chart")
            counted = some_of(count, series, "series").replace(" series ", f" {noun} ", 1)
        if not (phases if noun.startswith("phase") else series):
            return first.group(0)
        more = f" and {count - 3} more" if count > 3 else ""
        tail = first["tail"]
        if tail.startswith("its own baseline"):
            tail = f"; {'it is' if count == 1 else 'each of them is'} {tail}"
        return f"{first['head']}{counted} {first['what']} ({'; '.join(names[:3])}{more}){tail}"

    key = lambda m: (m["head"], m["noun"][:5], m["what"], m["tail"])  # noqa: E731
    for category, pattern in _COUNTED:
        said = _gathered(said, category, pattern, key, write)
    return said


#: A TargetWarning of :mod:`qistats._target` (a target or values in the other unit from the
#: chart's, qi.spc's or qi.board's) of one bucket: its series among the bucket's, the first three
#: named with their target (or their values before multiplying)
_TARGET_UNITS = re.compile(
    r"^(?P<arg>[^:]*?): (?P<k>\d+) of \d+ series (?:of proportions \(every value between 0 "
    r"and 1\) |shown in % |of proportions shown in % |multiplied by 100 )?(?:has|have) "
    r"(?P<what>a target above 1|a target of 1 or less while every value is far above it|every "
    r"value between 1 and 100 and a target of 1 or less far below them|a target above 100 %|"
    r"every value between 1 and 100 before multiplying) \((?P<names>.*?)(?: and \d+ more)?\)"
    r"(?P<rest>[:,] .*)$",
    re.S,
)
#: Each of them by its words: the function of :mod:`qistats._target` that writes it
_TARGET_WORDS: dict[str, Callable[..., str]] = {
    "a target above 1": percentage_message,
    "a target of 1 or less while every value is far above it": target_message,
    "every value between 1 and 100 and a target of 1 or less far below them": (
        percent_values_message
    ),
    "a target above 100 %": over_100_message,
}


def _target_units(said: list[tuple[str, str]], total: int) -> list[tuple[str, str]]:
    """The TargetWarnings of :data:`_TARGET_UNITS` of every bucket as one each, as the pandas
    function gives them on the whole data: the series of every bucket counted among all
    ``total`` series (the first bucket's text where it is not known, 0), the first three named
    in the order of their names (Spark rows have no other) with their targets, the advice
    written for the first of them."""
    texts = {text for _, text in said}

    def write(count: int, entries: list[str], first: re.Match[str]) -> str:
        if not total:
            return first.group(0)
        shown = [entry.rsplit(": ", 1) for entry in entries[:3]]
        names = [name for name, _ in shown]
        if first["what"] in _TARGET_WORDS:
            targets = [float(t) for _, t in shown]
            return _TARGET_WORDS[first["what"]](first["arg"], names, targets, count, total)
        lows, highs = zip(*(map(float, v.split(" to ")) for _, v in shown), strict=True)
        head = f"{first['arg']}: "
        targeted = any(t.startswith(head) and MULTIPLIED_TARGETED in t for t in texts)
        return multiplied_message(
            first["arg"], names, list(lows), list(highs), count, total, targeted
        )

    key = lambda m: (m["arg"], m["what"])  # noqa: E731
    return _gathered(said, "TargetWarning", _TARGET_UNITS, key, write)


#: qi.spc's ShortPhaseWarning: the short phases of a bucket among its phases
_SHORT = re.compile(
    r"^(?P<k>\d+) of \d+ phases? ha(?:s|ve) (?P<rest>(?:fewer than|too few) .*)$", re.S
)
#: The words of that warning that agree with its count of phases ("its" for one, "their")
_AGREE = (
    " in the baseline {} limits come from",
    "): {} limits are trial limits.",
    "points in {} baseline for any limits",
)


def _agree(rest: str, count: int) -> str:
    """The ShortPhaseWarning's words after its count, agreeing with the count merged."""
    word = "its" if count == 1 else "their"
    for form in _AGREE:
        for said in ("its", "their"):
            rest = rest.replace(form.format(said), form.format(word))
    return rest


def _short_phases(said: list[tuple[str, str]], phases: int) -> list[tuple[str, str]]:
    """qi.spc's ShortPhaseWarning of every bucket as one: the short phases of all buckets
    among all ``phases`` (each bucket's summary rows), naming the first bucket's example
    ("1 of 4 phases" where pandas says "1 of 6"); the first bucket's text where the
    phases are not known (0)."""

    def write(count: int, _: list[str], first: re.Match[str]) -> str:
        if not phases:
            return first.group(0)
        return f"{some_of(count, phases, 'phase')} {_agree(first['rest'], count)}"

    return _gathered(said, "ShortPhaseWarning", _SHORT, lambda m: None, write)


#: The start of qi.board's NoDataWarning naming its series without an observed value, which a
#: distributed board lets through from its buckets when it adds no expected series' gap rows
UNOBSERVED = r"\d+ of \d+ series (?:has|have) no observed value \("
#: That warning, or qi.spc's (its series without an observed value or, on an MR chart, without
#: a moving range), of one bucket: its series among the bucket's
_UNOBSERVED = re.compile(
    r"^(?P<k>\d+) of \d+ series (?:has|have) (?P<what>no observed value|no moving range "
    r"\(fewer than 2 successive observed values(?P<none>, or none)?\)) \((?P<names>.*?)\): "
    r"(?P<tail>no centre line, limits or (?:icons|variation)\.)(?P<hint>.*)$",
    re.S,
)
#: qi.spc's words for series without a moving range, some of them without an observed value
_NO_MR = "no moving range (fewer than 2 successive observed values, or none)"
#: Its sentence about the series among them with no denominator in any row
_EMPTY_N = re.compile(
    r"^ The denominator column n=(?P<n>.*?) is empty in every row of (?:(?P<e>\d+) of them "
    r"\((?P<names>.*?)\)|each of them|that series|the series); (?P<rest>a failed join .*)$",
    re.S,
)


def _named(names: str) -> list[str]:
    """The series a warning names ("a; b and 3 more"), without the count of the others."""
    return re.match(r"^(.*?)(?: and \d+ more)?$", names, re.S).group(1).split("; ")


def _unobserved(said: list[tuple[str, str]], total: int) -> list[tuple[str, str]]:
    """qi.board's or qi.spc's NoDataWarning naming its series without an observed value (or a
    moving range), of every bucket as one, as the pandas function gives it on the whole data:
    counted among all ``total`` series, the first three named in the order of their names,
    and the series with no denominator in any row among them counted and named the same way.
    Texts that do not read as it are left as they are."""
    found = [(i, _UNOBSERVED.match(t), t) for i, (c, t) in enumerate(said) if c == "NoDataWarning"]
    found = [(i, m) for i, m, t in found if m is not None]
    if len({m["tail"] for _, m in found}) > 1:  # (one call gives one of them)
        return said
    hints = [(m, _EMPTY_N.match(m["hint"])) for _, m in found if m["hint"]]
    if not found or not total or any(h is None for _, h in hints):
        return said
    k = sum(int(m["k"]) for _, m in found)
    names = sorted(name for _, m in found for name in _named(m["names"]))
    more = f" and {k - len(names[:3])} more" if k > 3 else ""
    hint = ""
    if hints:
        empty = sum(int(h["e"]) if h["e"] else int(m["k"]) for m, h in hints)
        blank = sorted(
            name for m, h in hints for name in _named(h["names"] if h["e"] else m["names"])
        )
        if empty < k:
            also = f" and {empty - len(blank[:3])} more" if empty > 3 else ""
            which = f"{empty} of them ({'; '.join(blank[:3])}{also})"
        else:
            which = "each of them" if empty > 1 else "that series"
        first = hints[0][1]
        hint = (
            f" The denominator column n={first['n']} is empty in every row of {which}; "
            f"{first['rest']}"
        )
    whats = {m["what"] for _, m in found}
    what = whats.pop() if len(whats) == 1 else _NO_MR
    tail = found[0][1]["tail"]
    text = f"{some_of(k, total, 'series')} {what} ({'; '.join(names[:3])}{more}): {tail}{hint}"
    at = found[0][0]
    drop = {i for i, _ in found[1:]}
    return [("NoDataWarning", text) if i == at else w for i, w in enumerate(said) if i not in drop]


#: The start of qi.spc's NoDataWarning about points with events and no (or zero) exposure, which
#: a distributed board lets through from its buckets (it silences their other NoDataWarnings)
EVENTS_WITHOUT_N = r"n=.*?: (?:\d+ points have events|the point .*? has \S+ events)"

#: Warnings that count rows or points of the data: per bucket, the counts add up to the
#: whole data's. Each: its pattern (named groups: the counts, ``key``: what must match to
#: sum, ``rest``: the first bucket's example and advice) and its text from the sums.
_SUMMED: tuple[tuple[re.Pattern[str], Callable[[dict[str, int], re.Match[str]], str]], ...] = (
    (
        # (copies that leave a mean unchanged and copies that weigh: summed apart, each true of
        # its rows; one call says "weighs twice" of them all)
        re.compile(
            r"^(?P<k>\d+) rows? of data repeats? (?=(?:.*?(?P<key>the chart is unchanged))?)"
            r"(?P<rest>an earlier row in .*)$",
            re.S,
        ),
        lambda n, m: (
            f"{plural(n['k'], 'row')} of data {'repeats' if n['k'] == 1 else 'repeat'} {m['rest']}"
        ),
    ),
    (  # an appended extract: every bucket's rows appear as many times, named once
        re.compile(r"^Every row of data appears (?P<key>\d+) times, (?P<rest>.*)$", re.S),
        lambda n, m: m.group(0),
    ),
    (
        re.compile(
            r"^(?P<k>\d+) points? of the (?P<key>.+?) (?:has|have) (?P<rest>more than one row "
            r"\(the first: .*)$",
            re.S,
        ),
        lambda n, m: (
            f"{plural(n['k'], 'point')} of the {m['key']} {'has' if n['k'] == 1 else 'have'} "
            f"{m['rest']}"
        ),
    ),
    (  # qi.spc's points with events and no (or zero) exposure: per bucket, the first named
        re.compile(
            r"^(n=.*?: )(?:(?P<k>\d+) points have events (?:over zero exposure|and no .*?); "
            r"the first, )?(?P<rest>the point .*? has \S+ events \(.*?\) "
            r"(?P<key>over exposure 0|and no .*?): a gap, .*)$",
            re.S,
        ),
        lambda n, m: (
            m.group(0)
            if n["k"] == 1
            else f"{m.group(1)}{n['k']} points have events "
            f"{'over zero exposure' if m['key'] == 'over exposure 0' else m['key']}; "
            f"the first, {m['rest']}"
        ),
    ),
    (  # an x restarting like a month number (qistats._restarts.warn_restarts)
        re.compile(
            r"^x=(?P<key>.*?) restarts(?:: | in (?P<series>\d+) series; in the first )"
            r"it falls (?P<rest>.*)$",
            re.S,
        ),
        lambda n, m: (
            f"x={m['key']} restarts"
            + (": " if n["series"] == 1 else f" in {n['series']} series; in the first ")
            + f"it falls {m['rest']}"
        ),
    ),
    (  # counts per period on a G or T chart (qistats._rare.period_counts_message)
        re.compile(
            r"^chart=(?P<key>'[gt]'): (?:the series|(?P<series>\d+) series) (?P<rest>.*)$",
            re.S,
        ),
        lambda n, m: _period_counts(n["series"], m),
    ),
    (
        re.compile(
            r"^(?P<series>\d+) series of monthly data (?:has|have) two dates in one month "
            r"\((?:(?P<months>\d+) months in all; )?(?P<rest>the first: .*)$",
            re.S,
        ),
        lambda n, m: (
            f"{n['series']} series of monthly data {'has' if n['series'] == 1 else 'have'} two "
            "dates in one month ("
            + (f"{n['months']} months in all; " if n["months"] > 1 else "")
            + m["rest"]
        ),
    ),
)


def _period_counts(series: int, m: re.Match[str]) -> str:
    """The RareEventsWarning about counts per period on a G or T chart, for ``series`` series
    of every bucket, naming the first bucket's first."""
    said = re.match(
        r"^(?:\((?:the first: )?(?P<name>.*?)\) )?(?:has|have) (?P<tail>x=.*)$", m["rest"], re.S
    )
    if said is None:
        return m.group(0)
    name, tail = said["name"], said["tail"]
    if series == 1:
        return f"chart={m['key']}: the series {f'({name}) ' if name else ''}has {tail}"
    first = f"(the first: {name}) " if name else ""
    return f"chart={m['key']}: {series} series {first}have {tail}"


#: qi.spc's and the board's P or U charts whose points vary far more than their limits allow
#: (qistats._overdispersed): named as :data:`_LISTED` are, "(k of N series; " summed
_OVERDISPERSED = re.compile(
    r"^(?P<head>chart='[pu]': the points of )(?P<names>.*?)(?: and (?P<more>\d+) more)? "
    r"(?P<rest>" + re.escape(OVERDISPERSED_VARY) + r" .*)$",
    re.S,
)
_OF_SERIES = re.compile(r"\((?P<k>\d+) of (?P<n>\d+) series; ")


#: Warnings that name the series of a kind (the first five, and how many more): per bucket,
#: the names add up to the whole data's. Each: its pattern (``head``, ``names`` joined by
#: "; ", ``more``, ``rest``) and how many it names.
_LISTED: tuple[tuple[re.Pattern[str], int], ...] = (
    (
        re.compile(
            r"^(?P<head>baseline=.*?: )(?P<names>.*?)(?: and (?P<more>\d+) more)? "
            r"(?P<rest>ha(?:s|ve) no usable data in the baseline period; .*)$",
            re.S,
        ),
        5,
    ),
    (  # qi.spc's TargetWarning: a target without an improvement direction
        re.compile(
            r"^(?P<head>target.*? without an improvement direction for )(?P<names>.*?)"
            r"(?: and (?P<more>\d+) more)? (?P<rest>\((?:improvement=|neutral or ).*)$",
            re.S,
        ),
        5,
    ),
    (  # a series switching between proportions and percentages (qistats._scale)
        re.compile(
            r"^(?P<head>y=.*?" + re.escape(SWITCH_STEPS) + r")(?P<names>.*?)"
            r"(?: and (?P<more>\d+) more)? (?P<rest>" + re.escape(SWITCH_MIXED) + r".*)$",
            re.S,
        ),
        SWITCH_NAMED,
    ),
    (  # a U chart's y that read as rates of n (qistats._rates)
        re.compile(
            r"^(?P<head>y=.*?: the values of )(?P<names>.*?)(?: and (?P<more>\d+) more)? "
            r"(?P<rest>read as rates per .*)$",
            re.S,
        ),
        RATES_NAMED,
    ),
    (_OVERDISPERSED, OVERDISPERSED_NAMED),
)


def _listed(said: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The warnings of :data:`_LISTED` from several buckets as one, naming the first series
    of all (in the order of their names: Spark rows have no other) and counting the rest; the
    words after the names (an example point, say) of the bucket that names the first."""
    out: list[tuple[str, str]] = []
    lists: dict[tuple, tuple[int, list[str], int, list[re.Match[str]]]] = {}
    of_series: dict[tuple, int] = {}  # per group, the series of every bucket (_OF_SERIES)
    for category, text in said:
        for k, (pattern, _) in enumerate(_LISTED):
            m = pattern.match(text)
            if m is None:
                continue
            group = (category, k, m["head"])
            names = m["names"].split("; ")
            more = int(m["more"] or 0)
            counted = _OF_SERIES.search(m["rest"])
            if counted is not None:
                of_series[group] = of_series.get(group, 0) + int(counted["n"])
            if group in lists:
                at, shown, hidden, found = lists[group]
                lists[group] = (at, shown + names, hidden + more, [*found, m])
            else:
                lists[group] = (len(out), names, more, [m])
                out.append((category, text))
            break
        else:
            out.append((category, text))
    for (category, k, _), (at, shown, hidden, found) in lists.items():
        limit = _LISTED[k][1]
        shown = sorted(shown)
        first = next(m for m in found if shown[0] in m["names"].split("; "))
        total = len(shown) + hidden
        more = f" and {total - limit} more" if total > limit else ""
        names = "; ".join(shown[:limit])
        # agreeing with the count (and, of an absolute target, judging their level alone)
        alone = LEVEL_ALONE_WORDS in first["rest"]
        rest = no_baseline_words(total, alone) if k == 0 else first["rest"]
        if (category, k, first["head"]) in of_series:
            n_series = of_series[(category, k, first["head"])]
            rest = _OF_SERIES.sub(f"({total} of {n_series} series; ", rest, count=1)
        out[at] = (category, f"{first['head']}{names}{more} {rest}")
    return out


def _merged(said: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The warnings of every bucket, in order, as one call gives them: a text repeated once,
    those of :data:`_SUMMED` (same category, pattern and ``key``) as one, counts summed, and
    those of :data:`_LISTED` as one naming the series of all (:func:`_listed`)."""
    out: list[tuple[str, str]] = []
    sums: dict[tuple, tuple[int, dict[str, int], re.Match[str]]] = {}
    for category, text in _listed(said):
        for k, (pattern, _) in enumerate(_SUMMED):
            m = pattern.match(text)
            if m is None:
                continue
            group = (category, k, m.groupdict().get("key"))
            counts = {
                name: int(v if v is not None else 1)
                for name, v in m.groupdict().items()
                if name not in ("key", "rest")
            }
            if group in sums:
                at, total, first = sums[group]
                sums[group] = (at, {c: total[c] + counts[c] for c in total}, first)
            else:
                sums[group] = (len(out), counts, m)
                out.append((category, text))
            break
        else:
            if (category, text) not in out:
                out.append((category, text))
    for (category, k, _), (at, total, first) in sums.items():
        out[at] = (category, _SUMMED[k][1](total, first))
    return out


def _utc_measures(
    sdf: SparkDataFrame, x: str, measure: str, measures: Sequence[Any], wall: Column
) -> bool:
    """The DateWarning of the measures whose own dates read as local midnights stored in UTC
    (see :func:`warn_x_values`), from one aggregate per measure: whether it was given."""
    tod = F.pmod(wall, F.lit(_DAY_US))
    late = F.col(x).isNotNull() & (tod != 0)
    whole = (tod % F.lit(_HOUR_US)) == 0
    rows = (
        sdf.groupBy(measure)
        .agg(
            F.count(F.lit(1)).alias("total"),
            F.count(F.when(late, 1)).alias("late"),
            F.min(F.when(late, tod)).alias("earliest"),
            F.count(F.when(late & ~whole, 1)).alias("odd"),
            F.collect_set(F.when(late & whole & (tod >= 20 * _HOUR_US), tod)).alias("times"),
            F.min(F.when(late, wall)).alias("first"),
        )
        .collect()
    )
    found = [
        r
        for r in rows
        if r["late"] and r["earliest"] >= 20 * _HOUR_US and not r["odd"] and len(r["times"]) <= 2
    ]
    position = {m: i for i, m in enumerate(measures)}
    found = [r for r in found if r[measure] in position]  # (others are refused later)
    if not found:
        return False
    found.sort(key=lambda r: position[r[measure]])
    first = min(r["first"] for r in found)
    text = utc_midnights_message(
        x,
        sum(int(r["late"]) for r in found),
        sum(int(r["total"]) for r in found),
        np.unique(np.concatenate([np.asarray(r["times"], dtype=np.int64) for r in found])) * 1000,
        int(first % _DAY_US) * 1000,
        f"e.g. {fmt(pd.Timestamp(int(first) * 1000))}",
        "spark",
        None,
        scope=measures_said(measure, [r[measure] for r in found]),
    )
    warn(text, errors.DateWarning)
    return True


def warn_x_values(
    sdf: SparkDataFrame,
    x: str,
    types: dict[str, T.DataType],
    measure: str | None = None,
    measures: Sequence[Any] = (),
) -> tuple[Judged, ...]:
    """The DateWarning of :func:`qistats._xaxis.warn_x_values` judged on every row of ``sdf``
    from one aggregate over x: local midnights stored in UTC (counted over the whole data; the
    earliest such date given as the example, since Spark rows have no order), day/month text
    read month first, or whole numbers that read as Excel serial dates, as years and months
    (YYYYMM), weeks (YYYYWW) or quarters (YYYYQ). Returns the warnings a part of the data gives
    that this replaces (:data:`X_VALUES`, and the months with two dates, which midnights
    stored in UTC or dates read month first explain).

    ``measure``: a board's measure column, whose measures are judged apart for midnights stored
    in UTC when the whole data are not (as :func:`qistats._xaxis.warn_x_values_of_measures`;
    ``measures``: the measures in the table's order, as the warning names them). The months
    with two dates are then left to the tasks, which judge each measure's dates apart too."""
    col = F.col(x)
    kind = types[x]
    if isinstance(kind, (T.TimestampType, T.TimestampNTZType)):
        zone = sdf.sparkSession.conf.get("spark.sql.session.timeZone")
        # a task's times: the session's wall-clock times, in microseconds
        wall = F.unix_micros(F.from_utc_timestamp(col.cast("timestamp"), zone))
        tod = F.pmod(wall, F.lit(_DAY_US))
        late = col.isNotNull() & (tod != 0)
        whole = (tod % F.lit(_HOUR_US)) == 0
        # day/month text read month first: the wall-clock dates' days, months of the year,
        # years and distinct dates (frame.day_first_misread)
        date = F.date_from_unix_date(F.floor(wall / F.lit(_DAY_US)).cast("int"))
        row = sdf.agg(
            F.count(F.lit(1)),
            F.count(F.when(late, 1)),
            F.min(F.when(late, tod)),
            F.count(F.when(late & ~whole, 1)),
            F.collect_set(F.when(late & whole & (tod >= 20 * _HOUR_US), tod)),
            F.min(F.when(late, wall)),
            F.max(F.dayofmonth(date)),
            F.count_distinct(F.month(date)),
            F.count_distinct(F.year(date)),
            F.count_distinct(date),
            F.min(date),
        ).collect()[0]
        total, n_late, earliest, odd, times, first = row[:6]
        top_day, months, years, dates, first_date = row[6:]
        if not n_late or earliest < 20 * _HOUR_US or odd or len(times) > 2:
            if n_late and measure is not None and _utc_measures(sdf, x, measure, measures, wall):
                return X_VALUES
            if top_day is None or top_day > 12 or months != 1 or years < 2 or dates < 2 * years:
                return X_VALUES
            text = day_first_message(x, int(dates), int(years), pd.Timestamp(first_date), "spark")
            warn(text, errors.DateWarning)
            return (*X_VALUES, DOUBLED_MONTHS)
        example = pd.Timestamp(int(first) * 1000)
        text = utc_midnights_message(
            x,
            int(n_late),
            int(total),
            np.sort(np.asarray(times, dtype=np.int64)) * 1000,
            int(first % _DAY_US) * 1000,
            f"e.g. {fmt(example)}",
            "spark",
            None,
        )
        warn(text, errors.DateWarning)
        return X_VALUES if measure is not None else (*X_VALUES, DOUBLED_MONTHS)
    if isinstance(kind, T.NumericType):
        v = col.cast("double")
        finite = col.isNotNull() & ~F.isnan(v) & (F.abs(v) != float("inf"))
        month, quarter = F.pmod(v, F.lit(100.0)), F.pmod(v, F.lit(10.0))
        low, high, odd, no_month, no_week, no_quarter = sdf.agg(
            F.min(F.when(finite, v)),
            F.max(F.when(finite, v)),
            F.count(F.when(finite & (v != F.floor(v)), 1)),
            F.count(F.when(finite & ((month < 1) | (month > 12)), 1)),
            F.count(F.when(finite & ((month < 1) | (month > 53)), 1)),
            F.count(F.when(finite & ((quarter < 1) | (quarter > 4)), 1)),
        ).collect()[0]
        hint = ""
        if low is not None and not odd:
            ends = (not no_month, not no_week, not no_quarter)
            hint = number_dates_hint(float(low), float(high), ends, x)
        if hint:
            warn(serial_dates_message(x, hint), errors.DateWarning)
    return X_VALUES
