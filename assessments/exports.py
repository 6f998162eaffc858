"""What leaves the app about a person: the download of all their data, in item codes."""

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
                "items": sorted((item.code for item in goal.items.all()), key=_code_key),
                "actions": goal.actions,
                "support": goal.support,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "status": goal.status,
            }
            for goal in assessment.goals.all()
        ],
        "shared_with": [share.viewer.email for share in assessment.shares.all()],
    }


def _code_key(code: str):
    return [int(part) if part.isdigit() else part for part in code.split(".")]
