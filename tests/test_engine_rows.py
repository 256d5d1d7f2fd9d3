"""U charts of series of one length (the lines computed as matrices, one row a series, from
each series' centre) and of different lengths (from the points' centre line): lines, the
signs of the differences from the centre, and lower lines clamped at 0, against the formulas
by hand with numpy, one series at a time."""

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def _data(lengths: list[int], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for s, m in enumerate(lengths):
        # series 0 has few events (its 3σ lower line falls below 0), the others many
        events = rng.poisson(3.0 if s == 0 else 40.0, m)
        frames.append(
            pd.DataFrame(
                {
                    "ward": f"W{s}",
                    "month": pd.date_range(end="2022-12-01", periods=m, freq="MS"),  # ends alike
                    "events": events,
                    "n": rng.integers(50, 90, m),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize("lengths", [[24, 24, 24], [24, 30, 18]])
def test_u_lines_by_hand(lengths):
    full = _data(lengths, seed=len(set(lengths)))
    # without the few-events series, every lower line is above 0 (none is clamped)
    for d in (full, full[full["ward"] != "W0"]):
        _check_by_hand(d)
    pts = qi.spc(full, y="events", n="n", x="month", by="ward", chart="u").points
    # the few-events series' 3σ lower line reaches 0; the others' lines stay above it
    first = pts[pts["ward"] == "W0"]
    assert (first["lcl"] == 0).any()
    assert (pts.loc[pts["ward"] != "W0", ["lcl", "lcl_2s", "lcl_1s"]] > 0).all().all()


def _check_by_hand(d: pd.DataFrame) -> None:
    pts = qi.spc(d, y="events", n="n", x="month", by="ward", chart="u").points
    for ward, rows in d.groupby("ward"):
        got = pts[pts["ward"] == ward]
        y, n = rows["events"].to_numpy(float), rows["n"].to_numpy(float)
        cl = y.sum() / n.sum()
        sd = np.sqrt(cl / n)
        np.testing.assert_allclose(got["cl"], cl, rtol=1e-13)
        for k, lo, hi in ((3, "lcl", "ucl"), (2, "lcl_2s", "ucl_2s"), (1, "lcl_1s", "ucl_1s")):
            np.testing.assert_allclose(got[hi], cl + k * sd, rtol=1e-13)
            np.testing.assert_allclose(got[lo], np.maximum(cl - k * sd, 0.0), rtol=1e-13, atol=0)
        value = y / n
        assert got["outside_limits"].tolist() == list(
            (value > cl + 3 * sd) | (value < np.maximum(cl - 3 * sd, 0.0))
        )


def test_same_lines_whatever_the_layout():
    # one series charted alone, beside series of its length, and beside longer ones: the same
    # numbers, bit for bit, by whichever path
    d = _data([24, 24, 30], seed=5)
    alone = qi.spc(d[d["ward"] == "W1"], y="events", n="n", x="month", chart="u").points
    cols = ["value", "cl", "lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s"]
    for part in (d[d["ward"] != "W2"], d):
        pts = qi.spc(part, y="events", n="n", x="month", by="ward", chart="u").points
        mine = pts[pts["ward"] == "W1"]
        for c in cols:
            assert np.array_equal(
                mine[c].to_numpy().view(np.int64), alone[c].to_numpy().view(np.int64)
            ), c
        assert mine["long_run"].tolist() == alone["long_run"].tolist()
