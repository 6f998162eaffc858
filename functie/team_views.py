"""A leidinggevende's side: how the team's work is spread, and the tasks of a functieprofiel.

The team comes from `teams.views.get_team_for_manager` (404 for anyone else); what members shared
from `functie.selectors`, which only reads zelfscans shared with this manager.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assessments.models import NormProfile
from assessments.services import InvalidInput
from catalog.cache import version_content
from profiel.errors import error_message
from teams.views import get_team_for_manager

from . import limits, selectors, services
from .package import build_package, level_choices, task_items
from .views import entries_from_post


@login_required
def team_work(request, team_pk: int):
    team = get_team_for_manager(request.user, team_pk)
    work = selectors.team_work(manager=request.user, team=team, framework_code=request.GET.get("framework", ""))
    return render(
        request,
        "functie/team_work.html",
        {"team": team, "data": work.data, "work": work, "level_choices": level_choices(), "page": "work"},
    )


def _get_norm_for_manager(user, team_pk: int, pk: int) -> NormProfile:
    team = get_team_for_manager(user, team_pk)
    return get_object_or_404(team.norm_profiles.select_related("version__framework", "team"), pk=pk)


@login_required
def norm_tasks(request, team_pk: int, pk: int):
    """Which taakgebieden a functieprofiel names, at which levels and in how many hours."""
    profile = _get_norm_for_manager(request.user, team_pk, pk)
    error = ""
    if request.method == "POST":
        try:
            services.norm_tasks_save(profile=profile, entries=entries_from_post(request.POST))
        except InvalidInput as refusal:
            error = error_message(refusal)
        else:
            messages.success(request, _("De taken van het functieprofiel zijn bewaard."))
            return redirect("functie:norm_tasks", team_pk=team_pk, pk=pk)
    items = version_content(profile.version).items
    tasks = {task.item_id: task for task in profile.tasks.all()}
    everything = {item.pk for item in task_items(items)}  # every taakgebied can be named
    package = build_package(items, everything, tasks, None)
    if error:  # show what was typed
        for row in package.rows:
            row.levels = request.POST.getlist(f"levels-{row.item.code}")
            row.typed_hours = request.POST.get(f"hours-{row.item.code}", "")
    return render(
        request,
        "functie/norm_tasks.html",
        {
            "team": profile.team,
            "profile": profile,
            "package": package,
            "named": set(tasks),
            "error": error,
            "limits": limits,
            "level_choices": level_choices(),
            "page": "norms",
        },
        status=422 if error else 200,
    )
