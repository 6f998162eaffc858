"""Comparing members with a norm profile (functieprofiel). Pure: no queries."""

from dataclasses import dataclass, field


@dataclass
class NormCell:
    required: int
    current: int | None  # None: not ticked or not rated by the member

    @property
    def met(self) -> bool:
        return self.current is not None and self.current >= self.required


@dataclass
class NormRow:
    item: object
    required: int
    cells: list[NormCell] = field(default_factory=list)  # one per member, in member order

    @property
    def members_meeting(self) -> int:
        return sum(cell.met for cell in self.cells)


@dataclass
class MemberSummary:
    member: object
    met: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.total) if self.total else 0


def compare(norm_levels: dict[str, tuple[object, int]], members: list, currents: dict) -> tuple[list[NormRow], list]:
    """`norm_levels`: {code: (item, level)} in document order; `currents`: {member pk: {code: current}}.

    Returns the rows (one per norm item) and a summary per member.
    """
    rows = []
    for code, (item, required) in norm_levels.items():
        rows.append(
            NormRow(item=item, required=required, cells=[NormCell(required, currents[m.pk].get(code)) for m in members])
        )
    summaries = [
        MemberSummary(member, met=sum(row.cells[index].met for row in rows), total=len(rows))
        for index, member in enumerate(members)
    ]
    return rows, summaries
