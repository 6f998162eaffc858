import json

import pytest
from django.urls import reverse

from assessments import services
from catalog.models import ContextOption
from tests.assessments.conftest import item, rate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_data_holds_every_assessment_in_item_codes(client, assessment, django_assert_num_queries):
    rate(assessment, "10.3.5", 1, 4, note="Na de reorganisatie")
    services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.2"), changes={"applies": "0"})
    option = ContextOption.objects.get(variable__version=assessment.version, code="onbetaald")
    services.situation_save(assessment=assessment, role_title="Vrijwillig coördinator", option_ids=[option.pk])
    services.goal_save(
        assessment=assessment,
        data={"title": "Veerkracht", "items": [item(assessment.version, "10.3.5").pk], "target_date": None},
    )
    services.assessment_finalise(assessment=assessment)
    services.assessment_start(owner=assessment.owner, framework=assessment.version.framework, previous=assessment)
    services.assessment_start(owner=UserFactory(), framework=assessment.version.framework)  # not mine

    client.force_login(assessment.owner)
    with django_assert_num_queries(9):
        response = client.get(reverse("assessments:data_export"))
    assert response["Content-Disposition"].startswith('attachment; filename="profielwijzer-mijn-gegevens-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "coordinator@example.org"
    first, second = data["assessments"]
    assert first["framework"] == "competentieprofiel-coordinator-vrijwilligerswerk"
    assert (first["version"], first["status"], first["role_title"]) == ("2025", "final", "Vrijwillig coördinator")
    assert first["context"] == {"beloning": ["onbetaald"]}
    assert first["answers"] == [
        {
            "code": "9.1.2",
            "title": "Overweging aanzetten",
            "ticked": False,
            "current": None,
            "desired": None,
            "note": "",
        },
        {
            "code": "10.3.5",
            "title": item(assessment.version, "10.3.5").title,
            "ticked": True,
            "current": 1,
            "desired": 4,
            "note": "Na de reorganisatie",
        },
    ]
    assert first["goals"] == [
        {
            "title": "Veerkracht",
            "items": ["10.3.5"],
            "actions": "",
            "support": "",
            "target_date": None,
            "status": "planned",
        }
    ]
    assert second["previous_id"] == first["id"]
    assert second["status"] == "draft"
