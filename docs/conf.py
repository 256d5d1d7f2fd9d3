"""Sphinx configuration for the qistats documentation."""

import qistats

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
    "sphinx.ext.intersphinx",
]
autosummary_generate = False
autodoc_typehints = "none"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
intersphinx_mapping = {}
html_theme = "furo"
html_title = f"qistats {release}"
exclude_patterns = ["_build"]
