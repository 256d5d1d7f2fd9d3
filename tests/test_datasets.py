"""The synthetic data: deterministic and shaped like a collaborative's."""

import pandas as pd
import pytest

import qistats as qi
from qistats import datasets


def test_same_arguments_same_data():
    pd.testing.assert_frame_equal(datasets.restrictive_practice(), datasets.restrictive_practice())
    assert not datasets.restrictive_practice(seed=1).equals(datasets.restrictive_practice(seed=2))


def test_shape_of_the_collaborative():
    df = datasets.restrictive_practice()
    assert df.trust.nunique() == 11
    assert df.groupby("trust").ward.nunique().between(3, 6).all()
    assert (df.groupby("ward").month.nunique() == 48).all()
    assert df.month.min() == pd.Timestamp("2020-04-01")
    assert (df.bed_days > 0).all() and (df.restraints >= 0).all()


def test_programme_wards_have_a_real_drop():
    df = datasets.restrictive_practice()
    programme = df.groupby("ward").intervention.transform("any")
    assert 0.2 < df[programme].ward.nunique() / df.ward.nunique() < 0.7
    # intervention switches on once and stays on
    assert (df.groupby("ward").intervention.apply(lambda s: s.is_monotonic_increasing)).all()
    rate = df.assign(r=df.restraints / df.bed_days).groupby(["ward", "intervention"]).r.mean()
    after = rate.xs(True, level="intervention")
    before = rate.loc[after.index].xs(False, level="intervention")
    assert (after / before).mean() < 0.8


def test_ae_attendances_are_the_published_figures():
    # the bundled CSV must hold exactly the NHSRdatasets values the R reference outputs used
    from pathlib import Path

    ref = Path(__file__).parent / "reference/plotthedots/real"
    ae = datasets.ae_attendances()
    trusts = pd.read_csv(ref / "ae_5trusts_type1_breaches_facet/input.csv")
    got = ae[ae.org_code != "England"].reset_index(drop=True)
    assert got.month.dt.strftime("%Y-%m-%d").tolist() == trusts.period.tolist()
    for col in ("org_code", "attendances", "breaches", "admissions"):
        assert got[col].tolist() == trusts[col].tolist(), col
    eng = ae[ae.org_code == "England"]
    nat = pd.read_csv(ref / "ae_national_type1_performance_target95/input.csv")
    adm = pd.read_csv(ref / "ae_national_type1_admissions_fix12/input.csv")
    assert eng.attendances.tolist() == nat.attendances.tolist()
    assert eng.breaches.tolist() == nat.breaches.tolist()
    assert eng.admissions.tolist() == adm.admissions.tolist()
    # the performance NHSRplotthedots charted is 1 - breaches / attendances
    assert (1 - eng.breaches / eng.attendances).round(12).tolist() == nat.performance.round(
        12
    ).tolist()


@pytest.mark.parametrize(
    ("make", "kw", "says"),
    [
        (datasets.restrictive_practice, {"n_trusts": 0}, "n_trusts=0: expected 1 to"),
        (datasets.restrictive_practice, {"n_months": 0}, "n_months=0: expected at least 1"),
        (datasets.sexual_safety, {"n_trusts": 99}, "n_trusts=99: expected 1 to"),
    ],
)
def test_bad_sizes_are_argument_errors(make, kw, says):
    with pytest.raises(qi.ArgumentError, match=says):
        make(**kw)
