"""What a manager may see of a team. Every team page, export and PDF goes through here.

The rule: a manager sees members of teams they manage, and of each member only self-assessments
that member shared with this manager. A member who shared nothing looks the same whether they
have no assessment or an unshared one: nothing gives an unshared assessment away.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from accounts.models import Team, TeamMembership, TeamRole, User

from .models import Answer, Assessment


def get_team_for_manager(user, team_pk: int) -> Team:
    """A team `user` is leidinggevende of, or 404."""
    teams = Team.objects.select_related("organisation").filter(
        memberships__user=user, memberships__role=TeamRole.MANAGER
    )
    return get_object_or_404(teams, pk=team_pk)


def team_members(team: Team) -> list[User]:
    """The coordinators of the team, by name."""
    return list(
        User.objects.filter(team_memberships__team=team, team_memberships__role=TeamRole.COORDINATOR)
        .distinct()
        .order_by("name", "email")
    )


def shared_latest(manager, members, *, with_answers: bool = False) -> dict[int, Assessment]:
    """{member id: the newest self-assessment that member shared with `manager`}, in one or two queries."""
    assessments = (
        Assessment.objects.self_assessments()
        .filter(owner__in=members, shares__viewer=manager)
        .select_related("version__framework")
        .order_by("owner_id", "-created_at", "-id")
    )
    if with_answers:
        assessments = assessments.prefetch_related(
            Prefetch("answers", queryset=Answer.objects.filter(applies=True).select_related("item"))
        )
    latest: dict[int, Assessment] = {}
    for assessment in assessments:
        latest.setdefault(assessment.owner_id, assessment)
    return latest


def get_shared_assessment_for_manager(manager, pk: int) -> Assessment:
    """A self-assessment shared with `manager` by a coordinator of a team `manager` manages, or 404."""
    managed_teams = TeamMembership.objects.filter(user=manager, role=TeamRole.MANAGER).values("team")
    queryset = (
        Assessment.objects.self_assessments()
        .select_related("version__framework", "owner")
        .filter(
            shares__viewer=manager,
            owner__team_memberships__team__in=managed_teams,
            owner__team_memberships__role=TeamRole.COORDINATOR,
        )
        .distinct()
    )
    return get_object_or_404(queryset, pk=pk)
