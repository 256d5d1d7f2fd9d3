"""Column labels as words, for titles, axis labels and sentences."""

from __future__ import annotations

from typing import Any


def readable(label: Any) -> str:
    """A column label as words: ``bed_days`` -> ``bed days``, ``2`` -> ``column 2``.

    >>> readable("bed_days"), readable(2)
    ('bed days', 'column 2')
    """
    return label.replace("_", " ") if isinstance(label, str) else f"column {label}"
