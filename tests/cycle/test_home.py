"""The personal home: after login a coordinator sees what to do now; a leidinggevende, their teams."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from cycle import services
from cycle.models import Gesprek, Scanronde
from tests.factories import PASSWORD, UserFactory, team_with

pytestmark = pytest.mark.django_db

HOME = reverse("cycle:home")


def test_a_login_lands_on_the_home(client, coordinator):
    response = client.post(reverse("accounts:login"), {"username": coordinator.email, "password": PASSWORD})
    assert response["Location"] == HOME


def test_someone_with_nothing_yet_is_sent_to_start_a_zelfscan(client, coordinator):
    client.force_login(coordinator)
    assert client.get(HOME)["Location"] == reverse("assessments:list")


def test_a_leidinggevende_lands_on_their_teams(client, shared, manager):
    client.force_login(manager)
    assert client.get(HOME)["Location"] == reverse("teams:list")


def test_a_coordinator_sees_the_open_round_to_continue_and_the_open_goals(client, shared):
    done = assessment_services.goal_save(assessment=shared, data={"title": "Al bereikt", "status": "done"})
    assessment_services.goal_save(
        assessment=shared, data={"title": "Netwerk uitbreiden", "target_date": date.today() + timedelta(days=60)}
    )
    client.force_login(shared.owner)
    page = client.get(HOME).content.decode()
    assert "Ga verder waar je was" in page and reverse("assessments:detail", args=[shared.pk]) in page
    assert "Steviger staan" in page and "Netwerk uitbreiden" in page
    assert done.title not in page


def test_a_scanronde_shows_its_due_date_and_whether_the_coordinator_is_done(client, shared, manager):
    team = manager.team_memberships.get().team
    Scanronde.objects.create(
        team=team, name="Najaar", opens_on=date.today(), due_on=date.today() + timedelta(days=12), created_by=manager
    )
    client.force_login(shared.owner)
    page = client.get(HOME).content.decode()
    assert "Scanronde ‘Najaar’" in page and "Nog 12 dagen." in page and "Ga verder met je zelfscan" in page
    from tests.assessments.conftest import finalise

    finalise(shared)
    assert "Je zelfscan voor deze ronde is definitief" in client.get(HOME).content.decode()


def test_a_round_of_a_team_they_left_or_that_closed_is_not_on_it(client, shared, manager):
    team = manager.team_memberships.get().team
    Scanronde.objects.create(
        team=team, name="Voorbij", opens_on=date(2025, 1, 1), due_on=date(2025, 2, 1), created_by=manager
    )
    other = team_with(coordinators=[UserFactory()], managers=[manager], name="Ander team")
    Scanronde.objects.create(team=other, name="Van een ander", opens_on=date.today(), due_on=date.today())
    client.force_login(shared.owner)
    page = client.get(HOME).content.decode()
    assert "Voorbij" not in page and "Van een ander" not in page


def test_afspraken_to_confirm_show_for_both_sides_until_they_confirm(client, shared, manager):
    services.afspraak_add(assessment=shared, by=manager, text="Samen")
    client.force_login(shared.owner)
    assert "Afspraken om te bevestigen" in client.get(HOME).content.decode()
    services.confirm(assessment=shared, by=shared.owner, revision=Gesprek.objects.get().revision)
    assert "Afspraken om te bevestigen" not in client.get(HOME).content.decode()
    own = assessment_services.assessment_start(owner=manager, framework=shared.version.framework)
    assert own  # a leidinggevende with a zelfscan of their own stays on the home
    client.force_login(manager)
    page = client.get(HOME).content.decode()
    assert "Het gesprek met Sanne de Vries" in page and "Je teams" in page
    assessment_services.share_set(assessment=shared, viewer=manager, shared=False)
    assert "Het gesprek met Sanne de Vries" not in client.get(HOME).content.decode()


def test_nothing_of_someone_else_shows(client, shared, profile_version):
    stranger = UserFactory()
    theirs = assessment_services.assessment_start(owner=stranger, framework=profile_version.framework)
    assessment_services.goal_save(assessment=theirs, data={"title": "Geheim doel"})
    client.force_login(shared.owner)
    assert "Geheim doel" not in client.get(HOME).content.decode()


def test_the_home_needs_the_same_queries_however_much_there_is(client, shared, manager, django_assert_num_queries):
    team = manager.team_memberships.get().team
    Scanronde.objects.create(team=team, name="Een", opens_on=date.today(), due_on=date.today(), created_by=manager)
    services.afspraak_add(assessment=shared, by=manager, text="Samen")
    client.force_login(shared.owner)
    # session, user; zelfscans, open rounds, goals, to confirm, teams managed; the menu's team check
    with django_assert_num_queries(8):
        assert client.get(HOME).status_code == 200
    Scanronde.objects.create(team=team, name="Twee", opens_on=date.today(), due_on=date.today(), created_by=manager)
    for number in range(4):
        assessment_services.goal_save(assessment=shared, data={"title": f"Doel {number}"})
    with django_assert_num_queries(8):
        assert client.get(HOME).status_code == 200
