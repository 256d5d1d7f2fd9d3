"""qi.funnel names a unit that looks like a total of the others (trial 13): the bundled A&E
data's "England" (every type 1 department summed, as its documentation says) beside four of its
trusts was compared as one more unit, with φ 1,172 and no word."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import qistats as qi


def test_england_beside_its_trusts_is_named_as_a_probable_total():
    ae = qi.datasets.ae_attendances()
    march = ae[ae["month"] == "2019-03-01"]
    kw = {"y": "breaches", "n": "attendances", "unit": "org_code", "kind": "pr"}
    with pytest.warns(qi.DuplicateRowsWarning) as rec:
        qi.funnel(march, adjust=False, **kw)
    msg = str(rec[0].message)
    eng = march[march["org_code"] == "England"]
    rest = march[march["org_code"] != "England"]
    assert msg.startswith("unit org_code='England' has n='attendances' ")
    assert f"{eng['attendances'].iloc[0]:,}" in msg
    assert f"the other {len(rest)} units of its funnel together" in msg
    assert f"({rest['attendances'].sum():,} and {rest['breaches'].sum():,})" in msg
    # the trusts alone: no such warning
    with warnings.catch_warnings():
        warnings.simplefilter("error", qi.DuplicateRowsWarning)
        qi.funnel(rest, adjust=False, **kw)


def test_a_total_row_equal_to_the_sum_of_its_units_is_named():
    rng = np.random.default_rng(4)
    n = rng.integers(2000, 9000, 12).astype(float)
    wards = pd.DataFrame(
        {"ward": [f"W{i:02d}" for i in range(12)], "y": rng.poisson(n / 100), "n": n}
    )
    total = pd.DataFrame({"ward": ["All wards"], "y": [wards["y"].sum()], "n": [n.sum()]})
    with pytest.warns(qi.DuplicateRowsWarning, match="'All wards' .* the sums of the other 12"):
        qi.funnel(pd.concat([wards, total]), y="y", n="n", unit="ward", kind="rate")


def test_units_of_different_sizes_are_rarely_taken_for_totals():
    """Funnels of 4 to 30 units, sizes log-normal with a log-SD of 1 (the largest of 10 units
    is then typically 5 times the median): the share named as a total is printed and bounded."""
    rng = np.random.default_rng(5)
    named = total = 0
    for k in (4, 6, 10, 30):
        groups = 500
        n = np.exp(rng.normal(np.log(3000), 1.0, (groups, k))).round()
        data = pd.DataFrame(
            {
                "funnel": np.repeat(np.arange(groups), k),
                "unit": np.tile([f"u{i:02d}" for i in range(k)], groups),
                "y": rng.poisson(n * 0.01).ravel(),
                "n": n.ravel(),
            }
        )
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            qi.funnel(data, y="y", n="n", unit="unit", kind="rate", by="funnel", adjust=False)
        said = [w for w in rec if issubclass(w.category, qi.DuplicateRowsWarning)]
        if said:  # one warning a call, which counts the units when several are so
            many = re.search(r"\((\d+) units are so\)", str(said[0].message))
            named += int(many.group(1)) if many else 1
        total += groups
    share = named / total
    print(f"units named as totals: {named} of {total} funnels ({share:.2%})")
    assert share < 0.005
