from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cycle.models import Gesprek

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the demo fills three zelfscans


def test_the_demo_has_a_gesprek_with_afspraken_both_confirmed_once(settings, profile_version, client):
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    gesprek = Gesprek.objects.get()
    assert gesprek.assessment.owner.email == "coordinator@example.org"
    assert gesprek.manager.email == "manager@example.org"
    assert gesprek.afspraken.count() == 3
    assert set(gesprek.confirmations.values_list("user__email", flat=True)) == {
        "coordinator@example.org",
        "manager@example.org",
    }
    assert client.login(username="manager@example.org", password="demo")
    page = client.get(reverse("cycle:gesprek", args=[gesprek.assessment_id])).content.decode()
    assert "De afspraken zijn bevestigd" in page


def test_the_demo_team_has_an_open_scanronde_once(settings, profile_version, client):
    from cycle.models import Scanronde

    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    scanronde = Scanronde.objects.get()
    assert scanronde.created_by.email == "manager@example.org"
    assert client.login(username="manager@example.org", password="demo")
    page = client.get(reverse("teams:overview", args=[scanronde.team_id])).content.decode()
    assert scanronde.name in page and "Met jou gedeeld" in page
