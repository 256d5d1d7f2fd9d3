"""Issue #9's docs list, checked on the sources (the HTML is built, with -W and the offline
check, by ``make docs`` in CI): a picture on the front page, the Quickstart and every chart-type
page, local MathJax, the copy button, intersphinx, a gallery page per rule pattern, 49 wards in
both styles, and every public name in the API reference."""

import re
from pathlib import Path

import pytest

import qistats as qi
import qistats.plot

ROOT = Path(__file__).resolve().parents[1]
DOCS, EXAMPLES = ROOT / "docs", ROOT / "examples"


def text(path):
    return path.read_text(encoding="utf-8")


def test_front_page_has_a_chart_the_install_lines_and_a_short_example():
    index = text(DOCS / "index.rst")
    assert ".. plot::" in index.split("Install")[0]  # the hero chart comes first
    assert 'pip install "qistats[plot]"' in index
    assert "make demo" in index and "make test" in index
    example = index.split("Six lines")[1].split(".. code-block:: python")[1]
    code = []
    for line in example.splitlines()[1:]:
        if line.strip() and not line.startswith("   "):
            break  # the end of the indented block
        if line.strip() and not line.strip().startswith(("#", "...")):
            code.append(line)
    assert 4 <= len(code) <= 7 and "res.plot(" in code[-1], code


def test_quickstart_ends_with_a_chart_and_savefig():
    quick = text(DOCS / "quickstart.rst")
    assert ".. plot::" in quick and "fig.savefig(" in quick


@pytest.mark.parametrize("page", sorted(p.name for p in (DOCS / "charts").glob("*.rst")))
def test_every_chart_type_page_has_a_picture(page):
    if page == "index.rst":
        return
    assert ".. plot::" in text(DOCS / "charts" / page), page


def test_maths_is_served_locally_code_can_be_copied_and_intersphinx_is_set():
    conf = text(DOCS / "conf.py")
    assert '"sphinx-mathjax-offline"' in conf and '"sphinx_copybutton"' in conf
    assert "copybutton_prompt_text" in conf  # prompts are not copied
    for project in ("numpy", "pandas", "matplotlib"):
        assert re.search(rf'"{project}": "https://', conf), project
        assert (DOCS / "_intersphinx" / f"{project}.inv").is_file(), project
    assert "cdn" not in conf.lower().replace("cdns", "")  # nothing loaded from a CDN by config


@pytest.mark.parametrize(
    "pattern",
    [
        "shift",
        "trend",
        "two_of_three",
        "alternating",
        "hugging",
        "mixture",
        "long_run",
        "few_crossings",
    ],
)
def test_a_gallery_page_per_rule_pattern(pattern):
    (page,) = sorted((EXAMPLES / "rules").glob(f"rule_*_{pattern}.py"))
    assert "plot(" in text(page)


def test_49_wards_in_both_styles_and_ae_on_percent_within_4_hours():
    wards = text(EXAMPLES / "many_wards.py")
    assert 'style="qicharts2"' in wards and "49" in wards
    ae = text(EXAMPLES / "ae_four_hour_breaches.py")
    assert "within 4 hours" in ae and "target=95" in ae
    assert "qi.datasets.ae_attendances()" in ae  # the bundled CSV, not literals


def test_every_public_name_is_in_the_api_reference():
    api = text(DOCS / "api.rst")
    names = [n for n in qi.__all__ if not n.startswith("_")] + list(qistats.plot.__all__)
    missing = [n for n in names if not re.search(rf"\b{re.escape(n)}\b", api)]
    assert not missing, missing
    for name in ("incidents", "sexual_safety", "AmbitionDefinition", "SPCResult"):
        assert name in api, name


def test_hand_written_entries_of_the_api_reference_name_real_objects():
    # a ``.. py:data::`` name is read inside the current module: "qistats.plot.ICON_NAMES"
    # under ``currentmodule:: qistats`` was anchored as qistats.qistats.plot.ICON_NAMES, which
    # no reference reaches (trial 13 F5)
    import importlib

    module, entries = None, []
    for line in text(DOCS / "api.rst").splitlines():
        if m := re.match(r"\.\. (?:py:)?currentmodule:: (\S+)", line):
            module = None if m.group(1) == "None" else m.group(1)
        elif m := re.match(r"\.\. py:(?:data|attribute|function|class):: ([\w.]+)", line):
            entries.append(f"{module}.{m.group(1)}" if module else m.group(1))
    assert entries
    for full in entries:
        path, name = full.rsplit(".", 1)
        try:
            owner = importlib.import_module(path)
        except ImportError:
            owner = None
        assert owner is not None and hasattr(owner, name), full


def test_data_missing_values_and_errors_lists_every_rule_of_issue_10():
    # issue #10: docs "Data, missing values and errors" lists every rule (dates, labels, gaps,
    # duplicates, late starters, case of names)
    page = text(DOCS / "missing.rst")
    assert page.startswith("Data, missing values and errors\n")
    sections = re.findall(r"^(.+)\n-+\n", page, flags=re.M)
    for title in (
        "Dates given as arguments",
        "Column labels",
        "Names of things",
        "Missing values and gaps",
        "Duplicates",
        "Baselines and late starters",
    ):
        assert title in sections, title
    one_line = " ".join(page.split())
    for rule in (
        "Text dates must be **ISO 8601**",  # dates: one rule, the two readings refused
        "read_csv(header=None)",  # integer column labels
        "last *observed* point",  # gaps: the icons
        "DuplicateRowsWarning",  # rows identical in every column
        "ignore case",  # names of charts, rules, directions, styles
    ):
        assert rule in one_line, rule
    late = page.split("Baselines and late starters\n---------------------------\n")[1]
    late = " ".join(late.split("\n---")[0].split())
    assert "it is a *late starter*: its limits come from its own points" in late
    assert "BaselineWarning` names it" in late


def test_every_section_title_is_underlined_to_its_length():
    """A title whose underline is shorter than it, and under 4 characters, is no title to
    docutils but a paragraph, with no warning: the changelog read "Changelog == Unreleased
    ———-" as its first line and took "0.1.0 (unreleased)" for its title (from 2 Dec 2026)."""
    adornment = re.compile(r"^([=\-~^\"'`#*+])\1*$")
    short = []
    for page in sorted(DOCS.rglob("*.rst")):
        if "auto_examples" in page.parts or "_build" in page.parts:
            continue
        lines = text(page).splitlines()
        for i in range(1, len(lines)):
            under, title = lines[i], lines[i - 1]
            if not adornment.match(under) or not title.strip() or adornment.match(title):
                continue
            if title.startswith((" ", "..")) or len(under) >= len(title.rstrip()):
                continue
            short.append(f"{page.relative_to(DOCS)}:{i + 1}: {title!r} over {under!r}")
    assert not short, "\n".join(short)
