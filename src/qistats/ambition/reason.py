"""The one-line plain-English reason behind each series' verdict."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from .._board_text import format_numbers
from .._words import article, snap_year, spans_words, xs_words
from .trajectory import TRAJECTORIES
from .window import Window, to_x, window_bounds

WHAT = {"rate": "rate", "proportion": "proportion", "mean": "mean"}
TINY = 1e-6  # numbers smaller than this are written "< 0.000001"
SIDE = {"decrease": "below", "increase": "above"}  # the good side of an absolute target
OTHER = {"decrease": "increase", "increase": "decrease"}
#: "At about the target level now" needs at least this posterior probability of the target met.
ABOUT = 0.10


def _num(values: Any, spec: str | None = None) -> np.ndarray:
    """Numbers as text (missing as "–", +∞ as "∞"), an object array for elementwise
    concatenation.

    Without ``spec`` as a board's sentences write them (:func:`format_numbers`: ``15``,
    ``13.9``, ``0.951``, ``12,000``), never in scientific notation: a small level as
    ``0.0000833`` (three significant digits), below 10⁻⁶ (an interval's bound near 0, such as
    3.65e-45) as ``< 0.000001``; with ``spec``, by that %-format (ratios, counts)."""
    v = np.asarray(values, dtype=float).ravel()
    if spec is None:
        out = format_numbers(v)
        out[~np.isfinite(v)] = "–"
        for i in np.flatnonzero(np.char.find(out.astype(str), "e") >= 0):  # a few, if any
            out[i] = (
                np.format_float_positional(v[i], precision=3, fractional=False, trim="-")
                if abs(v[i]) >= TINY
                else "< 0.000001"
            )
    else:
        out = np.array([spec % x if math.isfinite(x) else "–" for x in v.tolist()], dtype=object)
    out[v == np.inf] = "∞"  # a ratio to a baseline of zero
    return out


def _apart(shown: np.ndarray, values: Any, aim: Any) -> np.ndarray:
    """``shown`` (the text of ``values``) with more significant digits where a value reads as
    ``aim`` but is not it: "(95% interval 12–18.3), which excludes the target 12" was said of a
    lower bound of 12.0018; it reads "12.002".

    >>> _apart(np.array(["12", "18.3"], dtype=object), [12.0017625, 18.3], [12.0, 12.0]).tolist()
    ['12.002', '18.3']
    >>> _apart(np.array(["0.5"], dtype=object), [0.5], [0.5]).tolist()  # the target itself
    ['0.5']
    """
    out = np.asarray(shown, dtype=object).copy()
    v = np.asarray(values, dtype=float).ravel()
    a = np.asarray(aim, dtype=float).ravel()
    said = _num(a)
    with np.errstate(invalid="ignore"):
        clash = (out == said) & np.isfinite(v) & np.isfinite(a) & (v != a)
    for i in np.flatnonzero(clash):  # a few, if any
        for digits in range(4, 16):
            text = np.format_float_positional(v[i], precision=digits, fractional=False, trim="-")
            target = np.format_float_positional(a[i], precision=digits, fractional=False, trim="-")
            if text != target:
                out[i] = text
                break
    return out


def _prob(values: Any) -> np.ndarray:
    """Posterior probabilities to two decimals, never rounded to a certainty they are not
    (a Jeffreys posterior gives neither 0 nor 1; a 1.0 is rounding): "< 0.01", "> 0.99";
    missing as "–"."""
    p = np.asarray(values, dtype=float).ravel()
    out = _num(p, "%.2f")
    out[p < 0.005] = "< 0.01"
    out[p >= 0.995] = "> 0.99"
    return out


def _pct(values: Any, relative: bool = False) -> np.ndarray:
    """Percent changes as text: "a 12% fall", "a 5% rise", "no change"; missing as "–".
    ``relative`` (a proportion's change, which "a 13% rise" could be read as 13 percentage
    points): "a 13% relative rise".

    >>> _pct([-12.3, 13.0, 0.2], relative=True).tolist()
    ['a 12% relative fall', 'a 13% relative rise', 'no change']
    """
    said = "relative " if relative else ""

    def one(x: float) -> str:
        if not math.isfinite(x):
            return "–"
        size = f"{abs(x):.0f}"
        if size == "0":
            return "no change"
        return f"{article(size)} {size}% {said}{'fall' if x < 0 else 'rise'}"

    return np.array([one(x) for x in np.asarray(values, dtype=float).tolist()], dtype=object)


def _gap(shortfall_ratio: Any) -> np.ndarray:
    """A ratio of shortfalls (1 − p₁)/(1 − p₀) as the share of the gap to 100 % closed:
    ", closing 38% of the gap to 100%", ", widening the gap to 100% by 20%", or
    ", leaving the gap to 100% as it was"; missing as "".

    >>> _gap([0.615, 1.2, 1.0, np.nan]).tolist()  # doctest: +NORMALIZE_WHITESPACE
    [', closing 38% of the gap to 100%', ', widening the gap to 100% by 20%',
     ', leaving the gap to 100% as it was', '']
    """

    def one(r: float) -> str:
        if not math.isfinite(r):
            return ""
        closed = f"{abs(1 - r) * 100:.0f}"
        if closed == "0":
            return ", leaving the gap to 100% as it was"
        if r < 1:
            return f", closing {closed}% of the gap to 100%"
        return f", widening the gap to 100% by {closed}%"

    return np.array(
        [one(x) for x in np.asarray(shortfall_ratio, dtype=float).tolist()], dtype=object
    )


def when(values: Any, unit: str = "month", months: int = 0) -> np.ndarray:
    """x values as the reasons write them (:func:`qistats._words.xs_words`; dates moved by
    ``months`` calendar months first): dates as "Apr 2023", categories by their labels,
    numbers plain, missing as "–". ``unit``: what a period of the calendar is called
    (:func:`qistats.ambition.window.period_word`); dates of weeks read "the week of 1 Jan
    2024" and dates of days "1 Jan 2024", never their month.

    >>> when(pd.to_datetime(["2024-01-01", None])).tolist()
    ['Jan 2024', '–']
    >>> when(pd.to_datetime(["2024-01-01"]), "week").tolist()
    ['the week of 1 Jan 2024']
    """
    return _the(xs_words(values, months, unit), unit)


def _span(
    first: Any, last: Any, cover: tuple[int, int] = (0, 0), unit: str = "month"
) -> np.ndarray:
    """From ``first`` to ``last`` as the reasons write it (:func:`qistats._words.spans_words`):
    "Apr 2023–Mar 2024"; one period as itself, "2024", not "2024–2024".
    ``cover``: the months a period holds before and after its date, so that quarters read
    from their first month to their last. ``unit`` "week" or "day": dates as days, "the weeks
    of 1 Jul–23 Dec 2024", "the week of 23 Dec 2024", "1–7 Jan 2024" (a week of weekly data
    read "Dec 2024")."""
    return _the(spans_words(first, last, *cover, step=unit), unit)


def _the(said: np.ndarray, unit: str) -> np.ndarray:
    """ "the week of 1 Jan 2024" in a sentence, for weeks; missing ("–") as it is."""
    if unit != "week":
        return said
    return np.where(said == "–", said, "the " + said).astype(object)


def _crossed_before(s: pd.DataFrame, deadline: Any) -> np.ndarray:
    """Series judged "not_met" at the deadline whose projected date (the fitted trend reaching
    the target) is at or before the deadline: the trend is at the target by the end while
    the window's level, an average over the window, is not."""
    when = pd.Series(s["projected_date"]).reset_index(drop=True)
    if isinstance(when.dtype, pd.CategoricalDtype) or not when.notna().any():
        return np.zeros(len(s), dtype=bool)  # categories have no projection
    before = (when <= pd.Series(deadline)).to_numpy(dtype=bool)
    final = (s["verdict"] == "not_met").to_numpy() & s["deadline_reached"].to_numpy(dtype=bool)
    return final & before & when.notna().to_numpy()


def trend_of(win: Window, pace: Any) -> dict[str, Any]:
    """What the reasons quote about the trend after the baseline and the latest data: the
    number of periods it is fitted to, its first x, each series' last x in the window and the
    x of the window's last period (as_of's, or the deadline's); and where the pace has slowed
    (:func:`qistats.ambition.projection.stalled`), the periods of the recent pace and its first
    x (that x too where it is slowing, over too few periods to decide)."""
    first, last = window_bounds(win.t, win.after, win.lay)
    conv = win.p.x_converter
    stale = win.end < win.final  # NaN (an empty window) compares False
    slowed = np.asarray(pace.slowed, dtype=bool)
    slowing = np.asarray(pace.slowing, dtype=bool)
    since = np.where(slowed | slowing, win.t[np.maximum(pace.since, 0)], np.nan)
    return {
        "periods": K.seg_count(win.after, win.lay),
        "since": to_x(conv, first),
        "slowed": slowed,
        "slowing": slowing,
        # short of the target as the baseline was measured, not with its uncertainty
        "doubtful": np.asarray(pace.doubtful, dtype=bool),
        "pace_periods": np.where(slowed, pace.periods, K.seg_count(win.after, win.lay)),
        "slowed_since": to_x(conv, since),
        "last": to_x(conv, last),
        "stale": stale,
        "final": to_x(conv, np.full(win.lay.n_seg, win.final)),
        "judged": to_x(conv, np.full(win.lay.n_seg, win.judged[0])),
        "deadline": to_x(conv, np.full(win.lay.n_seg, win.td)),
        # where a named trajectory reaches the target and stops (the judged window's start)
        "reach": to_x(conv, np.full(win.lay.n_seg, win.reach)),
        # the x of the period holding the deadline (its week, of weekly data)
        "deadline_period": to_x(conv, np.full(win.lay.n_seg, win.judged[-1])),
        "thin": win.thin(),
        "young": win.young(),
        "needed": win.trend,
        "cover": win.cover,
        "thin_baseline": win.thin_baseline(),
        "base_periods": win.n_base,
        "base_length": win.base_length,
        "unit": win.unit,
        "full": int(np.size(win.judged)),
        "length": win.length,
        "gaps": _gaps(win),
        "spanned": _spanned(win),
        "window_start": to_x(conv, np.full(win.lay.n_seg, win.first)),
    }


def _spanned(win: Window) -> np.ndarray:
    """Per series: the periods of the window its quoted span covers, from the window's start
    to its latest data (a series whose latest data are before the window's last period is
    quoted to them, after "no data after …")."""
    tail = np.zeros(win.lay.n_seg) if win.tail is None else win.tail
    return np.maximum(win.length - tail, 0).astype(np.int64)


def _gaps(win: Window) -> np.ndarray:
    """Per series: its window has data in fewer of the periods its quoted span covers
    (:func:`_spanned`) than it spans (each point covering the series' own step, as
    :meth:`Window.thin` counts), so the level quoted rests on those periods alone; not for a
    ``compare=`` window (its length in periods is not known). A ward missing its last month
    and two inside the window reads "Apr 2023–Feb 2024 (9 of 11 months with data)"."""
    have = K.seg_count(win.in_win, win.lay)
    spanned = _spanned(win)
    return (have > 0) & (np.minimum(have * win.step, spanned) < spanned)


def _beyond(s: pd.DataFrame, definition: Any) -> np.ndarray:
    """Per series: the window's interval wholly on the bad side of an absolute target."""
    lo, hi = s.current_lower.to_numpy(dtype=float), s.current_upper.to_numpy(dtype=float)
    aim = s.target_value.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return (lo > aim) if definition.improvement == "decrease" else (hi < aim)


def reasons(
    s: pd.DataFrame,
    kind: str,
    definition: Any,
    rho: np.ndarray,
    events0: np.ndarray | None,
    expected1: np.ndarray | None,
    no_baseline: np.ndarray,
    weak_power: np.ndarray,
    pace_unclear: np.ndarray,
    trend: dict[str, Any],
    zero_baseline: np.ndarray | None = None,
) -> np.ndarray:
    """Per series, why the verdict is what it is, with the evidence beside it.

    ``rho`` is the target on the estimand's scale (the ratio a relative or shortfall target is
    judged on). ``events0`` and ``expected1`` (counts only): baseline events and the events
    expected in the window were the target met, quoted when the data are insufficient.
    ``no_baseline``: series without usable baseline data; ``weak_power``: series that could not
    show a change of the ambition's size and did not show a change (the ratio's interval
    includes 1); ``pace_unclear``: series whose trend after the
    baseline could not yet tell stalling from reaching the target (the others that are
    "insufficient_data" are too early to tell the trajectory from no change). ``trend``: from
    :func:`trend_of`. ``zero_baseline``: series with baseline data but no events (no failures,
    for a shortfall) whose relative target cannot be assessed, or whose absolute target has no
    trajectory to follow before the deadline. A series whose latest data in
    the window are before the window's last period gets "no data after …" in front.
    """
    conf = f"{definition.confidence:.0%}"
    cover = trend["cover"]  # months a period holds before and after its date (quarters)
    unit_of = trend["unit"]  # weeks and days are named by their dates, not their months
    absolute = not isinstance(definition.target, str)
    # an absolute target says which side of it is better ("target 20" read as a
    # ceiling was judged as "rise to 20")
    side = f"at or {SIDE[definition.improvement]} " if absolute else ""
    what = WHAT[kind]
    per = format_numbers(np.array([definition.multiply]))[0]  # 1,000,000 (":,g" gave 1e+06)
    unit = f" per {per}" if kind == "rate" and definition.multiply != 1 else ""
    if kind == "proportion" and definition.multiply == 100:  # shown in percent, as the board
        unit = "%"
    # a proportion's change is relative, "a 13% relative rise on the baseline of 40%": "a 13%
    # rise" from 40% to 45.2% read as 13 percentage points; rates as they were
    proportion = kind == "proportion"

    def pct(values: Any) -> np.ndarray:
        return _pct(values, relative=proportion)

    def base_of(rows) -> np.ndarray:
        """`` of 40%``, the baseline level after "on the baseline" (proportions; else "")."""
        if not proportion:
            return np.full(len(rows), "", dtype=object)
        return " of " + _num(col(rows, "baseline_value")) + unit

    # which sentence each series gets; each sentence is then written only for its own series
    no_data = s.window_periods.to_numpy() == 0
    thin = np.asarray(trend["thin"], dtype=bool)
    v = s.verdict.to_numpy()
    weak_now = np.asarray(weak_power, dtype=bool)
    behind_now = s.trajectory_status.to_numpy() == "behind"
    zero = np.zeros(len(s), dtype=bool) if zero_baseline is None else zero_baseline
    # a baseline that meets an absolute target already asks no change: before the deadline it
    # is judged by its window's level against the target (verdict.ceiling_behind), and said so
    # ("the trajectory expects a 159% rise by now" beside a ward under a ceiling)
    already = np.asarray(trend.get("already", np.zeros(len(s), dtype=bool)), dtype=bool)
    reached = s.deadline_reached.to_numpy().astype(bool)
    by_level = (
        already & ~reached & ((v == "on_track") | ((v == "off_track") & _beyond(s, definition)))
    )
    branch = np.select(
        [
            np.asarray(no_baseline, dtype=bool),
            np.asarray(zero, dtype=bool),
            no_data,
            thin,
            (v == "insufficient_data") & weak_now,
            (v == "insufficient_data") & np.asarray(pace_unclear, dtype=bool),
            v == "insufficient_data",
            v == "met",
            v == "not_met",
            by_level,
            (v == "off_track") & behind_now,
            v == "off_track",
        ],
        np.arange(12),
        12,
    )
    out = np.empty(len(s), dtype=object)

    def col(rows: np.ndarray, name: str) -> np.ndarray:
        return s[name].to_numpy()[rows]

    def interval(rows, lower: str, upper: str, spec: str | None = None):
        """`` (95% interval a–b)`` from the columns ``lower`` and ``upper``; a bound of the
        window's level (of the ratio) that is not the target (ratio) but would read as it gets
        the digits that tell them apart (:func:`_apart`)."""
        lo, hi = _num(col(rows, lower), spec), _num(col(rows, upper), spec)
        aim = None
        if lower == "current_lower":
            aim = col(rows, "target_value")
        elif lower == "rate_ratio_lower" and spec is None:
            aim = np.broadcast_to(np.asarray(rho, dtype=float), len(s))[rows]
        if aim is not None:
            lo = _apart(lo, col(rows, lower), aim)
            hi = _apart(hi, col(rows, upper), aim)
        dash = np.where(np.char.startswith(lo.astype(str), "<"), " to ", "–")  # "< 0.000001"
        shown = np.where(hi == "∞", lo + " or more", lo + dash + hi).astype(object)
        shown[(hi == "∞") & (dash != "–")] = "any value"  # from ~0 with no upper bound
        return np.where(lo == "–", "", " (" + conf + " interval " + shown + ")").astype(object)

    def on_baseline(rows):
        """`` (a 45% fall on the baseline)``."""
        return (
            " ("
            + change
            + pct(col(rows, "percent_change"))
            + " on the baseline"
            + base_of(rows)
            + gap(rows)
            + ")"
        )

    def projected(rows):
        """`` would be 16.8 per 1,000 in Apr 2023–Mar 2024, the window judged at the deadline
        (95% interval 11.5–24.5)``: the deadline projection, at the pace the caller names."""
        return (
            " would be "
            + _num(col(rows, "deadline_projection"))
            + unit
            + " in "
            + _span(trend["judged"][rows], deadline(rows), cover, unit_of)
            + ", the window judged at the deadline"
            + interval(rows, "deadline_projection_lower", "deadline_projection_upper")
        )

    def ratio(rows):
        """``rate ratio 0.62 (95% interval 0.36–1.05)``: the estimand, its value and interval."""
        shown = col(rows, "estimand").astype(object) + " " + _num(col(rows, "rate_ratio"))
        return shown + interval(rows, "rate_ratio_lower", "rate_ratio_upper")

    def deadline(rows):
        """The deadline as the reasons name it: of yearly data, the data's year holding it
        (1 March 2025 is in 2025 of years dated 1 January, not a year from March); of weekly
        (or daily) data, the week holding it as the data date it (a Saturday deadline of
        weeks dated on Mondays read "by the week of 15 Jun 2024", a week the data do not
        have: the window judged ends with the week of 10 Jun)."""
        if unit_of in ("week", "day"):
            return trend["deadline_period"][rows]
        due, ref = pd.Series(trend["deadline"][rows]), pd.Series(trend["judged"][rows])
        dated = pd.api.types.is_datetime64_any_dtype
        if unit_of != "year" or not (dated(due) and dated(ref)):  # (Periods name themselves)
            return trend["deadline"][rows]
        snapped = [
            snap_year(t, r) if pd.notna(t) and pd.notna(r) else t
            for t, r in zip(due, ref, strict=True)
        ]
        return pd.Series(snapped, dtype=due.dtype).to_numpy()

    def by(rows):
        """`` by Mar 2024``: the deadline written as every other x in the reasons."""
        return " by " + when(deadline(rows), unit_of, cover[1])

    def gaps(rows):
        """`` (8 of 12 months with data)`` after the window of a series with gaps in it."""
        have = col(rows, "window_periods").astype(int).astype(str).astype(object)
        return np.where(
            np.asarray(trend["gaps"], dtype=bool)[rows],
            " ("
            + have
            + " of "
            + pd.Series(np.asarray(trend["spanned"])[rows]).astype(str).to_numpy(dtype=object)
            + f" {trend['unit']}s with data)",
            "",
        ).astype(object)

    def window_words(rows):
        """The window's span: from its first calendar period where the series has gaps in
        it (counted "11 of 12 months with data" from there), else from its first data."""
        start = pd.Series(col(rows, "current_start"))
        gapped = np.asarray(trend["gaps"], dtype=bool)[rows]
        if gapped.any():
            calendar = pd.Series(trend["window_start"][rows])
            start = start.where(~gapped | calendar.isna(), calendar)
        return _span(start.to_numpy(), col(rows, "current_end"), cover, unit_of)

    def level(rows):
        window = window_words(rows)
        return (
            what + " in " + window + gaps(rows) + " was " + _num(col(rows, "current_value")) + unit
        )

    def target(rows):
        return ", target " + side + _num(col(rows, "target_value")) + unit

    def stale_at(rows):
        """Per row: whether its latest data are before the window's last period, and when
        they are ("Sep 2023"): a stale ward's sentence never says "now" (the level quoted is
        that of its latest data, which the "no data after …" in front names)."""
        old = np.asarray(trend["stale"], dtype=bool)[rows]
        return old, when(col(rows, "current_end"), unit_of, cover[1])

    def latest(rows):
        """`` now``, or of a stale ward `` in its latest data (Sep 2023)``."""
        old, last = stale_at(rows)
        return np.where(old, " in its latest data (" + last + ")", " now").astype(object)

    def by_now(rows):
        """`` by now``, or of a stale ward `` by Sep 2023`` (its latest data)."""
        old, last = stale_at(rows)
        return np.where(old, " by " + last, " by now").astype(object)

    def traj(rows):
        return (
            ", "
            + _num(col(rows, "trajectory_ratio"), "%.2f")
            + "× the trajectory"
            + interval(rows, "trajectory_lower", "trajectory_upper", "%.2f")
        )

    def judged(rows, met: bool):
        if absolute:
            lo, hi = col(rows, "current_lower"), col(rows, "current_upper")
            aim, name = col(rows, "target_value"), "the target"
            shown = interval(rows, "current_lower", "current_upper")
        else:
            lo, hi = col(rows, "rate_ratio_lower"), col(rows, "rate_ratio_upper")
            aim, name = (
                np.broadcast_to(np.asarray(rho, dtype=float), len(s))[rows],
                "the target ratio",
            )
            shown = "; " + ratio(rows)
        aim = np.asarray(aim, dtype=float)
        contains = (lo <= aim) & (aim <= hi)
        words = (
            (", which still includes ", ", which clears ")
            if met
            else (", which includes ", ", which excludes ")
        )
        # an absolute target in the units of the level and target before it: "the target
        # 5%", "the target 2 per 1,000" ("the target 5" beside "target at or below 5%")
        said = _num(aim) + (unit if absolute else "")
        tail = shown + np.where(contains, *words).astype(object) + name + " " + said
        prob = "; probability the target is met " + _prob(col(rows, "prob_target_met"))
        # a shortfall target: the proportion's change and the share of the gap closed beside
        # the verdict, as the other reasons give them
        told = on_baseline(rows) if shortfall else ""
        return level(rows) + target(rows) + (": met" if met else ": not met") + told + tail + prob

    def filling(rows):
        """``; the window has 3 of its 12 months so far`` before the deadline while the window
        is shorter than the one judged at it: the events are few because the window is young,
        not the ward small."""
        young = (trend["length"] > 0) & (trend["length"] < trend["full"])
        young = young & ~col(rows, "deadline_reached").astype(bool)
        return np.where(
            young,
            f"; the window has {trend['length']} of its {trend['full']} {trend['unit']}s so far",
            "",
        ).astype(object)

    def weak(rows):
        # an absolute target its baseline meets by its point estimate only asks no change:
        # said as for a baseline without events, the window's interval against the target
        base, aim = col(rows, "baseline_value"), col(rows, "target_value")
        good = -1 if definition.improvement == "decrease" else 1
        if absolute:
            near = np.asarray(good * (base - aim) >= 0, dtype=bool)
            at = col(rows, "deadline_reached").astype(bool)
            return np.select(
                [near, at], [point_only(rows), window_weak(rows)], change_weak(rows)
            ).astype(object)
        return change_weak(rows)

    def window_weak(rows):
        """At the deadline an absolute target is the window's level against the target alone,
        so too little data is the window's: it could not tell the baseline's level from the
        target, and its interval includes the target ("too few events to tell no
        change from a change of the ambition's size" beside 335 baseline events)."""
        few = "observations" if events0 is None else "events"
        expected = (
            ""
            if expected1 is None
            else "; " + _num(np.asarray(expected1)[rows], "%.1f") + " expected if it were met"
        )
        return (
            level(rows)
            + interval(rows, "current_lower", "current_upper")
            + target(rows)
            + f": too few {few} in the window to tell, the interval includes the target, and "
            + "the window could not tell the baseline's level, "
            + _num(col(rows, "baseline_value"))
            + unit
            + ", from the target with 80% power"
            + expected
        )

    def point_only(rows):
        """The reason of a baseline that meets an absolute target by its point estimate alone
        (too uncertain to say it meets it already)."""
        few = "observations" if events0 is None else "events"
        count = ""
        if events0 is not None:  # events of a rate; cases (or failures) of a proportion
            k = np.asarray(events0)[rows]
            noun = np.where(k == 1, " event)", " events)") if kind == "rate" else " in it)"
            count = " (" + _num(k, "%g") + noun
        lo, hi = col(rows, "current_lower"), col(rows, "current_upper")
        aim = col(rows, "target_value").astype(float)
        contains = (lo <= aim) & (aim <= hi)
        clears = (hi < aim) if definition.improvement == "decrease" else (lo > aim)
        end = np.where(
            contains,
            f": too few {few} to tell, the interval includes the target",
            np.where(clears, ", which clears", ", which excludes").astype(object)
            + f" the target, but the baseline's {few} are too few to judge it",
        ).astype(object)
        return (
            f"the baseline's {what}, "
            + _num(col(rows, "baseline_value"))
            + unit
            + count
            + f", meets the target only by its point estimate: too few {few} to tell whether "
            + "it meets it already; "
            + level(rows)
            + interval(rows, "current_lower", "current_upper")
            + target(rows)
            + end
            + filling(rows)
        )

    def change_weak(rows):
        shown = ": " + ratio(rows) + " includes no change (1)"
        if events0 is None:
            return (
                "too few observations to tell no change from a change of the ambition's size "
                + ("with 80% power" + shown)
            )
        # φ to one decimal; none quoted where it rounds to 1.0 ("1 times what chance alone
        # gives" says nothing), nor where the power check did not allow for it (φ̂ not
        # significant, or overdispersion=None: the check used Poisson variation alone)
        phi = np.round(col(rows, "overdispersion").astype(float), 1)
        allowed = trend.get("phi_allowed")
        if allowed is not None:
            phi = np.where(np.asarray(allowed, dtype=bool)[rows], phi, np.nan)
        # a shortfall is judged on the failures n − y, and the counts quoted are theirs (as
        # the warnings' "only 20 baseline failures"; "too few events … 57 in the baseline"
        # beside 300 reviewed read as the wrong count)
        counted = "failures" if definition.target == "shortfall" else "events"
        # an absolute target's size differs by ward: said, so that "too few events" beside 452
        # is read as a change too small to show (94.2% to 95%), not as a small ward
        size = (
            " (from "
            + _num(col(rows, "baseline_value"))
            + unit
            + " to "
            + _num(col(rows, "target_value"))
            + unit
            + ")"
            if absolute
            else ""
        )
        return (
            f"too few {counted} to tell no change from a change of the ambition's size"
            + size
            + " with 80% power"
            + shown
            + "; "
            + _num(np.asarray(events0)[rows], "%g")
            + " in the baseline, "
            + _num(np.asarray(expected1)[rows], "%.1f")
            + " expected in the window if the target were met"
            + np.where(
                phi > 1,
                f", allowing for {trend['unit']}-to-{trend['unit']} variation "
                + _num(phi, "%.1f")
                + " times what chance alone gives",
                "",
            ).astype(object)
            + filling(rows)
        )

    # the changes quoted are of the value (percent_change, trajectory_change), whatever the
    # target's scale; a shortfall target says beside them how much of the gap to 100 % that
    # closes, the scale it is judged on ("its shortfall from 100%: a 38% fall" of
    # a proportion that rose read as a fall)
    change = ""
    shortfall = definition.target == "shortfall" and not absolute

    def gap(rows):
        """``, closing 38% of the gap to 100%`` (a shortfall target; else "")."""
        if not shortfall:
            return np.full(len(rows), "", dtype=object)
        return _gap(col(rows, "rate_ratio"))

    def early(rows):
        window = window_words(rows)
        expects = pct(col(rows, "trajectory_change"))
        # a trajectory that expects no change yet (its first period, or before start=): there
        # is nothing to tell from no change, and the window shows no significant improvement
        # ("cannot yet tell no change from no change" said nothing)
        tail = np.where(
            expects == "no change",
            ") shows no significant improvement yet",
            ") cannot yet tell from no change with 80% power",
        ).astype(object)
        return (
            "too early to tell: the trajectory expects "
            + change
            + expects
            + np.where(
                expects == "no change", by_now(rows) + ", and the ", by_now(rows) + ", which the "
            )
            + what
            + " in "
            + window
            + gaps(rows)
            + " ("
            + _num(col(rows, "current_value"))
            + unit
            + ", "
            + change
            + pct(col(rows, "percent_change"))
            + " on the baseline"
            + base_of(rows)
            + gap(rows)
            + tail
            + traj(rows)
        )

    def behind(rows):
        return level(rows) + traj(rows) + ": behind the trajectory" + target(rows) + by(rows)

    def level_only(rows):
        """Before the deadline, a baseline that meets an absolute target already: no change
        is asked, so no trajectory; the window's level against the target says the verdict
        ("its baseline rate, 3 per 1,000, meets the target already, so no change is asked;
        rate in … was 11 per 1,000 (95% interval 10.2–11.8), clearly below the target: on
        track, target at or below 12 per 1,000 by Mar 2024 (probability it is met already
        0.99)")."""
        good, bad = SIDE[definition.improvement], SIDE[OTHER[definition.improvement]]
        lo, hi, aim = bounds(rows)
        point = col(rows, "current_value").astype(float)
        decrease = definition.improvement == "decrease"
        clears = (hi < aim) if decrease else (lo > aim)
        beyond = (lo > aim) if decrease else (hi < aim)
        on_good = (point <= aim) if decrease else (point >= aim)
        where = np.select(
            [clears, beyond, on_good],
            [
                f", clearly {good} the target: on track",
                f", clearly {bad} it: off track",
                f", {good} the target though not clearly: on track",
            ],
            f", {bad} the target but not clearly: on track",
        ).astype(object)
        prob = np.where(
            col(rows, "verdict") == "on_track",
            " (probability it is met already " + _prob(col(rows, "prob_target_met")) + ")",
            "",
        ).astype(object)
        return (
            f"its baseline {what}, "
            + _num(col(rows, "baseline_value"))
            + unit
            + ", meets the target already, so no change is asked; "
            + level(rows)
            + interval(rows, "current_lower", "current_upper")
            + where
            + target(rows)
            + by(rows)
            + prob
        )

    def at_trend(rows):
        """The pace after the baseline carried to the window judged at the deadline, and
        whether it improves; where it has slowed, the recent pace and since when."""
        heading = col(rows, "projection") != "not_projected"
        # the projected date is the recent pace's where it has slowed (projection.stalled)
        since = np.where(
            trend["slowed"][rows],
            pd.Series(trend["slowed_since"]).iloc[rows].to_numpy(),
            pd.Series(trend["since"]).iloc[rows].to_numpy(),
        )
        stalled = np.where(
            heading,
            "",
            "no clear trend towards the target since "
            + when(pd.Series(since), unit_of, -cover[0])
            + "; ",
        ).astype(object)
        slowed = np.where(
            trend["slowed"][rows] | trend["slowing"][rows],
            "it has not kept up with the trajectory since "
            + when(pd.Series(trend["slowed_since"]).iloc[rows].to_numpy(), unit_of, -cover[0])
            + " (clearly slower than it); ",
            "",
        ).astype(object)
        return (
            stalled
            + slowed
            + "at its pace along the trajectory over the last "
            + _num(trend["pace_periods"][rows], "%d")
            # in the data's periods: "the last 12 months", "8 quarters" (it said "periods")
            + f" {trend['unit']}s the "
            + what
            + projected(rows)
        )

    def slow(rows):
        return (
            level(rows)
            + target(rows)
            + "; "
            + at_trend(rows)
            + ": the target would not be reached"
            + by(rows)
            + keeps_going(rows)
        )

    def keeps_going(rows):
        """``; that assumes its fall stops when the trajectory's does, in Apr 2024: if it keeps
        falling, it reaches the target in Sep 2024 (the projected date)``, where the pace
        quoted misses the target over the window judged at the deadline but the projected
        date is at or before the deadline. The two are one fitted line (the recent one where
        the pace has slowed): the pace moves as a share of the trajectory's change, which
        stops at the target where the judged window begins, while the projected date carries
        the line on in time. Without this a panel "projected Sep 2024" read as contradicting
        its reason "would be 12.6 … above the target"."""
        proj = col(rows, "deadline_projection").astype(float)
        aim = col(rows, "target_value").astype(float)
        dated = pd.Series(col(rows, "projected_date"))
        due = pd.Series(trend["deadline"][rows])
        if isinstance(dated.dtype, pd.CategoricalDtype) or not dated.notna().any():
            return np.full(rows.size, "", dtype=object)
        with np.errstate(invalid="ignore"):
            wrong = (proj > aim) if definition.improvement == "decrease" else (proj < aim)
        early = (dated.notna() & (dated <= due)).to_numpy(dtype=bool)
        move, going = (
            ("fall", "falling") if definition.improvement == "decrease" else ("rise", "rising")
        )
        stops = f"; that assumes its {move} stops when the trajectory's does"
        if definition.trajectory in TRAJECTORIES:  # named: at the judged window's start
            stops += ", in " + when(pd.Series(trend["reach"][rows]), unit_of, -cover[0])
        lo = pd.isna(col(rows, "projected_lower"))
        hi = pd.isna(col(rows, "projected_upper"))
        openness = np.select([lo & hi, lo, hi], [" (any time)", " (or earlier)", " (or never)"], "")
        said = (
            stops
            + f": if it keeps {going}, it reaches the target in "
            + when(dated.to_numpy(), unit_of)
            + openness.astype(object)
            + " (the projected date)"
        )
        return np.where(wrong & early, said, "").astype(object)

    def unsure(rows):
        head = "too early to tell whether the pace is enough: " + level(rows)
        rising = np.asarray(trend.get("rising", np.zeros(len(s), dtype=bool)), dtype=bool)
        past = (
            ": above the target" if definition.improvement == "decrease" else ": below the target"
        )
        tail = np.select(
            [
                rising[rows],
                trend["slowed"][rows] | trend["doubtful"][rows],
                trend["slowing"][rows],
            ],
            [
                # a ceiling the baseline meets, which the pace probably crosses
                past + ", though not clearly",
                ": short of the target, though not clearly",
                # its recent pace, over fewer than a year's periods, does not decide
                ": too soon to tell whether it has stalled (that needs "
                + f"{trend['needed']} {trend['unit']}s since it slowed)",
            ],
            ", which cannot yet tell reaching the target"
            + by(rows)
            + " from stalling with 80% power",
        ).astype(object)
        fitted = head + target(rows) + "; " + at_trend(rows) + tail + keeps_going(rows)
        # no pace yet: too few periods after the baseline to tell a fall that stalls from one
        # that goes on
        got = _num(trend["periods"][rows], "%d")
        # a window ahead of the trajectory says so, and that it is not at the target yet: a
        # ward that stepped to about the target is "ahead" but, half the time, just above it
        # ("insufficient_data" beside trajectory_status "ahead" read as a fault)
        ahead = col(rows, "trajectory_status") == "ahead"
        young = (
            head
            + np.where(
                ahead,
                expects(rows)
                + ", ahead of it but not yet at the target "
                + side
                + _num(col(rows, "target_value"))
                + unit,
                on_baseline(rows) + target(rows),
            ).astype(object)
            + by(rows)
            + f"; the pace since the baseline needs {trend['needed']} {trend['unit']}s of data "
            + "after it ("
            + got
            + " so far) to tell a change that stalls from one that goes on"
        )
        out = np.where(np.asarray(trend["young"], dtype=bool)[rows], young, fitted)
        # (before a pace, a window at about the target may be a fall that goes on or one that
        # stalls: the young reason says so)
        there = near(rows) & ~np.asarray(trend["young"], dtype=bool)[rows]
        return np.where(there, at_target(rows), out)

    def near(rows):
        """At about the target level now: the interval of the window's level (absolute
        targets) or of its ratio to the baseline includes the target, the improvement on the
        baseline is significant (the window is told from no change but not from the target),
        and ``prob_target_met`` is at least ``ABOUT`` (the target within the central 80 % of
        the posterior, not at the edge of a wide interval: a ward at 0.65 of its baseline
        against a target of 0.5, 0.48–0.87, probability 0.04, is short of it). Trial 12 A8: a
        ward that stepped to its target 32 months earlier, at 0.52 (0.43–0.63) against 0.5, was
        "too early to tell … no clear trend towards the target"."""
        lo, hi, aim = bounds(rows)
        shown = col(rows, "p_improved").astype(float) <= (1 - definition.confidence) / 2
        likely = col(rows, "prob_target_met").astype(float) >= ABOUT
        return (lo <= aim) & (aim <= hi) & shown & likely

    def bounds(rows):
        """The interval the target is judged on and the target on its scale."""
        if absolute:
            lo, hi = col(rows, "current_lower"), col(rows, "current_upper")
            return lo.astype(float), hi.astype(float), col(rows, "target_value").astype(float)
        lo, hi = col(rows, "rate_ratio_lower"), col(rows, "rate_ratio_upper")
        aim = np.broadcast_to(np.asarray(rho, dtype=float), len(s))[rows]
        return lo.astype(float), hi.astype(float), aim

    def at_target(rows):
        if absolute:
            shown = interval(rows, "current_lower", "current_upper") + ", which includes it"
        else:
            aim = np.broadcast_to(np.asarray(rho, dtype=float), len(s))[rows]
            shown = "; " + ratio(rows) + ", which includes the target ratio " + _num(aim)
        return (
            "at about the target level"
            + latest(rows)
            + ": "
            + level(rows)
            + on_baseline(rows)
            + target(rows)
            + by(rows)
            + shown
            + "; whether it will be met is uncertain (probability "
            + _prob(col(rows, "prob_target_met"))
            + ")"
        )

    def expects(rows):
        """`` (a 53% fall on the baseline; the trajectory expects a 7% fall by now), 0.51× the
        trajectory (95% interval 0.32–0.78)``: the change so far beside the trajectory's."""
        return (
            " ("
            + change
            + pct(col(rows, "percent_change"))
            + " on the baseline"
            + base_of(rows)
            + gap(rows)
            + "; the trajectory expects "
            + pct(col(rows, "trajectory_change"))
            + by_now(rows)
            + ")"
            + traj(rows)
        )

    def on_track(rows):
        return (
            level(rows)
            + expects(rows)
            # the interval wholly on the good side is ahead of the trajectory, as
            # trajectory_status says ("not clearly behind" undersold it)
            + np.where(
                col(rows, "trajectory_status") == "ahead",
                ", ahead of it: on track",
                ", not clearly behind it: on track",
            ).astype(object)
            + np.where(missing(rows), " by the trajectory", "").astype(object)
            + target(rows)
            + by(rows)
            + " (probability it is met already "
            + _prob(col(rows, "prob_target_met"))
            + ")"
            + soon(rows)
            + np.where(missing(rows), pace_misses(rows) + keeps_going(rows), "").astype(object)
        )

    def missing(rows):
        """The pace carried to the window judged at the deadline (``deadline_projection``)
        misses the target by its point estimate: the trajectory test passed a ward whose own
        pace says otherwise, which "on track" alone hides. Not where the two
        read the same as written (a ward on the trajectory, its pace at the target but for
        rounding: "0.005 … above the target 0.005" would say nothing true)."""
        proj = col(rows, "deadline_projection").astype(float)
        aim = col(rows, "target_value").astype(float)
        with np.errstate(invalid="ignore"):
            wrong = (proj > aim) if definition.improvement == "decrease" else (proj < aim)
        return wrong & (_num(proj) != _num(aim))

    def pace_misses(rows):
        since = np.where(
            trend["slowed"][rows],
            pd.Series(trend["slowed_since"]).iloc[rows].to_numpy(),
            pd.Series(trend["since"]).iloc[rows].to_numpy(),
        )
        return (
            ", though at its pace since "
            + when(pd.Series(since), unit_of, -cover[0])
            + " the "
            + what
            + projected(rows)
            + (
                ", above the target"
                if definition.improvement == "decrease"
                else ", below the target"
            )
        )

    def soon(rows):
        """``; at the target 1 month after the baseline, too soon to tell from its pace whether
        it will stay there (that needs 12 months of data)`` for a series "on_track" without a
        pace: it rests on the window's level alone. (It read "before a pace (it needs 12)",
        words a board does not know.)"""
        got = np.asarray(trend["periods"])[rows]
        unit = np.where(got == 1, trend["unit"], trend["unit"] + "s").astype(object)
        needed = f"{trend['needed']} {trend['unit']}s"
        return np.where(
            np.asarray(trend["young"], dtype=bool)[rows],
            "; at the target "
            + _num(got, "%d")
            + " "
            + unit
            + " after the baseline, too soon to tell from its pace whether it will stay there"
            + f" (that needs {needed} of data)",
            "",
        ).astype(object)

    def zero_base(rows):
        now = np.where(col(rows, "window_periods") > 0, "; " + level(rows), "").astype(object)
        if absolute:  # before the deadline: nothing to follow from a baseline of zero
            early = (
                "no events in the baseline: no trajectory from it to follow"
                + now
                + target(rows)
                + ", judged at the deadline"
            )
            # at it: no baseline level that meets the target already, and a window whose
            # interval holds the target (one that clears it is met or not met)
            late = (
                "no events in the baseline, so no level that meets the target already; "
                + level(rows)
                + interval(rows, "current_lower", "current_upper")
                + target(rows)
                + ": too few events to tell, the interval includes the target"
            )
            at = col(rows, "deadline_reached").astype(bool) & (col(rows, "window_periods") > 0)
            return np.where(at, late, early).astype(object)
        size = f"{abs(definition.change):.0%}"
        over = pd.isna(col(rows, "target_value"))  # a relative target above 100 %
        if definition.target == "relative" and over.any():
            shown = _num(col(rows, "baseline_value") / definition.multiply * 100)
            beyond = (
                f"{article(size)} {size} {'increase' if definition.change > 0 else 'change'} "
                "of its baseline "
                + shown
                + "% is above 100%: use target='shortfall' to close part of the gap to 100%"
            )
        if definition.target == "shortfall":
            head = (
                f"no shortfall in the baseline (100%): closing {size} of a gap of zero cannot "
                "be assessed"
            )
        else:
            move = "reduction" if definition.change < 0 else "increase"
            none = "no events" if kind == "rate" else "a proportion of 0"
            head = (
                f"{none} in the baseline: {article(size)} {size} {move} of zero cannot be assessed"
            )
        out = head + now + "; give an absolute target= (display units) to judge it"
        if definition.target == "relative" and over.any():
            out = np.where(over, beyond + now, out)
        return out

    def empty(rows):
        """No data in the window: the latest after the baseline, when there is one."""
        latest = pd.Series(trend["last"]).iloc[rows]
        return np.where(
            latest.isna().to_numpy(),
            "no data in the assessment window (none after the baseline)",
            "no data in the assessment window (the latest is "
            + when(latest.to_numpy(), unit_of, cover[1])
            + ")",
        ).astype(object)

    def started(rows):
        """``no usable data in the baseline period (its data start in Jan 2022)``."""
        first = pd.Series(trend["since"]).iloc[rows]
        return "no usable data in the baseline period" + np.where(
            first.isna().to_numpy(),
            "",
            " (its data start in " + when(first.to_numpy(), unit_of, -cover[0]) + ")",
        ).astype(object)

    def no_base(rows):
        """No baseline data. A relative (or shortfall) target is a change on the baseline:
        nothing to compare with. An absolute target is judged on the window's level alone
        (:func:`qistats.ambition.verdict.level_alone`), and the sentence says what was judged
        and what could not be: no change, trajectory or pace without a baseline."""
        head = started(rows)
        if not absolute:
            size = f"{abs(definition.change):.0%}"
            if definition.target == "shortfall":
                aim = f"closing {size} of its baseline's gap to 100%"
            else:
                move = "reduction" if definition.change < 0 else "increase"
                aim = f"{article(size)} {size} {move} of its baseline"
            return (
                head + f": {aim} has nothing to compare with; give an absolute target= "
                "(display units) to judge its level against it"
            )
        head = head + ", so only its level against the target is judged: "
        few = "observations" if events0 is None else "events"
        window = col(rows, "window_periods").astype(float)
        at = col(rows, "deadline_reached").astype(bool)
        verdict = col(rows, "verdict")
        clears = col(rows, "clearly_met").astype(bool)
        shown = level(rows) + interval(rows, "current_lower", "current_upper") + target(rows)
        prob = " (probability it is met " + _prob(col(rows, "prob_target_met")) + ")"
        nothing = "; with no baseline, no change, trajectory or pace is judged"
        bad = "above" if definition.improvement == "decrease" else "below"
        lo, hi = col(rows, "current_lower"), col(rows, "current_upper")
        aim = col(rows, "target_value").astype(float)
        with np.errstate(invalid="ignore"):
            excludes = (lo.astype(float) > aim) | (hi.astype(float) < aim)
        before = (
            shown
            + by(rows)
            + np.where(
                clears,
                ", which the interval clears: on track by its level alone" + prob + nothing,
                np.where(
                    verdict == "insufficient_data",
                    np.where(
                        excludes,
                        f", {bad} it now (the interval excludes it)",
                        ", the interval includes it",
                    ).astype(object)
                    + prob
                    + "; with no baseline there is no trajectory to tell whether it is on "
                    + "track: it is judged at the deadline",
                    "",
                ).astype(object),
            ).astype(object)
        )
        final = np.select(
            [verdict == "met", verdict == "not_met"],
            [judged(rows, True) + nothing, judged(rows, False) + nothing],
            shown + f": too few {few} to tell, the interval includes the target" + prob,
        ).astype(object)
        said = np.where(at, final, before).astype(object)
        thin = np.asarray(trend["thin"], dtype=bool)[rows]
        some = np.where(thin, thin_words(rows), said).astype(object)
        return head + np.where(window > 0, some, empty(rows)).astype(object)

    def thin_words(rows):
        return (
            "data for only "
            + col(rows, "window_periods").astype(str).astype(object)
            + f" of the {trend['length']} periods of the assessment window: too few to judge"
            + " (two thirds are needed)"
        )

    sentences = (
        no_base,
        zero_base,
        empty,
        thin_words,
        weak,
        unsure,
        early,
        lambda rows: judged(rows, True),
        lambda rows: judged(rows, False),
        level_only,
        behind,
        slow,
        on_track,
    )
    for b, write in enumerate(sentences):
        rows = np.flatnonzero(branch == b)
        if rows.size:
            out[rows] = write(rows)
    crossed = np.flatnonzero(_crossed_before(s, trend["deadline"]))
    if crossed.size:  # not met, beside a projected date before the deadline: say why
        window = window_words(crossed)
        out[crossed] = (
            out[crossed]
            + "; its trend after the baseline reached the target in "
            + when(col(crossed, "projected_date"), unit_of)
            + ", before the deadline, but the "
            + what
            + " over "
            + window
            + " did not"
        )
    # a ward that opened late, judged on a baseline of a month or two; not where
    # the reason already says its data are too few (no baseline, zero baseline, no data in the
    # window, or in too few of its periods)
    short = np.flatnonzero(np.asarray(trend["thin_baseline"], dtype=bool) & (branch > 3))
    if short.size:
        got = np.asarray(trend["base_periods"])[short]
        out[short] = (
            out[short]
            + "; its baseline has data for only "
            + got.astype(str).astype(object)
            + f" of the {trend['base_length']} {trend['unit']}s of the baseline period, "
            + "so the level it is compared with rests on "
            + np.where(got == 1, f"that {trend['unit']}", f"those {trend['unit']}s").astype(object)
        )
    stale = np.flatnonzero(np.asarray(trend["stale"], dtype=bool))
    if stale.size:  # a closed or late ward: say how old its latest data are
        since = "no data after " + when(col(stale, "current_end"), unit_of, cover[1])
        final = when(trend["final"][stale], unit_of, cover[1])
        out[stale] = since + " (as of " + final + "): " + out[stale]
    return out
