"""The synthetic data: deterministic and shaped like a collaborative's."""

import pandas as pd

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
