"""Naming a row of the user's data in messages: by its index label, its groups and x, or by
its position when the index repeats labels or a part of the data is checked (a board's chart
group).

One convention in every message (documented in docs/missing.rst, "Errors"): a row of a pandas
frame is named by its index label, as ``df.loc`` finds it, and says so, "row with index label
105 (ward='Ash', month=2024-01-01)"; by its position, ``data.iloc[48]``, when the index
repeats labels; a row of a polars frame or an Arrow table (which have no index) by its
position from 0, "row 105 (counting from 0)"; a row of a Spark task by its groups and x
alone, "the row (ward='Ash', month=2024-01-01)". A measures, targets or expected table's row
the same way (:func:`row_name`)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from ._args import fmt, row_keys
from ._interop import source


def _describe_row(data: pd.DataFrame, i: int, by: list[Hashable], x: Hashable | None) -> str:
    """Name row ``i`` (a position) of the user's data by its index label, groups and x; by
    its position (``data.iloc[48]``) when the index repeats labels, as a frame from
    ``pd.concat`` without ``ignore_index`` does ("row 0 … but row 0"), or
    holds the positions of a part of the data (:func:`numbered_by_position`).

    Rows a Spark task computes (:func:`~qistats._interop.source` ``"spark"``) have no index of
    the user's: a task numbers its own few rows. They are named by their groups and x alone,
    ``the row (ward='Ash', month=2024-01-01)``, in warnings as in errors."""
    named = [*by] if x is None else [*by, x]
    where = f" ({row_keys(data, named, i)})" if named else ""
    if named and source(data) == "spark":
        return f"the row{where}"
    if data.index.name == POSITIONS:  # rows of the caller's data, numbered by position
        return f"data.iloc[{data.index[i]}]{where}"
    if not data.index.is_unique:  # a label of several rows (pd.concat): name its position
        return f"data.iloc[{i}]{where}"
    return f"{row_name(data, i)}{where}"


def row_name(table: pd.DataFrame, i: int) -> str:
    """Row ``i`` (a position) of a table the user gave, by the convention of this module:
    "row with index label 105" for pandas (as ``df.loc[105]`` finds it), "row 105 (counting
    from 0)" for a polars frame or an Arrow table, which have no index.

    >>> row_name(pd.DataFrame({"y": [1, 2]}, index=[10, 11]), 1)
    'row with index label 11'
    """
    if source(table) in ("polars", "pyarrow", "arrow"):
        return f"row {_position(table, i)} (counting from 0)"
    return f"row with index label {fmt(table.index[i])}"


def _position(table: pd.DataFrame, i: int) -> int:
    """The position in the user's polars or Arrow frame of row ``i`` of ``table``: its index
    label, which converting the frame numbered from 0, so that a part of it (a board's chart
    group) names the row where the user finds it, not where it is in the part (a
    copied row 322 of a board's data was named "row 269", its place among the XmR
    measures' rows)."""
    label = table.index[i]
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        return int(label)
    return i


def rows_name(table: pd.DataFrame, rows: Any) -> str:
    """Rows ``rows`` (positions) of a table the user gave, as :func:`row_name` names one:
    "rows with index labels 0, 2" ("rows 0, 2 (counting from 0)" for polars and Arrow).

    >>> rows_name(pd.DataFrame({"y": [1, 2, 3]}, index=[10, 11, 12]), [0, 2])
    'rows with index labels 10, 12'
    """
    if source(table) in ("polars", "pyarrow", "arrow"):
        return f"rows {', '.join(str(_position(table, int(j))) for j in rows)} (counting from 0)"
    return "rows with index labels " + ", ".join(fmt(table.index[int(j)]) for j in rows)


#: The name of an index that numbers rows by their position in the caller's data (see
#: :func:`numbered_by_position`).
POSITIONS = "qistats: position in data"


def numbered_by_position(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` itself when its index labels each row once; else ``data`` indexed by each
    row's position, so that a part of it (a chart group of :func:`qistats.board`, the rows
    before its ``as_of``) names a row as ``data.iloc[360]``, its position in the caller's
    data, not in the part. The caller's frame is not modified.

    >>> twice = pd.DataFrame({"y": [1, 2, 3]}, index=[0, 0, 1])
    >>> part = numbered_by_position(twice).iloc[[2]]
    >>> _describe_row(part, 0, [], None)
    'data.iloc[2]'
    """
    if data.index.is_unique:
        return data
    return data.set_axis(pd.RangeIndex(len(data), name=POSITIONS), axis=0)
