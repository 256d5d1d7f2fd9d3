"""Series come in the order of their labels; a Categorical ``by`` keeps its categories' order
(docs/missing.rst, "Names of things")."""

import warnings

import matplotlib
import pandas as pd
import pytest

import qistats as qi

matplotlib.use("Agg")

ORDER = ["Ward 2", "Ward 10", "Ward 1"]  # neither text order nor number order


@pytest.fixture(scope="module")
def wards() -> pd.DataFrame:
    df = qi.datasets.restrictive_practice()
    df = df[df.ward.isin(["BRI1", "BRI2", "CAS1"])].copy()
    names = {"BRI1": "Ward 10", "BRI2": "Ward 2", "CAS1": "Ward 1"}
    return df.assign(ward=df.ward.map(names))


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.errors.QIStatsWarning)
        return call()


def test_text_labels_sort_as_text(wards):
    res = _quiet(lambda: qi.spc(wards, y="restraints", n="bed_days", x="month", by="ward"))
    assert res.summary()["ward"].tolist() == ["Ward 1", "Ward 10", "Ward 2"]


def test_a_categorical_by_keeps_its_order_everywhere(wards):
    import matplotlib.pyplot as plt

    data = wards.assign(ward=pd.Categorical(wards.ward, categories=ORDER))
    spc = _quiet(
        lambda: qi.spc(data, y="restraints", n="bed_days", x="month", by="ward", chart="u")
    )
    assert spc.summary()["ward"].astype(str).tolist() == ORDER
    fig = spc.plot()
    drawn = [t for t in fig.findobj(lambda o: hasattr(o, "get_text")) if t.get_text() in ORDER]
    assert [t.get_text() for t in drawn] == ORDER
    plt.close(fig)
    board_data = data.rename(columns={"restraints": "value", "bed_days": "n"})
    board = _quiet(
        lambda: qi.board(
            board_data.assign(measure="restraint"),
            pd.DataFrame({"measure": ["restraint"], "chart": ["u"], "multiply": [1000]}),
            x="month",
            y="value",
            n="n",
            by="ward",
        )
    )
    assert board.table()["ward"].astype(str).tolist() == ORDER
    funnel = _quiet(
        lambda: qi.funnel(
            data, y="restraints", n="bed_days", unit="ward", kind="rate", x="month", adjust=False
        )
    )
    assert funnel.units["ward"].astype(str).tolist() == ORDER
    amb = _quiet(
        lambda: qi.ambition(
            data,
            y="restraints",
            n="bed_days",
            x="month",
            by="ward",
            baseline=("2020-04-01", "2021-03-01"),
            change=-0.5,
            deadline="2024-03-01",
        )
    )
    assert amb.summary()["ward"].astype(str).tolist() == ORDER
