"""The one rule behind every manager page: own teams only, shared assessments only."""

import pytest
from django.http import Http404

from accounts.models import Organisation, OrganisationMembership, Team, TeamMembership, TeamRole
from assessments import services, team
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(profile_version):
    organisation = Organisation.objects.create(name="Buurthuis")
    squad = Team.objects.create(organisation=organisation, name="Vrijwilligers")
    manager, sanne, youssef = UserFactory(name="Ilse"), UserFactory(name="Sanne"), UserFactory(name="Youssef")
    for user, role in [(manager, TeamRole.MANAGER), (sanne, TeamRole.COORDINATOR), (youssef, TeamRole.COORDINATOR)]:
        OrganisationMembership.objects.create(organisation=organisation, user=user)
        TeamMembership.objects.create(team=squad, user=user, role=role)
    framework = profile_version.framework
    first = services.assessment_start(owner=sanne, framework=framework)
    services.share_set(assessment=first, viewer=manager, shared=True)
    services.assessment_start(owner=sanne, framework=framework, previous=first)  # newer, not shared
    services.assessment_start(owner=youssef, framework=framework)  # never shared
    return squad, manager, sanne, youssef, first


def test_a_manager_sees_only_the_newest_shared_assessment_per_member(setup):
    squad, manager, sanne, youssef, first = setup
    assert team.team_members(squad) == [sanne, youssef]
    assert team.shared_latest(manager, [sanne, youssef]) == {sanne.pk: first}


def test_someone_who_does_not_manage_the_team_gets_404(setup):
    squad, manager, sanne, youssef, first = setup
    assert team.get_team_for_manager(manager, squad.pk) == squad
    for outsider in [sanne, UserFactory()]:
        with pytest.raises(Http404):
            team.get_team_for_manager(outsider, squad.pk)
        with pytest.raises(Http404):
            team.get_shared_assessment_for_manager(outsider, first.pk)


def test_revoking_or_leaving_the_team_hides_it_at_once(setup):
    squad, manager, sanne, youssef, first = setup
    assert team.get_shared_assessment_for_manager(manager, first.pk) == first
    TeamMembership.objects.filter(user=sanne).delete()
    with pytest.raises(Http404):
        team.get_shared_assessment_for_manager(manager, first.pk)
    TeamMembership.objects.create(team=squad, user=sanne, role=TeamRole.COORDINATOR)
    services.share_set(assessment=first, viewer=manager, shared=False)
    with pytest.raises(Http404):
        team.get_shared_assessment_for_manager(manager, first.pk)
    assert team.shared_latest(manager, [sanne, youssef]) == {}
