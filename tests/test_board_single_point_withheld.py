"""A new measure's single point, with a target and a direction, has its assurance withheld
as a two-point measure's is: the matrix counted it under ``none``, with the measures that have
no target, and its HTML cell read "–", while docs/board.rst says "A series whose latest phase
is too short for limits ... is in the withheld column". Counts by hand from the four measures
below."""

import pandas as pd

import qistats as qi

MONTHS = pd.date_range("2023-01-01", periods=15, freq="MS")


def _board():
    data = pd.DataFrame(
        {
            "measure": ["one", "two", "two", "bare"],
            "month": [MONTHS[-1], MONTHS[-2], MONTHS[-1], MONTHS[-1]],
            "value": [12.0, 12.0, 13.0, 12.0],
        }
    )
    measures = pd.DataFrame(
        {
            "measure": ["one", "two", "bare"],
            "improvement": ["increase", "increase", "increase"],
            "target": [10, 10, None],
        }
    )
    return qi.board(data, measures, x="month", y="value")


def test_a_single_point_with_a_target_is_withheld_not_none():
    board = _board()
    # one: a target, no limits (one point); two: trial limits; bare: no target
    # (1 or 2 points: no variation icon, counted as too few points)
    assert board.matrix().loc["too_few_points", ["withheld", "none"]].tolist() == [2, 1]
    assert board.table().assurance.isna().all()


def test_its_html_cell_says_too_few_points():
    html = _board().to_html()
    one, two, bare = (r for r in html.split("<tr") if r.startswith(' class="qistats-main"'))
    assert ">one<" in one and ">two<" in two and ">bare<" in bare
    # the assurance cell (the last); every variation cell says too few points
    one, two, bare = (r.split('<td class="qistats-icon-cell">') for r in (one, two, bare))
    assert all("too few points" in r[1] for r in (one, two, bare))
    assert "too few points" in one[2] and "trial limits" not in one[2]
    assert "trial limits" in two[2] and "too few points" not in two[2]
    assert "too few points" not in bare[2] and "trial limits" not in bare[2]
    assert html.count("too few points</span>") == 1 + 3
