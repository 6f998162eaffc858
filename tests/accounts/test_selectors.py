"""Who manages whom."""

import pytest

from accounts import selectors, services
from accounts.models import Organisation
from tests.factories import (
    AdminMembershipFactory,
    ManagerMembershipFactory,
    OrganisationFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    """Two teams: Anna manages Noord (Bo and Cas), Dirk manages Zuid (Cas). Eva is in no team."""
    organisation = OrganisationFactory()
    noord = TeamFactory(organisation=organisation, name="Noord")
    zuid = TeamFactory(organisation=organisation, name="Zuid")
    people = {name: UserFactory(name=name) for name in ("Anna", "Bo", "Cas", "Dirk", "Eva")}
    ManagerMembershipFactory(team=noord, user=people["Anna"])
    TeamMembershipFactory(team=noord, user=people["Bo"])
    TeamMembershipFactory(team=noord, user=people["Cas"])
    ManagerMembershipFactory(team=zuid, user=people["Dirk"])
    TeamMembershipFactory(team=zuid, user=people["Cas"])
    ManagerMembershipFactory(team=TeamFactory(name="Elders"), user=people["Anna"])
    return {"noord": noord, "zuid": zuid, **people}


def test_managers_of_are_the_managers_of_ones_teams(teams):
    assert list(selectors.managers_of(teams["Bo"])) == [teams["Anna"]]
    assert list(selectors.managers_of(teams["Cas"])) == [teams["Anna"], teams["Dirk"]]
    assert list(selectors.managers_of(teams["Anna"])) == []
    assert list(selectors.managers_of(teams["Eva"])) == []


def test_managers_of_lists_a_manager_of_two_shared_teams_once(teams):
    TeamMembershipFactory(team=teams["zuid"], user=teams["Bo"])
    ManagerMembershipFactory(team=teams["zuid"], user=teams["Anna"])
    assert list(selectors.managers_of(teams["Bo"])) == [teams["Anna"], teams["Dirk"]]


def test_teams_managed_by_are_the_teams_one_leads(teams):
    teams["noord"].organisation.name = "Zonnedael"
    teams["noord"].organisation.save()
    Organisation.objects.filter(teams__name="Elders").update(name="Amstel")
    assert [team.name for team in selectors.teams_managed_by(teams["Anna"])] == ["Elders", "Noord"]
    assert list(selectors.teams_managed_by(teams["Bo"])) == []


def test_is_manager_of_only_for_coordinators_in_ones_team(teams):
    assert selectors.is_manager_of(teams["Anna"], teams["Bo"])
    assert selectors.is_manager_of(teams["Dirk"], teams["Cas"])
    assert not selectors.is_manager_of(teams["Dirk"], teams["Bo"])
    assert not selectors.is_manager_of(teams["Bo"], teams["Anna"])
    assert not selectors.is_manager_of(teams["Anna"], teams["Anna"])
    assert not selectors.is_manager_of(teams["Anna"], teams["Eva"])


def test_a_manager_loses_sight_when_the_member_leaves_the_team(teams):
    admin = AdminMembershipFactory(organisation=teams["noord"].organisation).user
    services.team_member_remove(team=teams["noord"], user=teams["Bo"], by=admin)
    assert not selectors.is_manager_of(teams["Anna"], teams["Bo"])
    assert list(selectors.managers_of(teams["Bo"])) == []
