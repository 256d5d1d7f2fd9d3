"""The summary table, its data warnings and the SPC view of the ambition."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from ..frame import column_labels, reserved_names, text_from_codes
from .trajectory import PERIOD_COLUMNS
from .window import Window, to_x

if TYPE_CHECKING:
    from ..result import SPCResult

#: Summary columns that compare with the baseline: missing for a series without baseline data.
BASELINE_DEPENDENT = (
    "baseline_value",
    "baseline_lower",
    "baseline_upper",
    "target_value",
    "rate_ratio",
    "rate_ratio_lower",
    "rate_ratio_upper",
    "percent_change",
    "p_improved",
    "p_value_target",
    "prob_target_met",
    "trajectory_change",
    "trajectory_ratio",
    "trajectory_lower",
    "trajectory_upper",
    "deadline_projection",
    "deadline_projection_lower",
    "deadline_projection_upper",
    "events_needed",
    "detectable_change",
    "prob_period_meets_target",
)

#: Of :data:`BASELINE_DEPENDENT`, the columns of the window's level against an absolute target,
#: which a series without baseline data keeps (it is judged on that level alone:
#: :func:`qistats.ambition.verdict.level_alone`), with ``clearly_met``.
LEVEL_ALONE = ("target_value", "p_value_target", "prob_target_met", "prob_period_meets_target")


#: The summary's columns after the by-columns, in order (``reason`` follows ``verdict``).
SUMMARY_COLUMNS = (
    "baseline_value",
    "baseline_lower",
    "baseline_upper",
    "target_value",
    "current_value",
    "current_lower",
    "current_upper",
    "current_start",
    "current_end",
    "window_periods",
    "deadline_reached",
    "estimand",
    "rate_ratio",
    "rate_ratio_lower",
    "rate_ratio_upper",
    "percent_change",
    "p_improved",
    "p_value_target",
    "prob_target_met",
    "clearly_met",
    "verdict",
    "reason",
    "trajectory_change",
    "trajectory_ratio",
    "trajectory_lower",
    "trajectory_upper",
    "trajectory_status",
    "projected_date",
    "projected_lower",
    "projected_upper",
    "projection",
    "deadline_projection",
    "deadline_projection_lower",
    "deadline_projection_upper",
    "events_needed",
    "detectable_change",
    "overdispersion",
    "assurance",
    "prob_period_meets_target",
    "warnings",
)

#: The columns :func:`spc_view` adds to the chart's data (the target and the phase).
_VIEW_COLUMNS = ("ambition_target", "ambition_period")


def refuse_output_names(p, chart: str) -> None:
    """Refuse, before any computation, a by or x column named like a column of an output of
    the ambition: the summary, ``periods`` or the SPC view of ``chart()`` (the chart ``chart``
    with the MDC rules), whose labels or dates it would overwrite (x="period"
    lost its dates to the period's name). The programme view (``pooled()``) has no by or x
    column, so no name can clash with it."""
    names = [("by", b) for b in p.by] + [("x", p.x_name)]
    reserved_names(names, SUMMARY_COLUMNS, "qi.ambition (in .summary())")
    reserved_names(names, PERIOD_COLUMNS, "qi.ambition (in .periods)")
    reserved_names(names, chart_columns(chart), "qi.ambition (in .chart(), an SPC chart)")


@cache
def chart_columns(chart: str) -> frozenset:
    """The columns the SPC view of an ambition adds (its points' and summary's, and those of
    :func:`spc_view`), read from the view of four made-up points: the rules' columns are
    whatever the MDC rules write."""
    data = pd.DataFrame(
        {"s": "a", "x": [1, 2, 3, 4], "y": [1.0, 2, 1, 2], "n": 4.0, "t": 1.0, "ph": "after"}
    )
    args = {"data": data, "y": "y", "x": "x", "n": None if chart == "xmr" else "n", "by": "s"}
    view = {"chart": chart, "rules": "mdc", "target": "t", "phase": "ph", "improvement": "decrease"}
    res = spc_chart({**args, **view})
    added = {*res.points.columns, *res.summary().columns} - {"s", "x", "y", "n"}
    return frozenset(added | set(_VIEW_COLUMNS))


def summary_table(
    win: Window,
    multiply,
    chart_args,
    *,
    base,
    target,
    current,
    estimand,
    ratio,
    tests,
    verdict,
    evidence,
    projection,
    at_deadline,
    sufficiency,
    warnings,
    percent=None,
    alone=None,
) -> pd.DataFrame:
    """One row per series, the same columns for every kind (values × ``multiply``).

    ``percent_change`` is the change of the value shown, ``(ratio − 1) × 100``, unless
    ``percent`` gives it (a shortfall target, whose ``ratio`` is of the shortfalls 1 − p).
    A series without baseline data has every column of :data:`BASELINE_DEPENDENT` missing,
    but where ``alone`` (an absolute target: judged on its window's level alone) those of
    :data:`LEVEL_ALONE` and ``clearly_met``."""
    p, m = win.p, multiply
    proj, proj_lo, proj_hi, status = projection
    needed, detectable, phi, prob_period = sufficiency
    clearly, vs, expected_change = evidence
    # the change of the value shown (current over baseline), whatever scale the target is
    # judged on: a ratio of shortfalls is in rate_ratio (estimand), not here
    # a ratio to a baseline of zero (no events, a proportion of 0) is infinite: no number to
    # report, so missing, as its percent_change (inf landed in CSV and Excel);
    # its interval keeps its open upper end (rate_ratio_upper inf), which the overview draws
    with np.errstate(invalid="ignore"):
        rr = np.where(np.isinf(ratio[0]), np.nan, ratio[0])
    change = (rr - 1) * 100 if percent is None else percent
    conv = p.x_converter
    cols = {
        "baseline_value": base[0] * m,
        "baseline_lower": base[1] * m,
        "baseline_upper": base[2] * m,
        "target_value": target * m,
        "current_value": current[0] * m,
        "current_lower": current[1] * m,
        "current_upper": current[2] * m,
        "current_start": to_x(conv, win.start),
        "current_end": to_x(conv, win.end),
        "window_periods": K.seg_count(win.in_win, win.lay),
        "deadline_reached": win.reached,
        "estimand": estimand,
        "rate_ratio": rr,
        "rate_ratio_lower": ratio[1],
        "rate_ratio_upper": ratio[2],
        "percent_change": change,
        "p_improved": tests[0],
        "p_value_target": tests[1],
        "prob_target_met": tests[2],
        "clearly_met": clearly,
        "verdict": verdict,
        "trajectory_change": expected_change,
        "trajectory_ratio": vs.ratio,
        "trajectory_lower": vs.lower,
        "trajectory_upper": vs.upper,
        "trajectory_status": vs.status,
        "projected_date": to_x(conv, proj),
        "projected_lower": to_x(conv, proj_lo),
        "projected_upper": to_x(conv, proj_hi),
        "projection": status,
        "deadline_projection": at_deadline[0] * m,
        "deadline_projection_lower": at_deadline[1] * m,
        "deadline_projection_upper": at_deadline[2] * m,
        "events_needed": needed,
        "detectable_change": detectable * 100,
        "overdispersion": phi,
        "assurance": assurance_from_chart(
            chart_args, p.keys.iloc[p.series_starts, : len(p.by)].reset_index(drop=True)
        ),
        "prob_period_meets_target": prob_period,
        "warnings": _with_cut(warnings, win),
    }
    # a series without baseline data has nothing to compare with: every comparison is missing
    # (but under an absolute target its window's level against the target is judged alone)
    blank = win.n_base == 0
    if blank.any():
        kept = np.zeros(blank.shape, dtype=bool) if alone is None else np.asarray(alone)
        for name in BASELINE_DEPENDENT:
            gone = blank & ~kept if name in LEVEL_ALONE else blank
            cols[name] = np.where(gone, np.nan, np.asarray(cols[name], dtype=float))
        cols["clearly_met"] = np.asarray(cols["clearly_met"], dtype=bool) & ~(blank & ~kept)
        cols["trajectory_status"] = np.where(blank, None, cols["trajectory_status"])
    summary = p.keys.iloc[p.series_starts, : len(p.by)].reset_index(drop=True)
    for name, col in cols.items():  # (columns that may hold None stay object, as in qi.spc)
        summary[name] = pd.Series(col, dtype=object) if name in MAY_BE_NONE else col
    return summary


TRAJECTORY_COLUMNS = (
    "trajectory_change",
    "trajectory_ratio",
    "trajectory_lower",
    "trajectory_upper",
)


def no_trajectory(summary: pd.DataFrame, none: np.ndarray) -> None:
    """Blank, in place, the trajectory columns of the series that have none: a baseline that
    meets an absolute target already asks no change, and the trajectory from it to the target
    would run towards the target's bad side ("the trajectory expects a 159% rise by now" of a
    ward at 3 per 1,000 under "at or below 12", and "behind" it at 11)."""
    none = np.asarray(none, dtype=bool)
    if not none.any():
        return
    for name in TRAJECTORY_COLUMNS:
        summary[name] = np.where(none, np.nan, summary[name].to_numpy(dtype=float))
    summary["trajectory_status"] = pd.Series(
        np.where(none, None, summary["trajectory_status"].to_numpy(dtype=object)), dtype=object
    )


def _with_cut(warnings: np.ndarray, win: Window) -> np.ndarray:
    """The data warnings, after which every series' says that the window was cut: ``window=``
    asked for more periods than lie between the baseline and the deadline
    (``window=100`` was judged on 36 periods without a word); and a series judged at the
    deadline whose latest data are before the window's last period (a late return) says that
    its final verdict rests on the periods it has, which that return may change."""
    out = np.asarray(warnings, dtype=object)
    tail = np.zeros(win.lay.n_seg) if win.tail is None else win.tail
    late = win.reached & (tail > 0) & np.isfinite(win.end)
    if late.any():
        k = pd.Series(tail).map("{:g}".format).to_numpy(dtype=object)
        unit = np.where(tail == 1, f" {win.unit}", f" {win.unit}s")
        note = np.where(
            late,
            "judged at the deadline without the window's last "
            + k
            + unit
            + ": a late return may change the verdict",
            "",
        )
        out = np.where(out == "", note, np.where(note == "", out, out + "; " + note))
    if not win.asked:
        return out.astype(object)
    k = win.judged.size
    note = (
        f"window={win.asked} cut to {k} {win.unit}{'s' if k != 1 else ''}: only {k} lie "
        "between the baseline and the deadline"
    )
    return np.where(out == "", note, out + "; " + note).astype(object)


def spc_view(win: Window, view: dict[str, Any], chart: str, y_values, n_values, tgt):
    """Arguments of the SPC view of the aggregated points up to ``as_of`` (the points after it
    are not used, as everywhere in the ambition): the target drawn, and the process phased at
    the baseline's end (a column of periods: before, baseline, after), so that the last phase
    has the limits of the process since the baseline, which the assurance compares with the
    target (the baseline frozen forward gave "fail" to a ward that met its
    ambition, beside the summary's "hit_or_miss")."""
    data = win.p.keys.copy()
    data[view["y"]] = y_values
    if n_values is not None:
        data[view["n"]] = n_values
    data["ambition_target"] = tgt[win.lay.seg] * view["multiply"]
    lay, t = win.lay, win.t
    first = np.minimum.reduceat(np.where(win.in_base, t, np.inf), lay.starts)[lay.seg]
    data["ambition_period"] = text_from_codes(
        ("after", "baseline", "before"), np.where(t > win.b1, 0, np.where(t >= first, 1, 2))
    )
    return {
        **view,
        "data": data[~win.later],
        "chart": chart,
        "rules": "mdc",
        "target": "ambition_target",
        "phase": "ambition_period",
    }


def spc_chart(chart_args: dict[str, Any]) -> SPCResult:
    """The SPC view of :func:`spc_view`'s arguments, without the warnings the ambition gives
    in its own words: short baselines (its ``warnings`` column), series without data, labels
    that differ only by spaces, dates of x, a y that looks like a percentage and a y that
    switches between proportions and percentages (its own preparation has warned about
    those), and points that vary more than a P or U chart's limits allow (the ambition
    estimates that overdispersion, φ, and allows for it: its ``overdispersion`` and
    ``warnings`` columns)."""
    import re
    import warnings

    from .._scale import STEPS
    from .._spc import spc
    from ..errors import (
        DateWarning,
        DenominatorWarning,
        LabelWarning,
        NoDataWarning,
        OverdispersionWarning,
        RareEventsWarning,
        ShortPhaseWarning,
        TargetWarning,
    )

    with warnings.catch_warnings():
        quiet_ones = (
            ShortPhaseWarning,
            NoDataWarning,
            LabelWarning,
            RareEventsWarning,
            DateWarning,
            OverdispersionWarning,
        )
        for quiet in quiet_ones:
            warnings.simplefilter("ignore", quiet)
        # y that looks like a percentage of n, or that switches between proportions and
        # percentages: said by the ambition's own preparation
        warnings.filterwarnings("ignore", "y=.*: every y is at most 100", DenominatorWarning)
        warnings.filterwarnings("ignore", f"y=.*{re.escape(STEPS)}", TargetWarning)
        return spc(**chart_args)


#: Text columns of the summary that hold None where missing: object, whatever else they hold
#: (a str column beside a ward without one read None as NaN, so a ward alone and among others
#: differed; ``qi.spc``'s summary keeps its ``assurance`` as object too).
MAY_BE_NONE = ("trajectory_status", "assurance")


def assurance_from_chart(chart_args: dict[str, Any], series: pd.DataFrame) -> np.ndarray:
    """The MDC assurance of each series (the rows of ``series``, its by-columns): that of the
    last phase (the process since the baseline) of the SPC view :meth:`~qistats.Ambition.chart`
    draws, so the two agree; missing for a series the view has no point of (no data up to
    ``as_of``)."""
    s = spc_chart(chart_args).summary()
    by = chart_args["by"]
    if by is None:
        return s.assurance.to_numpy()[-1:] if len(s) else np.full(len(series), None)
    cols = column_labels(s, by, "by")
    # the summary is ordered by series then phase; keep each series' last row
    last = s.loc[~s[cols].duplicated(keep="last").to_numpy(), [*cols, "assurance"]]
    merged = series.set_axis(cols, axis=1).merge(last, on=cols, how="left")
    return merged["assurance"].astype(object).where(merged["assurance"].notna(), None).to_numpy()


def _year_of(wanted: int, unit: str) -> str:
    """The baseline periods wanted, and where fewer than 12 that they are a year's.

    >>> _year_of(12, "month"), _year_of(4, "quarter"), _year_of(6, "period")
    ('12', '4, a year of quarters', "6, a year's")
    """
    if wanted >= 12:
        return str(wanted)
    return f"{wanted}, a year of {unit}s" if unit != "period" else f"{wanted}, a year's"


def _few_per_period(what: str, unit: str) -> str:
    """The warning of fewer than 2 events a period, with advice that fits the periods: data
    already in quarters (or years) are not told to "use quarters".

    >>> _few_per_period("event", "month")
    'fewer than 2 events per month: use quarters, or G or T charts'
    >>> _few_per_period("event", "quarter")
    'fewer than 2 events per quarter: use G or T charts'
    """
    if unit in ("quarter", "year"):
        return f"fewer than 2 {what}s per {unit}: use G or T charts"
    return f"fewer than 2 {what}s per {unit}: use quarters, or G or T charts"


def data_warnings(
    n_base,
    k0,
    p,
    lay,
    in_comp,
    phi,
    overdispersion,
    special=None,
    failures: bool = False,
    wanted: tuple[int, str] = (12, "period"),
) -> np.ndarray:
    """Data-sufficiency warnings per series, joined by "; " ("" when there are none).

    ``k0``: the baseline count the estimand rests on, the events, or for ``failures`` (a
    shortfall's ratio of 1 − p) the failures n − y, which the counts of the window are then
    too: a shortfall from a baseline of 0 % rests on its failures, and "only 0 baseline
    events" beside 240 of them was wrong. ``phi``: the φ̂ allowed for
    (missing where it is not used); ``special``: arrays of per-series words (or "") about the
    spikes φ̂ carries or set aside. ``wanted``: the baseline periods below which it says
    "only n baseline periods" (a year of them, at most 12:
    :func:`~qistats.ambition.projection.baseline_periods`) and what a period is called
    ("quarter": "(fewer than 4, a year of quarters)")."""
    n_comp = K.seg_count(in_comp, lay)
    counted = p.n - p.y if failures else p.y
    per_period = K.divide(K.seg_sum(counted, in_comp, lay), n_comp.astype(float))
    what = "failure" if failures else "event"
    nb = pd.Series(n_base).astype(str)
    parts = [
        # about the estimate's support; amb.chart() marks a short phase's trial limits itself
        np.where(
            (n_base > 0) & (n_base < wanted[0]),
            "only "
            + nb
            + np.where(n_base == 1, " baseline period", " baseline periods")
            + f" (fewer than {_year_of(*wanted)})",
            "",
        ),
        np.where(n_base == 0, "no baseline data", ""),
        np.where(n_comp == 0, "no data in the assessment window", ""),
    ]
    if k0 is not None:  # counts (rates and proportions)
        # (no baseline: no interval to call wide; none at all is said so, not "only 0 …")
        parts.append(
            np.select(
                [(k0 == 0) & (n_base > 0), (k0 < 40) & (n_base > 0)],
                [
                    f"no baseline {what}s: wide intervals",
                    "only "
                    + pd.Series(k0).map("{:g}".format)
                    + np.where(k0 == 1, f" baseline {what}", f" baseline {what}s")
                    + " (fewer than 40): wide intervals",
                ],
                "",
            )
        )
        parts.append(np.where(per_period < 2, _few_per_period(what, wanted[1]), ""))
    if overdispersion == "auto":
        parts.append(
            np.where(
                phi > 1,
                "overdispersion φ = "
                + pd.Series(phi).map("{:.2f}".format)
                # (a series without baseline data has no test nor verdict to allow for it, nor
                # one without data in the window, a ward that closed)
                + np.select(
                    [n_base == 0, n_comp == 0],
                    [
                        ": the window's interval allows for it",
                        ": the baseline's interval allows for it",
                    ],
                    ": intervals, tests and the verdict allow for it",
                ),
                "",
            )
        )
    if special is not None:
        parts.extend(special)
    out = np.full(lay.n_seg, "", dtype=object)
    for part in parts:  # a handful of messages, each for all series at once
        part = np.asarray(part, dtype=object)
        joined = np.where(out == "", part, out + "; " + part)
        out = np.where(part == "", out, joined)
    return out
