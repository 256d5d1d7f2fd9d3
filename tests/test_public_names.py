"""``qistats.rules`` and ``qistats.plot`` expose exactly the names docs/api.rst documents."""

import re
from pathlib import Path

import pytest

import qistats.plot
import qistats.rules

API = (Path(__file__).resolve().parents[1] / "docs" / "api.rst").read_text(encoding="utf-8")


def documented(module: str) -> set[str]:
    """Names api.rst documents directly in ``module`` (``.. autofunction:: module.name``)."""
    found = re.findall(rf"^\.\. [\w:]+:: {re.escape(module)}\.(\w+)\s*$", API, flags=re.M)
    return set(found)


@pytest.mark.parametrize("module", [qistats.rules, qistats.plot])
def test_all_is_the_documented_api(module):
    listed = set(module.__all__)
    assert listed == documented(module.__name__), listed ^ documented(module.__name__)
    assert len(module.__all__) == len(listed)
    for name in module.__all__:
        assert getattr(module, name) is not None


@pytest.mark.parametrize("module", ["qistats.rules", "qistats.plot"])
def test_star_import_and_dir_hide_internals(module):
    scope: dict = {}
    exec(f"from {module} import *", scope)
    names = {k for k in scope if k != "__builtins__"}
    mod = __import__(module, fromlist=["_"])
    assert names == set(mod.__all__)
    for internal in ("np", "pd", "annotations", "Any", "evaluate", "fmt", "K"):
        assert internal not in names
        assert internal not in dir(mod)
    assert sorted(dir(mod)) == sorted(mod.__all__)
