"""The board table as HTML: every user string escaped, the icons drawn inline as SVG."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._board_text import format_numbers
from .errors import ArgumentError
from .frame import as_list, fmt
from .plot.icons import icon_label, icon_svg

_HIDDEN = ("rules_fired", "last_values")
_STYLE = (
    "<style>"
    ".qistats-board{border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;"
    "font-size:13px}"
    ".qistats-board th,.qistats-board td{border-bottom:1px solid #d9d9d9;padding:4px 8px;"
    "text-align:left;vertical-align:middle}"
    ".qistats-board td.qistats-num{text-align:right}"
    ".qistats-board td.qistats-icon-cell{text-align:center}"
    "</style>"
)


def _cell(values: pd.Series) -> np.ndarray:
    """Escaped text of a column: numbers as in sentences, dates as dates, lists joined."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.where(values.to_numpy(dtype=bool), "yes", "").astype(object)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return format_numbers(values.to_numpy(dtype=float))
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    text = values.map(
        lambda v: (
            ", ".join(format_numbers(np.asarray(v, dtype=float)))
            if isinstance(v, list)
            else ("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
        )
    )
    return np.array([html.escape(s, quote=True) for s in text], dtype=object)


def _icons(values: pd.Series, size: float) -> np.ndarray:
    """Inline SVG of each icon (one drawing per distinct icon, reused)."""
    raw = values.astype(object).where(values.notna(), None).to_numpy()
    out = np.full(raw.shape[0], '<span title="no icon">–</span>', dtype=object)
    for name in pd.unique(raw[pd.notna(raw)]):  # at most ten icon names
        svg = icon_svg(str(name), size)
        out[raw == name] = f"{svg}<span hidden>{html.escape(icon_label(str(name)))}</span>"
    return out


def board_html(
    table: pd.DataFrame,
    measure: str,
    columns: Sequence[str] | None,
    sort_by: str | Sequence[str] | None,
    icon_size: float,
) -> str:
    """A ``<table class="qistats-board">`` of the board table."""
    cols = [c for c in table.columns if c not in _HIDDEN] if columns is None else list(columns)
    for c in cols + (as_list(sort_by) if sort_by is not None else []):
        if c not in table.columns:
            raise ArgumentError(
                f"{fmt(c)}: not a column of the board table; the columns are "
                f"{', '.join(map(str, table.columns))}."
            )
    if sort_by is not None:
        table = table.sort_values(as_list(sort_by), kind="stable")
    body = []
    for c in cols:
        if c in ("variation", "assurance"):
            # namespaced classes: a host page's own "icon" or "num" styles (Sphinx's furo
            # theme makes every .icon an inline block) must not break the table
            body.append((c, "qistats-icon-cell", _icons(table[c], icon_size)))
        else:
            numeric = pd.api.types.is_numeric_dtype(
                table[c].dtype
            ) and not pd.api.types.is_bool_dtype(table[c].dtype)
            body.append((c, "qistats-num" if numeric else "", _cell(table[c])))
    head = "".join(f'<th scope="col">{html.escape(str(c), quote=True)}</th>' for c in cols)
    cells = [
        np.char.add(np.char.add(f'<td class="{k}">' if k else "<td>", v.astype(str)), "</td>")
        for _, k, v in body
    ]
    rows = np.full(len(table), "", dtype=object)
    for c in cells:
        rows = rows + c.astype(object)
    body_html = "".join("<tr>" + rows + "</tr>\n") if len(rows) else ""
    return (
        f'{_STYLE}\n<table class="qistats-board">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body_html}</tbody>\n</table>"
    )
