"""Who manages whom and who administers what, read from the database. Every page, template tag, export and PDF that
decides what a leidinggevende may see starts here (and from `Team.objects.managed_by`).

A leidinggevende manages the coordinators of the teams in which they are leidinggevende;
nobody manages themselves.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from .models import (
    Invitation,
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
    TeamRole,
    User,
    normalise_email,
)


def teams_managed_by(user: User) -> QuerySet[Team]:
    """The teams in which `user` is leidinggevende, by organisation and name."""
    return Team.objects.managed_by(user).select_related("organisation").order_by("organisation__name", "name", "pk")


def manages_a_team(user: User) -> bool:
    return user.is_authenticated and TeamMembership.objects.filter(user=user, role=TeamRole.MANAGER).exists()


def team_coordinators(team: Team) -> list[User]:
    """The coordinators of one team, by name."""
    return list(team_coordinators_by_name(team))


def team_coordinators_by_name(team: Team) -> QuerySet[User]:
    """The coordinators of one team, by name, as a query: to take a page of."""
    return User.objects.filter(pk__in=team_coordinator_ids(team)).order_by("name", "email", "pk")


def team_coordinator_ids(team: Team) -> QuerySet[TeamMembership]:
    """The user ids of the coordinators of one team (someone is in a team once): to count them, or as a subquery."""
    return TeamMembership.objects.filter(team=team, role=TeamRole.COORDINATOR).values("user_id")


def members_managed_by(manager: User) -> QuerySet[User]:
    """The coordinators of every team `manager` is leidinggevende of."""
    return (
        User.objects.filter(
            team_memberships__role=TeamRole.COORDINATOR,
            team_memberships__team__in=Team.objects.managed_by(manager),
        )
        .exclude(pk=manager.pk)
        .distinct()
    )


def managers_of(user: User) -> QuerySet[User]:
    """The leidinggevenden of the teams in which `user` is coordinator."""
    return (
        User.objects.filter(
            team_memberships__role=TeamRole.MANAGER,
            team_memberships__team__in=Team.objects.coordinated_by(user),
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("name", "email")
    )


def manager_pairs(teams: QuerySet[Team], among: set[int] | None = None) -> set[tuple[int, int]]:
    """The same rule in bulk: the (leidinggevende, coordinator) pairs of user ids that these teams
    make (among these people), to check many shares at once when teams or memberships end."""
    memberships = TeamMembership.objects.filter(team__in=teams)
    if among is not None:
        memberships = memberships.filter(user_id__in=among)
    memberships = memberships.values_list("team_id", "user_id", "role")
    by_team: dict[int, dict[str, set[int]]] = {}
    for team_id, user_id, role in memberships:
        by_team.setdefault(team_id, {TeamRole.MANAGER: set(), TeamRole.COORDINATOR: set()})[role].add(user_id)
    return {
        (manager, coordinator)
        for roles in by_team.values()
        for manager in roles[TeamRole.MANAGER]
        for coordinator in roles[TeamRole.COORDINATOR]
        if manager != coordinator
    }


def is_manager_of(manager: User, member: User) -> bool:
    """Whether `manager` is leidinggevende in a team in which `member` is coordinator."""
    if manager.pk is None or member.pk is None:
        return False
    return members_managed_by(manager).filter(pk=member.pk).exists()


# ---------------------------------------------------------------------------------------
# Organisations: their admins see the people, teams and invitations; members see their own part


def organisations_administered_by(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, memberships__is_admin=True)


def my_organisations(user: User) -> list[dict]:
    """Each organisation the person belongs to, with their teams and roles in it."""
    memberships = OrganisationMembership.objects.filter(user=user).select_related("organisation")
    team_memberships = TeamMembership.objects.filter(user=user).select_related("team").order_by("team__name")
    teams_by_organisation: dict[int, list[TeamMembership]] = {}
    for team_membership in team_memberships:
        teams_by_organisation.setdefault(team_membership.team.organisation_id, []).append(team_membership)
    return [
        {
            "organisation": membership.organisation,
            "is_admin": membership.is_admin,
            "teams": teams_by_organisation.get(membership.organisation_id, []),
        }
        for membership in sorted(memberships, key=lambda m: (m.organisation.name.lower(), m.organisation_id))
    ]


PEOPLE_PAGE_SIZE = 50  # members on one page of the organisation page
TEAMS_PAGE_SIZE = 20  # team cards on one page of it
TEAM_NAMES_SHOWN = 6  # names per role on a team's card; the rest is a count


@dataclass
class OrganisationPeople:
    page: Page  # this page of the members: dicts of `user_id`, `name`, `email`, `is_admin` and `teams`
    teams: Page  # this page of the teams, each with the names of `managers`, `coordinators` (at most TEAM_NAMES_SHOWN)
    admin_count: int


def organisation_people(organisation: Organisation, *, page=None, teams_page=None) -> OrganisationPeople:
    """For its admins: one page of the members, one page of the teams (each with the names of its first
    TEAM_NAMES_SHOWN `managers` and `coordinators`, by name, and how many more there are), and the
    number of admins: in a fixed number of queries, and in time that does not grow with the
    organisation (an organisation of 2,000 took 1.8 s unpaged, and 250 ms with its 150 teams on one
    page).

    The page only prints these rows, so they are plain values rather than model instances (for a page
    of the organisation of 2,000, this took 11 ms of CPU with memberships, users and teams built, and
    takes 5.5 ms): a member is a dict of `user_id`, `name` (their name, or else their address),
    `email`, `is_admin`, and `teams`, the (team name, role) pairs of their teams here, by team name;
    a team's `managers` and `coordinators` are names."""
    memberships = organisation.memberships.order_by("user__name", "user__email", "pk")
    people = Paginator(memberships, PEOPLE_PAGE_SIZE).get_page(page)  # (counted without the users)
    people.object_list = [
        {"user_id": user_id, "name": name or email, "email": email, "is_admin": is_admin, "teams": []}
        for user_id, name, email, is_admin in people.object_list.values_list(
            "user_id", "user__name", "user__email", "is_admin"
        )
    ]
    by_user = {person["user_id"]: person["teams"] for person in people.object_list}
    teams_here = (
        TeamMembership.objects.filter(team__organisation=organisation, user_id__in=by_user)
        .order_by("team__name", "team_id")
        .values_list("user_id", "team__name", "role")
    )
    for user_id, team_name, role in teams_here:
        by_user[user_id].append((team_name, role))

    teams = Paginator(organisation.teams.order_by("name", "pk"), TEAMS_PAGE_SIZE).get_page(teams_page)
    teams.object_list = list(
        Team.objects.filter(pk__in=teams.object_list.values("pk"))
        .annotate(
            manager_count=Count("memberships", filter=Q(memberships__role=TeamRole.MANAGER)),
            coordinator_count=Count("memberships", filter=Q(memberships__role=TeamRole.COORDINATOR)),
        )
        .order_by("name", "pk")
    )
    first_names = (
        TeamMembership.objects.filter(team__in=teams.object_list)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("team_id"), F("role")], order_by=[F("user__name"), F("user__email")]
            )
        )
        .filter(rank__lte=TEAM_NAMES_SHOWN)
        .order_by("user__name", "user__email")
        .values_list("team_id", "role", "user__name", "user__email")
    )
    names: dict[tuple[int, str], list[str]] = {}
    for team_id, role, name, email in first_names:
        names.setdefault((team_id, role), []).append(name or email)
    for team in teams.object_list:
        team.managers = names.get((team.pk, TeamRole.MANAGER), [])
        team.coordinators = names.get((team.pk, TeamRole.COORDINATOR), [])
        team.more_managers = team.manager_count - len(team.managers)
        team.more_coordinators = team.coordinator_count - len(team.coordinators)
    admin_count = organisation.memberships.filter(is_admin=True).count()
    return OrganisationPeople(page=people, teams=teams, admin_count=admin_count)


def organisation_members(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_memberships__organisation=organisation_id).order_by("name", "email")


# ---------------------------------------------------------------------------------------
# Invitations: what was sent to an address is for whoever has proved they read its mail


def invitations_for(user: User) -> QuerySet[Invitation]:
    """Pending invitations to the person's address; none until they confirmed that address."""
    if not user.email_verified:
        return Invitation.objects.none()
    return (
        Invitation.objects.pending()
        .filter(email__iexact=normalise_email(user.email))
        .select_related("organisation", "team")
    )


def invitation_by_token(token: str) -> QuerySet[Invitation]:
    """The invitation its secret link is for (the link is the only way in)."""
    return Invitation.objects.select_related("organisation", "team", "invited_by").filter(token=token)


def address_has_account(email: str) -> bool:
    return User.objects.filter(email__iexact=normalise_email(email)).exists()
