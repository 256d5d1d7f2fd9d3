"""Every script in examples/ runs to the end."""

import runpy
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path, capsys):
    import matplotlib.pyplot as plt

    runpy.run_path(str(path), run_name="__main__")
    plt.close("all")
    assert capsys.readouterr().out.strip()


def test_the_real_data_example_matches_its_source():
    # the A&E example embeds NHS England's figures; they must be the published ones
    ns = runpy.run_path(str(Path(__file__).parent.parent / "examples" / "ae_four_hour_breaches.py"))
    src = Path(__file__).parent / "reference/plotthedots/real/ae_rjz_type1_breaches_decrease"
    import pandas as pd

    data = pd.read_csv(src / "input.csv")
    assert ns["attendances"] == data.attendances.tolist()
    assert ns["breaches"] == data.breaches.tolist()
