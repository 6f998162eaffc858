"""The one rule behind every manager page: own teams only, shared assessments only."""

import pytest

from accounts import selectors as account_selectors
from accounts.models import Organisation, OrganisationMembership, Team, TeamMembership, TeamRole
from assessments import selectors, services
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
    assert account_selectors.team_coordinators(squad) == [sanne, youssef]
    assert selectors.shared_latest(manager, [sanne, youssef]) == {sanne.pk: first}


def test_it_gives_someone_who_does_not_manage_the_team_nothing(setup):
    squad, manager, sanne, youssef, first = setup
    assert list(Team.objects.managed_by(manager)) == [squad]
    for outsider in [sanne, UserFactory()]:
        assert not Team.objects.managed_by(outsider).exists()
        assert not selectors.shared_with(outsider).exists()


def test_revoking_or_leaving_the_team_hides_it_at_once(setup):
    squad, manager, sanne, youssef, first = setup
    assert list(selectors.shared_with(manager)) == [first]
    TeamMembership.objects.filter(user=sanne).delete()
    assert not selectors.shared_with(manager).exists()
    TeamMembership.objects.create(team=squad, user=sanne, role=TeamRole.COORDINATOR)
    services.share_set(assessment=first, viewer=manager, shared=False)
    assert not selectors.shared_with(manager).exists()
    assert selectors.shared_latest(manager, [sanne, youssef]) == {}


def test_a_manager_view_is_for_its_author_while_shared_and_for_the_member_once_shared_back(setup):
    squad, manager, sanne, youssef, first = setup
    view = services.manager_view_start(manager=manager, counterpart=first)
    assert list(selectors.manager_views_for(manager)) == [view]
    assert not selectors.manager_views_for(sanne).exists()
    services.share_set(assessment=view, viewer=sanne, shared=True)
    assert list(selectors.manager_views_for(sanne)) == [view]
    services.share_set(assessment=first, viewer=manager, shared=False)
    assert not selectors.manager_views_for(manager).exists()
    assert not selectors.manager_views_for(youssef).exists()
