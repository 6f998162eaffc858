"""Norm profiles: a manager sets the levels a role needs and compares the team, on shared data only."""

import pytest
from django.urls import reverse

from accounts.models import Team, TeamMembership, TeamRole
from assessments import services
from assessments.models import NormLevel, NormProfile
from tests.assessments.conftest import rate
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def squad(assessment):
    boss = UserFactory(name="Ilse Bakker")
    quiet = UserFactory(name="Marieke")
    team = team_with(coordinators=[assessment.owner, quiet], managers=[boss])
    rate(assessment, "10.3.5", 2, 4)
    rate(assessment, "9.1.3", 4, 4)
    services.share_set(assessment=assessment, viewer=boss, shared=True)
    unshared = services.assessment_start(owner=quiet, framework=assessment.version.framework)
    rate(unshared, "9.1.3", 1, 4)
    return team, boss


def test_a_manager_defines_levels_and_compares_the_team(client, squad, assessment):
    team, boss = squad
    client.force_login(boss)
    response = client.post(reverse("teams:norms", args=[team.pk]), {"name": "Coördinator"})
    profile = NormProfile.objects.get()
    assert response["Location"] == reverse("teams:norm_edit", args=[team.pk, profile.pk])
    response = client.post(
        reverse("teams:norm_edit", args=[team.pk, profile.pk]), {"level-9.1.3": "3", "level-10.3.5": "3"}
    )
    assert response.status_code == 302
    assert dict(profile.levels.values_list("item__code", "level")) == {"9.1.3": 3, "10.3.5": 3}
    html = client.get(reverse("teams:norm_compare", args=[team.pk, profile.pk])).content.decode()
    assert "1 van 2 op niveau (50%)" in html
    assert "1 teamlid heeft (nog) niets met je gedeeld" in html
    assert "Marieke" not in html  # the unshared member's levels do not appear


def test_bad_levels_are_refused_and_nothing_changes(client, squad, assessment):
    team, boss = squad
    profile = NormProfile.objects.create(team=team, version=assessment.version, name="Rol", created_by=boss)
    services.norm_profile_save(profile=profile, levels={"9.1.3": 2})
    client.force_login(boss)
    for data in [
        {"level-9.1.3": "7"},
        {"level-9.1.3": "drie"},
        {"level-9.1.3": "0"},
        {"level-9.1.3": "²"},  # issue 11, finding 6: these two were a server error
        {"level-9.1.3": "3" * 5000},
        {"level-9.1.3": "3", "level-10.3.5": "²"},  # all or nothing
    ]:
        response = client.post(reverse("teams:norm_edit", args=[team.pk, profile.pk]), data, follow=True)
        assert "niveau van 1 tot 4" in response.content.decode()
    assert dict(profile.levels.values_list("item__code", "level")) == {"9.1.3": 2}
    with pytest.raises(services.InvalidInput, match="Onbekende"):
        services.norm_profile_save(profile=profile, levels={"99.1": 2})
    for raw in ["²", "9" * 5000, "x", 7]:
        with pytest.raises(services.InvalidInput, match="niveau van 1 tot 4"):
            services.norm_profile_save(profile=profile, levels={"9.1.3": raw})
    response = client.post(reverse("teams:norms", args=[team.pk]), {"name": "Rol"}, follow=True)
    assert "al een functieprofiel met die naam" in response.content.decode()
    assert NormProfile.objects.count() == 1 and NormLevel.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": ""}, "Dit veld is verplicht"),
        ({"name": "   "}, "Dit veld is verplicht"),
        ({"name": "x" * 151}, "niet meer dan 150 tekens"),
        ({"name": "Rol", "framework": "bestaat-niet"}, "Selecteer een geldige keuze"),
    ],
)
def test_it_refuses_a_bad_new_functieprofiel_and_saves_nothing(client, squad, data, message):
    team, boss = squad
    client.force_login(boss)
    response = client.post(reverse("teams:norms", args=[team.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NormProfile.objects.exists()


def test_it_makes_the_functieprofiel_on_the_framework_the_manager_chooses(client, squad, profile_version):
    from catalog.loading import load_framework

    other = load_framework(
        {
            "framework": {"code": "bouwstenen", "name": "Bouwstenen"},
            "version": {"label": "2009"},
            "kinds": [{"code": "competentie", "name": "Competentie", "name_plural": "Competenties", "rateable": True}],
            "scale": [{"value": 1, "label": "Basis"}, {"value": 2, "label": "Gevorderd"}],
            "items": [{"code": "a", "kind": "competentie", "title": "Netwerken"}],
        }
    ).version
    team, boss = squad
    client.force_login(boss)
    page = client.get(reverse("teams:norms", args=[team.pk])).content.decode()
    assert 'name="framework"' in page and "Bouwstenen" in page
    url = reverse("teams:norms", args=[team.pk])
    client.post(url, {"name": "Makelaar", "framework": "bouwstenen"})
    client.post(url, {"name": "Coördinator", "framework": profile_version.framework.code})
    versions = dict(NormProfile.objects.values_list("name", "version"))
    assert versions == {"Makelaar": other.pk, "Coördinator": profile_version.pk}


def test_only_managers_of_the_team_get_in(client, squad, assessment):
    team, boss = squad
    profile = NormProfile.objects.create(team=team, version=assessment.version, name="Rol", created_by=boss)
    other_manager = UserFactory()
    other_team = Team.objects.create(organisation=team.organisation, name="Ander team")
    TeamMembership.objects.create(team=other_team, user=other_manager, role=TeamRole.MANAGER)
    for user in [assessment.owner, other_manager, UserFactory()]:
        client.force_login(user)
        for method, url in [
            ("get", reverse("teams:norms", args=[team.pk])),
            ("post", reverse("teams:norms", args=[team.pk])),
            ("get", reverse("teams:norm_edit", args=[team.pk, profile.pk])),
            ("post", reverse("teams:norm_edit", args=[team.pk, profile.pk])),
            ("get", reverse("teams:norm_compare", args=[team.pk, profile.pk])),
            ("get", reverse("teams:norm_compare", args=[other_team.pk, profile.pk])),
        ]:
            assert getattr(client, method)(url, {"name": "x"} if method == "post" else None).status_code == 404, url
    assert NormProfile.objects.count() == 1


def test_it_compares_the_team_in_the_same_number_of_queries_however_large_it_is(
    client, squad, assessment, django_assert_num_queries
):
    team, boss = squad
    profile = NormProfile.objects.create(team=team, version=assessment.version, name="Rol", created_by=boss)
    services.norm_profile_save(profile=profile, levels={"9.1.3": 3})
    client.force_login(boss)
    url = reverse("teams:norm_compare", args=[team.pk, profile.pk])
    client.get(url)  # the first request in a process reads the version's items and scale once
    # session, user, team, profile, members, shared assessments, their answers, levels, menu, organisation
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    for number in range(3):
        colleague = UserFactory(name=f"Lid {number}")
        TeamMembership.objects.create(team=team, user=colleague, role=TeamRole.COORDINATOR)
        theirs = services.assessment_start(owner=colleague, framework=assessment.version.framework)
        for code in ["9.1.3", "10.3.5", "10.2.k4"]:
            rate(theirs, code, 2, 4)
        services.share_set(assessment=theirs, viewer=boss, shared=True)
    services.norm_profile_save(profile=profile, levels={"9.1.3": 3, "10.3.5": 2, "10.2.k4": 4, "8.1": 2})
    with django_assert_num_queries(10):
        response = client.get(url)
    assert "1 van 4 op niveau (25%)" in response.content.decode()
