"""``qi.spc`` and ``qi.board`` tell the same story about the same series (issues #10, #13).

Hypothesis draws messy monthly data of a few wards — a missing latest month, a ward that
opened late, a ward that closed (zero denominators, missing values or no rows at the end), a
ward with no observation at all, missing and zero denominators in the middle, duplicated and
split rows — with a chart, a direction, a target, a baseline and a new phase, and checks that
the columns both report agree: ``cl``, ``lcl``, ``ucl`` (at the last observed point),
``variation``, ``assurance``, ``n_points``, ``short_phase``, ``latest_value`` and
``latest_x``. The spc side is
read from its ``points`` (the last point with a value) and its ``summary()`` (the phase
holding that point), never from the board's own arithmetic.
"""

from __future__ import annotations

import dataclasses
import os
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qistats as qi

SETTINGS = settings(
    max_examples=int(os.environ.get("QISTATS_AGREE_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
MONTHS = pd.date_range("2022-01-01", periods=24, freq="MS")
NEEDS_N = {"p": True, "u": True, "c": False}


@st.composite
def wards(draw):
    """Rows (ward, month index, y, n) of 1-4 wards, and the chart's settings."""
    chart = draw(st.sampled_from(["xmr", "i", "run", "c", "p", "u"]))
    with_n = NEEDS_N.get(chart, draw(st.booleans()))
    rows = []
    for w in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, 5))  # opened late
        length = draw(st.integers(1, 16))
        for t in range(start, start + length):
            y = draw(
                st.one_of(st.integers(0, 20), st.none(), st.none()) if t % 3 else st.integers(0, 20)
            )
            n = draw(st.sampled_from([None, 0, 20, 40, 40, 40])) if with_n else None
            if y is not None and n is not None and chart == "p":
                y = min(y, n)
            rows.append([f"w{w}", t, y, n])
        closed = draw(st.integers(0, 3))
        how = draw(st.sampled_from(["zero", "nan", "rows"] if with_n else ["nan", "rows"]))
        t0 = start + length
        if how != "rows":
            for t in range(t0, t0 + closed):
                rows.append(
                    [f"w{w}", t, 0 if how == "zero" else None, 0 if how == "zero" else None]
                )
        if draw(st.booleans()) and draw(st.booleans()):  # a ward with no observation
            for r in rows:
                if r[0] == f"w{w}":
                    r[2] = None
    # duplicated rows (summed, with a warning) and rows split in two (the same sums)
    for i in draw(st.lists(st.integers(0, len(rows) - 1), max_size=2)):
        rows.append(list(rows[i]))
    for i in draw(st.lists(st.integers(0, len(rows) - 1), max_size=2)):
        w, t, y, n = rows[i]
        if chart in ("c", "p", "u") and y is not None and (n is None or n >= 2):
            # y → ⌈y/2⌉ + ⌊y/2⌋ and n → ⌈n/2⌉ + ⌊n/2⌋: each part keeps y <= n when y <= n
            rows[i] = [w, t, y - y // 2, None if n is None else n - n // 2]
            rows.append([w, t, y // 2, None if n is None else n // 2])
    settings_ = {
        "chart": chart,
        "with_n": with_n,
        "improvement": draw(st.sampled_from(["increase", "decrease", None])),
        "target": draw(st.sampled_from([None, 0.05, 0.3, 0.6, 2.0, 6.0, 12.0])),
        "freeze": draw(st.sampled_from([None, None, 3, 6])),
        "rebase": draw(st.sampled_from([None, None, 4, 9])),
        "min_points": draw(st.sampled_from([None, 0, 5])),
    }
    return rows, settings_


def _frame(rows, with_n):
    df = pd.DataFrame(rows, columns=["ward", "t", "y", "n"])
    df["month"] = MONTHS[df["t"].to_numpy()]
    df["y"] = df["y"].astype(float)
    df["n"] = df["n"].astype(float)
    df = df.drop(columns=["t"] if with_n else ["t", "n"])
    return df.assign(measure="m")


def _mdc(chart: str) -> qi.rules.RuleSet:
    """The MDC rules, without those that test zones of sigma on a run chart: qi.spc refuses
    them there (they never fire), and a board's run measure has no limits to test."""
    mdc = qi.rules.mdc()
    if chart != "run":
        return mdc
    return dataclasses.replace(mdc, rules=tuple(r for r in mdc.rules if r not in mdc.sigma_rules()))


def _quietly(fn, *args, **kw):
    """The result or the QIStatsError; qistats' own warnings are allowed, no other."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn(*args, **kw)
        except qi.QIStatsError as err:
            out = err
    leaked = [w for w in caught if not issubclass(w.category, qi.QIStatsWarning)]
    assert not leaked, [str(w.message) for w in leaked]
    return out


def _spc_view(res: qi.SPCResult) -> pd.DataFrame:
    """Per ward, what spc says: at the last observed point, and the summary's icons there."""
    pts = res.points
    summ = res.summary()
    out = []
    for ward, p in pts.groupby("ward", sort=True, observed=True):
        seen = p[p["value"].notna()]
        s = summ[summ["ward"] == ward]
        row = {"ward": ward, "n_points": int(s["n_points"].sum())}
        if len(seen):
            last = seen.iloc[-1]
            phase = s[s["phase"] == last["phase"]].iloc[0]
            row.update(
                latest_x=last["month"],
                latest_value=last["value"],
                cl=last["cl"],
                lcl=last["lcl"],
                ucl=last["ucl"],
                summary_cl=phase["cl"],
                short_phase=bool(phase["short_phase"]),
                # the point's label is the icon, but for a phase of 1 or 2 points (MDC rules):
                # too few to judge, no common-cause icon (a special cause keeps its own)
                variation=last["variation"]
                if phase["n_points"] >= 3 or last["variation"] != "common_cause"
                else None,
                summary_variation=phase["variation"],
                assurance=phase["assurance"],
                other_assurance=s["assurance"].notna().sum() - pd.notna(phase["assurance"]),
            )
        else:
            row.update(
                latest_x=pd.NaT,
                latest_value=np.nan,
                cl=np.nan,
                lcl=np.nan,
                ucl=np.nan,
                summary_cl=np.nan,
                short_phase=False,
                variation=None,
                summary_variation=s["variation"].dropna().iloc[-1]
                if s["variation"].notna().any()
                else None,
                assurance=None,
                other_assurance=int(s["assurance"].notna().sum()),
            )
        out.append(row)
    return pd.DataFrame(out).set_index("ward")


def _same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if isinstance(a, (float, np.floating)) or isinstance(b, (float, np.floating)):
        return bool(np.isclose(float(a), float(b), rtol=1e-9, atol=1e-12))
    return a == b


@SETTINGS
@given(wards())
def test_spc_summary_and_board_table_agree(case):
    rows, s = case
    data = _frame(rows, s["with_n"])
    before = data.copy(deep=True)
    n = "n" if s["with_n"] else None
    if n and s["chart"] in ("xmr", "i", "run") and data["n"].isna().all():
        n = None  # a board's I or run measure uses n only when it has one (documented)
    rebase = [MONTHS[s["rebase"]]] if s["rebase"] is not None else None
    if rebase is not None and not (data["month"] == rebase[0]).any():
        rebase = None  # a board's rebase must be a period of the measure
    res = _quietly(
        qi.spc,
        data,
        y="y",
        n=n,
        x="month",
        by="ward",
        chart=s["chart"],
        rules=_mdc(s["chart"]),
        screen_mr=True,
        improvement=s["improvement"],
        target=s["target"],
        freeze=s["freeze"],
        phase=rebase,
        min_points=s["min_points"],
    )
    measures = pd.DataFrame(
        {
            "measure": ["m"],
            "chart": [s["chart"]],
            "improvement": [s["improvement"] or "neutral"],
            "target": [s["target"]],
            "freeze": [s["freeze"]],
            "rebase": [rebase or []],
        }
    )
    report = _quietly(
        qi.board, data, measures, x="month", y="y", n=n, by="ward", min_points=s["min_points"]
    )
    pd.testing.assert_frame_equal(data, before)
    if isinstance(res, qi.QIStatsError) or isinstance(report, qi.QIStatsError):
        assert type(res) is type(report), (res, report)
        return
    spc = _spc_view(res)
    table = report.table().set_index("ward").loc[spc.index]
    for ward, want in spc.iterrows():
        got = table.loc[ward]
        assert want["other_assurance"] == 0, (ward, "assurance on a second phase")
        assert _same(want["summary_variation"], want["variation"]), (ward, "summary variation")
        if not pd.isna(want["cl"]):
            assert _same(want["summary_cl"], want["cl"]), (ward, "summary cl")
        cols = ["n_points", "latest_x", "latest_value", "cl", "lcl", "ucl", "variation"]
        for col in [*cols, "short_phase"]:
            assert _same(want[col], got[col]), (ward, col, want[col], got[col], s)
        assert _same(want["assurance"], got["assurance"]), (ward, "assurance", s)
        if want["n_points"] == 0:
            assert bool(got["stale"]) and pd.isna(got["variation"]) and got["assurance"] is None
