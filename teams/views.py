"""A leidinggevende's team pages: my teams, a team, its matrix, coverage, development needs, exports.

Views only find the team (`accounts.selectors.teams_managed_by`, else 404) and render what
`teams.selectors` loads: nothing unshared reaches these pages.
"""

from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from accounts.models import Team
from accounts.selectors import teams_managed_by

from . import exports, selectors
from .matrix import uncovered


def get_team_for_manager(user, team_pk: int) -> Team:
    """A team `user` is leidinggevende of, or 404."""
    return get_object_or_404(teams_managed_by(user), pk=team_pk)


def _matrix(request, team_pk: int, *, goals: bool = False) -> selectors.TeamData:
    team = get_team_for_manager(request.user, team_pk)
    return selectors.team_matrix(
        manager=request.user, team=team, framework_code=request.GET.get("framework", ""), goals=goals
    )


def _context(data, page: str, **extra) -> dict:
    return {"data": data, "team": data.team, "page": page, **extra}


# ---------------------------------------------------------------------------------------
# Pages


@login_required
def team_list(request):
    """The teams the user manages; straight to the team when there is only one."""
    teams = list(selectors.teams_with_counts(request.user))
    if len(teams) == 1:
        return redirect("teams:overview", team_pk=teams[0].pk)
    return render(request, "teams/team_list.html", {"teams": teams})


# People on one page of a team's overview (a team of 500 took 82 ms and 222 kB in one table).
MEMBERS_PAGE_SIZE = 50


@login_required
def team_overview(request, team_pk: int):
    team = get_team_for_manager(request.user, team_pk)
    data = selectors.team_members_page(
        manager=request.user, team=team, page=request.GET.get("page"), per_page=MEMBERS_PAGE_SIZE
    )
    members = data.page
    rows = [(member, data.shared.get(member.pk)) for member in members]
    links = {
        "previous_members": f"?page={members.previous_page_number()}" if members.has_previous() else "",
        "next_members": f"?page={members.next_page_number()}" if members.has_next() else "",
    }
    return render(request, "teams/overview.html", _context(data, "overview", rows=rows, members=members, **links))


# Members (columns) on one page of the matrix: a team of 500 took 1.2 s to show whole. The team's
# average still counts everyone; the exports hold everyone.
MATRIX_PAGE_SIZE = 40


def _matrix_page(request, team_pk: int, section_code: str | None = None) -> selectors.MatrixPage:
    team = get_object_or_404(selectors.teams_with_counts(request.user), pk=team_pk)  # as get_team_for_manager
    return selectors.team_matrix_page(
        manager=request.user,
        team=team,
        framework_code=request.GET.get("framework", ""),
        page=request.GET.get("page"),
        per_page=MATRIX_PAGE_SIZE,
        section_code=section_code,
    )


def _paging(data: selectors.MatrixPage) -> dict:
    """This page of the members who shared, and the links to the other pages."""
    columns = data.columns

    def link(number: int) -> str:
        query = {"framework": data.framework.code} if data.framework_query else {}
        return "?" + urlencode({**query, "page": number})

    return {
        "columns": columns,
        "previous_columns": link(columns.previous_page_number()) if columns.has_previous() else "",
        "next_columns": link(columns.next_page_number()) if columns.has_next() else "",
    }


@login_required
def team_matrix(request, team_pk: int):
    data = _matrix_page(request, team_pk)
    groups = [("", data.matrix.section_rows())]
    return render(request, "teams/matrix.html", _context(data, "matrix", groups=groups, **_paging(data)))


@login_required
def team_matrix_section(request, team_pk: int, code: str):
    data = _matrix_page(request, team_pk, section_code=code)
    try:
        section = data.matrix.section(code)
    except KeyError:
        raise Http404("No such section in the shared assessments.") from None
    rows = data.matrix.item_rows(code)
    groups = [(kind, list(rows)) for kind, rows in groupby(rows, key=attrgetter("kind"))]
    index = data.matrix.sections.index(section)
    neighbours = {
        "previous": data.matrix.sections[index - 1] if index > 0 else None,
        "following": data.matrix.sections[index + 1] if index + 1 < len(data.matrix.sections) else None,
    }
    return render(
        request,
        "teams/matrix_section.html",
        _context(data, "matrix", section=section, groups=groups, **neighbours, **_paging(data)),
    )


# Names per taakgebied on the coverage page: a team of 500 listed 2,263 of them (271 kB). The rest is a count,
# and a link names everyone for one taakgebied.
COVERAGE_NAMES_SHOWN = 10


def _team_with_counts(request, team_pk: int) -> Team:
    """As `get_team_for_manager`, with its `coordinator_count`."""
    return get_object_or_404(selectors.teams_with_counts(request.user), pk=team_pk)


@login_required
def team_coverage(request, team_pk: int):
    """Per taakgebied how many ticked it and the first few by name; `?taakgebied=<code>` names everyone
    for that one."""
    taakgebied = request.GET.get("taakgebied", "")
    data = selectors.team_coverage(
        manager=request.user,
        team=_team_with_counts(request, team_pk),
        framework_code=request.GET.get("framework", ""),
        names=COVERAGE_NAMES_SHOWN,
        taakgebied=taakgebied,
    )
    framework = {"framework": data.framework.code} if data.framework_query else {}
    context = _context(
        data,
        "coverage",
        groups=data.coverage,
        uncovered=uncovered(data.coverage),
        taakgebied=taakgebied,
        names_shown=COVERAGE_NAMES_SHOWN,
        everyone_query="?" + urlencode({**framework, "taakgebied": ""}),  # + the code
    )
    return render(request, "teams/coverage.html", context)


@login_required
def team_needs(request, team_pk: int):
    data = selectors.team_needs(
        manager=request.user, team=_team_with_counts(request, team_pk), framework_code=request.GET.get("framework", "")
    )
    return render(request, "teams/needs.html", _context(data, "needs", needs=data.needs))


# ---------------------------------------------------------------------------------------
# Exports


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def team_matrix_xlsx(request, team_pk: int):
    data = _matrix(request, team_pk, goals=True)
    return _download(
        exports.matrix_xlsx(data.matrix),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.filename(data.team, "xlsx"),
    )


@never_cache
@login_required
def team_matrix_csv(request, team_pk: int):
    data = _matrix(request, team_pk)
    return _download(exports.matrix_csv(data.matrix), "text/csv; charset=utf-8", exports.filename(data.team, "csv"))
