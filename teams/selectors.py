"""What a leidinggevende may see of one team, loaded in a fixed number of queries.

Access goes through `accounts.selectors` (which teams, which members) and
`assessments.selectors` (which of their assessments): coordinators of teams the manager
manages, and of each only the newest self-assessment they shared with this manager.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Team, TeamMembership, TeamRole
from accounts.selectors import team_coordinators, teams_managed_by
from assessments.models import Answer, Goal, NormProfile
from assessments.scoring import Rating
from assessments.selectors import shared_latest
from catalog.models import Item, ScaleLevel

from . import norms
from .matrix import TeamMatrix, build_matrix, by_framework


def teams_with_counts(manager) -> QuerySet[Team]:
    """The teams `manager` leads, each with `coordinator_count`."""
    coordinators = (
        TeamMembership.objects.filter(team=OuterRef("pk"), role=TeamRole.COORDINATOR)
        .order_by()
        .values("team")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return teams_managed_by(manager).annotate(
        coordinator_count=Coalesce(Subquery(coordinators, output_field=IntegerField()), 0)
    )


@dataclass
class TeamData:
    """One team as its manager may see it."""

    team: Team
    members: list
    shared: dict  # member id: the newest assessment they shared with the manager
    frameworks: list = field(default_factory=list)  # (framework, its shared assessments), most used first
    framework: object = None
    matrix: TeamMatrix | None = None
    scale_levels: list = field(default_factory=list)
    framework_query: str = ""  # "?framework=…" when the manager picked another framework

    @property
    def not_shared_count(self) -> int:
        """Members without a shared assessment: the same whether they made none or kept it to themselves."""
        return len(self.members) - len(self.shared)

    @property
    def shown_count(self) -> int:
        """Members whose shared assessment the page shows (on the chosen framework, if a matrix)."""
        return len(self.matrix.members) if self.matrix is not None else len(self.shared)


def team_sharing(*, manager, team: Team, with_answers: bool = False) -> TeamData:
    """The members of a team `manager` leads (see `Team.objects.managed_by`) and what they shared."""
    members = team_coordinators(team)
    return TeamData(team=team, members=members, shared=shared_latest(manager, members, with_answers=with_answers))


def _ratings(assessments) -> dict[int, list[Rating]]:
    """The ticked answers of these shared assessments, in one lean query (no notes: team pages
    never show them, and whole `Answer` rows for a team of 200 cost more than the rest of the page)."""
    ratings: dict[int, list[Rating]] = {assessment.pk: [] for assessment in assessments}
    rows = Answer.objects.filter(assessment__in=list(ratings), applies=True).values_list(
        "assessment_id", "item_id", "applies", "current", "desired", "revision"
    )
    for assessment_id, *values in rows:
        ratings[assessment_id].append(Rating(*values))
    return ratings


def team_matrix(*, manager, team: Team, framework_code: str = "", goals: bool = False) -> TeamData:
    """`team_sharing` plus the matrix of one framework (the one most members use, unless chosen)."""
    data = team_sharing(manager=manager, team=team)
    data.frameworks = by_framework(data.shared.values())
    if not data.frameworks:
        data.matrix = build_matrix([], {})
        return data
    chosen = next((group for group in data.frameworks if group[0].code == framework_code), data.frameworks[0])
    data.framework, assessments = chosen
    if chosen is not data.frameworks[0]:
        data.framework_query = "?" + urlencode({"framework": data.framework.code})

    versions = sorted(
        {assessment.version for assessment in assessments},
        key=lambda version: (version.published_at or version.loaded_at, version.pk),
        reverse=True,
    )
    items_by_version: dict = {version.pk: [] for version in versions}
    items = Item.objects.filter(version__in=versions).select_related("kind").defer("description")
    for item in items.order_by("version_id", "position"):
        items_by_version[item.version_id].append(item)
    goal_codes: dict = {}
    if goals:
        # A goal is in the plan of every round it was made in or carried into (its `rounds`).
        links = Goal.items.through.objects.filter(goal__rounds__in=assessments)
        for assessment_id, code in links.values_list("goal__rounds", "item__code"):
            goal_codes.setdefault(assessment_id, set()).add(code)
    ratings = _ratings(assessments)
    shared = data.shared
    entries = [
        (member, shared[member.pk], ratings[shared[member.pk].pk])
        for member in data.members
        if member.pk in shared and shared[member.pk].pk in ratings
    ]
    data.matrix = build_matrix(entries, items_by_version, goal_codes)
    data.scale_levels = list(ScaleLevel.objects.filter(version=versions[0]))
    return data


@dataclass
class NormComparison:
    rows: list  # norms.NormRow per item the functieprofiel asks for
    summaries: list  # norms.MemberSummary per member who shared
    members: list  # the members who shared, in column order
    not_sharing: int


def norm_comparison(*, manager, profile: NormProfile) -> NormComparison:
    """A functieprofiel of a team `manager` leads next to the levels its members shared."""
    data = team_sharing(manager=manager, team=profile.team, with_answers=True)
    sharing = [member for member in data.members if member.pk in data.shared]
    currents = {
        member.pk: {
            answer.item.code: answer.current
            for answer in data.shared[member.pk].answers.all()
            if answer.current is not None
        }
        for member in sharing
    }
    norm_levels = {
        level.item.code: (level.item, level.level)
        for level in profile.levels.select_related("item").order_by("item__position")
    }
    rows, summaries = norms.compare(norm_levels, sharing, currents)
    return NormComparison(rows=rows, summaries=summaries, members=sharing, not_sharing=data.not_shared_count)
