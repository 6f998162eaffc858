import factory
from django.utils import timezone

from accounts.models import Invitation, Organisation, OrganisationMembership, Team, TeamMembership, TeamRole, User
from assessments.models import Assessment

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)
    email_verified_at = factory.LazyFunction(timezone.now)  # UnverifiedUserFactory for the other kind


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    owner = factory.SubFactory(UserFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Vrijwilligerscentrale {n}")


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    is_admin = False


class AdminMembershipFactory(OrganisationMembershipFactory):
    is_admin = True


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    """A team member; they are made a member of the team's organisation too, as the service would."""

    class Meta:
        model = TeamMembership
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.COORDINATOR

    @factory.post_generation
    def organisation_membership(obj, create, extracted, **kwargs):
        if create:
            OrganisationMembership.objects.get_or_create(organisation_id=obj.team.organisation_id, user=obj.user)


class ManagerMembershipFactory(TeamMembershipFactory):
    role = TeamRole.MANAGER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"uitgenodigd{n}@example.org")
    invited_by = factory.SubFactory(UserFactory)


def team_with(*, coordinators=(), managers=(), name="Vrijwilligers", organisation="Buurthuis") -> Team:
    """A team in a new organisation with these coordinators and managers (members of both)."""
    team = TeamFactory(name=name, organisation__name=organisation)
    for user in coordinators:
        TeamMembershipFactory(team=team, user=user)
    for user in managers:
        ManagerMembershipFactory(team=team, user=user)
    return team


class UnverifiedUserFactory(UserFactory):
    """Signed up, but has not yet clicked the link that confirms the address."""

    email_verified_at = None
