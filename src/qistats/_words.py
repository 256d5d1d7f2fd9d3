"""Column labels as words, for titles, axis labels and sentences."""

from __future__ import annotations

from typing import Any


def readable(label: Any) -> str:
    """A column label as words: ``bed_days`` -> ``bed days``, ``2`` -> ``column 2``.

    >>> readable("bed_days"), readable(2)
    ('bed days', 'column 2')
    """
    return label.replace("_", " ") if isinstance(label, str) else f"column {label}"


def article(spoken: str) -> str:
    """The article, "a" or "an", for the text ``spoken`` as read aloud: a number by its
    leading digits ("an 8%", "an 11%", "an 18%", "an 80%", "a 50%", "a 1,100"), a word by its
    first letter.

    >>> said = ("8%", "11%", "18%", "83%", "50%", "1%", "11,000", "increase")
    >>> [f"{article(s)} {s}" for s in said]
    ['an 8%', 'an 11%', 'an 18%', 'an 83%', 'a 50%', 'a 1%', 'an 11,000', 'an increase']
    """
    digits = ""
    for ch in spoken.lstrip("-+"):
        if ch.isdigit():
            digits += ch
        elif ch != ",":
            break
    if not digits:
        return "an" if spoken[:1].lower() in "aeiou" and spoken[:1] else "a"
    digits = digits.lstrip("0") or "0"
    # eight, eighty, eight hundred, eight thousand …; eleven and eighteen (thousand, million …)
    # when they lead a group of three digits
    if digits[0] == "8":
        return "an"
    return "an" if len(digits) % 3 == 2 and digits[:2] in ("11", "18") else "a"
