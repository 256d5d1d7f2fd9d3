"""Trial 17 #7: on the ``pr`` funnel a unit's z-score (arcsine scale) and its outlier flag (the
exact binomial tails) can disagree; the table says which decides. Checked against the exact
tail computed here with scipy, and the docs say so next to ``z``."""

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

import qistats as qi


def test_a_unit_at_zero_has_a_large_z_but_the_exact_tail_decides_the_flag():
    d = pd.DataFrame(
        {"u": list("ABCDEFGHIJ"), "y": [0, 100, 5, 6, 7, 4, 5, 6, 5, 7], "n": [100] * 10}
    )
    res = qi.funnel(d, y="y", n="n", unit="u", kind="pr")
    a = res.units.set_index("u").loc["A"]
    p0 = res.summary().target[0]
    # the robust target: B aside; A, 0 of 100 (P = 0.006 at 5 %), consistent with chance
    assert p0 == (5 + 6 + 7 + 4 + 5 + 6 + 5 + 7) / 900
    # phi uses A's mid-p score, -3.0 (its count is not that rare), and sets only B aside
    assert np.isclose(a.z_trimmed, stats.norm.ppf(0.5 * stats.binom.pmf(0, 100, p0)))
    assert res.units["z_trimmed"].isna().tolist() == [False, True] + [False] * 8
    # z on the arcsine scale: (asin(0) - asin(sqrt(p0))) / (1 / (2 sqrt(100)))
    assert np.isclose(a.z, -np.arcsin(np.sqrt(p0)) * 20)
    assert a.z < stats.norm.ppf(0.001)  # beyond −3.09
    # the exact lower tail of 0 of 100 is above α/2 = 0.001: not an outlier, on the limit 0
    tail = stats.binom.cdf(0, 100, p0)
    assert 0.001 < tail < 0.01
    assert not a.outlier and a.direction is None and a.lcl_99_8 == 0
    # and the units table's documentation says the flag comes from the limits, not z
    doc = " ".join(qi.FunnelResult.__doc__.split())
    assert "it does not decide ``outlier``" in doc
    page = " ".join((Path(__file__).parents[1] / "docs" / "funnel.rst").read_text().split())
    assert "**z does not decide** ``outlier``." in page
