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
