"""The board's words: numbers, periods, the rules behind an icon and one sentence per series.

Every function works on whole columns (object arrays of strings, one entry per series or per
point) with numpy's element-wise operations, so a board of thousands of series is worded at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._icons import MIN_JUDGED
from ._stale import calendar_months

_DAY_NS = 86_400e9
#: Short names of the rules, as they read in ``rules_fired``.
RULE_NAMES = {
    "outside_limits": "outside the limits",
    "shift": "shift",
    "trend": "trend",
    "two_of_three": "2 of 3 beyond 2σ",
    "long_run": "long run",
    "few_crossings": "few crossings",
}


def strings(n: int, value: str = "") -> np.ndarray:
    return np.full(n, value, dtype=object)


def format_numbers(v: np.ndarray, thousands: bool = True) -> np.ndarray:
    """Numbers as they read in a sentence: ``15``, ``13.9``, ``0.951``, ``2,345``, ``123.4``.

    Whole from 1,000, thousands separated as the charts' labels are
    (:func:`qistats.plot.formatting.number`); ``thousands=False`` for numbers that name
    something (an x such as the year 2023), which read as they are.

    >>> format_numbers(np.array([15.0, 13.94, 0.9512, 2345.4, 123.44, -12000.0, np.nan])).tolist()
    ['15', '13.9', '0.951', '2,345', '123.4', '-12,000', '']
    >>> format_numbers(np.array([2023.0]), thousands=False).tolist()
    ['2023']
    """
    v = np.asarray(v, dtype=float) + 0.0  # -0.0 reads 0
    out = strings(v.shape[0])
    ok = np.isfinite(v)
    a = np.abs(np.where(ok, v, 0.0))
    big = ok & (a >= 999.95)  # 999.96 reads 1,000, not 1000.0
    whole = ok & ~big & (np.round(v) == v)
    mid = ok & ~big & ~whole & (a >= 100)
    rest = ok & ~big & ~whole & ~mid
    for mask, form in (
        (big, "{:,.0f}" if thousands else "{:.0f}"),
        (whole, "{:.0f}"),
        (mid, "{:.1f}"),
        (rest, "{:.3g}"),
    ):
        if mask.any():  # str.format per element (numpy has no vectorised number formatting)
            out[mask] = [form.format(x) for x in v[mask].tolist()]
    return out


def _fixed(v: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Each number with its row's number of decimals, thousands separated; a whole number
    (a limit clamped at 0, a target of 40) as a whole number; NaN as ""."""
    v = np.asarray(v, dtype=float) + 0.0
    out = strings(v.shape[0])
    ok = np.isfinite(v)
    d = np.where(ok & (np.round(v) == v), 0, decimals)
    for k in np.unique(d[ok]):  # a few numbers of decimals, not a loop over rows
        at = ok & (d == k)
        out[at] = [f"{x:,.{int(k)}f}" for x in v[at].tolist()]
    return out


#: The most decimals a sentence gives a limit to tell it from a target or value it is not.
MAX_DECIMALS = 10


def sentence_numbers(
    value: np.ndarray, target: np.ndarray, lcl: np.ndarray, ucl: np.ndarray
) -> dict[str, np.ndarray]:
    """The latest value, target and limits of each row as its sentence says them.

    The two limits share one number of decimals: three significant figures of the larger
    (one decimal from 100, none from 1,000, as :func:`format_numbers`), of the other where
    the larger is a whole number (a P chart's limit clamped at 1 or 100 %, which would give
    its ward "0.67 to 1" beside another's "0.687 to 0.975": "0.670 to 1"), and more where that
    would make a limit read the same as the target, the latest value or the other limit
    although it differs ("the target of 40 is within the limits (26.55 to 40.05)", not
    "(26.6 to 40)"; the value counts where it is beyond a limit, as only then is it said),
    and fewer where both limits are exact with fewer ("0.5", not "0.500"; a limit of 0.6697
    keeps "0.670"). The value and the target read as :func:`format_numbers` writes them, or
    with the limits' decimals where that would put them on the wrong side of a limit, or on
    it ("40.3 is above the upper limit (40.32)" for 40.33).

    >>> said = sentence_numbers(np.array([30.0]), np.array([40.0]),
    ...                         np.array([26.55]), np.array([40.0485]))
    >>> [said[k][0] for k in ("value", "target", "lcl", "ucl")]
    ['30', '40', '26.55', '40.05']
    >>> said = sentence_numbers(np.array([3.0]), np.array([12.0]),
    ...                         np.array([0.0]), np.array([8.714]))
    >>> [said[k][0] for k in ("target", "lcl", "ucl")]
    ['12', '0', '8.71']
    >>> said = sentence_numbers(np.full(2, np.nan), np.full(2, 0.95),
    ...                         np.array([0.6697, 0.6869]), np.array([1.0, 0.9749]))
    >>> [f"{a} to {b}" for a, b in zip(said["lcl"], said["ucl"])]
    ['0.670 to 1', '0.687 to 0.975']
    """
    value, target, lcl, ucl = (np.asarray(a, dtype=float) for a in (value, target, lcl, ucl))
    n = lcl.shape[0]
    # the significant figures of a limit that is not a whole number: a limit clamped at a
    # bound (1, 100 %, 0) says nothing of the precision its row's numbers need
    with np.errstate(invalid="ignore"):
        lo_, hi_ = (np.where(np.round(v) == v, np.nan, np.abs(v)) for v in (lcl, ucl))
    top = np.fmax(lo_, hi_)
    top = np.where(np.isnan(top), np.fmax(np.abs(lcl), np.abs(ucl)), top)
    with np.errstate(divide="ignore", invalid="ignore"):
        sig3 = 2 - np.floor(np.log10(top))
    sig = np.where(top >= 999.95, 0, np.where(top >= 99.995, 1, sig3))
    sig = np.clip(np.nan_to_num(sig, nan=0.0, posinf=0.0), 0, 6).astype(np.int64)
    with np.errstate(invalid="ignore"):  # the value is said only when beyond a limit
        said = np.where((value > ucl) | (value < lcl), value, np.nan)
    pairs = [(a, b) for a in (lcl, ucl) for b in (target, said)] + [(lcl, ucl)]
    start = sig.copy()  # fewer decimals where both limits end in zeros ("0.5", not "0.500")
    chosen = np.full(n, -1, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        for d in range(MAX_DECIMALS + 1):  # 11 passes over all rows, not a loop per row
            # exactly (a limit of 0.5): a limit rounded to a zero (0.6697 to 0.670) keeps it
            same = _exact(lcl, d) | np.isnan(lcl)
            same &= _exact(ucl, d) | np.isnan(ucl)
            start = np.where(same & (d < start), d, start)
            clash = np.zeros(n, dtype=bool)
            for a, b in pairs:
                clash |= (a != b) & (_round(a, d) == _round(b, d))
            chosen = np.where((chosen < 0) & ~clash & (d >= start), d, chosen)
    decimals = np.where(chosen < 0, MAX_DECIMALS, chosen)
    lo, hi = _fixed(lcl, decimals), _fixed(ucl, decimals)
    out = {"lcl": lo, "ucl": hi}
    for name, v in (("value", value), ("target", target)):
        plain = format_numbers(v)
        shown = pd.to_numeric(pd.Series(plain).str.replace(",", ""), errors="coerce").to_numpy()
        misread = np.zeros(n, dtype=bool)
        with np.errstate(invalid="ignore"):  # "40.3 is above 40.32" for 40.33: misread
            for limit in (lcl, ucl):
                misread |= np.sign(shown - _round(limit, decimals)) != np.sign(v - limit)
        misread &= np.isfinite(v)
        out[name] = np.where(misread, _fixed(v, decimals), plain)
    return out


def with_percent(said: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """The numbers of :func:`sentence_numbers` with "%" after them in the ``rows`` of measures
    shown in percent ("the target of 95% is within the limits (85.8% to 100%)"; the numbers
    alone read as counts).

    >>> said = {"target": np.array(["95", "12"], dtype=object), "lcl": np.array(["", "3"])}
    >>> {k: v.tolist() for k, v in with_percent(said, np.array([True, False])).items()}
    {'target': ['95%', '12'], 'lcl': ['', '3']}
    """
    return {k: np.where(rows & (v != ""), v + "%", v).astype(object) for k, v in said.items()}


def capped_limits(
    said: dict[str, np.ndarray],
    lcl: np.ndarray,
    ucl: np.ndarray,
    lowest: np.ndarray,
    highest: np.ndarray,
) -> dict[str, np.ndarray]:
    """The limits of :func:`sentence_numbers` (after :func:`with_percent`) said as no lower
    than ``lowest`` and no higher than ``highest`` (per row; NaN: no bound) where they lie
    beyond: a percentage's upper limit of 100.3 reads "100%", as a board paper would give
    it ("within the limits (85.7% to 100%)"), a lower limit of −1.2 "0%". The numbers in the
    table are the limits as computed.

    >>> said = {"lcl": np.array(["85.7%", "-1.2%"], dtype=object),
    ...         "ucl": np.array(["100.3%", "7.5%"], dtype=object)}
    >>> out = capped_limits(said, np.array([85.7, -1.2]), np.array([100.3, 7.5]),
    ...                     np.array([0.0, 0.0]), np.array([100.0, 100.0]))
    >>> out["lcl"].tolist(), out["ucl"].tolist()
    (['85.7%', '0%'], ['100%', '7.5%'])
    """
    out = dict(said)
    for name, limit, bound, beyond in (
        ("lcl", lcl, lowest, np.less),
        ("ucl", ucl, highest, np.greater),
    ):
        with np.errstate(invalid="ignore"):
            past = beyond(limit, bound) & ~np.isnan(bound)
        words = said[name]
        percent = np.char.endswith(np.asarray(words, dtype=str), "%")
        bound_said = format_numbers(bound) + np.where(percent, "%", "")
        out[name] = np.where(past, bound_said, words).astype(object)
    return out


def _exact(v: np.ndarray, decimals: int) -> np.ndarray:
    """Whether each ``v`` is written exactly with ``decimals`` decimals (to 1e-9 of its size,
    as binary fractions such as 0.1 + 0.2 are not exact)."""
    return np.abs(_round(v, decimals) - v) <= 1e-9 * np.fmax(np.abs(v), 1.0)


def _round(v: np.ndarray, decimals: np.ndarray | int) -> np.ndarray:
    """``v`` rounded to each row's number of decimals."""
    scale = 10.0 ** np.asarray(decimals, dtype=float)
    return np.round(v * scale) / scale


def format_x(x: pd.Series, kind: str, spacing: np.ndarray) -> np.ndarray:
    """Each x as it reads after "since": ``Jun 2023`` for monthly dates, ``Apr–Jun 2023`` for
    quarterly, ``Apr–Sep 2023`` half-yearly and ``Apr 2023–Mar 2024`` yearly ones (the months
    the period covers, as :mod:`qistats._stale` reads them: a date in the second half of a
    month ends its period), ``Jun 2023`` for other spacings of a month or more, ``w/c 5 Jun
    2023`` for weeks (week commencing: the board reads a week from its date), else
    ``5 Jun 2023``; numbers and categories as they are. Each distinct x is formatted once.
    A quarter named by its first month ("Apr 2024") read as April's figure.

    >>> q = pd.Series(pd.to_datetime(["2024-04-01", "2024-06-30", "2023-11-01"]))
    >>> format_x(q, "datetime", np.full(3, 91 * _DAY_NS)).tolist()
    ['Apr–Jun 2024', 'Apr–Jun 2024', 'Nov 2023–Jan 2024']
    >>> format_x(q[:1], "datetime", np.full(1, 365 * _DAY_NS)).tolist()
    ['Apr 2024–Mar 2025']
    >>> format_x(q[:1], "datetime", np.full(1, 7 * _DAY_NS)).tolist()
    ['w/c 1 Apr 2024']
    """
    codes, uniques = pd.factorize(x, use_na_sentinel=True)
    u = pd.Series(uniques)
    if kind == "datetime":
        month = u.dt.strftime("%b %Y").to_numpy(dtype=object)
        day = u.dt.strftime("%d %b %Y").str.lstrip("0").to_numpy(dtype=object)
        gap = np.nan_to_num(spacing, nan=0.0)
        # a week by its first day, as the board reads it (a week-ending date
        # reads "w/c 29 Sep 2024", which its analyst can see is not the week meant)
        weekly = (gap >= 6 * _DAY_NS) & (gap <= 8 * _DAY_NS)
        out = np.where(gap >= 27 * _DAY_NS, month[codes], day[codes])
        out = np.where(weekly, "w/c " + out.astype(str), out).astype(object)
        months = calendar_months(spacing)
        longer = np.flatnonzero((months > 1) & (codes >= 0))
        if longer.size:  # the months of a quarter, half-year or year
            out[longer] = _month_span(u, codes[longer], months[longer])
        return out
    if kind == "number":
        return format_numbers(u.to_numpy(dtype=float), thousands=False)[codes]
    return u.astype(str).to_numpy(dtype=object)[codes]


def _month_span(u: pd.Series, codes: np.ndarray, months: np.ndarray) -> np.ndarray:
    """ "Apr–Jun 2024" or "Nov 2023–Jan 2024": the ``months`` calendar months of the period of
    each date ``u[codes]`` (in its zone's calendar), one name per distinct date and length."""
    local = u.dt.tz_localize(None) if getattr(u.dt, "tz", None) is not None else u
    pairs, at = np.unique(np.stack([codes, months]), axis=1, return_inverse=True)
    dates = local.iloc[pairs[0]].reset_index(drop=True)
    index = (dates.dt.year * 12 + dates.dt.month - 1).to_numpy()
    k = pairs[1]
    start = np.where(dates.dt.day.to_numpy() > 15, index - k + 1, index)
    end = start + k - 1
    names = np.array(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        dtype=object,
    )
    first, last = names[start % 12], names[end % 12] + " " + (end // 12).astype(str)
    same_year = start // 12 == end // 12
    said = np.where(same_year, first, first + " " + (start // 12).astype(str)) + "–" + last
    return said.astype(object)[np.asarray(at).reshape(-1)]


#: Numbers that read as calendar years (x ``2010``, ``2011``, … a year apart).
YEARS = (1900, 2100)


def period_words(kind: str, spacing: np.ndarray, latest: np.ndarray | None = None) -> np.ndarray:
    """The plural of each series' period (``months``, ``weeks``, …) from its typical spacing;
    for numbers (``latest``: each series' latest x), ``years`` where they are whole numbers
    from 1900 to 2100 one apart (2010, 2011, …), else ``periods``.

    >>> period_words("number", np.array([1.0, 1.0, 2.0]), np.array([2023.0, 24.0, 2022.0]))
    array(['years', 'periods', 'periods'], dtype=object)
    """
    words = strings(spacing.shape[0], "periods")
    if kind == "number" and latest is not None:
        with np.errstate(invalid="ignore"):
            years = (spacing == 1) & (latest == np.round(latest))
            years &= (latest >= YEARS[0]) & (latest <= YEARS[1])
        words[years] = "years"
    if kind != "datetime":
        return words
    days = spacing / _DAY_NS
    for lo, hi, word in (
        (0.5, 1.5, "days"),
        (6, 8, "weeks"),
        (27, 32, "months"),
        (85, 95, "quarters"),
        (360, 370, "years"),
    ):
        words[(days >= lo) & (days <= hi)] = word
    return words


def arrears_words(lag: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """The start of the sentence of a series reported in arrears (behind the report's period,
    within its measure's ``lag``; ``periods``: its periods in words, plural), before its
    latest period.

    >>> said = arrears_words(np.array([1, 2]), np.array(["months", "quarters"], dtype=object))
    >>> said.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['Reported in arrears (lag of 1 month): latest ',
     'Reported in arrears (lag of 2 quarters): latest ']
    """
    one = np.char.rstrip(periods.astype(str), "s").astype(object)
    unit = np.where(lag == 1, one, periods)
    return (
        "Reported in arrears (lag of "
        + format_numbers(lag.astype(float))
        + " "
        + unit
        + "): latest "
    ).astype(object)


def rule_name(column: str, rule: Any) -> str:
    """A rule's short name in words."""
    if column in RULE_NAMES:
        return RULE_NAMES[column]
    return rule.describe() if rule is not None else column


def join(parts: list[np.ndarray], sep: str) -> np.ndarray:
    """Join the non-empty strings of each row."""
    if not parts:
        return np.zeros(0, dtype=object)
    out = parts[0].astype(object).copy()
    for p in parts[1:]:
        both = (out != "") & (p != "")
        out = np.where(both, out + sep + p, np.where(out == "", p, out))
    return out


def listed(parts: list[np.ndarray]) -> np.ndarray:
    """The non-empty strings of each row as a list in words: "a", "a and b", "a, b and c"
    (the rules behind an icon read as a list, not a chain of "and"s).

    >>> listed([np.array(["a", "a", ""]), np.array(["b", "", ""]), np.array(["c", "c", "c"])])
    array(['a, b and c', 'a and c', 'c'], dtype=object)
    """
    n = parts[0].shape[0] if parts else 0
    out = strings(n)
    count = np.zeros(n, dtype=np.int64)
    for p in parts:
        count += p != ""
    seen = np.zeros(n, dtype=np.int64)
    for p in parts:
        has = p != ""
        seen += has
        sep = np.where(seen == 1, "", np.where(seen == count, " and ", ", "))
        out = np.where(has, out + sep + p, out)
    return out


def rule_evidence(
    column: str,
    rule: Any,
    behind: np.ndarray,
    length: np.ndarray,
    first: np.ndarray,
    sign: np.ndarray,
    said: dict[str, np.ndarray],
    centre: np.ndarray,
    x_text: Any,
) -> np.ndarray:
    """What a rule saw at each series' latest point, where it is behind the variation icon.

    ``said``: the value and limits in words (:func:`sentence_numbers`); ``centre``: each
    row's centre line in words ("mean", or "median" on a run or G chart); ``x_text(points)``
    formats the x of the given points."""
    out = strings(behind.shape[0])
    i = np.flatnonzero(behind)
    if i.size == 0:
        return out
    up = sign[i] > 0
    k = format_numbers(length[i].astype(float))
    the = "the " + centre[i]
    if column == "outside_limits":
        text = np.where(
            up,
            "the latest point ("
            + said["value"][i]
            + ") is above the upper limit ("
            + said["ucl"][i]
            + ")",
            "the latest point ("
            + said["value"][i]
            + ") is below the lower limit ("
            + said["lcl"][i]
            + ")",
        )
    elif column in ("shift", "long_run"):
        text = k + np.where(up, " points above ", " points below ") + the
    elif column == "trend":
        text = k + np.where(up, " points in a row rising", " points in a row falling")
    elif column == "two_of_three":
        text = np.where(
            up,
            "2 of the last 3 points more than 2σ above " + the,
            "2 of the last 3 points more than 2σ below " + the,
        )
    else:
        text = strings(i.size, rule_name(column, rule))
    if column in ("shift", "long_run", "trend"):
        text = text + " since " + x_text(first[i])
    out[i] = text
    return out


def undirected_evidence(column: str, rule: Any) -> str:
    """What a rule without a direction saw when it flags a series' latest point."""
    if column == "few_crossings":
        return "the points cross the centre line too few times in this phase (runs analysis)"
    return rule_name(column, rule)


def reasons(
    *,
    has: np.ndarray,
    variation: np.ndarray,
    evidence: np.ndarray,
    undirected: np.ndarray,
    assurance: np.ndarray,
    good: np.ndarray,
    target: np.ndarray,
    lcl: np.ndarray,
    ucl: np.ndarray,
    said: dict[str, np.ndarray],
    has_limits: np.ndarray,
    single: np.ndarray,
    periods: np.ndarray,
    trial: np.ndarray,
    phase_points: np.ndarray,
    min_points: np.ndarray,
    frozen: np.ndarray,
    shifted: np.ndarray | None = None,
    mixed: np.ndarray | None = None,
    rebase_words: tuple[np.ndarray, np.ndarray] | None = None,
    grouped: bool = False,
    ranges: dict[str, tuple[np.ndarray, ...]] | None = None,
    lowest: np.ndarray | None = None,
    highest: np.ndarray | None = None,
    judged_points: np.ndarray | None = None,
) -> np.ndarray:
    """One plain-English sentence per series: the variation icon, then the assurance icon.

    ``said``: the target and limits in words (:func:`sentence_numbers`).

    ``undirected``: what rules without a direction (few crossings, …) saw at the latest point
    ("" where none flags it): a special cause that is neither improvement nor concern. It is
    said beside the icon, which only rules with a direction set.

    ``single``: an Xbar chart with one row in every period (no spread within them, so no
    limits: said so rather than "too few points").

    ``trial``: the latest phase is shorter than ``min_points``, so its limits are trial limits
    from ``phase_points`` observed points: the sentence says so, and the target is not
    assessed (the assurance icon is withheld). ``frozen``: those points are a baseline
    (``freeze``) shorter than the phase, which a later freeze lengthens, not more data.

    ``shifted``: a run on one side of the centre line (shift, long run) flags the latest point
    of a phase whose limits come from a frozen baseline: the limits describe the baseline,
    which the process has left, so the target is not said to be met or missed
    "consistently"; a rebase at the run's first point is suggested. ``mixed``: such a run
    flags the latest point of a phase whose limits come from all its points, before the run
    and in it, and the target is within them or beyond them on the side the run went to: the
    limits mix two levels, so the target is not said to be met or missed "consistently" or
    by turns; a rebase at the run's first point is suggested. ``rebase_words`` per row: that
    point's period in words ("Sep 2023") and as a ``rebase`` cell takes it ("2023-09-01");
    ``grouped``: the board has ``by`` groups, each a series of the measure that its rebase
    splits too. ``ranges``: per limit ("lcl", "ucl"), its smallest and largest value over
    the latest phase and those in words; where the limit the target is compared with varies
    (U, P charts) and its range holds the target, the sentence says the target is within its
    range, not "consistently" met or missed. The assurance icon is the latest
    point's, as NHSRplotthedots gives it.

    ``judged_points``: per row, the observed, included points of the latest phase; a series
    with data but no variation icon (fewer than ``MIN_JUDGED``, Making Data Count rules) is
    said to have too few points to judge, with that count.

    ``lowest``, ``highest``: per row, the lowest and highest values the measure can take (NaN:
    no bound; see :func:`capped_limits`). A target equal to a limit is said to be *at* it, not
    "within the limits", and at the lowest or highest possible value as well where it is one
    ("the target of 0 is at the lower limit, the lowest possible value (limits 0 to 2.49)",
    a C chart of C. diff cases).

    Limits that read the same are said once: "the target of 100% is at both limits (100%: no
    variation in this phase), so the process is on the target", a P chart at 100 % since its
    rebase ("in the baseline" for a frozen baseline's), not "(limits 100% to 100%)".
    """
    n = has.shape[0]
    var = variation.astype(str)
    kind = np.char.rpartition(var, "_")[:, 0]
    side = np.where(np.char.endswith(var, "high"), "higher", "lower")
    plain = undirected != ""
    evidence = np.where(evidence == "", "a rule flags the latest point", evidence)
    evidence = np.where(plain, evidence + ", and " + undirected, evidence)
    no_limits = has_limits & (np.isnan(lcl) | np.isnan(ucl))
    common = np.select(
        [plain, no_limits & single, no_limits],
        [
            "No special cause with a direction (common cause icon), but "
            + undirected
            + ": a non-random pattern that is neither improvement nor concern; find its cause"
            # a run chart has no limits to rely on
            + np.where(has_limits, " before relying on the limits", ""),
            strings(
                n,
                "Common cause variation: no limits, with one row a period (an Xbar chart's "
                "limits come from the rows within each period; chart 'xmr' suits one value a "
                "period)",
            ),
            strings(n, "Common cause variation: too few points for limits yet"),
        ],
        default="Common cause variation: the latest point shows no special cause",
    )
    few = has & pd.isna(variation)  # no variation icon: 1 or 2 points (see qistats._icons)
    k_few = np.zeros(n) if judged_points is None else judged_points.astype(float)
    too_few = (
        "Too few points to judge the variation: "
        + format_numbers(k_few)
        + np.where(k_few == 1, " point so far", " points so far")
        + f" (a variation icon needs {MIN_JUDGED})"
    )
    head = np.select(
        [~has, few, var == "common_cause", kind == "improvement", kind == "concern"],
        [
            strings(n, "No data: nothing has been recorded yet"),
            too_few,
            common,
            "Special cause improvement: " + evidence,
            "Special cause concern: " + evidence,
        ],
        default="Special cause variation ("
        + side
        + ", neither improvement nor concern): "
        + evidence,
    )

    t = "the target of " + said["target"]
    lo, hi = said["lcl"], said["ucl"]
    # limits that read the same are said once, not "100% to 100%": equal limits are a phase
    # without variation (a P chart at 100 % throughout, an XmR chart of one value repeated)
    same = (lo == hi) & (lo != "")
    with np.errstate(invalid="ignore"):
        flat = same & (lcl == ucl)
    # said where the limits are equal: of the points they come from, a frozen baseline's
    still = np.where(frozen, _still(flat, "the baseline"), _still(flat, "this phase"))
    trial = trial & has & ~np.isnan(lcl) & ~np.isnan(ucl)
    with np.errstate(invalid="ignore"):
        where = np.where(target < lcl, "below", np.where(target > ucl, "above", "within"))
    where = np.where(same & (where == "within"), "at", where)
    withheld = (
        t
        + np.where(
            frozen,
            " is not assessed until the baseline has ",
            " is not assessed until the phase has ",
        )
        + format_numbers(min_points.astype(float))
        + " points (for now it is "
        + where
        + np.where(
            same,
            " the trial limits, which are both " + lo + still,
            " the trial limits, " + lo + " to " + hi,
        )
        + ")"
    )
    up = good > 0
    good_limit = np.where(
        up, " is below the lower limit (" + lo, " is above the upper limit (" + hi
    )
    bad_limit = np.where(up, " is above the upper limit (" + hi, " is below the lower limit (" + lo)
    good_limit, bad_limit = good_limit + still, bad_limit + still
    meet = np.full(n, "), so the process will consistently meet it", dtype=object)
    miss = np.full(n, "), so the process will consistently miss it unless it changes", dtype=object)
    if ranges is not None:  # a varying limit whose range holds the target
        with np.errstate(invalid="ignore"):
            below = target < lcl  # compared with the lower limit, else with the upper
        low_, high_, low_said, high_said = (
            np.where(below, ranges["lcl"][k], ranges["ucl"][k]) for k in range(4)
        )
        with np.errstate(invalid="ignore"):
            straddle = (low_ < high_) & (low_ <= target) & (target <= high_)
        which = np.where(below, "lower", "upper")
        varies = (
            " at the latest point), but the "
            + which
            + " limit varies with the denominator ("
            + low_said
            + " to "
            + high_said
            + " in this phase) and the target is within that range, so it may be met in some "
            + periods
            + " and missed in others"
        )
        meet, miss = np.where(straddle, varies, meet), np.where(straddle, varies, miss)
    within = (
        " is within the limits (" + lo + " to " + hi + "), so it will be met some "
        + periods + " and missed in others"
    )  # fmt: skip
    # a target on a limit (a C chart's 0 on its lower limit of 0): at it, not within them
    lowest = np.full(n, np.nan) if lowest is None else lowest
    highest = np.full(n, np.nan) if highest is None else highest
    with np.errstate(invalid="ignore"):
        at_lo = (target == lcl) | ((target == lowest) & (lcl <= lowest))
        at_hi = ~at_lo & ((target == ucl) | ((target == highest) & (ucl >= highest)))
        at_lo |= ~at_hi & (said["target"] == lo)  # equal as said: 100% and 100%
        at_hi |= ~at_lo & (said["target"] == hi)
        possible = np.where(
            at_lo & (target == lowest),
            ", the lowest possible value",
            np.where(at_hi & (target == highest), ", the highest possible value", ""),
        )
    on_limit = (
        " is at the " + np.where(at_lo, "lower", "upper") + " limit" + possible + " (limits "
        + lo + " to " + hi + "), so it will be met some " + periods + " and missed in others"
    )  # fmt: skip
    within = np.where(at_lo | at_hi, on_limit, within)
    # equal limits hold the target only where it equals them: the process sits on it
    inside = np.where(
        same,
        " is at both limits (" + lo + still + ")",
        " is within the limits (" + lo + " to " + hi + ")",
    )
    on_both = inside + np.where(
        flat,
        ", so the process is on the target",
        ", so it will be met some " + periods + " and missed in others",
    )
    within = np.where(same, on_both, within)
    advice = None  # where it shifted, as the measures table takes it
    if rebase_words is not None:
        since, at = rebase_words
        advice = (
            ": add "
            + at
            + " to the measure's 'rebase' in the measures table"
            + np.where(grouped, " (it rebases every series of the measure)", "")
            + " to judge the target on the process as it is now"
        )
    if shifted is not None:  # limits of a baseline the process has left
        left = (
            ", but these are the limits of the frozen baseline, which the process has shifted "
            "away from: start a new phase where it shifted to judge the target on the process "
            "as it is now"
        )
        if advice is not None:
            left = (
                ", but these are the limits of the frozen baseline, which the process has "
                "shifted away from since " + since + advice
            )
        meet = np.where(shifted, ")" + left, meet)
        miss = np.where(shifted, ")" + left, miss)
        within = np.where(shifted, inside + left, within)
    if mixed is not None and advice is not None and mixed.any():  # two levels
        mix = (
            ", but the process has shifted since "
            + since
            + " and these limits mix both levels"
            + advice
        )
        meet = np.where(mixed, ")" + mix, meet)
        miss = np.where(mixed, ")" + mix, miss)
        within = np.where(mixed, inside + mix, within)
    tail = np.select(
        [
            ~has | np.isnan(target),
            good == 0,
            trial,
            assurance == "pass",
            assurance == "fail",
            assurance == "hit_or_miss",
        ],
        [
            strings(n),
            t + " is not assessed, as the measure has no improvement direction",
            withheld,
            t + good_limit + meet,
            t + bad_limit + miss,
            t + within,
        ],
        default=t + " cannot be assessed without limits",
    )
    trial_words = (
        np.where(
            frozen,
            "the limits are trial limits from a baseline of ",
            "the limits are trial limits from ",
        )
        + format_numbers(phase_points.astype(float))
        + np.where(phase_points == 1, " point (fewer than ", " points (fewer than ")
        + format_numbers(min_points.astype(float))
        + ")"
    )
    head = np.where(trial, head + "; " + trial_words, head)
    sep = np.where(trial & (good != 0), ", so ", "; ")
    return np.where(tail == "", head + ".", head + sep + tail + ".").astype(object)


def _still(flat: np.ndarray, where: str) -> np.ndarray:
    """The note after limits that are equal (``flat``): why, the points they come from
    (``where``) do not vary; else ""."""
    return np.where(flat, ": no variation in " + where, "").astype(object)
