"""The data download holds the gesprekken about the person's own zelfscans and their reminder choice."""

import json

import pytest
from django.urls import reverse

from cycle import services
from cycle.models import Gesprek

pytestmark = pytest.mark.django_db


def test_my_data_holds_my_gesprek_its_afspraken_and_who_confirmed(client, shared, manager, django_assert_num_queries):
    services.afspraak_add(assessment=shared, by=manager, text="Cursus in maart")
    services.confirm(assessment=shared, by=manager, revision=Gesprek.objects.get().revision)
    services.reminders_set(user=shared.owner, reminders=False)
    client.force_login(shared.owner)
    url = reverse("assessments:data_export")
    client.get(url)
    # tests/assessments/test_exports.py says what the rest are; the gesprek, its afspraken and
    # confirmations and the reminder choice are four of them
    with django_assert_num_queries(24):
        data = json.loads(client.get(url).content)
    [gesprek] = data["gesprekken"]
    assert gesprek["assessment_id"] == shared.pk
    assert gesprek["leidinggevende"] == {"email": "manager@example.org", "name": "Ilse Bakker"}
    assert [afspraak["text"] for afspraak in gesprek["afspraken"]] == ["Cursus in maart"]
    assert gesprek["afspraken"][0]["written_by"]["email"] == "manager@example.org"
    assert [confirmation["by"]["email"] for confirmation in gesprek["confirmed"]] == ["manager@example.org"]
    assert data["scanronde_reminders"] is False
    for number in range(3):
        services.afspraak_add(assessment=shared, by=shared.owner, text=f"Afspraak {number}")
    services.confirm(assessment=shared, by=shared.owner, revision=Gesprek.objects.get().revision)
    with django_assert_num_queries(24):
        data = json.loads(client.get(url).content)
    assert len(data["gesprekken"][0]["afspraken"]) == 4


def test_the_leidinggevende_does_not_download_the_members_gesprek(client, shared, manager):
    services.afspraak_add(assessment=shared, by=manager, text="Cursus in maart")
    client.force_login(manager)
    data = json.loads(client.get(reverse("assessments:data_export")).content)
    assert data["gesprekken"] == [] and data["scanronde_reminders"] is True
