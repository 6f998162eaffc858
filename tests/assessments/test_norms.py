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
    response = client.post(reverse("assessments:norms", args=[team.pk]), {"name": "Coördinator"})
    profile = NormProfile.objects.get()
    assert response["Location"] == reverse("assessments:norm_edit", args=[team.pk, profile.pk])
    response = client.post(
        reverse("assessments:norm_edit", args=[team.pk, profile.pk]), {"level-9.1.3": "3", "level-10.3.5": "3"}
    )
    assert response.status_code == 302
    assert dict(profile.levels.values_list("item__code", "level")) == {"9.1.3": 3, "10.3.5": 3}
    html = client.get(reverse("assessments:norm_compare", args=[team.pk, profile.pk])).content.decode()
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
        response = client.post(reverse("assessments:norm_edit", args=[team.pk, profile.pk]), data, follow=True)
        assert "niveau van 1 tot 4" in response.content.decode()
    assert dict(profile.levels.values_list("item__code", "level")) == {"9.1.3": 2}
    with pytest.raises(services.InvalidInput, match="Onbekende"):
        services.norm_profile_save(profile=profile, levels={"99.1": 2})
    for raw in ["²", "9" * 5000, "x", 7]:
        with pytest.raises(services.InvalidInput, match="niveau van 1 tot 4"):
            services.norm_profile_save(profile=profile, levels={"9.1.3": raw})
    response = client.post(reverse("assessments:norms", args=[team.pk]), {"name": "Rol"}, follow=True)
    assert "al een functieprofiel met die naam" in response.content.decode()
    assert NormProfile.objects.count() == 1 and NormLevel.objects.count() == 1


def test_only_managers_of_the_team_get_in(client, squad, assessment):
    team, boss = squad
    profile = NormProfile.objects.create(team=team, version=assessment.version, name="Rol", created_by=boss)
    other_manager = UserFactory()
    other_team = Team.objects.create(organisation=team.organisation, name="Ander team")
    TeamMembership.objects.create(team=other_team, user=other_manager, role=TeamRole.MANAGER)
    for user in [assessment.owner, other_manager, UserFactory()]:
        client.force_login(user)
        for method, url in [
            ("get", reverse("assessments:norms", args=[team.pk])),
            ("post", reverse("assessments:norms", args=[team.pk])),
            ("get", reverse("assessments:norm_edit", args=[team.pk, profile.pk])),
            ("post", reverse("assessments:norm_edit", args=[team.pk, profile.pk])),
            ("get", reverse("assessments:norm_compare", args=[team.pk, profile.pk])),
            ("get", reverse("assessments:norm_compare", args=[other_team.pk, profile.pk])),
        ]:
            assert getattr(client, method)(url, {"name": "x"} if method == "post" else None).status_code == 404, url
    assert NormProfile.objects.count() == 1
