"""The team matrix: what a manager sees of the self-assessments their team shared. Pure: no queries.

Columns are the members who shared (see `assessments.selectors.shared_latest`); rows are the sections of the
framework (grondhouding, hoofdtaken, competentiegebieden) or, drilled down, the rateable items
of one section. Members may be on different versions of a framework, so rows are matched by
item code (codes are the contract): ordered as in the newest version, with codes that only an
older version knows appended to their section.

Every figure here comes from the shared assessments handed in; nothing counts anything else.
"""

from dataclasses import dataclass, field
from functools import cached_property

from assessments import scoring

# Sections whose rateable items are taakgebieden: the coverage lists who ticked each of them.
COVERAGE_KINDS = frozenset({"hoofdtaak"})
NEEDS_LIMIT = 10


# ---------------------------------------------------------------------------------------
# Cells and gap bands


@dataclass(frozen=True)
class Band:
    """How much someone wants to grow. The symbol makes the band readable without colour."""

    key: str
    symbol: str
    upper: float | None  # largest gap in this band; None: no limit


BANDS = (
    Band("none", "=", 0),
    Band("small", "↑", 1),
    Band("medium", "↑↑", 2),
    Band("large", "↑↑↑", None),
)


def band_for(gap: float | None) -> Band | None:
    if gap is None:
        return None
    for band in BANDS:
        if band.upper is None or gap <= band.upper:
            return band
    raise AssertionError("unreachable")


LOW_CURRENT = 1.5  # the colour shows the wish to grow; a marker shows a low present level


class State:
    RATED = "rated"  # ticked, with both levels
    OPEN = "open"  # ticked, a level still missing
    EMPTY = "empty"  # not ticked
    ABSENT = "absent"  # the member's version has no item with this code


@dataclass(frozen=True)
class Cell:
    state: str
    current: float | None = None
    desired: float | None = None
    gap: float | None = None

    @property
    def is_rated(self) -> bool:
        return self.state == State.RATED

    @property
    def band(self) -> Band | None:
        return band_for(self.gap)

    @property
    def is_low(self) -> bool:
        """Rated at the first level now (on average 1.5 or lower): worth seeing even without a wish to grow."""
        return self.is_rated and self.current <= LOW_CURRENT


EMPTY = Cell(State.EMPTY)
ABSENT = Cell(State.ABSENT)
OPEN = Cell(State.OPEN)


def _averaged(current: float, desired: float) -> Cell:
    """Averages are floats with one decimal (ratings of one item stay whole numbers)."""
    current, desired = float(round(current, 1)), float(round(desired, 1))
    return Cell(State.RATED, current, desired, round(desired - current, 1))


@dataclass
class Tally:
    """A team's cell in the making: the members' cells added one by one, in column order (the sums
    are floats: the same order gives the same figures)."""

    current: float = 0
    desired: float = 0
    rated: int = 0
    open: bool = False

    def add(self, cell: Cell) -> None:
        if cell.is_rated:
            self.current += cell.current
            self.desired += cell.desired
            self.rated += 1
        elif cell.state == State.OPEN:
            self.open = True

    def add_section_sums(self, ticked: int, rated: int, current: int, desired: int) -> None:
        """Add a member's cell of a section given what the database added up over the member's ticked
        answers in it (how many, how many rated, the sums of their levels): the same as adding the
        `section_cell` of the member's `SectionScore`, without making the cell."""
        if rated:
            self.current += scoring.mean(current, rated)
            self.desired += scoring.mean(desired, rated)
            self.rated += 1
        elif ticked:
            self.open = True

    @property
    def cell(self) -> Cell:
        """The mean of the rated cells; open if someone ticked but nobody rated."""
        if not self.rated:
            return OPEN if self.open else EMPTY
        return _averaged(self.current / self.rated, self.desired / self.rated)


def average(cells: list[Cell]) -> Cell:
    """The team's cell of a row."""
    tally = Tally()
    for cell in cells:
        tally.add(cell)
    return tally.cell


def section_cell(score: scoring.SectionScore | None) -> Cell:
    """The member's averages over a section, as `SectionScore` computes them."""
    if score is None:
        return ABSENT
    if not score.rated:
        return OPEN if score.ticked else EMPTY
    return _averaged(score.average_current, score.average_desired)


def summed_item_cell(ticked: int, rated: int, current: int, desired: int) -> Cell:
    """The team's cell of an item from the same sums over every member who shared: the same cell as
    `average` of their `item_cell`s."""
    return Tally(current=current, desired=desired, rated=rated, open=ticked > rated).cell


def item_cell(score: scoring.ItemScore | None) -> Cell:
    if score is None:
        return ABSENT
    if not score.applies:
        return EMPTY
    if not score.is_rated:
        return OPEN
    return Cell(State.RATED, score.current, score.desired, score.gap)


# ---------------------------------------------------------------------------------------
# Building the matrix


@dataclass
class Member:
    """One column: a member and the assessment they shared, scored."""

    user: object
    assessment: object
    sections: dict  # section code: scoring.SectionScore
    goal_codes: frozenset = frozenset()
    section_cells: dict | None = None  # section code: Cell, when made from sums (see `page_of_sections`)

    def section_cell(self, code: str) -> Cell:
        if self.section_cells is not None:
            return self.section_cells.get(code, ABSENT)
        return section_cell(self.sections.get(code))

    @cached_property
    def items(self) -> dict:
        """{item code: scoring.ItemScore}; only the pages below the sections need it."""
        return {score.item.code: score for section in self.sections.values() for score in section.items}


@dataclass
class RowDef:
    code: str
    title: str
    kind: str  # the kind's plural name, to group rows ("Competenties", "Kennisgebieden")
    section: "Section" = field(repr=False, compare=False)
    order: int = 0


@dataclass
class Section:
    code: str
    title: str
    kind_code: str
    order: int
    items: list[RowDef] = field(default_factory=list)


@dataclass
class Row:
    code: str
    title: str
    kind: str
    team: Cell
    cells: list[Cell]


@dataclass
class CoverageRow:
    code: str
    title: str
    members: list  # (user, current level or None), in column order: everyone, or the first (see `count`)
    count: int | None = None  # how many ticked it, when `members` holds only the first of them

    @property
    def ticked(self) -> int:
        return len(self.members) if self.count is None else self.count

    @property
    def more(self) -> int:
        """Those who ticked it beyond the ones in `members`."""
        return self.ticked - len(self.members)

    @property
    def is_covered(self) -> bool:
        return self.ticked > 0


@dataclass
class CoverageGroup:
    code: str
    title: str
    rows: list[CoverageRow]


@dataclass
class Need:
    code: str
    title: str
    section_code: str
    section_title: str
    total_gap: int  # sum of the positive gaps
    growing: int  # members who want to grow here
    goals: int  # members with a goal on this item
    order: int


@dataclass
class TeamMatrix:
    """The members who shared, or one page of them: then `team_cells` holds the team's cells (counted
    over everyone who shared) and `version_ids` the versions everyone's assessments are on."""

    members: list[Member]
    sections: list[Section]
    team_cells: dict | None = None  # {row code: the team's Cell}; rows missing: nobody ticked them
    version_ids: frozenset | None = None

    @property
    def mixed_versions(self) -> bool:
        """Whether the members are on more than one version (some codes may be missing for some)."""
        versions = self.version_ids
        if versions is None:
            versions = {member.assessment.version_id for member in self.members}
        return len(versions) > 1

    def _team(self, code: str, cells: list[Cell]) -> Cell:
        if self.team_cells is None:
            return average(cells)
        return self.team_cells.get(code, EMPTY)

    # -- the views --------------------------------------------------------------------

    def section_rows(self) -> list[Row]:
        """A row per section: the team's average and a cell per member."""
        rows = []
        for section in self.sections:
            cells = [member.section_cell(section.code) for member in self.members]
            rows.append(Row(section.code, section.title, "", self._team(section.code, cells), cells))
        return rows

    def section(self, code: str) -> Section:
        """The section with this code; KeyError if there is none."""
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def item_rows(self, section_code: str | None = None) -> list[Row]:
        """The rateable items of one section, or of all sections."""
        sections = [self.section(section_code)] if section_code is not None else self.sections
        rows = []
        for section in sections:
            for item in section.items:
                cells = [item_cell(member.items.get(item.code)) for member in self.members]
                rows.append(Row(item.code, item.title, item.kind, self._team(item.code, cells), cells))
        return rows

    def coverage(self) -> list[CoverageGroup]:
        """Per taakgebied who ticked it; a row without members is a task nobody covers."""

        def row(item: RowDef) -> CoverageRow:
            ticked = []
            for member in self.members:
                score = member.items.get(item.code)
                if score is not None and score.applies:
                    ticked.append((member.user, score.current))
            return CoverageRow(item.code, item.title, ticked)

        return _coverage(self.sections, row)

    def needs(self, limit: int | None = NEEDS_LIMIT) -> list[Need]:
        """Items by how much the team wants to grow there (see `_ranked_needs`)."""
        gaps, goals = {}, {}
        for section in self.sections:
            for item in section.items:
                growing = []
                for member in self.members:
                    score = member.items.get(item.code)
                    if score is not None and score.is_rated and score.gap > 0:
                        growing.append(score.gap)
                gaps[item.code] = (sum(growing), len(growing))
                goals[item.code] = sum(1 for member in self.members if item.code in member.goal_codes)
        return _ranked_needs(self.sections, gaps, goals, limit)


def _coverage(sections: list[Section], row) -> list[CoverageGroup]:
    """A group per hoofdtaak, a row per taakgebied in document order: `row(item)` makes it."""
    return [
        CoverageGroup(section.code, section.title, [row(item) for item in section.items])
        for section in sections
        if section.kind_code in COVERAGE_KINDS
    ]


def _ranked_needs(sections: list[Section], gaps: dict, goals: dict, limit: int | None) -> list[Need]:
    """Items by how much the team wants to grow there: the positive gaps added up, then the number of
    goals on the item. A negative gap (wanting to do less) does not cancel someone else's wish to grow.

    `gaps`: {item code: (the positive gaps added up, how many members have one)}; `goals`: {item code:
    how many members have a goal on it}. Items with neither are left out."""
    needs = []
    for section in sections:
        for item in section.items:
            total_gap, growing = gaps.get(item.code, (0, 0))
            goal_count = goals.get(item.code, 0)
            if growing or goal_count:
                needs.append(
                    Need(
                        code=item.code,
                        title=item.title,
                        section_code=section.code,
                        section_title=section.title,
                        total_gap=total_gap,
                        growing=growing,
                        goals=goal_count,
                        order=item.order,
                    )
                )
    needs.sort(key=lambda need: (-need.total_gap, -need.goals, need.order))
    return needs if limit is None else needs[:limit]


def coverage_of(items_by_version: dict) -> list[CoverageGroup]:
    """The rows of `TeamMatrix.coverage()` for what the database counts over everyone who shared: each
    with a `count` of 0 and no members yet. `items_by_version` as in `build_matrix`."""
    sections = _outline(_lean(items_by_version))
    return _coverage(sections, lambda item: CoverageRow(item.code, item.title, [], count=0))


def needs_of(items_by_version: dict, gaps: dict, goals: dict, limit: int | None = NEEDS_LIMIT) -> list[Need]:
    """`TeamMatrix.needs()` from what the database added up over everyone who shared (`gaps` and
    `goals` as `_ranked_needs` takes them). `items_by_version` as in `build_matrix`."""
    return _ranked_needs(_outline(_lean(items_by_version)), gaps, goals, limit)


def uncovered(groups: list[CoverageGroup]) -> list[CoverageRow]:
    """The taakgebieden of `TeamMatrix.coverage()` (or `coverage_of`) that nobody ticked."""
    return [row for group in groups for row in group.rows if not row.is_covered]


def _outline(items_by_version: dict) -> list[Section]:
    """Sections and their rateable items, matched by code over all versions, newest version first."""
    sections: dict[str, Section] = {}
    seen: set[str] = set()
    order = 0
    for items in items_by_version.values():
        root_of = scoring.section_roots(items)
        for item in items:
            if not item.rateable or item.code in seen:
                continue
            root = root_of[item.pk]
            section = sections.get(root.code)
            if section is None:
                section = sections[root.code] = Section(root.code, root.title, root.kind.code, len(sections))
            seen.add(item.code)
            section.items.append(RowDef(item.code, item.title, item.kind.name_plural, section=section, order=order))
            order += 1
    return list(sections.values())


def section_codes(items_by_version: dict) -> dict[int, str]:
    """{rateable item pk: the code of its section}, over the versions of `items_by_version` (as
    `build_matrix` takes it): how the database adds answers up per section."""
    codes = {}
    for items in items_by_version.values():
        root_of = scoring.section_roots(items)
        for item in items:
            if item.rateable:
                codes[item.pk] = root_of[item.pk].code
    return codes


def sections_by_pk(items_by_version: dict) -> tuple[dict[int, str], int]:
    """{section pk: its code} over the versions of `items_by_version`, and the most ancestors a
    rateable item has: how the database finds the section of an answer (climbing that many parents)."""
    codes, depth = {}, 0
    for items in items_by_version.values():
        root_of = scoring.section_roots(items)
        depth_of: dict = {}
        for item in items:
            depth_of[item.pk] = depth_of[item.parent_id] + 1 if item.parent_id else 0
            if item.rateable:
                codes[root_of[item.pk].pk] = root_of[item.pk].code
                depth = max(depth, depth_of[item.pk])
    return codes, depth


@dataclass(frozen=True, slots=True)
class LeanItem:
    """An item as scoring needs it. On a model instance `pk` is a property, and scoring a team of
    200 looks it up some 100,000 times."""

    pk: int
    code: str
    title: str
    parent_id: int | None
    rateable: bool
    position: int
    kind: object


def lean_items(items) -> list[LeanItem]:
    """The rateable items and their ancestors (what `scoring.score_items` looks at), in document order."""
    parent_of = {item.pk: item.parent_id for item in items}
    needed: set = set()
    for item in items:
        if item.rateable:
            pk = item.pk
            while pk is not None and pk not in needed:
                needed.add(pk)
                pk = parent_of[pk]
    return [
        LeanItem(item.pk, item.code, item.title, item.parent_id, item.rateable, item.position, item.kind)
        for item in items
        if item.pk in needed
    ]


def _subtree(items: list, code: str) -> list:
    """The section with this code and everything under it (items in document order, parents first)."""
    inside: set = set()
    for item in items:
        if (item.parent_id is None and item.code == code) or item.parent_id in inside:
            inside.add(item.pk)
    return [item for item in items if item.pk in inside]


def build_matrix(
    entries, items_by_version: dict, goal_codes: dict | None = None, *, section_code: str | None = None
) -> TeamMatrix:
    """The matrix of the members who shared.

    `entries`: (member, shared assessment, its answers) in column order. `items_by_version`:
    {version id: that version's items in document order}, newest version first. `goal_codes`:
    {assessment id: codes of the items its goals are about}. With `section_code` the members are
    scored on that section only (its rows are all a drill-down shows); the outline is whole.
    """
    goal_codes = goal_codes or {}
    items_by_version = {version: lean_items(items) for version, items in items_by_version.items()}
    scored = items_by_version
    if section_code is not None:
        scored = {version: _subtree(items, section_code) for version, items in items_by_version.items()}
    members = []
    for user, assessment, answers in entries:
        scores = scoring.score_items(scored[assessment.version_id], answers)
        members.append(
            Member(
                user=user,
                assessment=assessment,
                sections={score.section.code: score for score in scores},
                goal_codes=frozenset(goal_codes.get(assessment.pk, ())),
            )
        )
    return TeamMatrix(members=members, sections=_outline(items_by_version))


def team_section_cells(items_by_version: dict, sums: dict[int, dict[str, tuple]], everyone: list[int]) -> dict:
    """{section code: the team's cell} over every member who shared, from what the database added up.

    `sums`: {assessment id: {section code: (ticked, rated, sum of current, sum of desired)}} over the
    ticked answers of every assessment in `everyone` (the ids of all members who shared, in column
    order: the float sums come out as `average` makes them)."""
    tallies = {section.code: Tally() for section in _outline(_lean(items_by_version))}
    for assessment_id in everyone:
        for code, figures in sums.get(assessment_id, {}).items():
            tallies[code].add_section_sums(*figures)
    return {code: tally.cell for code, tally in tallies.items()}


def item_sums(ratings, code_of: dict[int, str]) -> list[tuple]:
    """The sums per item the database makes (see `team_item_cells`), from answers already loaded:
    `ratings`, lists of `scoring.Rating`, of everyone who shared."""
    totals: dict[int, list[int]] = {}
    for rows in ratings:
        for rating in rows:
            if not rating.applies or rating.item_id not in code_of:
                continue
            total = totals.setdefault(rating.item_id, [0, 0, 0, 0])
            total[0] += 1
            if rating.current is not None and rating.desired is not None:
                total[1] += 1
                total[2] += rating.current
                total[3] += rating.desired
    return [(item_pk, *total) for item_pk, total in totals.items()]


def team_item_cells(sums, code_of: dict[int, str]) -> dict:
    """{item code: the team's cell} from what the database added up per item over everyone who shared:
    `sums` of (item pk, ticked, rated, sum of current, sum of desired), the items of a code on several
    versions (`code_of`: pk: code) added together. The same cell as `average` of everyone's `item_cell`s."""
    totals: dict[str, list[int]] = {}
    for item_pk, *figures in sums:
        total = totals.setdefault(code_of[item_pk], [0, 0, 0, 0])
        for index, figure in enumerate(figures):
            total[index] += figure
    return {code: summed_item_cell(*total) for code, total in totals.items()}


def _lean(items_by_version: dict) -> dict:
    return {version: lean_items(items) for version, items in items_by_version.items()}


def page_of_sections(
    entries, items_by_version: dict, sums: dict[int, dict[str, tuple]], team_cells: dict
) -> TeamMatrix:
    """The sections' matrix of one page, from what the database added up instead of from answers.

    `entries`: (member, shared assessment) of the page, in column order; `items_by_version` as in
    `build_matrix`; `sums` as in `team_section_cells`, for at least the page's assessments;
    `team_cells`: what `team_section_cells` made of everyone who shared. The cells are those
    `build_matrix` makes of the same members.
    """
    items_by_version = _lean(items_by_version)
    sections = _outline(items_by_version)
    present: dict = {}  # {version id: the codes of its sections}
    for version, items in items_by_version.items():
        root_of = scoring.section_roots(items)
        present[version] = {root_of[item.pk].code for item in items if item.rateable}
    members = []
    for user, assessment in entries:
        cells = {}
        found = sums.get(assessment.pk, {})
        for section in sections:
            if section.code in found:
                tally = Tally()
                tally.add_section_sums(*found[section.code])
                cells[section.code] = tally.cell
            elif section.code in present[assessment.version_id]:
                cells[section.code] = EMPTY
        members.append(Member(user=user, assessment=assessment, sections={}, section_cells=cells))
    return TeamMatrix(
        members=members,
        sections=sections,
        team_cells=team_cells,
        version_ids=frozenset(items_by_version),
    )


def by_framework(assessments) -> list[tuple[object, list]]:
    """The shared assessments grouped by framework, the framework most of them use first."""
    groups: dict = {}
    for assessment in assessments:
        framework = assessment.version.framework
        groups.setdefault(framework.pk, (framework, []))[1].append(assessment)
    return sorted(groups.values(), key=lambda group: (-len(group[1]), group[0].name))
