"""What leaves the app about a person: the data download, and the comparison of two rounds."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Answer, Assessment, Goal


def user_data(user) -> dict:
    """Everything Profielwijzer keeps about `user`, speaking in item codes (the contract)."""
    assessments = (
        Assessment.objects.filter(owner=user, subject__isnull=True)
        .select_related("version__framework")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("item").order_by("item__position")),
            Prefetch("goals", queryset=Goal.objects.prefetch_related("items")),
            "context_options__variable",
            "shares__viewer",
        )
        .order_by("created_at", "id")
    )
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": user.date_joined.isoformat(),
        },
        "assessments": [_assessment_data(assessment) for assessment in assessments],
    }


def _assessment_data(assessment: Assessment) -> dict:
    context: dict[str, list[str]] = {}
    for option in sorted(
        assessment.context_options.all(), key=lambda option: (option.variable.position, option.position)
    ):
        context.setdefault(option.variable.code, []).append(option.code)
    return {
        "id": assessment.pk,
        "framework": assessment.version.framework.code,
        "framework_name": assessment.version.framework.name,
        "version": assessment.version.label,
        "status": assessment.status,
        "created_at": assessment.created_at.isoformat(),
        "updated_at": assessment.updated_at.isoformat(),
        "finalised_at": assessment.finalised_at.isoformat() if assessment.finalised_at else None,
        "previous_id": assessment.previous_id,
        "role_title": assessment.role_title,
        "context": context,
        "answers": [
            {
                "code": answer.item.code,
                "title": answer.item.title,
                "ticked": answer.applies,
                "current": answer.current,
                "desired": answer.desired,
                "note": answer.note,
            }
            for answer in assessment.answers.all()
        ],
        "goals": [
            {
                "title": goal.title,
                "items": sorted((item.code for item in goal.items.all()), key=code_key),
                "actions": goal.actions,
                "support": goal.support,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "status": goal.status,
            }
            for goal in assessment.goals.all()
        ],
        "shared_with": [share.viewer.email for share in assessment.shares.all()],
    }


def code_key(code: str) -> list[list[tuple[int, int, str]]]:
    """Sort item codes as the profile numbers them: `8` < `8.p1` < `9.1.1.1` < `10.2.1` < `10.2.k` < `10.2.k12`.

    Each dotted part is split into runs of digits and other characters; a run of digits compares
    by its value and comes before letters, so any mix of codes can be compared.
    """
    return [
        [(0, int(run), "") if run[0] in "0123456789" else (1, 0, run) for run in re.findall(r"[0-9]+|[^0-9]+", part)]
        for part in code.split(".")
    ]


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
    """Two workspaces (see views.load_workspace), matched by item code, so versions may differ."""
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
