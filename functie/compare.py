"""A takenpakket next to a functieprofiel's tasks (pure): what is done that the functie does not
name, what it names that is not done, and work at a higher level than the functie says."""

from dataclasses import dataclass, field
from decimal import Decimal

from .package import LEVEL_RANK, Package, level_labels


@dataclass
class CompareRow:
    item: object
    done: bool
    named: bool
    done_levels: list[str] = field(default_factory=list)
    named_levels: list[str] = field(default_factory=list)
    done_hours: Decimal | None = None
    named_hours: Decimal | None = None

    @property
    def higher_levels(self) -> list[str]:
        """The levels worked at above the highest level the functie names for this task."""
        if not (self.done and self.named and self.done_levels and self.named_levels):
            return []
        top = max(LEVEL_RANK[code] for code in self.named_levels)
        return [code for code in self.done_levels if LEVEL_RANK[code] > top]

    @property
    def status(self) -> str:
        if self.done and not self.named:
            return "extra"
        if self.named and not self.done:
            return "missing"
        return "higher" if self.higher_levels else "same"

    @property
    def done_labels(self) -> list[str]:
        return level_labels(self.done_levels)

    @property
    def named_labels(self) -> list[str]:
        return level_labels(self.named_levels)

    @property
    def higher_labels(self) -> list[str]:
        return level_labels(self.higher_levels)


@dataclass
class Comparison:
    profile: object
    rows: list[CompareRow]
    refused: str = ""  # why this functieprofiel cannot be compared (another framework version)

    def _with(self, status):
        return [row for row in self.rows if row.status == status]

    @property
    def extra(self):
        return self._with("extra")

    @property
    def missing(self):
        return self._with("missing")

    @property
    def higher(self):
        return self._with("higher")

    @property
    def named_hours(self) -> Decimal:
        return sum((row.named_hours or Decimal(0) for row in self.rows if row.named), Decimal(0))

    @property
    def done_hours(self) -> Decimal:
        return sum((row.done_hours or Decimal(0) for row in self.rows if row.done), Decimal(0))

    @property
    def matches(self) -> bool:
        return not (self.extra or self.missing or self.higher)


def compare(package: Package, norm_tasks: dict, task_items: list, profile) -> Comparison:
    """`package`: the member's takenpakket (ticked tasks only); `norm_tasks`: {item id: NormTask};
    `task_items`: the version's tasks in document order."""
    done = {row.item.pk: row for row in package.rows}
    rows = []
    for item in task_items:
        row, norm = done.get(item.pk), norm_tasks.get(item.pk)
        if row is None and norm is None:
            continue
        rows.append(
            CompareRow(
                item=item,
                done=row is not None,
                named=norm is not None,
                done_levels=row.levels if row else [],
                named_levels=norm.levels if norm else [],
                done_hours=row.hours if row else None,
                named_hours=norm.hours if norm else None,
            )
        )
    return Comparison(profile=profile, rows=rows)
