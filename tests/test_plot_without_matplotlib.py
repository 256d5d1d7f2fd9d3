"""Without matplotlib (``pip install qistats`` with no ``[plot]`` extra) everything but drawing
works, and every ``.plot()`` says how to install it (session 15 trial F8: ``make demo``, the
README's first command, ended in a bare ModuleNotFoundError from deep inside the drawing code)."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys, warnings

    class NoMatplotlib:  # as if matplotlib were not installed
        def find_spec(self, name, path=None, target=None):
            if name == "matplotlib" or name.startswith("matplotlib."):
                raise ModuleNotFoundError(f"No module named {name!r}")

    sys.meta_path.insert(0, NoMatplotlib())
    warnings.simplefilter("ignore")
    import pandas as pd
    import qistats as qi

    df = qi.datasets.restrictive_practice()
    one = df[df.ward == "BRI3"]
    calls = {
        "spc": lambda: qi.spc(one, y="restraints", x="month", chart="xmr"),
        "run": lambda: qi.spc(one, y="restraints", x="month", chart="run"),
        "funnel": lambda: qi.funnel(df, y="restraints", n="bed_days", unit="ward", kind="rate"),
        "ambition": lambda: qi.ambition(
            one, y="restraints", n="bed_days", x="month", change=-0.5,
            baseline=("2020-04-01", "2021-03-01"), deadline="2024-03-01",
        ),
        "board": lambda: qi.board(
            one.assign(measure="r"), pd.DataFrame({"measure": ["r"]}), x="month", y="restraints"
        ),
    }
    for name, make in calls.items():
        result = make()  # computing needs no matplotlib
        try:
            result.plot()
        except ImportError as err:
            print(name, type(err).__name__, err)
    """
)


def test_every_plot_says_how_to_install_matplotlib():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=300
    ).stdout.splitlines()
    hint = "ImportError plotting needs matplotlib: pip install 'qistats[plot]'"
    assert out == [f"{name} {hint}" for name in ["spc", "run", "funnel", "ambition", "board"]]
