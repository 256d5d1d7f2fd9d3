"""Segment kernels, checked against hand calculations."""

import itertools

import numpy as np
import pytest

from qistats import _kernels as K

NAN = np.nan


def lay(*lengths):
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.intp)
    return K.Layout.from_starts(starts, int(sum(lengths)))


def test_layout_from_starts():
    la = lay(2, 3, 1)
    assert la.seg.tolist() == [0, 0, 1, 1, 1, 2]
    assert la.n_seg == 3
    assert la.lengths().tolist() == [2, 3, 1]


def test_divide_gives_nan_for_zero_and_missing_denominators():
    out = K.divide(np.array([1.0, 1.0, 0.0, 3.0]), np.array([2.0, 0.0, 0.0, NAN]))
    assert out[0] == 0.5
    assert np.isnan(out[1:]).all()


def test_seg_sum_count_mean():
    la = lay(3, 2)
    v = np.array([1.0, 2.0, 4.0, 10.0, NAN])
    m = np.array([True, False, True, True, False])
    assert K.seg_count(m, la).tolist() == [2, 1]
    assert K.seg_sum(v, m, la).tolist() == [5.0, 10.0]
    assert K.seg_mean(v, m, la).tolist() == [2.5, 10.0]


def test_seg_mean_of_segment_without_points_is_nan():
    la = lay(2, 2)
    m = np.array([True, True, False, False])
    out = K.seg_mean(np.ones(4), m, la)
    assert out[0] == 1.0 and np.isnan(out[1])


def test_seg_median_odd_even_masked_and_empty():
    # segment 0: 5, 1, 3 -> 3; segment 1: 4, 2, (masked 100), 8, 6 -> (4 + 6) / 2 = 5;
    # segment 2: nothing masked in -> NaN; segment 3: one point 7 -> 7
    la = lay(3, 5, 2, 1)
    v = np.array([5, 1, 3, 4, 2, 100, 8, 6, 9, 9, 7], dtype=float)
    m = np.ones(11, dtype=bool)
    m[5] = False
    m[8:10] = False
    out = K.seg_median(v, m, la)
    assert out[0] == 3.0 and out[1] == 5.0 and np.isnan(out[2]) and out[3] == 7.0


def test_seg_median_across_length_classes():
    # lengths 1, 2, 3, 200 and 1000 fall in different length classes
    rng = np.random.default_rng(0)
    lengths = [1, 2, 3, 200, 1000]
    la = lay(*lengths)
    v = rng.normal(size=sum(lengths))
    out = K.seg_median(v, np.ones(v.size, dtype=bool), la)
    pieces = np.split(v, np.cumsum(lengths)[:-1])
    # np.median on each piece separately is an independent implementation
    assert out.tolist() == [float(np.median(p)) for p in pieces]


def test_moving_ranges_step_over_masked_but_not_missing_points():
    la = lay(5, 3)
    v = np.array([1.0, 4.0, 100.0, 2.0, NAN, 5.0, 7.0, 4.0])
    m = np.array([True, True, False, True, True, True, True, True])
    mr = K.moving_ranges(v, m, la)
    # segment 0: |4-1| = 3 at 1; point 2 is skipped, so |2-4| = 2 at 3; NaN at 4 (missing y)
    # segment 1 starts afresh: NaN at 5, |7-5| = 2, |4-7| = 3
    expected = [NAN, 3.0, NAN, 2.0, NAN, NAN, 2.0, 3.0]
    np.testing.assert_array_equal(mr, expected)


def test_moving_ranges_all_points_restart_at_segment_boundaries():
    la = lay(2, 2)
    mr = K.moving_ranges(np.array([1.0, 3.0, 10.0, 4.0]), np.ones(4, dtype=bool), la)
    np.testing.assert_array_equal(mr, [NAN, 2.0, NAN, 6.0])


def test_mean_moving_range_screening_drops_large_ranges_once():
    # moving ranges 1, 1, 1, 1, 10: mean 2.8; 3.267 * 2.8 = 9.1476, so 10 is dropped -> mean 1
    v = np.array([0.0, 1.0, 0.0, 1.0, 0.0, 10.0])
    la = lay(6)
    m = np.ones(6, dtype=bool)
    assert K.mean_moving_range(v, m, la)[0] == pytest.approx(2.8)
    assert K.mean_moving_range(v, m, la, screen=True)[0] == 1.0


def test_screening_keeps_a_range_just_below_the_limit():
    # ranges 1, 1, 1, x with x = 3.267 * mean(1, 1, 1, x) -> x = 3.267 * 3 / (4 - 3.267);
    # anything slightly below stays
    x = 3.267 * 3 / (4 - 3.267) * 0.999
    v = np.array([0.0, 1.0, 0.0, 1.0, 1.0 + x])
    amr = K.mean_moving_range(v, np.ones(5, dtype=bool), lay(5), screen=True)[0]
    assert amr == pytest.approx((3 + x) / 4)


def _screened_amr_by_loop(v, mask, lengths, limit=3.267):
    """The screened mean moving range of each segment, one segment at a time (reference)."""
    out, start = [], 0
    for n in lengths:
        seg = v[start : start + n][mask[start : start + n]]
        start += n
        mr = np.abs(np.diff(seg))
        mr = mr[~np.isnan(mr)]
        if not mr.size:
            out.append(NAN)
            continue
        amr = mr.mean()
        kept = mr if amr == 0 else mr[mr < limit * amr]
        out.append(kept.mean() if kept.size else NAN)
    return np.array(out)


@pytest.mark.parametrize(
    "noise, spikes",
    [
        # uniform noise: moving ranges below 1.09 (3.267 x their mean 1/3) but in one segment
        # scaled x 10, so few ranges are above the lowest limit: they are found by index, and
        # the scaled segment's must be judged against its own limit
        ("uniform", 0),
        ("uniform", 3),
        ("normal", 400),  # many ranges above the lowest limit: compared whole
    ],
)
def test_screening_of_many_segments_matches_a_loop(noise, spikes):
    rng = np.random.default_rng(3)
    lengths = np.r_[1, 2, rng.integers(100, 200, size=300)]
    v = rng.uniform(0, 1, lengths.sum()) if noise == "uniform" else rng.normal(10, 2, lengths.sum())
    v[3 : 3 + lengths[2]] *= 10
    v[rng.choice(v.size, spikes, replace=False)] += 40  # jumps far above 3.267 x the mean
    v[rng.choice(v.size, 30, replace=False)] = NAN
    v[1:3] = 5.0  # a constant segment keeps its zero ranges
    mask = rng.random(v.size) > 0.05
    mask[1:3] = True
    got = K.mean_moving_range(v, mask, lay(*lengths), screen=True)
    want = _screened_amr_by_loop(v, mask, lengths)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert np.isnan(got[0]) and got[1] == 0.0
    plain = K.mean_moving_range(v, mask, lay(*lengths))
    assert (np.nan_to_num(plain) >= np.nan_to_num(got)).all()


def test_run_lengths_join_runs_across_non_useful_points():
    # signs: + + (on CL) + - - | + - ; the point on the CL neither breaks nor extends the run
    la = lay(6, 2)
    sign = np.array([1, 1, 0, 1, 0, 0, 1, 0], dtype=np.int8)
    useful = np.array([True, True, False, True, True, True, True, True])
    runs = K.run_lengths(sign, useful, la)
    assert runs.longest.tolist() == [3, 1]
    assert runs.n_runs.tolist() == [2, 2]
    # the 7 useful points: runs at 0 (3 long), 3 (2), 5 (1), 6 (1); segment 1 starts at run 2
    assert runs.length.tolist() == [3, 2, 1, 1] and runs.start.tolist() == [0, 3, 5, 6]
    assert runs.first.tolist() == [0, 2]


def test_run_lengths_segment_without_useful_points():
    la = lay(2, 2)
    runs = K.run_lengths(
        np.array([1, 1, 0, 0], dtype=np.int8), np.array([True, True, False, False]), la
    )
    assert runs.longest.tolist() == [2, 0]
    assert runs.n_runs.tolist() == [1, 0]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17])
def test_runs_at_least_matches_counting_the_runs(n):
    # against the run lengths counted one by one in plain Python
    rng = np.random.default_rng(n)
    cont = rng.random(500) < 0.8
    cont[0] = False
    expected, i = [], 0
    while i < cont.size:
        j = i + 1
        while j < cont.size and cont[j]:
            j += 1
        expected += [j - i >= n] * (j - i)
        i = j
    assert K.runs_at_least(cont, n).tolist() == expected


def test_runs_at_least_short_input():
    assert K.runs_at_least(np.array([False, True]), 3).tolist() == [False, False]
    assert K.runs_at_least(np.array([False, True, True]), 3).tolist() == [True] * 3


def test_position_in_segment():
    assert K.position_in_segment(np.array([0, 3, 4]), 6).tolist() == [0, 1, 2, 0, 0, 1]


def test_nth_true_by_hand():
    mask = np.array([True, False, True, True, False, False, True])  # True at 0, 2, 3, 6
    assert K.nth_true(mask, np.array([0, 1, 2, 3])).tolist() == [0, 2, 3, 6]
    assert K.nth_true(mask, np.array([3, 0])).tolist() == [6, 0]
    assert K.nth_true(np.ones(4, dtype=bool), np.array([2])).tolist() == [2]


@pytest.mark.parametrize("p_false", [0.0, 0.01, 0.1, 0.5, 0.95])
def test_nth_true_matches_the_index_array(p_false):
    rng = np.random.default_rng(7)
    for _ in range(200):
        mask = rng.random(rng.integers(1, 300)) >= p_false
        true_at = np.flatnonzero(mask)  # the reference: every index, then picked
        if true_at.size:
            k = rng.integers(0, true_at.size, size=rng.integers(0, 20))
            assert K.nth_true(mask, k).tolist() == true_at[k].tolist()


@pytest.mark.parametrize("spikes", [0, 40, 2000])
def test_screening_of_equal_length_segments_matches_a_loop(spikes):
    # every segment 120 points and every point taken: the ranges are compared row by row
    # against their segment's limit (Layout.width), the moving ranges made by one subtraction
    rng = np.random.default_rng(7)
    lengths = np.full(400, 120)
    v = rng.normal(10, 2, lengths.sum()).round(2)
    v[:120] = 4.0  # a constant segment keeps its zero ranges
    v[rng.choice(np.arange(120, v.size), spikes, replace=False)] += 30
    mask = np.ones(v.size, dtype=bool)
    la = lay(*lengths)
    assert la.width() == 120
    got = K.mean_moving_range(v, mask, la, screen=True)
    np.testing.assert_allclose(got, _screened_amr_by_loop(v, mask, lengths), rtol=1e-12)
    assert got[0] == 0.0
    mr = K.moving_ranges(v, mask, la)
    assert np.isnan(mr[la.starts]).all()
    np.testing.assert_array_equal(mr[1:120], np.zeros(119))
    np.testing.assert_array_equal(mr[121:240], np.abs(np.diff(v[120:240])))


@pytest.mark.parametrize("length", [3, 120, 255, 256, 300, 70_000])
@pytest.mark.parametrize("p", [0.0, 0.01, 0.5, 1.0])
def test_seg_count_matches_counting_each_segment(length, p):
    # long segments are counted by summing bytes in the smallest integer that holds the
    # longest segment's count: 255 fits a byte, 256 does not, 70,000 not two bytes
    rng = np.random.default_rng(length)
    lengths = np.r_[length, rng.integers(1, length + 1, size=40), length]
    mask = rng.random(lengths.sum()) < p
    la = lay(*lengths)
    bounds = np.r_[0, np.cumsum(lengths)]
    want = [int(mask[a:b].sum()) for a, b in itertools.pairwise(bounds)]
    got = K.seg_count(mask, la)
    assert got.tolist() == want
    assert got.dtype == np.intp


def test_layout_width_and_spread_into_a_row():
    assert lay(3, 3, 3).width() == 3
    assert lay(3, 2, 3).width() == 0
    assert lay().width() == 0
    per = np.array([1.5, -2.0, 7.0])
    for la in (lay(2, 2, 2), lay(1, 3, 2)):
        out = np.full(6, NAN)
        assert la.spread(per, out=out) is out
        assert out.tolist() == np.repeat(per, la.lengths()).tolist() == la.spread(per).tolist()


def test_line_blocks_hand_out_rows_of_planned_blocks():
    blocks = K.LineBlocks(5, plan=[2, 1])
    pairs = [blocks.pair() for _ in range(4)]
    bases = [lo.base for lo, _ in pairs]
    assert all(lo.shape == hi.shape == (5,) for lo, hi in pairs)
    assert bases[0] is bases[1] and bases[0].shape == (4, 5)  # the plan's first block
    assert bases[2].shape == (2, 5) and bases[2] is not bases[0]  # its second
    assert bases[3].shape == (2, 5) and bases[3] is not bases[2]  # beyond the plan: one each
    assert all(hi.base is lo.base for lo, hi in pairs)
    lo, hi = pairs[0]
    lo[:] = 1.0
    hi[:] = 2.0
    assert pairs[1][0].base[:2].tolist() == [[1.0] * 5, [2.0] * 5]


def test_seg_scale_reads_a_constant_line_per_segment():
    # segments of 3, 1 and 4 points; b constant within each (the third segment's missing)
    a = np.array([1.0, -5.0, np.nan, 2.0, 0.5, np.inf, -0.25, 3.0])
    seg_b = np.array([-7.0, 1.0, np.nan])
    lay = K.Layout(np.repeat(np.arange(3), [3, 1, 4]), np.array([0, 3, 4]))
    b = seg_b[lay.seg]
    # by hand: max |a| or |b| per segment; the infinity makes the third 0
    expected = [7.0, 2.0, 0.0]
    assert K.seg_scale(a, b, lay).tolist() == expected
    assert K.seg_scale(a, b, lay, seg_b).tolist() == expected


def test_mean_moving_range_of_finite_values_by_hand():
    # segments [1, 3, 2], [5] and [4, 4]: ranges 2 and 1, none, 0 (finite values, all taken)
    values = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 4.0])
    lay = K.Layout(np.repeat(np.arange(3), [3, 1, 2]), np.array([0, 3, 4]))
    everything = np.ones(6, dtype=bool)
    amr = K.mean_moving_range(values, everything, lay)
    assert amr[0] == 1.5 and np.isnan(amr[1]) and amr[2] == 0.0
    # a missing value: its ranges are dropped (the last segment's only range)
    values[4] = np.nan
    amr = K.mean_moving_range(values, everything, lay)
    assert amr[0] == 1.5 and np.isnan(amr[1]) and np.isnan(amr[2])


def test_seg_sum_of_whole_numbers_as_floats_sum_them():
    # segments [3, 4] and [5]: 7 and 5 (by hand), as floats, from int64 as from float64
    lay = K.Layout(np.array([0, 0, 1]), np.array([0, 2]))
    everything = np.ones(3, dtype=bool)
    for values in (np.array([3, 4, 5]), np.array([3.0, 4.0, 5.0]), np.array([3, 4, 5], np.uint8)):
        got = K.seg_sum(values, everything, lay)
        assert got.dtype == np.float64 and got.tolist() == [7.0, 5.0]
    small = np.array([200, 100, 255], dtype=np.uint8)  # sums beyond the type's 255
    assert K.seg_sum(small, everything, lay).tolist() == [300.0, 255.0]
    # beyond 2**53 the float sums are kept (what they were): 2**62 + 1 is 2**62 as a float
    big = np.array([2**62, 1, 5], dtype=np.int64)
    assert K.seg_sum(big, everything, lay).tolist() == [float(2**62), 5.0]


@pytest.mark.parametrize("lengths", [[12, 12, 12], [5, 1, 30, 2, 17]])
def test_mean_moving_range_screened_against_each_segment(lengths):
    # each segment on its own: the mean of |differences|, then again without the ranges at or
    # above 3.267 times it (kept when that would drop every non-zero range), as the docstring
    rng = np.random.default_rng(len(lengths))
    values = rng.normal(10, 1, sum(lengths))
    values[3] += 25  # a spike: two large ranges in the first segment
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    lay = K.Layout.from_starts(starts, int(sum(lengths)))
    got = K.mean_moving_range(values, np.ones(values.size, dtype=bool), lay, screen=True)
    for i, (s, k) in enumerate(zip(starts, lengths, strict=True)):
        mr = np.abs(np.diff(values[s : s + k]))
        if not mr.size:
            assert np.isnan(got[i])
            continue
        kept = mr[mr < 3.267 * mr.mean()]
        expected = kept.mean() if kept.size and kept.mean() > 0 else mr.mean()
        assert got[i] == pytest.approx(expected, rel=1e-12)
