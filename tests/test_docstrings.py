"""Every public function and method has a numpydoc docstring: Parameters (when it takes any),
Returns (unless it returns None) and a doctested Examples section; every property says what it
is. The public API is what ``__all__`` of qistats, qistats.rules, qistats.plot, qistats.datasets
and qistats.spark exports (classes with their public methods)."""

from __future__ import annotations

import inspect
import re

import pytest

import qistats
import qistats.datasets
import qistats.plot
import qistats.rules

MODULES = [qistats, qistats.rules, qistats.plot, qistats.datasets]
try:  # the Spark module imports without pyspark; its classes are documented all the same
    import qistats.spark

    MODULES.append(qistats.spark)
except ImportError:  # pragma: no cover
    pass


def _public() -> dict[str, object]:
    found: dict[str, object] = {}
    seen: set[int] = set()
    for mod in MODULES:
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.ismodule(obj) or not callable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            if isinstance(obj, type):
                if issubclass(obj, BaseException):
                    continue
                found[f"{mod.__name__}.{name}"] = obj
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, (staticmethod, classmethod)):
                        member = member.__func__
                    if isinstance(member, property) or inspect.isfunction(member):
                        found[f"{mod.__name__}.{name}.{attr}"] = member
            else:
                found[f"{mod.__name__}.{name}"] = obj
    return found


PUBLIC = _public()


def _section(doc: str, title: str) -> bool:
    return re.search(rf"^{title}\n-{{{len(title)}}}$", doc, flags=re.M) is not None


def test_the_public_api_is_found():
    # a guard against the walk above silently finding nothing
    for name in ("qistats.spc", "qistats.SPCResult.summary", "qistats.rules.Rule.flags"):
        assert name in PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_numpydoc_sections(name):
    obj = PUBLIC[name]
    if isinstance(obj, property):
        assert inspect.getdoc(obj.fget), f"{name}: a property without a docstring"
        return
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name}: no docstring"
    if isinstance(obj, type):
        return  # a class: its methods are checked one by one
    sig = inspect.signature(obj)
    params = [p for p in sig.parameters if p not in ("self", "cls")]
    missing = []
    if params and not _section(doc, "Parameters"):
        missing.append("Parameters")
    if sig.return_annotation is inspect.Signature.empty:
        missing.append("a return annotation")
    elif sig.return_annotation not in (None, "None") and not _section(doc, "Returns"):
        missing.append("Returns")
    if not (_section(doc, "Examples") and ">>>" in doc):
        missing.append("Examples")
    assert not missing, f"{name}: its docstring lacks {', '.join(missing)}"
