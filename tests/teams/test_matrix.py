"""The team matrix as pure logic: sections and items × members, coverage, development needs."""

from types import SimpleNamespace

from teams import matrix
from teams.matrix import State

HOOFDTAAK = SimpleNamespace(code="hoofdtaak", name="Hoofdtaak", name_plural="Hoofdtaken")
TAAKGEBIED = SimpleNamespace(code="taakgebied", name="Taakgebied", name_plural="Taakgebieden")
GEBIED = SimpleNamespace(code="competentiegebied", name="Competentiegebied", name_plural="Competentiegebieden")
COMPETENTIE = SimpleNamespace(code="competentie", name="Competentie", name_plural="Competenties")
KENNISGEBIED = SimpleNamespace(code="kennisgebied", name="Kennisgebied", name_plural="Kennisgebieden")
KERNTAAK = SimpleNamespace(code="kerntaak", name="Kerntaak", name_plural="Kerntaken")


def item(pk, code, kind, parent_id=None, rateable=True, title=None):
    return SimpleNamespace(
        pk=pk, code=code, kind=kind, parent_id=parent_id, rateable=rateable, title=title or f"titel {code}", position=pk
    )


# Version 1 and a newer version 2: 9.1.2 was dropped, 9.1.3 is new, 10.1.1 got a new title.
OLD = [
    item(1, "9.1", HOOFDTAAK, rateable=False, title="Vrijwilligers begeleiden"),
    item(2, "9.1.1", TAAKGEBIED, 1, title="Bewustwording creëren"),
    item(3, "9.1.1.1", KERNTAAK, 2, rateable=False),
    item(4, "9.1.2", TAAKGEBIED, 1, title="Overweging aanzetten"),
    item(5, "10.1", GEBIED, rateable=False, title="Grondhouding hanteren"),
    item(6, "10.1.1", COMPETENTIE, 5, title="Oude titel"),
    item(7, "10.1.k1", KENNISGEBIED, 5),
]
NEW = [
    item(11, "9.1", HOOFDTAAK, rateable=False, title="Vrijwilligers begeleiden"),
    item(12, "9.1.1", TAAKGEBIED, 11, title="Bewustwording creëren"),
    item(13, "9.1.3", TAAKGEBIED, 11, title="Matchen"),
    item(15, "10.1", GEBIED, rateable=False, title="Grondhouding hanteren"),
    item(16, "10.1.1", COMPETENTIE, 15, title="Nieuwe titel"),
    item(17, "10.1.k1", KENNISGEBIED, 15),
]
ITEMS = {2: NEW, 1: OLD}  # newest version first


def answer(item_id, current=None, desired=None, applies=True):
    return SimpleNamespace(item_id=item_id, applies=applies, current=current, desired=desired, note="", revision=1)


def entry(name, version_id, answers, pk=None):
    user = SimpleNamespace(name=name, get_full_name=lambda: name)
    assessment = SimpleNamespace(pk=pk or hash(name), version_id=version_id)
    return user, assessment, answers


def cells(row):
    return [(cell.state, cell.current, cell.desired, cell.gap) for cell in row.cells]


def test_it_averages_each_section_per_member_and_for_the_team():
    team = matrix.build_matrix(
        [
            entry("Sanne", 2, [answer(12, 1, 3), answer(13, 2, 3), answer(16, 3, 3)]),
            entry("Youssef", 2, [answer(12, 3, 4)]),
        ],
        {2: NEW},
    )
    begeleiden, grondhouding = team.section_rows()
    assert (begeleiden.code, begeleiden.title) == ("9.1", "Vrijwilligers begeleiden")
    assert cells(begeleiden) == [(State.RATED, 1.5, 3.0, 1.5), (State.RATED, 3.0, 4.0, 1.0)]
    assert (begeleiden.team.current, begeleiden.team.desired, begeleiden.team.gap) == (2.2, 3.5, 1.3)
    assert cells(grondhouding) == [(State.RATED, 3.0, 3.0, 0.0), (State.EMPTY, None, None, None)]
    assert grondhouding.team.current == 3.0  # the mean of those who rated, not diluted by those who did not


def test_a_cell_tells_not_ticked_from_ticked_without_levels():
    team = matrix.build_matrix(
        [entry("Sanne", 2, [answer(12, current=2), answer(16, 2, 3, applies=False)])],
        {2: NEW},
    )
    begeleiden, grondhouding = team.section_rows()
    assert begeleiden.cells[0].state == State.OPEN
    assert begeleiden.team.state == State.OPEN
    assert grondhouding.cells[0].state == State.EMPTY  # unticked keeps its levels but does not count
    assert [row.cells[0].state for row in team.item_rows("9.1")] == [State.OPEN, State.EMPTY]


def test_items_are_matched_by_code_across_versions_in_the_order_of_the_newest():
    team = matrix.build_matrix(
        [
            entry("Oud", 1, [answer(2, 1, 2), answer(4, 2, 4), answer(6, 2, 3)]),
            entry("Nieuw", 2, [answer(12, 3, 3), answer(13, 1, 2)]),
        ],
        ITEMS,
    )
    rows = team.item_rows()
    assert [row.code for row in rows] == ["9.1.1", "9.1.3", "9.1.2", "10.1.1", "10.1.k1"]
    assert rows[3].title == "Nieuwe titel"  # titles from the newest version
    by_code = {row.code: row for row in rows}
    assert cells(by_code["9.1.1"]) == [(State.RATED, 1, 2, 1), (State.RATED, 3, 3, 0)]
    assert by_code["9.1.3"].cells[0].state == State.ABSENT  # not in the old version
    assert by_code["9.1.2"].cells[1].state == State.ABSENT  # dropped from the new one
    assert [row.kind for row in team.item_rows("10.1")] == ["Competenties", "Kennisgebieden"]
    assert team.mixed_versions


def test_gap_bands_have_symbols_so_the_heatmap_reads_without_colour():
    assert [matrix.band_for(gap).key for gap in (-1, 0, 0.1, 1, 1.5, 2, 2.1, 3)] == [
        "none",
        "none",
        "small",
        "small",
        "medium",
        "medium",
        "large",
        "large",
    ]
    assert matrix.band_for(None) is None
    symbols = [band.symbol for band in matrix.BANDS]
    assert len(set(symbols)) == len(symbols)


def test_coverage_shows_who_ticked_each_taakgebied_and_what_nobody_covers():
    team = matrix.build_matrix(
        [
            entry("Sanne", 2, [answer(12, 2, 3), answer(16, 3, 3)]),
            entry("Youssef", 2, [answer(12, applies=True), answer(13, 1, 1, applies=False)]),
        ],
        {2: NEW},
    )
    (group,) = team.coverage()  # only hoofdtaken have taakgebieden
    assert (group.code, [row.code for row in group.rows]) == ("9.1", ["9.1.1", "9.1.3"])
    bewustwording, matchen = group.rows
    assert [(user.name, current) for user, current in bewustwording.members] == [("Sanne", 2), ("Youssef", None)]
    assert not matchen.is_covered
    assert [row.code for row in matrix.uncovered(team.coverage())] == ["9.1.3"]


def test_needs_add_up_the_wish_to_grow_and_count_goals():
    team = matrix.build_matrix(
        [
            entry("Sanne", 2, [answer(12, 1, 3), answer(16, 2, 3), answer(17, 4, 2)], pk=1),
            entry("Youssef", 2, [answer(12, 2, 3), answer(17, 1, 2)], pk=2),
        ],
        {2: NEW},
        goal_codes={1: {"10.1.k1"}, 2: {"10.1.k1", "9.1.3"}},
    )
    needs = team.needs()
    assert [(need.code, need.total_gap, need.growing, need.goals) for need in needs] == [
        ("9.1.1", 3, 2, 0),
        ("10.1.k1", 1, 1, 2),  # Sanne wants less here (-2): that does not cancel Youssef's wish
        ("10.1.1", 1, 1, 0),
        ("9.1.3", 0, 0, 1),  # nobody rated it, but someone made it a goal
    ]
    assert needs[0].section_title == "Vrijwilligers begeleiden"


def test_needs_keep_the_top_ten():
    items = [item(1, "10.1", GEBIED, rateable=False)] + [item(n, f"10.1.{n}", COMPETENTIE, 1) for n in range(2, 16)]
    team = matrix.build_matrix([entry("Sanne", 1, [answer(n, 1, 2) for n in range(2, 16)])], {1: items})
    assert [need.code for need in team.needs()] == [f"10.1.{n}" for n in range(2, 12)]
    assert len(team.needs(limit=None)) == 14


def test_without_shared_assessments_the_matrix_is_empty():
    team = matrix.build_matrix([], {})
    assert (team.members, team.section_rows(), team.coverage(), team.needs()) == ([], [], [], [])


def test_assessments_on_several_frameworks_are_grouped_most_used_first():
    profiel = SimpleNamespace(pk=1, name="Competentieprofiel")
    bouwstenen = SimpleNamespace(pk=2, name="Bouwstenen")

    def shared(framework):
        return SimpleNamespace(version=SimpleNamespace(framework=framework))

    a, b, c = shared(bouwstenen), shared(profiel), shared(profiel)
    assert matrix.by_framework([a, b, c]) == [(profiel, [b, c]), (bouwstenen, [a])]


def sums_of(entries, items_by_version):
    """What the database adds up per assessment and section (see `teams.selectors._section_sums`)."""
    section_of = matrix.section_codes(items_by_version)
    sums = {}
    for _user, assessment, answers in entries:
        for answer_ in answers:
            if not answer_.applies:
                continue
            rated = answer_.current is not None and answer_.desired is not None
            figures = sums.setdefault(assessment.pk, {}).setdefault(section_of[answer_.item_id], [0, 0, 0, 0])
            figures[0] += 1
            if rated:
                figures[1] += 1
                figures[2] += answer_.current
                figures[3] += answer_.desired
    return sums


def test_a_page_made_from_sums_shows_what_the_whole_matrix_shows():
    entries = [
        entry("Oud", 1, [answer(2, 3, 4), answer(4, 3, 4), answer(6, 2, 3)], pk=1),  # 3,0 → 4,0
        entry("Half", 2, [answer(12, 1, 3), answer(13, 2, 3)], pk=2),  # 1,5 → 3,0
        entry("Open", 2, [answer(12), answer(16, 3, 3, applies=False)], pk=3),
        entry("Drie", 2, [answer(16, 2, 2), answer(17, 1, 4)], pk=4),
        entry("Leeg", 2, [], pk=5),
        entry("Zonder 10.1", 3, [answer(12, 2, 3)], pk=6),
    ]
    items = {3: NEW[:3], **ITEMS}  # a version without the grondhouding
    whole = matrix.build_matrix(entries, items)
    sums = sums_of(entries, items)
    everyone = [assessment.pk for _user, assessment, _answers in entries]
    team_cells = matrix.team_section_cells(items, sums, everyone)
    for page in (entries[:2], entries[2:4], entries[4:]):
        shown = matrix.page_of_sections([(user, assessment) for user, assessment, _ in page], items, sums, team_cells)
        columns = [entries.index(row) for row in page]
        assert shown.mixed_versions
        for row, expected in zip(shown.section_rows(), whole.section_rows(), strict=True):
            assert (row.code, row.title, row.team) == (expected.code, expected.title, expected.team)
            assert row.cells == [expected.cells[index] for index in columns]
    begeleiden, grondhouding = whole.section_rows()
    assert (begeleiden.team.current, begeleiden.team.desired) == (2.2, 3.3)  # (3 + 1,5 + 2) / 3, (4 + 3 + 3) / 3
    assert [cell.state for cell in begeleiden.cells] == ["rated", "rated", "open", "empty", "empty", "rated"]
    assert [cell.state for cell in grondhouding.cells] == ["rated", "empty", "empty", "rated", "empty", "absent"]


def test_a_drill_down_scores_only_its_section():
    entries = [
        entry("Oud", 1, [answer(2, 1, 2), answer(4, 2, 4), answer(6, 2, 3)]),
        entry("Nieuw", 2, [answer(12, 3, 3), answer(13, 1, 2), answer(16)]),
    ]
    whole = matrix.build_matrix(entries, ITEMS)
    for code in ("9.1", "10.1"):
        part = matrix.build_matrix(entries, ITEMS, section_code=code)
        assert [section.code for section in part.sections] == ["9.1", "10.1"]  # the outline stays whole
        assert [(row.code, row.cells, row.team) for row in part.item_rows(code)] == [
            (row.code, row.cells, row.team) for row in whole.item_rows(code)
        ]
        assert list(part.members[1].sections) == [code]


def test_the_database_finds_sections_by_their_pk_climbing_the_deepest_rateable_items_ancestors():
    assert matrix.sections_by_pk(ITEMS) == ({11: "9.1", 15: "10.1", 1: "9.1", 5: "10.1"}, 1)
    deeper = [*NEW, item(18, "10.1.a", COMPETENTIE, 15, rateable=False), item(19, "10.1.a.1", COMPETENTIE, 18)]
    top = item(20, "11", GEBIED)  # rateable itself: its own section
    assert matrix.sections_by_pk({2: [*deeper, top]}) == ({11: "9.1", 15: "10.1", 20: "11"}, 2)
