"""Norm profiles (functieprofielen) of a team: define the levels a role needs, compare members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from catalog.tree import build_tree

from . import limits, norms, services, team
from .models import NormProfile


def _get_norm_for_user(user, team_pk: int, pk: int) -> NormProfile:
    squad = team.get_team_for_manager(user, team_pk)
    return get_object_or_404(NormProfile.objects.select_related("version__framework", "team"), pk=pk, team=squad)


@login_required
def norm_list(request, team_pk: int):
    squad = team.get_team_for_manager(request.user, team_pk)
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        version = _current_version(squad)
        if not name or len(name) > limits.NORM_NAME_MAX_LENGTH or "\x00" in name:
            messages.error(
                request,
                _("Geef het functieprofiel een naam van hoogstens %(limit)s tekens.")
                % {"limit": limits.NORM_NAME_MAX_LENGTH},
            )
        elif version is None:
            messages.error(request, _("Er is nog geen gepubliceerd profiel om vanuit te werken."))
        else:
            try:
                with transaction.atomic():
                    profile = NormProfile.objects.create(
                        team=squad, version=version, name=name, created_by=request.user
                    )
            except IntegrityError:
                messages.error(request, _("Dit team heeft al een functieprofiel met die naam."))
            else:
                return redirect("assessments:norm_edit", team_pk=squad.pk, pk=profile.pk)
        return redirect("assessments:norms", team_pk=squad.pk)
    profiles = squad.norm_profiles.select_related("version__framework")
    return render(request, "assessments/norms/list.html", {"team": squad, "profiles": profiles, "page": "norms"})


def _current_version(squad):
    from catalog.models import Framework

    framework = Framework.objects.filter(versions__published_at__isnull=False).distinct().first()
    return framework.current_version() if framework else None


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
            messages.error(request, str(error))
        else:
            messages.success(request, _("Het functieprofiel is bewaard."))
            return redirect("assessments:norm_compare", team_pk=team_pk, pk=pk)
    sections = build_tree(items)
    _attach_required(sections, current)
    return render(
        request,
        "assessments/norms/edit.html",
        {"team": profile.team, "profile": profile, "sections": sections, "levels": levels, "page": "norms"},
    )


def _attach_required(nodes, current: dict) -> None:
    for node in nodes:
        node.required = current.get(node.item.code)
        _attach_required(node.children, current)


@login_required
def norm_compare(request, team_pk: int, pk: int):
    profile = _get_norm_for_user(request.user, team_pk, pk)
    members = team.team_members(profile.team)
    shared = team.shared_latest(request.user, members, with_answers=True)
    sharing = [member for member in members if member.pk in shared]
    currents = {
        member.pk: {
            answer.item.code: answer.current for answer in shared[member.pk].answers.all() if answer.current is not None
        }
        for member in sharing
    }
    norm_levels = {
        level.item.code: (level.item, level.level)
        for level in profile.levels.select_related("item").order_by("item__position")
    }
    rows, summaries = norms.compare(norm_levels, sharing, currents)
    return render(
        request,
        "assessments/norms/compare.html",
        {
            "team": profile.team,
            "profile": profile,
            "rows": rows,
            "summaries": summaries,
            "members": sharing,
            "not_sharing": len(members) - len(sharing),
            "page": "norms",
        },
    )
