from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from feedback import services
from feedback.models import FeedbackRound
from tests.factories import UserFactory

ITEMS = ["10.2.3", "9.1.3"]


@pytest.fixture
def owner(db):
    return UserFactory(email="marieke@example.org", name="Marieke Jansen")


@pytest.fixture
def assessment(profile_version, owner):
    assessment = assessment_services.assessment_start(owner=owner, framework=profile_version.framework)
    for code, current, note in [("10.2.3", 2, "Geheime eigen notitie"), ("9.1.3", 3, "")]:
        assessment_services.answer_save(
            assessment=assessment,
            item=profile_version.items.get(code=code),
            changes={"applies": "1", "current": current, "desired": 4, "note": note},
        )
    return assessment


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def reviewer_round(assessment, *, name="Anna de Boer", email="anna@example.org", language="nl", message=""):
    return services.round_start(
        assessment=assessment,
        kind=FeedbackRound.Kind.REVIEWERS,
        title="Intervisie",
        item_codes=ITEMS,
        closes_on=in_days(14),
        message=message,
        reviewer={"name": name, "email": email, "language": language},
        base_url="http://testserver/",
    )


def volunteer_round(assessment):
    return services.round_start(
        assessment=assessment,
        kind=FeedbackRound.Kind.VOLUNTEERS,
        title="Kookgroep",
        item_codes=ITEMS,
        closes_on=in_days(14),
    )


def volunteers_answer(feedback_round, *levels, comment=""):
    """One anonymous answer per level given (the same level for every item)."""
    for level in levels:
        services.volunteer_submit(
            feedback_round=feedback_round, levels={code: str(level) for code in ITEMS}, comment=comment
        )


@pytest.fixture
def reviewer(assessment):
    return reviewer_round(assessment).reviewers.get()
