import functools
import json

import pytest
from django.urls import reverse

from accounts.models import Organisation, OrganisationMembership
from assessments import services
from catalog.case import code_identifier
from catalog.models import ContextOption
from tests.assessments.conftest import finalise, item, rate
from tests.factories import InvitationFactory, UserFactory, team_with

pytestmark = pytest.mark.django_db

EXPORT_QUERIES = 24  # the session and user, then one query per kind of data (fewer when a kind is empty);
# the person's goals, their items, rounds and progress (goals belong to the person); feedback rounds:
# one, and their items, reviewers and answers only when there are rounds; the cycle: two, the
# gesprekken about their zelfscans and their reminder choice (afspraken and confirmations are two
# more when there are gesprekken, pinned in tests/cycle/test_exports.py)


def test_my_data_holds_every_assessment_in_item_codes(client, assessment, django_assert_num_queries):
    rate(assessment, "10.3.5", 1, 4, note="Na de reorganisatie")
    services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.2"), changes={"applies": "0"})
    option = ContextOption.objects.get(variable__version=assessment.version, code="onbetaald")
    services.situation_save(assessment=assessment, role_title="Vrijwillig coördinator", option_ids=[option.pk])
    services.goal_save(
        assessment=assessment,
        data={"title": "Veerkracht", "items": [item(assessment.version, "10.3.5").pk], "target_date": None},
    )
    finalise(assessment)
    services.assessment_start(owner=assessment.owner, framework=assessment.version.framework, previous=assessment)
    services.assessment_start(owner=UserFactory(), framework=assessment.version.framework)  # not mine

    client.force_login(assessment.owner)
    with django_assert_num_queries(EXPORT_QUERIES - 2):  # no views by or for this coordinator
        response = client.get(reverse("assessments:data_export"))
    assert response["Content-Disposition"].startswith('attachment; filename="profielwijzer-mijn-gegevens-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "coordinator@example.org"
    first, second = data["assessments"]
    assert first["framework"] == "competentieprofiel-coordinator-vrijwilligerswerk"
    assert (first["version"], first["status"], first["role_title"]) == ("2025", "final", "Vrijwillig coördinator")
    assert first["context"] == {"beloning": ["onbetaald"]}
    identifier = functools.partial(code_identifier, assessment.version)
    assert [answer for answer in first["answers"] if not answer["code"].startswith("10.5.")] == [
        {
            "code": "9.1.2",
            "case_identifier": identifier("9.1.2"),
            "title": "Overweging aanzetten",
            "ticked": False,
            "current": None,
            "desired": None,
            "note": "",
        },
        {
            "code": "10.3.5",
            "case_identifier": identifier("10.3.5"),
            "title": item(assessment.version, "10.3.5").title,
            "ticked": True,
            "current": 1,
            "desired": 4,
            "note": "Na de reorganisatie",
        },
    ]
    (goal,) = data["goals"]
    assert first["goals"] == [
        {
            "id": goal["id"],
            "title": "Veerkracht",
            "items": ["10.3.5"],
            "case_identifiers": [identifier("10.3.5")],
            "actions": "",
            "support": "",
            "target_date": None,
            "status": "planned",
        }
    ]
    assert second["previous_id"] == first["id"]
    assert second["status"] == "draft"
    # the goal is the person's: open, so it came along into the second round; its progress comes too
    assert second["goals"][0]["id"] == goal["id"]
    assert (goal["status"], goal["rounds"], goal["items"]) == ("planned", [first["id"], second["id"]], ["10.3.5"])
    assert goal["progress"] == []


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


# ---------------------------------------------------------------------------------------
# Issue 11, finding 8: the download held my zelfscans only


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("assessments:data_export"))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def pair(assessment):
    """A coordinator who shared her zelfscan with her manager, who made a view of her and shared it back."""
    manager = UserFactory(email="ilse@example.org", name="Ilse Bakker")
    team_with(coordinators=[assessment.owner], managers=[manager], name="Buurtwerk", organisation="Buurthuis De Es")
    rate(assessment, "10.3.5", 2, 4)
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.answer_save(
        assessment=view,
        item=item(view.version, "10.3.5"),
        changes={"applies": "1", "current": "3", "desired": "4", "note": "Sterk in gesprekken"},
    )
    services.answer_save(assessment=view, item=item(view.version, "10.2.k1"), changes={"applies": "1", "current": "2"})
    return manager, view


def test_it_exports_my_own_views_of_members_in_item_codes(client, assessment, pair):
    manager, view = pair
    data = download(client, manager)
    assert data["assessments"] == []  # a view of someone else is not a zelfscan of mine
    (exported,) = data["manager_views"]
    assert exported["id"] == view.pk
    assert exported["about"] == {"email": "coordinator@example.org", "name": "Sanne de Vries"}
    assert exported["counterpart_id"] == assessment.pk
    assert exported["version"] == "2025" and exported["status"] == "draft"
    assert [
        (answer["code"], answer["current"], answer["desired"], answer["note"]) for answer in exported["answers"]
    ] == [
        ("10.2.k1", 2, None, ""),
        ("10.3.5", 3, 4, "Sterk in gesprekken"),
    ]
    assert exported["shared_with"] == []
    assert "manager_views" in download(client, assessment.owner)
    assert download(client, assessment.owner)["manager_views"] == []  # the coordinator made none


def test_it_exports_the_views_shared_with_me_only_while_they_are_shared(client, assessment, pair):
    manager, view = pair
    assert download(client, assessment.owner)["shared_with_me"] == []  # made, not shared yet
    services.share_set(assessment=view, viewer=assessment.owner, shared=True)
    (shared,) = download(client, assessment.owner)["shared_with_me"]
    assert shared["by"] == {"email": "ilse@example.org", "name": "Ilse Bakker"}
    assert shared["about_assessment_id"] == assessment.pk
    assert [(answer["code"], answer["current"]) for answer in shared["answers"]] == [("10.2.k1", 2), ("10.3.5", 3)]
    assert download(client, manager)["manager_views"][0]["shared_with"] == ["coordinator@example.org"]
    services.share_set(assessment=view, viewer=assessment.owner, shared=False)
    assert download(client, assessment.owner)["shared_with_me"] == []


def test_it_exports_my_organisations_teams_and_roles(client, assessment, pair):
    manager, _view = pair
    OrganisationMembership.objects.filter(user=manager).update(is_admin=True)
    team_with(coordinators=[manager], name="Ander team", organisation="Elders")
    since = dict(OrganisationMembership.objects.filter(user=manager).values_list("organisation__name", "created_at"))
    data = download(client, manager)
    assert data["organisations"] == [
        {
            "name": "Buurthuis De Es",
            "admin": True,
            "since": since["Buurthuis De Es"].isoformat(),
            "teams": [{"name": "Buurtwerk", "role": "manager"}],
        },
        {
            "name": "Elders",
            "admin": False,
            "since": since["Elders"].isoformat(),
            "teams": [{"name": "Ander team", "role": "coordinator"}],
        },
    ]
    (membership,) = download(client, assessment.owner)["organisations"]
    assert (membership["name"], membership["admin"], membership["teams"]) == (
        "Buurthuis De Es",
        False,
        [{"name": "Buurtwerk", "role": "coordinator"}],
    )


def test_it_exports_the_invitations_i_sent_and_received_without_their_links(client, assessment, pair):
    manager, _view = pair
    organisation = Organisation.objects.get(name="Buurthuis De Es")
    team = organisation.teams.get()
    sent = InvitationFactory(organisation=organisation, team=team, email="nieuw@example.org", invited_by=manager)
    InvitationFactory(organisation=organisation, email="ander@example.org")  # someone else sent it
    received = InvitationFactory(email=manager.email, role="admin")
    data = download(client, manager)
    assert data["invitations_sent"] == [
        {
            "organisation": "Buurthuis De Es",
            "team": "Buurtwerk",
            "email": "nieuw@example.org",
            "role": "coordinator",
            "sent_at": sent.created_at.isoformat(),
            "accepted_at": None,
        }
    ]
    assert data["invitations_received"] == [
        {
            "organisation": received.organisation.name,
            "team": None,
            "role": "admin",
            "sent_at": received.created_at.isoformat(),
            "accepted_at": None,
        }
    ]
    body = json.dumps(data)
    assert sent.token not in body and received.token not in body


def test_the_download_needs_the_same_queries_however_much_there_is(client, assessment, pair, django_assert_num_queries):
    manager, _view = pair

    def one_more_of_everything(n):
        member = UserFactory()
        team_with(coordinators=[member], managers=[manager], name=f"Team {n}", organisation=f"Organisatie {n}")
        scan = services.assessment_start(owner=member, framework=assessment.version.framework)
        rate(scan, "9.1.3", 2, 3)
        services.share_set(assessment=scan, viewer=manager, shared=True)
        mine = services.manager_view_start(manager=manager, counterpart=scan)
        rate(mine, "9.1.3", 3, 3)
        services.share_set(assessment=mine, viewer=member, shared=True)
        InvitationFactory(email=manager.email)
        InvitationFactory(invited_by=manager)
        own = services.assessment_start(owner=manager, framework=scan.version.framework)
        rate(own, "10.3.5", 1, 2)
        services.goal_save(assessment=own, data={"title": "Doel", "items": [item(own.version, "9.1.3").pk]})

    one_more_of_everything(0)
    client.force_login(manager)
    with django_assert_num_queries(EXPORT_QUERIES):
        client.get(reverse("assessments:data_export"))
    for n in range(1, 4):
        one_more_of_everything(n)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("assessments:data_export"))
    data = json.loads(response.content)
    assert [len(data[key]) for key in ("assessments", "manager_views", "invitations_sent", "invitations_received")] == [
        4,
        5,
        4,
        4,
    ]


def test_it_names_each_items_case_identifier_as_in_the_frameworks_case_package(client, assessment):
    from catalog.case import export_package

    rate(assessment, "10.3.5", 2, 4)
    services.goal_save(
        assessment=assessment, data={"title": "Steviger staan", "items": [item(assessment.version, "10.3.5").pk]}
    )
    client.force_login(assessment.owner)
    data = json.loads(client.get(reverse("assessments:data_export")).content)["assessments"][0]
    package_ids = {
        entry["humanCodingScheme"]: entry["identifier"] for entry in export_package(assessment.version)["CFItems"]
    }
    (answer,) = [answer for answer in data["answers"] if answer["code"] == "10.3.5"]
    assert answer["case_identifier"] == package_ids["10.3.5"]
    assert data["goals"][0]["case_identifiers"] == [package_ids["10.3.5"]]
