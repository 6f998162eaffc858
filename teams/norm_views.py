"""Functieprofielen (norm profiles) of a team: the levels a role needs, compared with the members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assessments import services
from assessments.models import NormProfile
from catalog.tree import build_tree
from profiel.errors import error_message

from . import selectors
from .forms import NormProfileForm
from .views import get_team_for_manager


def _get_norm_for_user(user, team_pk: int, pk: int) -> NormProfile:
    team = get_team_for_manager(user, team_pk)
    return get_object_or_404(team.norm_profiles.select_related("version__framework", "team"), pk=pk)


@login_required
def norm_list(request, team_pk: int):
    team = get_team_for_manager(request.user, team_pk)
    form = NormProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.norm_profile_create(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("teams:norm_edit", team_pk=team.pk, pk=profile.pk)
    profiles = team.norm_profiles.select_related("version__framework")
    return render(request, "teams/norms/list.html", {"team": team, "profiles": profiles, "form": form, "page": "norms"})


@login_required
def norm_edit(request, team_pk: int, pk: int):
    profile = _get_norm_for_user(request.user, team_pk, pk)
    items = list(profile.version.items.select_related("kind"))
    levels = list(profile.version.scale_levels.all())
    current = dict(profile.levels.values_list("item__code", "level"))
    if request.method == "POST":
        submitted = {}
        for item in items:
            if item.rateable:
                submitted[item.code] = request.POST.get(f"level-{item.code}", "")  # the service reads and refuses
        try:
            services.norm_profile_save(profile=profile, levels=submitted)
        except services.InvalidInput as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("Het functieprofiel is bewaard."))
            return redirect("teams:norm_compare", team_pk=team_pk, pk=pk)
    sections = build_tree(items)
    _attach_required(sections, current)
    return render(
        request,
        "teams/norms/edit.html",
        {"team": profile.team, "profile": profile, "sections": sections, "levels": levels, "page": "norms"},
    )


def _attach_required(nodes, current: dict) -> None:
    for node in nodes:
        node.required = current.get(node.item.code)
        _attach_required(node.children, current)


@login_required
def norm_compare(request, team_pk: int, pk: int):
    profile = _get_norm_for_user(request.user, team_pk, pk)
    comparison = selectors.norm_comparison(manager=request.user, profile=profile)
    context = {"team": profile.team, "profile": profile, "page": "norms", **vars(comparison)}
    return render(request, "teams/norms/compare.html", context)
