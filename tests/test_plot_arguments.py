"""Plot arguments: explicit in every signature and docstring (type and default), and every
mistake a QIStatsError that names the argument (never a TypeError from inside)."""

import inspect
import re

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.plot.board import plot_board

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from qistats.plot import plot_ambition, plot_funnel, plot_spc  # noqa: E402

PLOTS = {
    "SPCResult.plot": (qi.SPCResult.plot, plot_spc),
    "Ambition.plot": (qi.Ambition.plot, plot_ambition),
    "FunnelResult.plot": (qi.FunnelResult.plot, plot_funnel),
    "Board.plot": (qi.Board.plot, plot_board),
}


@pytest.fixture(scope="module")
def results():
    months = pd.date_range("2022-04-01", periods=15, freq="MS")
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B"], 15),
            "month": np.tile(months, 2),
            "events": rng.poisson(10, 30),
            "days": 700,
        }
    )
    res = qi.spc(df, y="events", n="days", x="month", by="ward", chart="u", multiply=1000)
    amb = qi.ambition(
        df,
        y="events",
        n="days",
        x="month",
        by="ward",
        baseline=("2022-04-01", "2022-09-01"),
        change=-0.3,
        deadline="2023-12-01",
        multiply=1000,
    )
    fun = qi.funnel(
        df,
        y="events",
        n="days",
        unit="ward",
        kind="rate",
        multiply=1000,
        adjust=False,
        x="month",
        period=(months[0], months[-1]),  # the 15 months' totals, on purpose
    )
    long = df.rename(columns={"events": "value"}).assign(measure="events")
    report = qi.board(long, pd.DataFrame({"measure": ["events"]}), x="month", y="value", by="ward")
    return {
        "SPCResult.plot": res,
        "Ambition.plot": amb,
        "FunnelResult.plot": fun,
        "Board.plot": report,
    }


def _documented(doc):
    """name -> the type line of each parameter in a numpydoc Parameters section."""
    section = doc.split("Parameters\n    ----------\n", 1)[1].split("\n    Returns", 1)[0]
    out = {}
    for line in section.splitlines():
        m = re.match(r"^    (\w[\w, ]*?) : (.+)$", line)
        if m:
            for name in m.group(1).split(", "):
                out[name] = m.group(2)
    return out


@pytest.mark.parametrize("name", PLOTS)
def test_every_argument_is_explicit_with_type_and_default(name):
    method, function = PLOTS[name]
    assert method is function  # the method is the documented function itself
    params = list(inspect.signature(method).parameters.values())
    assert all(p.kind is not p.VAR_KEYWORD for p in params), "no **kwargs"
    assert all(p.kind is not p.VAR_POSITIONAL for p in params)
    documented = _documented(inspect.getdoc(method).replace("\n", "\n    "))
    for p in params[1:]:
        assert p.default is not p.empty, p.name
        assert p.name in documented, f"{name}: {p.name} not in the docstring"
        line = documented[p.name]
        default = "optional" in line or "default" in line
        assert default, f"{name}: {p.name} : {line} (no default)"
        if p.default is not None and "default" in line:
            assert repr(p.default).strip("'") in line, f"{name}: {p.name} default {p.default!r}"


@pytest.mark.parametrize("name", PLOTS)
def test_unknown_keyword_names_it_and_lists_the_valid_ones(name, results):
    method = PLOTS[name][0]
    valid = list(inspect.signature(method).parameters)[1:]
    with pytest.raises(qi.QIStatsError) as info:
        results[name].plot(colour="red")
    message = str(info.value)
    assert "unknown argument colour='red'" in message
    assert all(v in message for v in valid), message
    assert "unexpected keyword" not in message
    with pytest.raises(qi.QIStatsError, match="positional"):
        results[name].plot(None, None, None)


BAD = [
    ({"ncols": -1}, "ncols=-1"),
    ({"ncols": 0}, "ncols=0"),
    ({"ncols": 2.5}, "ncols=2.5"),
    ({"ncols": True}, "ncols=True"),
    ({"figsize": (0, 0)}, r"figsize=\(0, 0\)"),
    ({"figsize": (5,)}, r"figsize=\(5,\)"),
    ({"figsize": "big"}, "figsize='big'"),
    ({"figsize": (-3, 4)}, r"figsize=\(-3, 4\)"),
]
TEXTS = [({"title": 3}, "title=3"), ({"subtitle": ["a"]}, r"subtitle=\['a'\]")]


@pytest.mark.parametrize("name", PLOTS)
@pytest.mark.parametrize(("kwargs", "message"), BAD)
def test_bad_values_of_the_common_arguments(name, kwargs, message, results):
    with pytest.raises(qi.QIStatsError, match=message):
        results[name].plot(**kwargs)


@pytest.mark.parametrize("name", ["SPCResult.plot", "Ambition.plot", "FunnelResult.plot"])
@pytest.mark.parametrize(("kwargs", "message"), TEXTS)
def test_bad_titles(name, kwargs, message, results):
    with pytest.raises(qi.QIStatsError, match=message):
        results[name].plot(**kwargs)


SERIES = [
    ({"series": []}, r"series=\[\]: expected at least one"),
    ({"series": ("A", "B")}, "a tuple names one series by several by-columns"),
    ({"series": ("A",)}, "a tuple names one series"),
    ({"series": "Z"}, "series='Z': no such series"),
    ({"sharey": "yes"}, "sharey='yes'"),
    ({"ax": "A"}, "ax='A': expected a matplotlib Axes"),
]


@pytest.mark.parametrize("name", ["SPCResult.plot", "Ambition.plot", "FunnelResult.plot"])
@pytest.mark.parametrize(("kwargs", "message"), SERIES)
def test_bad_series_and_axes(name, kwargs, message, results):
    if "series" in kwargs and name == "FunnelResult.plot":  # made without by= (trial 11)
        message = r"series=.*: this result has one series \(it was made without by=\)"
    with pytest.raises(qi.QIStatsError, match=message):
        results[name].plot(**kwargs)


def test_bad_values_of_each_plots_own_arguments(results):
    res, amb = results["SPCResult.plot"], results["Ambition.plot"]
    fun, report = results["FunnelResult.plot"], results["Board.plot"]
    cases = [
        (res, {"style": "ggplot"}, "style='ggplot'"),
        (res, {"percent": "yes"}, "percent='yes'"),
        (res, {"label_limits": 1}, "label_limits=1"),
        (res, {"icons": None}, "icons=None"),
        (res, {"date_format": "month"}, "date_format='month'"),
        (amb, {"view": "table"}, "view='table'"),
        (amb, {"oe": "yes"}, "oe='yes'"),
        (amb, {"percent": 2}, "percent=2"),
        (amb, {"view": "overview", "ax": plt.figure().add_subplot()}, "ax: the O/E panel"),
        (fun, {"improvement": "up"}, "improvement='up'"),
        (fun, {"logx": "yes"}, "logx='yes'"),
        (report, {"measure": []}, r"measure=\[\]"),
        (report, {"measure": "z"}, "measure='z': no such measure"),
    ]
    for result, kwargs, message in cases:
        with pytest.raises(qi.QIStatsError, match=message):
            result.plot(**kwargs)


def test_ambition_draws_one_series_into_a_given_axes(results):
    fig, ax = plt.subplots()
    out = results["Ambition.plot"].plot(ax, series="A", title="Ward A")
    assert out is fig and fig.axes == [ax]
    assert ax.get_title(loc="left") == "Ward A"
    assert [c.get_gid() for c in ax.lines].count("target") == 1
    assert not fig.legends and ax.get_legend() is None


def test_garbage_collection_is_paused_while_drawing_and_restored(results):
    import gc

    seen = []
    callback = lambda phase, info: seen.append(phase)  # noqa: E731
    gc.callbacks.append(callback)
    try:
        assert gc.isenabled()
        gc.collect()
        seen.clear()
        results["SPCResult.plot"].plot()
        assert seen == []  # no automatic collection ran while drawing
        assert gc.isenabled()
        gc.disable()
        results["SPCResult.plot"].plot()
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
        gc.callbacks.remove(callback)
    with pytest.raises(qi.QIStatsError):
        results["SPCResult.plot"].plot(ncols=-1)
    assert gc.isenabled()  # restored after an error too
