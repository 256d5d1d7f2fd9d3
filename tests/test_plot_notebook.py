"""In a notebook, ``res.plot()`` as a cell's last line shows one chart, not two."""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]

CELLS = [
    "import qistats as qi\n"
    "df = qi.datasets.restrictive_practice()\n"
    "bri3 = df[df.ward == 'BRI3']\n"
    "res = qi.spc(bri3, y='restraints', n='bed_days', x='month', chart='u', multiply=1000)\n"
    "amb = qi.ambition(df, y='restraints', n='bed_days', x='month', by='ward',\n"
    "                  baseline=('2020-04-01', '2021-03-01'), change=-0.3,\n"
    "                  deadline='2024-03-01', multiply=1000)",
    "res.plot()",
    "res.plot(style='qicharts2', title='BRI3')",
    "fig = res.plot()\nfig",
    "fig = res.plot()  # assigned, not shown",
    "qi.spc(df, y='restraints', n='bed_days', x='month', by='ward', chart='u').plot()",
    "amb.plot()",
    "amb.plot(view='overview')",
]
IMAGES = [0, 1, 1, 1, 0, 1, 1, 1]


def test_each_plot_cell_shows_exactly_one_image():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    images = [sum("image/png" in out.get("data", {}) for out in cell.outputs) for cell in nb.cells]
    errors = [out for cell in nb.cells for out in cell.outputs if out.output_type == "error"]
    assert not errors, errors[0].get("evalue")
    assert images == IMAGES
