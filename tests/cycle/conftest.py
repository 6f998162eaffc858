import pytest

from assessments import services as assessment_services
from tests.assessments.conftest import assessment, coordinator, rate  # noqa: F401 (fixtures)
from tests.factories import UserFactory, team_with


@pytest.fixture
def manager(db):
    return UserFactory(email="manager@example.org", name="Ilse Bakker")


@pytest.fixture
def shared(assessment, manager):  # noqa: F811 (the fixture imported above)
    """Sanne's zelfscan with a gap and a goal, shared with her leidinggevende Ilse."""
    rate(assessment, "10.3.5", 1, 4)
    rate(assessment, "9.1.3", 2, 3)
    assessment_services.goal_save(assessment=assessment, data={"title": "Steviger staan"})
    team_with(coordinators=[assessment.owner], managers=[manager])
    assessment_services.share_set(assessment=assessment, viewer=manager, shared=True)
    assessment.refresh_from_db()
    return assessment
