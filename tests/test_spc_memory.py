"""qi.spc's peak memory per point stays bounded (issue 12: under 120 bytes per point).

The peak is measured by tracemalloc (numpy and pandas report their buffers to it), so it is the
same from run to run whatever the machine's load: 106.6, 108.6 and 99.6 bytes per point for the
three workloads below on 2,000 wards x 120 months (numpy 2.4, pandas 3.1), three runs alike to
0.1 byte. Checks added to qi.spc once raised the u chart's peak to 160 bytes per point, unseen
(trial 12, AUDIT_B D0): float copies of y and n for the rare-events check, of the x keys and
their gaps for the series behind the latest period. The bound leaves a margin of 5 to 15 bytes.
"""

import gc
import itertools
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import qistats as qi
from qistats.frame import copy_on_write

#: bytes per point: the goal for the engine's key workloads (docs: "Speed and memory")
BOUND = 115


def wards(k: int = 2_000, months: int = 120) -> pd.DataFrame:
    """benchmarks/bench_spc.py's data, smaller: one row per ward and month."""
    rng = np.random.default_rng(1)
    names = np.array([f"W{i:05d}" for i in range(k)], dtype=object)
    return pd.DataFrame(
        {
            "ward": np.repeat(names, months),
            "month": np.tile(pd.date_range("2015-01-01", periods=months, freq="MS"), k),
            "y": rng.normal(10, 2, k * months).round(2),
            "n": rng.integers(500, 900, k * months),
            "events": rng.poisson(20, k * months),
        }
    )


def peak_per_point(df: pd.DataFrame, **kw) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        qi.spc(df, x="month", by="ward", **kw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / len(df)


@pytest.mark.skipif(not copy_on_write(), reason="without copy on write the result keeps copies")
@pytest.mark.parametrize(
    "kw",
    [
        dict(y="events", n="n", chart="u", rules="anhoej"),
        dict(y="events", n="n", chart="u", rules="mdc"),
        dict(y="y", chart="xmr", rules="mdc"),
    ],
    ids=["u + anhoej", "u + mdc", "xmr + mdc"],
)
def test_the_peak_stays_under_115_bytes_per_point(kw):
    df = wards()
    per_point = peak_per_point(df, **kw)
    assert per_point < BOUND, f"qi.spc peaks at {per_point:.1f} bytes per point"


@pytest.mark.parametrize(
    "kw, blocks",
    [
        (dict(y="events", n="n", chart="u", rules="anhoej"), 2),
        (dict(y="y", chart="xmr", rules="mdc"), 2),
        (dict(y="y", chart="i", rules="nelson"), 1),
    ],
    ids=["u + anhoej", "xmr + mdc", "i + nelson"],
)
def test_the_six_lines_are_rows_of_one_or_two_blocks(kw, blocks):
    # fewer, larger allocations fault in fewer 4 KiB pages (docs: "Speed and memory"): the
    # lines made by the time the rules run (at least the 3σ and 2σ lines) in one block, the
    # rest in another; Nelson's rules ask for the 2σ lines (two of three) and the 1σ lines
    # (four of five, hugging, mixture) while they run, so all six are one block
    pts = qi.spc(wards(50, 24), x="month", by="ward", **kw).points
    lines = ("lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s")
    base = {name: pts[name].to_numpy().base for name in lines}
    rows = {name: 6 if blocks == 1 else 2 if name.endswith("1s") else 4 for name in lines}
    assert all(base[name].shape == (rows[name], len(pts)) for name in lines)
    assert len({id(b) for b in base.values()}) == blocks
    assert len({id(base[name]) for name in ("lcl", "ucl", "lcl_2s", "ucl_2s")}) == 1
    # each line its own row: 3σ outside 2σ outside 1σ outside the centre line
    order = [pts[c].to_numpy() for c in ("lcl", "lcl_2s", "lcl_1s", "cl")]
    order += [pts[c].to_numpy() for c in ("ucl_1s", "ucl_2s", "ucl")]
    assert all((a < b).all() for a, b in itertools.pairwise(order))
