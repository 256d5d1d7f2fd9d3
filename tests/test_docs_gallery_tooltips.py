"""The gallery's thumbnail tooltips read as plain text (BOARDLOOK, session 24): sphinx-gallery
left backquotes after a bracket ("(``freeze`` and phase combine") and the LaTeX of a
``:math:`` role ("\\operatorname{round}(\\log_2 n) + 3") in them. Every example's tooltip text,
as sphinx-gallery extracts it, is checked after docs/_gallery_text.py has cleaned it; no Sphinx
build is needed."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

import pytest

gen_rst = pytest.importorskip("sphinx_gallery.gen_rst")
parser = pytest.importorskip("sphinx_gallery.py_source_parser")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").rglob("*.py"))
MARKUP = re.compile(r"``|\\[A-Za-z]|:[a-z]+:`|\*\*|[{}]|`[^`]+`_")


def _cleaner():
    spec = importlib.util.spec_from_file_location(
        "_gallery_text", ROOT / "docs" / "_gallery_text.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _intro_and_title(path: Path) -> tuple[str, str]:
    docstring = parser.split_code_and_text_blocks(str(path))[1][0].content
    return gen_rst.extract_intro_and_title(str(path), docstring)


def test_some_tooltips_had_markup_that_the_cleaner_removes():
    raw = [_intro_and_title(p)[0] for p in EXAMPLES]
    marked = [t for t in raw if MARKUP.search(t)]
    assert len(marked) >= 4  # the premise: freeze, Shift(n), round(log2 n), Bin(n - 1, ½)
    plain = _cleaner().plain
    assert not [plain(t) for t in raw if MARKUP.search(plain(t))]
    said = " ".join(plain(t) for t in raw)
    for words in (
        "(freeze and phase combine",
        "(qi.rules.Shift(n))",
        "a run longer than round(log₂ n) + 3 signals",
        "is Bin(n - 1, ½)",
        "(same_side_window=True, in qi.rules.mdc())",
    ):
        assert words in said


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_titles_are_plain(path):
    assert not MARKUP.search(_intro_and_title(path)[1])


def test_the_index_attribute_is_rewritten_and_escaped():
    source = (
        '<div class="sphx-glr-thumbcontainer" tooltip="a (``x=&quot;y&quot;``) and '
        '\\operatorname{Bin}(n, \\tfrac12) &amp; more">'
    )
    out = _cleaner().plain_tooltips(source)
    (value,) = re.findall(r'tooltip="([^"]*)"', out)
    assert html.unescape(value) == 'a (x="y") and Bin(n, ½) & more'
