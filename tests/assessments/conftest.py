import pytest

from assessments import services
from assessments.models import Assessment
from tests.factories import UserFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@example.org", name="Sanne de Vries")


@pytest.fixture
def assessment(profile_version, coordinator) -> Assessment:
    return services.assessment_start(owner=coordinator, framework=profile_version.framework)


def item(version, code):
    return version.items.get(code=code)


def rate(assessment, code, current, desired, note=""):
    """Tick an item and give it both levels, as the keuzemodel page does."""
    changes = {"applies": "1", "current": current, "desired": desired}
    if note:
        changes["note"] = note
    return services.answer_save(assessment=assessment, item=item(assessment.version, code), changes=changes)


ENOUGH_TO_FINALISE = ("10.5.1", "10.5.2", "10.5.3", "10.5.4", "10.5.5")


def rate_enough(assessment, codes=ENOUGH_TO_FINALISE):
    """Rate as many items as finalising asks for (`limits.FINALISE_MIN_RATED`): 10.5.1–10.5.5 at 2 → 3."""
    from assessments import limits

    assert len(codes) >= limits.FINALISE_MIN_RATED
    for code in codes:
        rate(assessment, code, 2, 3)


def finalise(assessment, **kwargs):
    """Rate enough to be allowed to, then make the round final."""
    rate_enough(assessment)
    return services.assessment_finalise(assessment=assessment, **kwargs)


def make_goals(assessment, count: int, *, status: str = "planned"):
    """`count` bare goals in the plan of `assessment`, written directly (no limits checked)."""
    from django.utils import timezone

    from assessments.models import Goal

    closed = None if status in Goal.OPEN else timezone.now()
    goals = Goal.objects.bulk_create(
        Goal(owner=assessment.owner, title=f"Doel {n}", status=status, closed_at=closed) for n in range(count)
    )
    Goal.rounds.through.objects.bulk_create(
        Goal.rounds.through(goal_id=goal.pk, assessment_id=assessment.pk) for goal in goals
    )
    return goals
