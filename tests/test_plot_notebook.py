"""In a notebook every ``.plot()`` shows its chart exactly once: as a cell's value, assigned,
after ``;``, in a loop, and drawn into the user's own axes."""

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]

SETUP = (
    "import qistats as qi\n"
    "import pandas as pd\n"
    "df = qi.datasets.restrictive_practice()\n"
    "bri3 = df[df.ward == 'BRI3']\n"
    "res = qi.spc(bri3, y='restraints', n='bed_days', x='month', chart='u', multiply=1000)\n"
    "wards = qi.spc(df[df.ward.isin(['BRI3', 'ASH1'])], y='restraints', n='bed_days',\n"
    "               x='month', by='ward', chart='u', multiply=1000)\n"
    "amb = qi.ambition(df, y='restraints', n='bed_days', x='month', by='ward',\n"
    "                  baseline=('2020-04-01', '2021-03-01'), change=-0.3,\n"
    "                  deadline='2024-03-01', multiply=1000)\n"
    "fun = qi.funnel(df, y='restraints', n='bed_days', unit='ward', x='month',\n"
    "                period=('2023-04-01', '2024-03-01'), multiply=1000)\n"
    "brd = qi.board(bri3.assign(measure='r'), pd.DataFrame({'measure': ['r']}),\n"
    "               x='month', y='restraints')"
)
#: (cell, images it shows): each chart once, as any pyplot figure (trial 6b B2)
CELLS = [
    # the kernel's first figure (loading the backend) assigned: pyplot shows it
    ("fig = res.plot()  # assigned", 1),
    ("fig", 1),  # a figure shown in an earlier cell, asked for again
    ("res.plot()", 1),  # the cell's value
    ("res.plot(style='qicharts2', title='BRI3')", 1),
    ("fig = res.plot()\nfig", 1),
    ("res.plot(); print('after')", 1),  # ';' hides the text repr, not the chart
    ("res.plot();", 1),
    ("for w in ['BRI3', 'ASH1']:\n    wards.plot(series=w)", 2),
    ("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nres.plot(ax=ax)", 1),
    ("fig, ax = plt.subplots()\nfig = res.plot(ax=ax)", 1),
    ("qi.spc(df, y='restraints', n='bed_days', x='month', by='ward', chart='u').plot()", 1),
    ("amb.plot()", 1),
    ("amb.plot(view='overview')", 1),
    ("f = amb.plot(series='BRI3')", 1),
    ("fun.plot()", 1),
    ("f = fun.plot();", 1),
    ("brd.plot()", 1),
    ("f = brd.plot()", 1),
]


def test_each_plot_cell_shows_each_chart_exactly_once():
    cells = [SETUP, *(c for c, _ in CELLS)]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    # the kernel's default backend in Jupyter (inline), whatever MPLBACKEND the tests run under
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client.execute(env=env)
    errors = [out for cell in nb.cells for out in cell.outputs if out.output_type == "error"]
    assert not errors, errors[0].get("evalue")
    images = [sum("image/png" in out.get("data", {}) for out in c.outputs) for c in nb.cells]
    shown = dict(zip([c for c, _ in CELLS], images[1:], strict=True))
    assert images[0] == 0
    assert shown == dict(CELLS)
