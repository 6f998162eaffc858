from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from functie.models import NormTask, Takenpakket, Task

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_coordinators_have_takenpakketten_and_the_team_a_functieprofiel_with_tasks(
    settings, profile_version, client
):
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    for email in ("coordinator@example.org", "coordinator2@example.org", "coordinator3@example.org"):
        takenpakket = Takenpakket.objects.get(assessment__owner__email=email)
        assert takenpakket.tasks.count() >= 4, email
    assert Takenpakket.objects.get(assessment__owner__email="coordinator@example.org").agreed_hours == 28
    assert NormTask.objects.filter(profile__name="Coördinator vrijwilligers").count() == 8
    assert Task.objects.filter(strategisch=True).exists()

    client.force_login(User.objects.get(email="manager@example.org"))
    sanne = User.objects.get(email="coordinator@example.org").assessments.self_assessments().latest("created_at")
    html = client.get(reverse("assessments:shared", args=[sanne.pk])).content.decode()
    assert "Functieprofiel ‘Coördinator vrijwilligers’" in html and "gedaan, niet in de functie" in html
    team = sanne.owner.team_memberships.get().team
    html = client.get(reverse("functie:team_work", args=[team.pk])).content.decode()
    assert "Youssef El Amrani" in html and "Marieke Jansen" not in html  # Marieke does not share
