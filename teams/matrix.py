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


def average(cells: list[Cell]) -> Cell:
    """The team's cell: the mean of the rated cells; open if someone ticked but nobody rated."""
    rated = [cell for cell in cells if cell.is_rated]
    if not rated:
        return OPEN if any(cell.state == State.OPEN for cell in cells) else EMPTY
    return _averaged(sum(cell.current for cell in rated) / len(rated), sum(cell.desired for cell in rated) / len(rated))


def section_cell(score: scoring.SectionScore | None) -> Cell:
    """The member's averages over a section, as `SectionScore` computes them."""
    if score is None:
        return ABSENT
    if not score.rated:
        return OPEN if score.ticked else EMPTY
    return _averaged(score.average_current, score.average_desired)


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
    members: list  # (user, current level or None), in column order

    @property
    def is_covered(self) -> bool:
        return bool(self.members)


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
    members: list[Member]
    sections: list[Section]

    @property
    def mixed_versions(self) -> bool:
        """Whether the members are on more than one version (some codes may be missing for some)."""
        return len({member.assessment.version_id for member in self.members}) > 1

    # -- the views --------------------------------------------------------------------

    def section_rows(self, columns: list[Member] | None = None) -> list[Row]:
        """A row per section: the team's average over every member, and a cell per member of
        `columns` (a page of `members`; all of them when None)."""
        rows = []
        for section in self.sections:
            cells = [section_cell(member.sections.get(section.code)) for member in self.members]
            rows.append(Row(section.code, section.title, "", average(cells), _shown(cells, self.members, columns)))
        return rows

    def section(self, code: str) -> Section:
        """The section with this code; KeyError if there is none."""
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def item_rows(self, section_code: str | None = None, columns: list[Member] | None = None) -> list[Row]:
        """The rateable items of one section, or of all sections (`columns` as in `section_rows`)."""
        sections = [self.section(section_code)] if section_code is not None else self.sections
        rows = []
        for section in sections:
            for item in section.items:
                cells = [item_cell(member.items.get(item.code)) for member in self.members]
                rows.append(Row(item.code, item.title, item.kind, average(cells), _shown(cells, self.members, columns)))
        return rows

    def coverage(self) -> list[CoverageGroup]:
        """Per taakgebied who ticked it; a row without members is a task nobody covers."""
        groups = []
        for section in self.sections:
            if section.kind_code not in COVERAGE_KINDS:
                continue
            rows = []
            for item in section.items:
                ticked = []
                for member in self.members:
                    score = member.items.get(item.code)
                    if score is not None and score.applies:
                        ticked.append((member.user, score.current))
                rows.append(CoverageRow(item.code, item.title, ticked))
            groups.append(CoverageGroup(section.code, section.title, rows))
        return groups

    def needs(self, limit: int | None = NEEDS_LIMIT) -> list[Need]:
        """Items by how much the team wants to grow there: the positive gaps added up, then the
        number of goals on the item. A negative gap (wanting to do less) does not cancel
        someone else's wish to grow."""
        needs = []
        for section in self.sections:
            for item in section.items:
                gaps = []
                for member in self.members:
                    score = member.items.get(item.code)
                    if score is not None and score.is_rated and score.gap > 0:
                        gaps.append(score.gap)
                goals = sum(1 for member in self.members if item.code in member.goal_codes)
                if gaps or goals:
                    needs.append(
                        Need(
                            code=item.code,
                            title=item.title,
                            section_code=section.code,
                            section_title=section.title,
                            total_gap=sum(gaps),
                            growing=len(gaps),
                            goals=goals,
                            order=item.order,
                        )
                    )
        needs.sort(key=lambda need: (-need.total_gap, -need.goals, need.order))
        return needs if limit is None else needs[:limit]


def _shown(cells: list[Cell], members: list[Member], columns: list[Member] | None) -> list[Cell]:
    if columns is None:
        return cells
    wanted = {id(member) for member in columns}
    return [cell for cell, member in zip(cells, members, strict=True) if id(member) in wanted]


def uncovered(groups: list[CoverageGroup]) -> list[CoverageRow]:
    """The taakgebieden of `TeamMatrix.coverage()` that nobody ticked."""
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


def build_matrix(entries, items_by_version: dict, goal_codes: dict | None = None) -> TeamMatrix:
    """The matrix of the members who shared.

    `entries`: (member, shared assessment, its answers) in column order. `items_by_version`:
    {version id: that version's items in document order}, newest version first. `goal_codes`:
    {assessment id: codes of the items its goals are about}.
    """
    goal_codes = goal_codes or {}
    items_by_version = {version: lean_items(items) for version, items in items_by_version.items()}
    members = []
    for user, assessment, answers in entries:
        scores = scoring.score_items(items_by_version[assessment.version_id], answers)
        members.append(
            Member(
                user=user,
                assessment=assessment,
                sections={score.section.code: score for score in scores},
                goal_codes=frozenset(goal_codes.get(assessment.pk, ())),
            )
        )
    return TeamMatrix(members=members, sections=_outline(items_by_version))


def by_framework(assessments) -> list[tuple[object, list]]:
    """The shared assessments grouped by framework, the framework most of them use first."""
    groups: dict = {}
    for assessment in assessments:
        framework = assessment.version.framework
        groups.setdefault(framework.pk, (framework, []))[1].append(assessment)
    return sorted(groups.values(), key=lambda group: (-len(group[1]), group[0].name))
