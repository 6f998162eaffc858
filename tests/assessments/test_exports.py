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


def test_it_exports_a_goal_linked_to_a_competence_and_a_kennisgebied(client, assessment):
    """Finding 3 of issue 11: `10.2.1` and `10.2.k1` on one goal made the download fail (str < int)."""
    codes = ["10.2.k1", "10.2.1", "9.1.3", "10.3.k12", "10.3.k2", "8.1"]
    services.goal_save(
        assessment=assessment,
        data={"title": "Netwerk", "items": [item(assessment.version, code).pk for code in codes]},
    )
    client.force_login(assessment.owner)
    response = client.get(reverse("assessments:data_export"))
    assert response.status_code == 200
    (goal,) = json.loads(response.content)["assessments"][0]["goals"]
    assert goal["items"] == ["8.1", "9.1.3", "10.2.1", "10.2.k1", "10.3.k2", "10.3.k12"]


def test_it_sorts_any_mix_of_item_codes():
    from assessments.exports import code_key

    codes = [
        "10.2.k12",
        "10.1.a",
        "9.1.1.1",
        "8.p1",
        "10.2.k",
        "8",
        "10.2.1",
        "10.2.k2",
        "9.1",
        "10.1.2",
        "k",
        "",
        "10.²",
        "10.٣",
    ]
    assert sorted(codes, key=code_key) == [
        "",
        "8",
        "8.p1",
        "9.1",
        "9.1.1.1",
        "10.1.2",
        "10.1.a",
        "10.2.1",
        "10.2.k",
        "10.2.k2",
        "10.2.k12",
        "10.²",
        "10.٣",
        "k",
    ]
