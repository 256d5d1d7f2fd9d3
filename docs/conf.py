"""Sphinx configuration for the qistats documentation.

The site must work with no internet access (a trust laptop, a CI box with only a package
registry): MathJax is served from ``_static`` (``sphinx-mathjax-offline``), intersphinx reads the
inventories in ``_intersphinx/`` instead of fetching them, and ``check_offline.py`` fails the
build when any page loads a script or stylesheet from another host.
"""

import re
import sys
from pathlib import Path

import qistats

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from _gallery_text import on_source_read  # noqa: E402 (the gallery's tooltips, plain)

project = "qistats"
author = "The qistats developers"
copyright = "2026, The qistats developers"
release = qistats.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static: formulas render offline
    "sphinx.ext.intersphinx",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
]
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r".*\.py",  # run every example (they take a second or two)
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "write_computation_times": False,  # its page loads jQuery and DataTables from CDNs
}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
autosummary_generate = False
autodoc_typehints = "none"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_preprocess_types = True
# Intersphinx without the network: each project's inventory is a small hand-kept list of the
# objects these pages name (Sphinx inventory format 1, plain text; see _intersphinx/README).
intersphinx_mapping = {
    name: (url, str(HERE / "_intersphinx" / f"{name}.inv"))
    for name, url in {
        "python": "https://docs.python.org/3/",
        "numpy": "https://numpy.org/doc/stable/",
        "pandas": "https://pandas.pydata.org/docs/",
        "matplotlib": "https://matplotlib.org/stable/",
    }.items()
}
intersphinx_timeout = 1
# numbered references a docstring lists but does not cite (see _unique_citations below)
suppress_warnings = ["ref.footnote"]
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["qistats.css"]  # wide printed tables grow instead of hiding their last column
html_title = f"qistats {release}"
exclude_patterns = [
    "_build",
    "_intersphinx",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.json",
    "auto_examples/*.md5",
]


_CITATION_REF = re.compile(r"\[(\d+)\]_")
_CITATION_DEF = re.compile(r"^(\s*)\.\. \[(\d+)\]")


def _unique_citations(app, what, name, obj, options, lines):
    """Give each docstring's numbered references ("[1]_", ".. [1]") labels of their own.

    Several docstrings on one page (the API reference) each number their references from 1;
    docutils would see duplicate targets. They become auto-numbered footnotes labelled by the
    object, so they are still shown as numbers.
    """
    key = name.replace(".", "-").replace("_", "-")
    for i, line in enumerate(lines):
        line = _CITATION_DEF.sub(lambda m: f"{m.group(1)}.. [#{key}-{m.group(2)}]", line)
        lines[i] = _CITATION_REF.sub(lambda m: f"[#{key}-{m.group(1)}]_", line)


def setup(app):
    app.connect("autodoc-process-docstring", _unique_citations, priority=900)
    app.connect("source-read", on_source_read)
