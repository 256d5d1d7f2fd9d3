"""Every Python code block of README.md runs as written (trial 6b C6: a literal ``period=...``
and an undefined ``data``/``measures``), in order, each after the ones before it."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib

README = Path(__file__).resolve().parents[1] / "README.md"

matplotlib.use("Agg")


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_code_blocks_run_in_order():
    blocks = _blocks()
    assert len(blocks) >= 4
    names: dict = {}
    for i, code in enumerate(blocks):
        assert "..." not in code, f"block {i + 1} has a literal Ellipsis"
        with warnings.catch_warnings():
            # the bundled data's own warnings (short phases, few units) are not the README's
            warnings.simplefilter("ignore")
            exec(compile(code, f"README.md block {i + 1}", "exec"), names)
    assert {"res", "amb", "report", "fun"} <= names.keys()
    assert int(names["fun"].summary()["n_units"].iloc[0]) == 49


def test_plotting_is_introduced_before_res_plot_is_mentioned():
    text = README.read_text(encoding="utf-8")
    assert text.index('pip install "qistats[plot]"') < text.index("res.plot()")
