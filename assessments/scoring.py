"""Every scoring rule, in one place: scores of an assessment per section, gaps, strengths, what is
still open; a coordinator's and a manager's scores side by side; two rounds compared. Pure: no
queries. Models, the team matrix, the PDF and the exports all read their figures from here.

A *section* is a top-level item of the framework (the grondhouding, a hoofdtaak, a
competentiegebied); its rateable descendants are what a coordinator ticks and rates.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class Rating(NamedTuple):
    """An answer as scoring reads it: what a team page loads instead of whole `Answer` rows."""

    item_id: int
    applies: bool
    current: int | None
    desired: int | None
    revision: int
    note: str = ""  # team pages never show notes, so they do not load them


@dataclass(slots=True)
class ItemScore:
    """One item of an assessment as scored. Made by `score_of`, which holds the rules; read only."""

    item: object
    section: object
    applies: bool = False
    current: int | None = None
    desired: int | None = None
    note: str = ""
    revision: int = 0
    is_rated: bool = False
    gap: int | None = None

    @property
    def is_open(self) -> bool:
        """Ticked, but a level is still missing."""
        return self.applies and not self.is_rated


def score_of(item, section, answer) -> ItemScore:
    """The score of `item` (in `section`) given its answer (None: never answered). The one place
    that says what counts as rated (ticked, with both levels) and what the gap is (how far the
    wish lies above the present; negative: wanting to do less)."""
    if answer is None:
        return ItemScore(item, section)
    applies, current, desired = answer.applies, answer.current, answer.desired
    rated = applies and current is not None and desired is not None
    gap = desired - current if rated else None
    return ItemScore(item, section, applies, current, desired, answer.note, answer.revision, rated, gap)


def mean(total: int, count: int) -> float | None:
    """The average of `count` levels adding up to `total`, to one decimal; None for none. Also what the
    team pages compute from sums the database adds up."""
    return round(total / count, 1) if count else None


@dataclass
class SectionScore:
    """The scores of one section. Built once by `score_items`, then only read: the derived lists
    and averages are computed once."""

    section: object
    items: list[ItemScore] = field(default_factory=list)
    visited: bool = False  # the author opened this section (set by the workspace; answering counts too)

    @property
    def total(self) -> int:
        return len(self.items)

    @cached_property
    def ticked(self) -> list[ItemScore]:
        return [score for score in self.items if score.applies]

    @cached_property
    def rated(self) -> list[ItemScore]:
        return [score for score in self.items if score.is_rated]

    @property
    def touched(self) -> int:
        """Items the coordinator has answered at all, ticked or deliberately not."""
        return sum(1 for score in self.items if score.revision)

    @cached_property
    def average_current(self) -> float | None:
        return mean(sum(score.current for score in self.rated), len(self.rated))

    @cached_property
    def average_desired(self) -> float | None:
        return mean(sum(score.desired for score in self.rated), len(self.rated))

    @property
    def average_gap(self) -> float | None:
        if self.average_current is None:
            return None
        return round(self.average_desired - self.average_current, 1)

    @property
    def is_complete(self) -> bool:
        """Something was answered and every ticked item has both levels."""
        return self.touched > 0 and all(score.is_rated for score in self.ticked)


def section_roots(items) -> dict:
    """{item pk: its top-level ancestor} for items in document order (parents first)."""
    root_of: dict = {}
    for item in items:
        root_of[item.pk] = root_of[item.parent_id] if item.parent_id else item
    return root_of


def score_items(items, answers) -> list[SectionScore]:
    """`items`: the version's items in document order; `answers`: the assessment's answers
    (`Answer` rows or `Rating`s)."""
    by_item = {answer.item_id: answer for answer in answers}
    root_of = section_roots(items)
    sections: dict = {}
    for item in items:
        if not item.rateable:
            continue
        root = root_of[item.pk]
        section = sections.setdefault(root.pk, SectionScore(section=root))
        section.items.append(score_of(item, root, by_item.get(item.pk)))
    return list(sections.values())


def all_items(sections: list[SectionScore]) -> list[ItemScore]:
    return [score for section in sections for score in section.items]


def largest_gaps(sections: list[SectionScore], limit: int = 10) -> list[ItemScore]:
    """Ticked items where the wish is furthest above the present, largest first, then in document order."""
    growing = [score for score in all_items(sections) if score.is_rated and score.gap > 0]
    return sorted(growing, key=lambda score: (-score.gap, score.item.position))[:limit]


def strengths(sections: list[SectionScore], limit: int = 10) -> list[ItemScore]:
    """Ticked items rated highest now, where no growth is asked, in document order within a level."""
    strong = [score for score in all_items(sections) if score.is_rated and score.gap <= 0]
    return sorted(strong, key=lambda score: (-score.current, score.item.position))[:limit]


def open_items(sections: list[SectionScore]) -> list[ItemScore]:
    return [score for score in all_items(sections) if score.is_open]


@dataclass(frozen=True)
class Progress:
    ticked: int
    rated: int
    touched: int
    total: int

    @property
    def percent(self) -> int:
        """Share of ticked items that have both levels; 0 before anything is ticked."""
        return round(100 * self.rated / self.ticked) if self.ticked else 0


def progress(sections: list[SectionScore]) -> Progress:
    return Progress(
        ticked=sum(len(section.ticked) for section in sections),
        rated=sum(len(section.rated) for section in sections),
        touched=sum(section.touched for section in sections),
        total=sum(section.total for section in sections),
    )


@dataclass
class PairRow:
    """One item seen by the coordinator and by the manager."""

    item: object
    own: ItemScore | None
    manager: ItemScore | None

    @property
    def differs(self) -> bool:
        """Both rated it, and their 'now' levels differ: worth talking about."""
        return bool(
            self.own
            and self.manager
            and self.own.is_rated
            and self.manager.is_rated
            and self.own.current != self.manager.current
        )


@dataclass
class PairSection:
    section: object
    own: SectionScore | None
    manager: SectionScore | None
    rows: list[PairRow]


def side_by_side(own: list[SectionScore], manager: list[SectionScore]) -> list[PairSection]:
    """The coordinator's and the manager's scores, matched by item code; items either ticked are shown."""
    theirs = {score.item.code: score for section in manager for score in section.items}
    their_sections = {section.section.code: section for section in manager}
    result = []
    for section in own:
        rows = []
        for score in section.items:
            other = theirs.get(score.item.code)
            if score.applies or (other and other.applies):
                rows.append(PairRow(item=score.item, own=score, manager=other))
        result.append(PairSection(section.section, section, their_sections.get(section.section.code), rows))
    return result


# ---------------------------------------------------------------------------------------
# Two rounds of one person


@dataclass
class ItemChange:
    code: str
    title: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        return self.after - self.before if self.before is not None and self.after is not None else None


@dataclass
class SectionChange:
    code: str
    title: str
    before: float | None
    after: float | None
    items: list[ItemChange]

    @property
    def delta(self) -> float | None:
        return round(self.after - self.before, 1) if self.before is not None and self.after is not None else None


@dataclass
class Comparison:
    sections: list[SectionChange]

    @property
    def grown(self) -> list[ItemChange]:
        changes = [item for section in self.sections for item in section.items if item.delta and item.delta > 0]
        return sorted(changes, key=lambda change: -change.delta)


def compare_rounds(before, after) -> Comparison:
    """Two rounds' workspaces (see `workspace.load_workspace`), matched by item code, so versions may differ."""
    old = {score.item.code: score for section in before.sections for score in section.items}
    old_sections = {section.section.code: section for section in before.sections}
    sections = []
    for section in after.sections:
        items = []
        for score in section.items:
            earlier = old.get(score.item.code)
            if not score.applies and not (earlier and earlier.applies):
                continue
            items.append(
                ItemChange(
                    code=score.item.code,
                    title=score.item.title,
                    before=earlier.current if earlier and earlier.applies else None,
                    after=score.current if score.applies else None,
                )
            )
        earlier_section = old_sections.get(section.section.code)
        sections.append(
            SectionChange(
                code=section.section.code,
                title=section.section.title,
                before=earlier_section.average_current if earlier_section else None,
                after=section.average_current,
                items=items,
            )
        )
    return Comparison(sections=sections)
