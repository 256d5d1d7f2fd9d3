"""The board table as HTML: every user string escaped, the icons drawn inline as SVG.

By default the table a board pack shows: one row per measure (× group) with human headings,
the latest period in words ("Mar 2024", "(stale)" when it is not the report's), the value,
the target and the two icons, and the reason on a line under the row, across the table.
``columns="all"`` gives every column of :meth:`Board.table`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._args import as_list, fmt
from ._board_text import format_numbers
from .errors import ArgumentError
from .plot.icons import icon_label, icon_svg

_HIDDEN = ("rules_fired", "last_values")
#: Headings of the table's own columns (others are headed by their name as given).
HEADINGS = {
    "name": "Measure",
    "unit": "Unit",
    "latest_x": "Latest",
    "latest_value": "Value",
    "target": "Target",
    "cl": "Mean",
    "lcl": "Lower limit",
    "ucl": "Upper limit",
    "variation": "Variation",
    "assurance": "Assurance",
    "rules_fired": "Rules",
    "last_values": "Last three",
    "n_points": "Points",
    "short_phase": "Short phase",
    "rare_events": "Rare events",
    "period_counts": "Counts per period",
    "stale": "Stale",
    "open_gap": "Days since last event",
    "reason": "Reason",
}
_STYLE = (
    "<style>"
    ".qistats-board{border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;"
    "font-size:13px}"
    ".qistats-board th,.qistats-board td{border-bottom:1px solid #d9d9d9;padding:4px 8px;"
    "text-align:left;vertical-align:middle}"
    ".qistats-board th{white-space:nowrap}"
    ".qistats-board .qistats-num{text-align:right;white-space:nowrap}"
    ".qistats-board td.qistats-date{white-space:nowrap}"
    ".qistats-board .qistats-nowrap{white-space:nowrap}"
    ".qistats-board .qistats-icon-cell{text-align:center}"
    ".qistats-board td.qistats-reason{font-size:12px;line-height:1.3;color:#404040;"
    "min-width:18em;max-width:40em}"
    ".qistats-board td.qistats-name{min-width:8em}"
    ".qistats-board tr.qistats-main td{border-bottom:none;padding-bottom:0}"
    ".qistats-board tr.qistats-reason-row td{font-size:12px;line-height:1.3;color:#404040;"
    "padding-top:2px;padding-bottom:6px}"
    ".qistats-board-wrap{overflow-x:auto}"
    ".qistats-board .qistats-stale{color:#B45F06}"
    ".qistats-board .qistats-lag{color:#595959}"
    ".qistats-board .qistats-trial{color:#595959;font-style:italic;white-space:nowrap}"
    "</style>"
)


_MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
#: Text a line must not break inside: an ISO date or month ("2023-09-01", which a browser
#: breaks at its hyphens), a range joined by an en dash ("Apr–Jun 2024", "Nov 2023–Jan 2024",
#: "4.3–15.7", which it breaks after the dash) and a month with its year ("27 Mar 2023").
_UNBROKEN = re.compile(
    r"(?<![\w-])\d{4}-\d{2}(?:-\d{2})?(?![\w-])"
    rf"|(?:(?:\d{{1,2}} )?{_MONTH} )?[^\s–]+–(?:{_MONTH} \d{{2}}(?:\d{{2}})?\b|[^\s–]+)"
    rf"|(?:\b\d{{1,2}} )?\b{_MONTH} \d{{4}}\b"
)


def unbroken(text: str) -> str:
    """Escaped ``text`` with its dates and ranges (:data:`_UNBROKEN`) each in a span that
    keeps it on one line (``white-space: nowrap``): the characters stay as they are, so the
    text copies and reads aloud unchanged.

    >>> unbroken("add 2023-09-01 to it")
    'add <span class="qistats-nowrap">2023-09-01</span> to it'
    >>> unbroken("since Apr–Jun 2024 (4.3–15.7)").count("nowrap")
    2
    """
    return _UNBROKEN.sub(r'<span class="qistats-nowrap">\g<0></span>', text)


def default_columns(table: pd.DataFrame, measure: str) -> list[str]:
    """The board pack's columns: the measure's name, its groups, unit and carried columns,
    then the latest period, value, target and icons (the reason goes on a line under each
    row; the key, the limits and the counts stay in :meth:`Board.table`)."""
    cols = list(table.columns)
    groups = cols[cols.index(measure) + 1 : cols.index("name")]
    carried = cols[cols.index("unit") + 1 : cols.index("latest_x")]
    shown = ["latest_x", "latest_value", "target", "variation", "assurance"]
    # a column empty in every row says nothing: no unit or no target in the measures table
    unit = ["unit"] if (table["unit"].fillna("").astype(str) != "").any() else []
    if not table["target"].notna().any():
        shown.remove("target")
    return ["name", *groups, *unit, *carried, *shown]


#: The table's columns of a measure's numbers, written with one number of decimals a measure.
MEASURE_NUMBERS = ("latest_value", "target", "cl", "lcl", "ucl")


def measure_decimals(
    values: pd.Series, measures: pd.Series, targets: pd.Series | None = None
) -> np.ndarray:
    """Per row, its measure's number of decimals: enough for three significant figures of
    the median size of the measure's latest values (0 from 100 up, 1 from 10, 2 from 1, …,
    at most 6), so that the rows of one measure line up ("154.6" and "7.4", not "7.41").
    With ``targets``, more where a value would read the same as its row's target though it
    differs: SHMI 100.28 beside a target of 100 read "100" and "100".

    >>> measure_decimals(pd.Series([100.28, 98.0]), pd.Series(["shmi", "shmi"]),
    ...                  pd.Series([100.0, 100.0])).tolist()
    [1, 1]
    """
    v = values.to_numpy(dtype=float)
    codes = pd.factorize(measures)[0]
    size = pd.Series(np.abs(v)).groupby(codes).transform("median")
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = 2 - np.floor(np.log10(size.to_numpy()))
    out = np.where(np.isfinite(raw), np.clip(raw, 0, 6), 0).astype(int)  # all 0: "0"
    if targets is None:
        return out
    t = targets.to_numpy(dtype=float)
    whole = np.round(t) == t  # a whole target reads as stated ("100")
    with np.errstate(invalid="ignore"):
        for _ in range(6):  # at most six more decimals
            clash = np.isfinite(v) & np.isfinite(t) & (v != t) & (out < 6)
            clash &= _rounded(v, out) == np.where(whole, t, _rounded(t, out))
            if not clash.any():
                break
            more = np.zeros(codes.max() + 1, dtype=bool)
            more[codes[clash]] = True  # the whole measure: its rows line up
            out = out + more[codes]
    return out


def _rounded(v: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Each number rounded to its row's number of decimals."""
    scale = 10.0 ** decimals.astype(float)
    return np.round(v * scale) / scale


def measure_numbers(values: pd.Series, decimals: np.ndarray) -> np.ndarray:
    """Numbers as text with each row's number of decimals, thousands separated ("" for
    missing)."""
    v = values.to_numpy(dtype=float) + 0.0  # -0.0 reads 0
    return np.array(
        ["" if np.isnan(x) else f"{x:,.{d}f}" for x, d in zip(v, decimals, strict=True)],
        dtype=object,
    )


def display_names(names: pd.Series, keys: pd.Series) -> np.ndarray:
    """Each row's measure name as the board's charts title it: the ``name`` given, or the
    measure's id in words where the measures table gave none (``beds_closed`` reads "beds
    closed")."""
    given = names.astype(str).to_numpy() != keys.astype(str).to_numpy()
    words = keys.map(lambda k: k.replace("_", " ") if isinstance(k, str) else str(k))
    return np.where(given, names.astype(str).to_numpy(), words.to_numpy()).astype(object)


def _heading(column: object) -> str:
    """The table's own columns in words; a carried or ``by`` column by its name, read as
    words (``org_code`` is "Org code")."""
    if isinstance(column, str) and column in HEADINGS:
        return HEADINGS[column]
    text = str(column).replace("_", " ")
    return text[:1].upper() + text[1:]


def _cell(values: pd.Series) -> np.ndarray:
    """Escaped text of a column: numbers as in sentences (thousands separated), dates as
    dates, lists joined."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.where(values.to_numpy(dtype=bool), "yes", "").astype(object)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return format_numbers(values.to_numpy(dtype=float))
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    text = values.map(
        lambda v: (
            _listed(v)
            if isinstance(v, list)
            else ("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
        )
    )
    return np.array([unbroken(html.escape(s, quote=True)) for s in text], dtype=object)


def _listed(values: list) -> str:
    """A cell holding a list: numbers as in sentences ("12,000; 11,500"), anything else (a
    carried column of names, "Dr A; Dr B") as text, dates as dates (a list of
    names raised a ValueError from ``to_html()`` and ``_repr_html_``).

    >>> _listed([12000, 11500.0]), _listed(["Dr A", "Dr B"]), _listed([pd.Timestamp("2024-04-01")])
    ('12,000; 11,500', 'Dr A; Dr B', '2024-04-01')
    """
    numbers = (int, float, np.integer, np.floating)
    if all(isinstance(v, numbers) and not isinstance(v, (bool, np.bool_)) for v in values):
        return "; ".join(format_numbers(np.asarray(values, dtype=float)))
    return "; ".join(
        f"{v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) and v == v.normalize() else str(v)
        for v in values
    )


#: The assurance cell of a series whose assurance is withheld (a short latest phase).
TRIAL = (
    '<span class="qistats-trial" title="The latest phase has fewer points than min_points: '
    'its limits are trial limits, so the target is not assessed yet">trial limits</span>'
)


#: The assurance cell of a series whose latest phase is too short for any limits (one point):
#: its target is not assessed yet, as with trial limits (it read "–", as no target).
FEW = (
    '<span class="qistats-trial" title="The latest phase has too few points for any limits '
    'yet, so the target is not assessed">too few points</span>'
)


#: The variation cell of a series whose latest phase has 1 or 2 points: no rule could find a
#: special cause, so no icon (the common-cause icon would say "no signal").
FEW_VARIATION = (
    '<span class="qistats-trial" title="The latest phase has too few points to judge its '
    'variation (a variation icon needs 3)">too few points</span>'
)


#: The assurance cell of a series with a target but no improvement direction: its target
#: cannot be met or missed (an 'improvement' column left out emptied every cell).
UNDIRECTED = (
    '<span class="qistats-trial" title="The measure has a target but no improvement direction '
    '(its improvement is neutral or missing), so the target is not assessed">no direction</span>'
)


#: Added to the variation cell of a rare-event series (the reason says why).
RARE = (
    ' <span class="qistats-trial" title="Counts of rare events: its special-cause icons are '
    'likely noise; a G or T chart suits them">rare events</span>'
)


#: Added to the variation cell of a G or T chart of counts per period (the reason says why).
PERIOD_COUNTS = (
    ' <span class="qistats-trial" title="Counts per period on a G or T chart, whose values '
    "are the cases or time between events: the chart means nothing; a C or U chart suits "
    'them">counts per period?</span>'
)


def _icons(
    values: pd.Series,
    size: float,
    withheld: np.ndarray | None = None,
    undirected: np.ndarray | None = None,
    limitless: np.ndarray | None = None,
) -> np.ndarray:
    """Inline SVG of each icon (one drawing per distinct icon, reused); "trial limits" where
    ``withheld`` ("too few points" where also ``limitless``), "no direction" where
    ``undirected``."""
    raw = values.astype(object).where(values.notna(), None).to_numpy()
    out = np.full(raw.shape[0], '<span title="no icon">–</span>', dtype=object)
    if undirected is not None:
        out[undirected] = UNDIRECTED
    if withheld is not None:
        out[withheld] = TRIAL
        if limitless is not None:
            out[withheld & limitless] = FEW
    for name in pd.unique(raw[pd.notna(raw)]):  # at most ten icon names
        svg = icon_svg(str(name), size)
        out[raw == name] = f"{svg}<span hidden>{html.escape(icon_label(str(name)))}</span>"
    return out


#: The icons in the order a board pack reads them, most urgent first: concerns, then other
#: special causes (improvement, neutral), then common cause; failing assurance first.
SEVERITY = {
    "variation": (
        "concern_high",
        "concern_low",
        "improvement_high",
        "improvement_low",
        "neutral_high",
        "neutral_low",
        "common_cause",
    ),
    "assurance": ("fail", "hit_or_miss", "pass"),
}


def _by_severity(col: pd.Series) -> pd.Series:
    """A sort key: the ``variation`` and ``assurance`` icons by :data:`SEVERITY` (no icon
    last), any other column as itself."""
    order = SEVERITY.get(col.name)
    if order is None:
        return col
    return col.map({v: i for i, v in enumerate(order)}).astype(float)


def board_html(
    table: pd.DataFrame,
    measure: str,
    columns: str | Sequence[str] | None,
    sort_by: str | Sequence[str] | None,
    icon_size: float,
    latest_text: np.ndarray,
    arrears: np.ndarray,
    withheld: np.ndarray,
    undirected: np.ndarray,
    counts: np.ndarray,
    percent: np.ndarray | None = None,
) -> str:
    """A ``<table class="qistats-board">`` of the board table (``latest_text``: each row's
    latest period in words; ``arrears``: rows behind the report's period within their
    measure's lag, marked "(in arrears)"; ``withheld``: rows whose assurance is withheld,
    trial limits; ``undirected``: rows with a target but no improvement direction, marked
    "no direction"; ``counts``: rows of a measure whose values are all whole numbers, whose
    value is written whole; ``percent``: rows of a measure shown in percent without a unit,
    whose value, target, mean, limits and last values get "%", as their sentence writes
    them).

    A measure's numbers (value, target, mean and limits) share one number of decimals
    (:func:`measure_decimals`), but a whole target reads as stated ("95"); a measure of
    counts has a whole value and at most one decimal in its mean and limits."""
    if columns is None:
        cols = default_columns(table, measure)
    elif isinstance(columns, str) and columns == "all":
        cols = [c for c in table.columns if c not in _HIDDEN] + list(_HIDDEN)
    else:
        cols = as_list(columns)
    for c in cols + (as_list(sort_by) if sort_by is not None else []):
        if c not in table.columns:
            raise ArgumentError(
                f"{fmt(c)}: not a column of the board table; the columns are "
                f"{', '.join(map(str, table.columns))} (or columns='all')."
            )
    latest = pd.Series(latest_text, index=table.index, dtype=object)
    behind = pd.Series(arrears, index=table.index, dtype=bool)
    trial = pd.Series(withheld, index=table.index, dtype=bool)
    aimless = pd.Series(undirected, index=table.index, dtype=bool)
    whole = pd.Series(counts, index=table.index, dtype=bool)
    in_percent = pd.Series(
        np.zeros(len(table), dtype=bool) if percent is None else percent,
        index=table.index,
        dtype=bool,
    )
    if sort_by is not None:
        table = table.sort_values(as_list(sort_by), kind="stable", key=_by_severity)
        latest = latest.loc[table.index]
        behind = behind.loc[table.index]
        trial = trial.loc[table.index]
        aimless = aimless.loc[table.index]
        whole = whole.loc[table.index]
        in_percent = in_percent.loc[table.index]
    decimals = measure_decimals(table["latest_value"], table[measure], table["target"])
    whole_rows = whole.to_numpy()
    number_decimals = {
        c: np.where(whole_rows, np.minimum(decimals, 1), decimals) for c in MEASURE_NUMBERS
    }
    number_decimals["latest_value"] = np.where(whole_rows, 0, decimals)
    target = table["target"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):  # a target as stated: 95, not 95.0
        number_decimals["target"] = np.where(
            np.round(target) == target, 0, number_decimals["target"]
        )
    sign = np.where(in_percent.to_numpy(), "%", "").astype(object)
    body = []
    for c in cols:
        if c in ("variation", "assurance"):
            # namespaced classes: a host page's own "icon" or "num" styles (Sphinx's furo
            # theme makes every .icon an inline block) must not break the table
            if c == "assurance":
                limitless = table[["lcl", "ucl"]].isna().all(axis=1).to_numpy()
                cells = _icons(table[c], icon_size, trial.to_numpy(), aimless.to_numpy(), limitless)
            else:
                cells = _icons(table[c], icon_size)
                few = table["latest_value"].notna().to_numpy() & table[c].isna().to_numpy()
                cells = np.where(few, FEW_VARIATION, cells)
            if c == "variation" and "rare_events" in table:
                rare = table["rare_events"].to_numpy(dtype=bool)
                cells = np.where(rare, cells + RARE, cells)
            if c == "variation" and "period_counts" in table:
                counted = table["period_counts"].to_numpy(dtype=bool)
                cells = np.where(counted, cells + PERIOD_COUNTS, cells)
            body.append(("qistats-icon-cell", cells))
        elif c == "latest_x":
            stale = table["stale"].to_numpy(dtype=bool)
            words = np.array([html.escape(str(t)) for t in latest], dtype=object)
            mark = np.where(
                stale & (words != ""), ' <span class="qistats-stale">(stale)</span>', ""
            )
            lag = ' <span class="qistats-lag">(in arrears)</span>'
            mark = np.where(behind.to_numpy() & (words != ""), lag, mark)
            body.append(("qistats-date", words + mark.astype(object)))
        elif c == "name":
            names = pd.Series(display_names(table[c], table[measure]), index=table.index)
            body.append(("qistats-name", _cell(names)))
        elif c == "reason":
            body.append(("qistats-reason", _cell(table[c])))
        elif c in MEASURE_NUMBERS:
            said = measure_numbers(table[c], number_decimals[c])
            body.append(("qistats-num", np.where(said != "", said + sign, said)))
        elif c == "last_values":  # as the value is written ("4.69; 4.65; 7.2" read unevenly)
            places = number_decimals["latest_value"].tolist()
            said = [
                "; ".join(f"{x:,.{d}f}{pc}" for x in row)
                for row, d, pc in zip(table[c].tolist(), places, sign, strict=True)
            ]
            body.append(("qistats-num", np.array(said, dtype=object)))
        else:
            numeric = pd.api.types.is_numeric_dtype(
                table[c].dtype
            ) and not pd.api.types.is_bool_dtype(table[c].dtype)
            dated = pd.api.types.is_datetime64_any_dtype(table[c].dtype)  # one line each
            kind = "qistats-num" if numeric else ("qistats-date" if dated else "")
            body.append((kind, _cell(table[c])))
    # headings over their cells: numbers right, icons centred (a left "Assurance" sat
    # beside, not over, its icons)
    align = {k: f' class="{k}"' for k in ("qistats-num", "qistats-icon-cell")}
    headings = [_heading(c) for c in cols]
    if measure in cols and headings.count(_heading(measure)) > 1:
        # the measure's key beside its name, both "Measure": the key is its id
        headings[cols.index(measure)] += " id"
    elif measure in cols and not isinstance(measure, str):
        # a column numbered by position (read with header=None): "0" says nothing
        headings[cols.index(measure)] = "Measure id"
    head = "".join(
        f'<th scope="col"{align.get(k, "")}>{html.escape(h, quote=True)}</th>'
        for h, (k, _) in zip(headings, body, strict=True)
    )
    cells = [
        np.char.add(np.char.add(f'<td class="{k}">' if k else "<td>", v.astype(str)), "</td>")
        for k, v in body
    ]
    rows = np.full(len(table), "", dtype=object)
    for c in cells:
        rows = rows + c.astype(object)
    if columns is None:
        # the reason as a line under its row, across the whole table: rows stay one line
        # high and the sentence reads at full width in any page (a column of it was either
        # tall and narrow or wider than a docs page)
        under = np.char.add(
            np.char.add(
                f'<tr class="qistats-reason-row"><td colspan="{len(cols)}">',
                _cell(table["reason"]).astype(str),
            ),
            "</td></tr>\n",
        ).astype(object)
        rows = '<tr class="qistats-main">' + rows + "</tr>\n" + under
    else:
        rows = "<tr>" + rows + "</tr>\n"
    body_html = "".join(rows) if len(rows) else ""
    # a page narrower than the table (a docs theme, an intranet column) scrolls it sideways
    out = (
        f'{_STYLE}\n<div class="qistats-board-wrap">\n<table class="qistats-board">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body_html}</tbody>\n</table>\n</div>"
    )
    # ASCII, every other character as a reference (σ as &#963;): the fragment reads the same
    # in any file encoding (Windows' cp1252 could not write "2σ") and pasted without a charset
    return out.encode("ascii", "xmlcharrefreplace").decode("ascii")
