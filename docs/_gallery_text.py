"""The gallery's thumbnail tooltips as plain text.

sphinx-gallery writes each example's first paragraph into its thumbnail's ``tooltip``
attribute after removing *some* reStructuredText: a literal after an opening bracket
("(``freeze`` and phase combine") kept its backquotes, and a ``:math:`` role lost only its
role, leaving LaTeX ("a run longer than \\operatorname{round}(\\log_2 n) + 3 signals"). A
reader hovering over a thumbnail saw the markup. :func:`plain_tooltips` rewrites the
attributes of a generated gallery index as the text a reader would read on the page.
"""

from __future__ import annotations

import html
import re

_TOOLTIP = re.compile(r'tooltip="([^"]*)"')
_SUB = str.maketrans("0123456789+-n", "₀₁₂₃₄₅₆₇₈₉₊₋ₙ")
_SUP = str.maketrans("0123456789+-n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ")
_SYMBOLS = {
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "times": "×",
    "cdot": "·",
    "pm": "±",
    "approx": "≈",
    "ne": "≠",
    "neq": "≠",
    "infty": "∞",
    "sum": "Σ",
    "alpha": "α",
    "beta": "β",
    "lambda": "λ",
    "mu": "μ",
    "phi": "φ",
    "varphi": "φ",
    "sigma": "σ",
    "tau": "τ",
    "chi": "χ",
    "theta": "θ",
    "hat": "",
    "bar": "",
    "left": "",
    "right": "",
}
_HALVES = {"12": "½", "13": "⅓", "14": "¼", "34": "¾"}


def _latex(text: str) -> str:
    """LaTeX left in a tooltip as the formula reads: ``\\operatorname{round}(\\log_2 n)``
    as "round(log₂ n)", ``\\tfrac12`` as "½", ``\\frac{a}{b}`` as "a/b"."""
    if "\\" not in text:
        return text
    text = re.sub(
        r"\\[dt]?frac\s*(\d)(\d)", lambda m: _HALVES.get(m[1] + m[2], f"{m[1]}/{m[2]}"), text
    )
    text = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\sqrt\s*\{([^{}]*)\}", r"√(\1)", text)
    text = re.sub(r"\\(?:operatorname|mathrm|text|mathit|mathbf)\s*\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\([,;:!]|quad|qquad)", " ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _SYMBOLS.get(m[1], m[1]), text)
    text = re.sub(r"_\{([0-9+\-n]+)\}|_([0-9n])", lambda m: (m[1] or m[2]).translate(_SUB), text)
    text = re.sub(r"\^\{([0-9+\-n]+)\}|\^([0-9n])", lambda m: (m[1] or m[2]).translate(_SUP), text)
    return text.replace("{", "").replace("}", "")


def plain(text: str) -> str:
    """One tooltip's text (unescaped) without reStructuredText or LaTeX markup.

    >>> plain('(``freeze`` and phase combine; **not** in *qicharts2*)')
    '(freeze and phase combine; not in qicharts2)'
    >>> plain(r"than \\operatorname{round}(\\log_2 n) + 3; is \\operatorname{Bin}(n, \\tfrac12)")
    'than round(log₂ n) + 3; is Bin(n, ½)'
    >>> plain("see :func:`qistats.spc` and `the NHS page <https://example.org>`__")
    'see qistats.spc and the NHS page'
    """
    text = re.sub(r"`([^`<>]+?)\s*<[^<>`]+>`__?", r"\1", text)  # a link: its words
    text = re.sub(r":(?:[A-Za-z]+:)+`~?([^`<>]+?)(?:\s*<[^<>`]+>)?`", r"\1", text)  # a role
    text = re.sub(r"``(.+?)``", r"\1", text)  # a literal, wherever it starts
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"\1", text)
    return _latex(text)


def plain_tooltips(source: str) -> str:
    """The gallery index ``source`` (reStructuredText with raw HTML) with every thumbnail's
    ``tooltip`` attribute as plain text, HTML-escaped again."""
    return _TOOLTIP.sub(
        lambda m: f'tooltip="{html.escape(plain(html.unescape(m[1])), quote=True)}"', source
    )


def on_source_read(app, docname: str, source: list[str]) -> None:
    """Sphinx ``source-read``: the generated gallery indexes' tooltips as plain text."""
    if docname.startswith("auto_examples") and docname.endswith("index"):
        source[0] = plain_tooltips(source[0])
