"""The manager's pages: my teams, a team, its matrix, coverage and development needs, and exports.

Everything a manager sees of a member goes through `team.py`: coordinators of teams the manager
manages, and of each only the newest self-assessment they shared with this manager. A member
who shared nothing looks the same whether they have no assessment or an unshared one.
"""

from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.models import TeamMembership, TeamRole
from accounts.services import teams_managed_by
from catalog.models import Item, ScaleLevel

from . import team_exports
from .matrix import TeamMatrix, build_matrix, by_framework
from .models import Answer, Goal
from .team import get_team_for_manager, shared_latest, team_members


@dataclass
class TeamData:
    """One team as its manager may see it, loaded in a fixed number of queries."""

    team: object
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


@dataclass(frozen=True, slots=True)
class TickedAnswer:
    """What the matrix needs of an answer. Team pages never show notes, so they are not loaded."""

    item_id: int
    current: int | None
    desired: int | None
    applies: bool = True
    note: str = ""
    revision: int = 1


def _ticked_answers(assessments) -> dict[int, list[TickedAnswer]]:
    """The ticked answers of these shared assessments (from `shared_latest`), in one lean query.

    `shared_latest(..., with_answers=True)` gives the same answers as model instances with their
    items; for a team of 200 that costs more than the rest of the page together.
    """
    answers: dict[int, list[TickedAnswer]] = {assessment.pk: [] for assessment in assessments}
    rows = Answer.objects.filter(assessment__in=list(answers), applies=True).values_list(
        "assessment_id", "item_id", "current", "desired"
    )
    for assessment_id, item_id, current, desired in rows:
        answers[assessment_id].append(TickedAnswer(item_id, current, desired))
    return answers


def load_team(user, team_pk: int, *, framework_code: str = "", goals: bool = False) -> TeamData:
    """The team, its members, what they shared, and the matrix of one framework."""
    team = get_team_for_manager(user, team_pk)
    members = team_members(team)
    shared = shared_latest(user, members)
    data = TeamData(team=team, members=members, shared=shared, frameworks=by_framework(shared.values()))
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
        links = Goal.items.through.objects.filter(goal__assessment__in=assessments)
        for assessment_id, code in links.values_list("goal__assessment_id", "item__code"):
            goal_codes.setdefault(assessment_id, set()).add(code)
    answers = _ticked_answers(assessments)
    entries = [
        (member, shared[member.pk], answers[shared[member.pk].pk])
        for member in members
        if member.pk in shared and shared[member.pk].pk in answers
    ]
    data.matrix = build_matrix(entries, items_by_version, goal_codes)
    data.scale_levels = list(ScaleLevel.objects.filter(version=versions[0]))
    return data


def _context(data: TeamData, page: str, **extra) -> dict:
    return {"data": data, "team": data.team, "page": page, **extra}


# ---------------------------------------------------------------------------------------
# Pages


@login_required
def team_list(request):
    """The teams the user manages; straight to the team when there is only one."""
    coordinators = (
        TeamMembership.objects.filter(team=OuterRef("pk"), role=TeamRole.COORDINATOR)
        .order_by()
        .values("team")
        .annotate(count=Count("pk"))
        .values("count")
    )
    teams = list(
        teams_managed_by(request.user).annotate(
            coordinator_count=Coalesce(Subquery(coordinators, output_field=IntegerField()), 0)
        )
    )
    if len(teams) == 1:
        return redirect("assessments:team", team_pk=teams[0].pk)
    return render(request, "assessments/team/team_list.html", {"teams": teams})


@login_required
def team_overview(request, team_pk: int):
    team = get_team_for_manager(request.user, team_pk)
    members = team_members(team)
    shared = shared_latest(request.user, members)
    data = TeamData(team=team, members=members, shared=shared)
    rows = [(member, shared.get(member.pk)) for member in members]
    return render(request, "assessments/team/overview.html", _context(data, "overview", rows=rows))


@login_required
def team_matrix(request, team_pk: int):
    data = load_team(request.user, team_pk, framework_code=request.GET.get("framework", ""))
    groups = [("", data.matrix.section_rows())]
    return render(request, "assessments/team/matrix.html", _context(data, "matrix", groups=groups))


@login_required
def team_matrix_section(request, team_pk: int, code: str):
    data = load_team(request.user, team_pk, framework_code=request.GET.get("framework", ""))
    try:
        section = data.matrix.section(code)
    except KeyError:
        raise Http404("No such section in the shared assessments.") from None
    groups = [(kind, list(rows)) for kind, rows in groupby(data.matrix.item_rows(code), key=attrgetter("kind"))]
    index = data.matrix.sections.index(section)
    neighbours = {
        "previous": data.matrix.sections[index - 1] if index > 0 else None,
        "following": data.matrix.sections[index + 1] if index + 1 < len(data.matrix.sections) else None,
    }
    return render(
        request,
        "assessments/team/matrix_section.html",
        _context(data, "matrix", section=section, groups=groups, **neighbours),
    )


@login_required
def team_coverage(request, team_pk: int):
    data = load_team(request.user, team_pk, framework_code=request.GET.get("framework", ""))
    groups = data.matrix.coverage()
    uncovered = [row for group in groups for row in group.rows if not row.is_covered]
    return render(
        request, "assessments/team/coverage.html", _context(data, "coverage", groups=groups, uncovered=uncovered)
    )


@login_required
def team_needs(request, team_pk: int):
    data = load_team(request.user, team_pk, framework_code=request.GET.get("framework", ""), goals=True)
    return render(request, "assessments/team/needs.html", _context(data, "needs", needs=data.matrix.needs()))


# ---------------------------------------------------------------------------------------
# Exports


@never_cache
@login_required
def team_matrix_xlsx(request, team_pk: int):
    data = load_team(request.user, team_pk, framework_code=request.GET.get("framework", ""), goals=True)
    response = HttpResponse(
        team_exports.matrix_xlsx(data.matrix),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{team_exports.filename(data.team, "xlsx")}"'
    return response


@never_cache
@login_required
def team_matrix_csv(request, team_pk: int):
    data = load_team(request.user, team_pk, framework_code=request.GET.get("framework", ""))
    response = HttpResponse(team_exports.matrix_csv(data.matrix), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{team_exports.filename(data.team, "csv")}"'
    return response
