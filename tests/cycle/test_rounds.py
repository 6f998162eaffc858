"""Scanrondes: planned by a leidinggevende or an organisation admin, followed per member with
started / finished / shared only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from cycle import services
from cycle.models import Scanronde
from tests.assessments.conftest import finalise
from tests.factories import AdminMembershipFactory, UserFactory, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def squad(manager, coordinator):
    team = team_with(coordinators=[coordinator], managers=[manager])
    return team


def plan(client, team, **data):
    today = timezone.localdate()
    values = {
        "name": "Voorjaar",
        "opens_on": today.isoformat(),
        "due_on": (today + timedelta(days=30)).isoformat(),
        "reminder_days": "7,1",
    }
    return client.post(reverse("cycle:rounds", args=[team.pk]), {**values, **data})


def test_a_leidinggevende_plans_a_round_for_their_team(client, squad, manager):
    client.force_login(manager)
    response = plan(client, squad, reminder_days=" 1, 7 ,7")
    scanronde = Scanronde.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cycle:round", args=[scanronde.pk])
    assert (scanronde.team, scanronde.created_by, scanronde.reminder_days) == (squad, manager, "7,1")


def test_an_organisation_admin_plans_but_does_not_see_who_started(client, squad, coordinator):
    admin = AdminMembershipFactory(organisation=squad.organisation).user
    client.force_login(admin)
    assert plan(client, squad).status_code == 302
    page = client.get(reverse("cycle:round", args=[Scanronde.objects.get().pk])).content.decode()
    assert "ziet alleen een leidinggevende" in page
    assert coordinator.get_full_name() not in page


def test_a_coordinator_cannot_plan_for_their_own_team(client, squad, coordinator):
    client.force_login(coordinator)
    assert plan(client, squad).status_code == 404
    assert client.get(reverse("cycle:rounds", args=[squad.pk])).status_code == 404
    assert not Scanronde.objects.exists()


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"name": ""}, "Geef de scanronde een naam"),
        ({"name": "x" * 151}, "hoogstens 150 tekens"),
        ({"opens_on": "2020-01-01"}, "niet in het verleden"),
        ({"opens_on": "2027-13-01"}, "Vul een datum in"),
        ({"due_on": ""}, "wanneer de ronde klaar moet zijn"),
        ({"due_on": (date.today() - timedelta(days=1)).isoformat()}, "op of na de dag"),
        ({"due_on": (date.today() + timedelta(days=400)).isoformat()}, "hoogstens een jaar"),
        ({"reminder_days": "abc"}, "hoogstens 3 aantallen dagen"),
        ({"reminder_days": "0"}, "hoogstens 3 aantallen dagen"),
        ({"reminder_days": "14,7,3,1"}, "hoogstens 3 aantallen dagen"),
        ({"reminder_days": "٣"}, "hoogstens 3 aantallen dagen"),
    ],
    ids=[
        "no name",
        "long name",
        "past",
        "bad date",
        "no due",
        "due first",
        "too long",
        "words",
        "zero",
        "four",
        "digit",
    ],
)
def test_bad_input_says_why_and_plans_nothing(client, squad, manager, data, field_message):
    client.force_login(manager)
    response = plan(client, squad, **data)
    assert response.status_code == 422
    assert field_message in response.content.decode()
    assert not Scanronde.objects.exists()


def test_a_double_submit_plans_one_round_and_a_name_is_used_once(client, squad, manager):
    client.force_login(manager)
    plan(client, squad)
    assert plan(client, squad).status_code == 302
    assert Scanronde.objects.count() == 1
    response = plan(client, squad, name="voorjaar", reminder_days="3")
    assert response.status_code == 422 and "al een scanronde met deze naam" in response.content.decode()


def test_the_progress_shows_started_finished_shared_and_nothing_of_the_content(
    client, squad, manager, coordinator, profile_version
):
    quiet = UserFactory(name="Mirjam Stil")
    sharing = UserFactory(name="Youssef Deelt")
    for member in (quiet, sharing):
        team_with(coordinators=[member], managers=[manager], name=f"Ook {member.pk}")
        squad.memberships.create(user=member, role="coordinator")
    scanronde = services.round_plan(
        team=squad,
        by=manager,
        name="Nu",
        opens_on=date.today(),
        due_on=date.today() + timedelta(days=9),
        reminder_days="",
        today=date.today(),
    )
    own = assessment_services.assessment_start(owner=coordinator, framework=profile_version.framework)
    assessment_services.situation_save(assessment=own, role_title="Geheime functietitel", option_ids=[])
    theirs = assessment_services.assessment_start(owner=sharing, framework=profile_version.framework)
    finalise(theirs)  # rates enough items first
    assessment_services.share_set(assessment=theirs, viewer=manager, shared=True)
    client.force_login(manager)
    page = client.get(reverse("cycle:round", args=[scanronde.pk])).content.decode()
    rows = {row.split("</th>")[0].split(">")[-1]: row for row in page.split('<th scope="row">')[1:]}
    assert (
        rows[coordinator.get_full_name()].count(">ja<") == 1 and "nog niet gedeeld" in rows[coordinator.get_full_name()]
    )
    assert rows["Youssef Deelt"].count(">ja<") == 2 and ">gedeeld<" in rows["Youssef Deelt"]
    assert rows["Mirjam Stil"].count(">nog niet") == 3  # a cell's text, not a random name's letters
    assert "Geheime functietitel" not in page


def test_the_team_overview_shows_the_open_round_in_the_same_queries_however_large_the_team(
    client, squad, manager, profile_version, django_assert_num_queries
):
    services.round_plan(
        team=squad,
        by=manager,
        name="Nu",
        opens_on=date.today(),
        due_on=date.today() + timedelta(days=9),
        reminder_days="7",
        today=date.today(),
    )
    url = reverse("teams:overview", args=[squad.pk])
    client.force_login(manager)
    # the overview's 8, the team's scanrondes, whether the viewer manages it, its coordinators,
    # their zelfscans in the round
    with django_assert_num_queries(12):
        page = client.get(url).content.decode()
    assert "Nu" in page and "nog niet gedeeld" in page
    for _number in range(4):
        member = UserFactory()
        squad.memberships.create(user=member, role="coordinator")
        assessment_services.assessment_start(owner=member, framework=profile_version.framework)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_round_past_its_due_date_shows_as_closed(client, squad, manager):
    scanronde = Scanronde.objects.create(
        team=squad, name="Vorig jaar", opens_on=date(2025, 3, 1), due_on=date(2025, 4, 1), created_by=manager
    )
    client.force_login(manager)
    page = client.get(reverse("cycle:round", args=[scanronde.pk])).content.decode()
    assert "gesloten" in page and "Er gaan geen mails meer over" in page


def test_a_planner_deletes_a_round(client, squad, manager):
    scanronde = Scanronde.objects.create(
        team=squad, name="Weg", opens_on=date.today(), due_on=date.today(), created_by=manager
    )
    client.force_login(manager)
    response = client.post(reverse("cycle:round_delete", args=[scanronde.pk]))
    assert response.status_code == 302 and not Scanronde.objects.exists()


def test_a_member_turns_reminders_off_and_on(client, coordinator):
    client.force_login(coordinator)
    url = reverse("cycle:reminders")
    assert "Je krijgt herinneringen." in client.get(url).content.decode()
    client.post(url, {"reminders": "0"})
    assert "Je krijgt geen herinneringen." in client.get(url).content.decode()
    response = client.post(url, {"reminders": "maybe"}, follow=True)
    assert "Kies of je herinneringen" in response.content.decode()
    assert "Je krijgt geen herinneringen." in response.content.decode()
    client.post(url, {"reminders": "1"})
    assert "Je krijgt herinneringen." in client.get(url).content.decode()
