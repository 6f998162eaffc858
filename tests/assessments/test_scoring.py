from types import SimpleNamespace

from assessments import scoring


def item(pk, code, parent_id=None, rateable=True, position=None):
    return SimpleNamespace(pk=pk, code=code, parent_id=parent_id, rateable=rateable, position=position or pk)


def answer(item_id, applies=True, current=None, desired=None):
    return SimpleNamespace(item_id=item_id, applies=applies, current=current, desired=desired, note="", revision=1)


ITEMS = [
    item(1, "9.1", rateable=False),
    item(2, "9.1.1", 1),
    item(3, "9.1.2", 1),
    item(4, "9.1.1.1", 2, rateable=False),
    item(5, "10.1", rateable=False),
    item(6, "10.1.a", 5, rateable=False),
    item(7, "10.1.1", 6),
    item(8, "10.1.2", 6),
]


def test_it_groups_rateable_items_under_their_top_level_section():
    sections = scoring.score_items(ITEMS, [])
    assert [(s.section.code, [i.item.code for i in s.items]) for s in sections] == [
        ("9.1", ["9.1.1", "9.1.2"]),
        ("10.1", ["10.1.1", "10.1.2"]),
    ]


def test_it_averages_only_ticked_and_fully_rated_items():
    sections = scoring.score_items(
        ITEMS,
        [answer(2, current=1, desired=3), answer(3, current=2), answer(7, applies=False, current=4, desired=4)],
    )
    begeleiden, grondhouding = sections
    assert (begeleiden.average_current, begeleiden.average_desired, begeleiden.average_gap) == (1, 3, 2)
    assert grondhouding.average_current is None
    assert [s.item.code for s in scoring.open_items(sections)] == ["9.1.2"]
    assert begeleiden.is_complete is False
    assert grondhouding.is_complete is True  # answered (7 deliberately not ticked), nothing open


def test_gaps_come_largest_first_and_strengths_highest_first():
    sections = scoring.score_items(
        ITEMS,
        [
            answer(2, current=1, desired=4),
            answer(3, current=2, desired=3),
            answer(7, current=4, desired=4),
            answer(8, current=3, desired=2),
        ],
    )
    assert [s.item.code for s in scoring.largest_gaps(sections)] == ["9.1.1", "9.1.2"]
    assert [s.item.code for s in scoring.strengths(sections)] == ["10.1.1", "10.1.2"]
    progress = scoring.progress(sections)
    assert (progress.ticked, progress.rated, progress.total, progress.percent) == (4, 4, 4, 100)


def test_progress_is_zero_before_anything_is_ticked():
    assert scoring.progress(scoring.score_items(ITEMS, [])).percent == 0


def test_it_counts_an_item_as_rated_only_when_ticked_with_both_levels():
    item = ITEMS[1]
    cases = [
        (None, (False, None, False)),
        (scoring.Rating(item.pk, False, None, None, 1), (False, None, False)),
        (scoring.Rating(item.pk, True, 2, None, 1), (False, None, True)),
        (scoring.Rating(item.pk, True, 2, 4, 1), (True, 2, False)),
        (scoring.Rating(item.pk, True, 4, 3, 1), (True, -1, False)),  # wanting to do less
    ]
    for answer, expected in cases:
        score = scoring.score_of(item, ITEMS[0], answer)
        assert (score.is_rated, score.gap, score.is_open) == expected, answer
