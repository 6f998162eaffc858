"""The takenpakket as pages and documents show it: pure functions over the version's items, the
ticked answers and the tasks (no queries here; `selectors` loads, this arranges).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import limits

LEVEL_LABELS = {
    "uitvoerend": gettext_lazy("uitvoerend"),
    "tactisch": gettext_lazy("tactisch"),
    "strategisch": gettext_lazy("strategisch"),
}
LEVEL_RANK = {code: rank for rank, code in enumerate(limits.LEVELS)}


def _words(words: list[str]) -> str:
    """["tactisch", "strategisch"] → "tactisch en strategisch"."""
    return get_text_list(list(words), _("en"))


def level_choices() -> list[tuple[str, str]]:
    return [(code, str(LEVEL_LABELS[code])) for code in limits.LEVELS]


def level_labels(levels) -> list[str]:
    return [str(LEVEL_LABELS[code]) for code in limits.LEVELS if code in levels]


def is_task(item) -> bool:
    return item.rateable and item.kind.code in limits.TASK_KINDS


def task_items(items) -> list:
    """The taakgebieden (or kerntaken, in a framework whose tasks are those) of a version, in order."""
    return [item for item in items if is_task(item)]


@dataclass
class TaskRow:
    item: object  # the taakgebied
    contents: list  # its kerntaken or onderdelen (items), in order
    levels: list[str] = field(default_factory=list)
    hours: Decimal | None = None
    typed_hours: str | None = None  # what a refused form carried, shown again as typed

    @property
    def level_labels(self) -> list[str]:
        return level_labels(self.levels)


@dataclass
class TaskGroup:
    """A hoofdtaak (or whatever the framework groups its tasks under) and its ticked tasks."""

    item: object | None
    rows: list[TaskRow]

    @property
    def hours(self) -> Decimal:
        return sum((row.hours or Decimal(0) for row in self.rows), Decimal(0))

    @property
    def levels(self) -> list[str]:
        return [code for code in limits.LEVELS if any(code in row.levels for row in self.rows)]

    @property
    def level_labels(self) -> list[str]:
        return level_labels(self.levels)

    @property
    def kerntaak_count(self) -> int:
        return sum(len(row.contents) for row in self.rows)


@dataclass
class Package:
    groups: list[TaskGroup]
    agreed_hours: Decimal | None
    task_count: int  # all tasks the version has

    @property
    def rows(self) -> list[TaskRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def total_hours(self) -> Decimal:
        return sum((group.hours for group in self.groups), Decimal(0))

    @property
    def has_hours(self) -> bool:
        return any(row.hours is not None for row in self.rows)

    @property
    def has_tasks(self) -> bool:
        """Whether anything was saved for the ticked taakgebieden (a level or hours)."""
        return any(row.levels or row.hours is not None for row in self.rows)

    @property
    def levels(self) -> list[str]:
        return [code for code in limits.LEVELS if any(code in row.levels for row in self.rows)]

    @property
    def level_labels(self) -> list[str]:
        return level_labels(self.levels)

    @property
    def level_words(self) -> str:
        return _words(self.level_labels)

    @property
    def hours_by_level(self) -> list[tuple[str, Decimal]]:
        """Hours per level; a task at two levels counts for each (the page says so)."""
        return [
            (
                str(LEVEL_LABELS[code]),
                sum((row.hours or Decimal(0) for row in self.rows if code in row.levels), Decimal(0)),
            )
            for code in limits.LEVELS
        ]

    @property
    def without_level(self) -> list[TaskRow]:
        return [row for row in self.rows if not row.levels]

    def hours_warnings(self) -> list[str]:
        return hours_warnings(self.total_hours, self.agreed_hours)


def hours_warnings(total: Decimal, agreed: Decimal | None) -> list[str]:
    """What is worth a second look in the hours (saved anyway: they are the owner's estimate)."""
    warnings = []
    if (
        agreed is not None
        and total > agreed
        and total - agreed >= 2
        and total > agreed * Decimal(1 + limits.OVER_AGREED_SHARE)
    ):
        warnings.append(
            _(
                "Je takenpakket vraagt ongeveer %(total)s uur per week, ruim meer dan de %(agreed)s uur die "
                "ervoor is afgesproken. Een goed punt voor het gesprek met je leidinggevende."
            )
            % {"total": hours_text(total), "agreed": hours_text(agreed)}
        )
    return warnings


def hours_text(hours: Decimal | None) -> str:
    """4.0 → "4", 4.5 → "4,5" in Dutch, "4.5" in English; None → ""."""
    if hours is None:
        return ""
    if hours == hours.to_integral():
        return str(int(hours))
    return formats.number_format(hours, decimal_pos=1)


def build_package(items, ticked_ids: set[int], tasks: dict[int, object], agreed_hours) -> Package:
    """`items`: the version's items in document order (with kind); `ticked_ids`: the items ticked in
    the keuzemodel; `tasks`: {item id: Task or NormTask}. Unticked tasks are left out, whatever
    was saved for them (unticking keeps the levels, as it keeps an answer's)."""
    children: dict = {}
    by_id = {}
    for item in items:
        by_id[item.pk] = item
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    all_tasks = task_items(items)
    groups: dict = {}
    for item in all_tasks:
        if item.pk not in ticked_ids:
            continue
        task = tasks.get(item.pk)
        row = TaskRow(
            item=item,
            contents=[child for child in children.get(item.pk, []) if not child.rateable],
            levels=task.levels if task else [],
            hours=task.hours if task else None,
        )
        groups.setdefault(item.parent_id, TaskGroup(item=by_id.get(item.parent_id), rows=[])).rows.append(row)
    return Package(groups=list(groups.values()), agreed_hours=agreed_hours, task_count=len(all_tasks))


def situation_notes(package: Package, situation) -> list[str]:
    """How the takenpakket sits among the context variables of Mijn situatie (chapter 3)."""
    notes = []
    worked = set(package.levels)
    chosen = situation.chosen("niveau") & set(limits.LEVELS)
    if worked and not chosen and "niveau" in situation.codes:
        notes.append(
            _("Bij Mijn situatie koos je nog geen niveau; je takenpakket zegt: %(levels)s.")
            % {"levels": _words(level_labels(worked))}
        )
    elif worked - chosen and chosen:
        notes.append(
            _("In je takenpakket werk je ook op %(levels)s niveau; bij Mijn situatie koos je %(chosen)s.")
            % {"levels": _words(level_labels(worked - chosen)), "chosen": _words(level_labels(chosen))}
        )
    elif chosen - worked and worked:
        notes.append(
            _("Bij Mijn situatie koos je ook %(levels)s niveau, maar bij geen enkel taakgebied.")
            % {"levels": _words(level_labels(chosen - worked))}
        )
    inbedding = situation.chosen("inbedding")
    if "rol" in inbedding:
        if package.has_hours:
            notes.append(
                _(
                    "Je coördineert als rol: meestal zijn daar geen uren voor vrijgemaakt. Je takenpakket laat zien "
                    "dat het ongeveer %(hours)s uur per week vraagt."
                )
                % {"hours": hours_text(package.total_hours)}
            )
    elif "functie" in inbedding and worked and not worked & {"tactisch", "strategisch"}:
        notes.append(
            _(
                "Bij een functie als coördinator horen volgens het profiel vaak ook tactische en strategische "
                "werkzaamheden, naast uitvoerende. In je takenpakket staan alleen uitvoerende."
            )
        )
    elif "taak" in inbedding and package.agreed_hours is None and package.has_hours:
        notes.append(
            _(
                "Je coördineert als taak binnen een bredere functie. Hoeveel uur daarvoor beschikbaar is, is nog "
                "niet ingevuld: vul het hieronder in als het is afgesproken."
            )
        )
    if "onbetaald" in situation.chosen("beloning") and package.has_hours:
        notes.append(
            _("Je doet dit werk onbetaald, ongeveer %(hours)s uur per week.")
            % {"hours": hours_text(package.total_hours)}
        )
    return notes
