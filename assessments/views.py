from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import managers_of
from catalog.models import ContextOption, Framework, Item
from catalog.tree import Node, build_tree
from feedback import selectors as feedback_selectors
from profiel.errors import error_message

from . import exports, limits, pdf, scoring, selectors, services
from .forms import GoalForm, GoalStatusForm, ProgressForm, SituationForm
from .models import Assessment, Goal
from .workspace import Workspace, growth_chart, load_workspace, load_workspaces, section_chart

DOUBLE_SUBMIT_WINDOW = timedelta(seconds=10)


def get_assessment_for_user(user, pk: int, *, self_only: bool = True) -> Assessment:
    """The user's own assessment, or 404: nobody learns whether someone else's exists.

    Pages that belong to a zelfscan only (situation, overview, plan…) pass `self_only`; the
    keuzemodel pages also serve a manager's own view of a member (`self_only=False`).
    """
    return get_object_or_404(selectors.assessments_of(user, self_only=self_only), pk=pk)


# ---------------------------------------------------------------------------------------
# The list of rounds, starting one


@login_required
def assessment_list(request):
    assessments = selectors.rounds_overview(request.user)
    frameworks = [framework for framework in Framework.objects.all() if framework.current_version()]
    concept = next((assessment for assessment in assessments if not assessment.is_final), None)
    return render(
        request,
        "assessments/assessment_list.html",
        {
            "assessments": assessments,
            "frameworks": frameworks,
            "latest": assessments[0] if assessments else None,
            "concept": concept,
        },
    )


@login_required
def growth(request):
    """Every round of the person side by side: per part now and desired over time, what grew
    most, and the goals reached along the way. One framework at a time (its parts differ)."""
    rounds = list(selectors.assessments_of(request.user).order_by("created_at", "id"))
    frameworks = list(
        {assessment.version.framework.code: assessment.version.framework for assessment in rounds}.values()
    )
    code = request.GET.get("framework") or (rounds[-1].version.framework.code if rounds else "")
    rounds = [assessment for assessment in rounds if assessment.version.framework.code == code]
    context = {"rounds": rounds, "frameworks": frameworks, "framework_code": code}
    if rounds:
        workspaces = load_workspaces(rounds)
        context |= growth_data(workspaces)
        context["chart"] = growth_chart(workspaces)
        context["chart_narrow"] = growth_chart(workspaces, narrow=True)
        context["reached"] = selectors.goals_reached(request.user, rounds)
    return render(request, "assessments/growth.html", context)


def growth_data(workspaces) -> dict:
    """The table per part (now → desired in each round) and what grew most from first to last."""
    newest = workspaces[-1]
    parts = []
    for section in newest.sections:
        cells = []
        for workspace in workspaces:
            match = next((s for s in workspace.sections if s.section.code == section.section.code), None)
            cells.append(match)
        parts.append({"section": section.section, "cells": cells})
    grew, grew_parts = [], []
    if len(workspaces) > 1:
        comparison = scoring.compare_rounds(workspaces[0], newest)
        changes = [change for part in comparison.sections for change in part.items if change.delta]
        grew = sorted((change for change in changes if change.delta > 0), key=lambda change: -change.delta)[:5]
        grew_parts = sorted(
            (part for part in comparison.sections if part.before is not None and part.after is not None),
            key=lambda part: part.before - part.after,
        )[:3]
        grew_parts = [part for part in grew_parts if part.after > part.before]
    return {"parts": parts, "grew": grew, "grew_parts": grew_parts}


@login_required
@require_POST
def assessment_start(request):
    framework = get_object_or_404(Framework, code=request.POST.get("framework", ""))
    previous = None
    if request.POST.get("previous"):
        try:
            previous = get_assessment_for_user(request.user, int(request.POST["previous"]))
        except ValueError:
            raise Http404("Bad assessment id.") from None
    try:
        # A double click sends the start twice: the second one opens what the first one made.
        assessment = services.assessment_start(
            owner=request.user, framework=framework, previous=previous, reuse_within=DOUBLE_SUBMIT_WINDOW
        )
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
        return redirect("assessments:list")
    if previous:
        messages.success(request, _("Je nieuwe ronde staat klaar, ingevuld met wat je de vorige keer koos."))
        change = selectors.version_change(previous=previous, assessment=assessment)
        if change is not None:
            messages.info(request, _version_change_message(change))
    return redirect("assessments:situation", pk=assessment.pk)


def _version_change_message(change: selectors.VersionChange) -> str:
    text = _("Deze ronde gebruikt versie %(new)s van het profiel; je vorige ronde versie %(old)s.") % {
        "new": change.new_label,
        "old": change.old_label,
    }
    if change.added:
        text += " " + ngettext(
            "Er is %(count)s nieuw onderdeel om naar te kijken.",
            "Er zijn %(count)s nieuwe onderdelen om naar te kijken.",
            change.added,
        ) % {"count": change.added}
    if change.gone:
        text += " " + _(
            "Deze onderdelen bestaan niet meer, dus je antwoorden daarop zijn niet meegenomen: %(codes)s."
        ) % {"codes": ", ".join(change.gone)}
    return text


@login_required
def assessment_detail(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk, self_only=False)
    if assessment.is_manager_view:
        return redirect("assessments:keuzemodel", pk=pk)
    if assessment.is_final or assessment.answers.exists():
        return redirect("assessments:overview", pk=pk)
    return redirect("assessments:situation", pk=pk)


# ---------------------------------------------------------------------------------------
# Mijn situatie


@login_required
def situation(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    variables = list(
        assessment.version.context_variables.prefetch_related(
            Prefetch("options", queryset=ContextOption.objects.order_by("position"))
        )
    )
    chosen = set(assessment.context_options.values_list("pk", flat=True))
    initial = {"role_title": assessment.role_title}
    for variable in variables:
        initial[f"context_{variable.code}"] = [
            str(option.pk) for option in variable.options.all() if option.pk in chosen
        ]
    form = SituationForm(request.POST or None, variables=variables, initial=initial)
    if request.method == "POST":
        here = reverse("assessments:situation", args=[pk])
        try:
            if not form.is_valid():
                raise services.InvalidInput(" ".join(error for errors in form.errors.values() for error in errors))
            services.situation_save(
                assessment=assessment, role_title=form.cleaned_data["role_title"], option_ids=form.option_ids()
            )
        except services.AssessmentLocked as error:
            return _problem(request, error_message(error), 409, reverse("assessments:overview", args=[pk]))
        except services.InvalidInput as error:
            if request.htmx:
                return _problem(request, error_message(error), 422, here)
            form.add_error(None, error_message(error))
        else:
            if request.htmx:
                return _saved_fragment()
            messages.success(request, _("Je situatie is opgeslagen."))
            return redirect(here)
    return render(request, "assessments/situation.html", {"assessment": assessment, "form": form, "step": "situation"})


def _saved_fragment(extra: str = "") -> HttpResponse:
    time = timezone.localtime().strftime("%H:%M")
    return HttpResponse(format_html('<span class="save-ok">{} {}</span>', _("Opgeslagen"), time) + extra)


def _problem(request, message: str, status: int, url: str):
    """A refused save: a status fragment for htmx (the input stays on the page), else a message."""
    if request.htmx:
        return HttpResponse(format_html('<span class="save-error">{}</span>', message), status=status)
    messages.error(request, message)
    return redirect(url)


# ---------------------------------------------------------------------------------------
# Keuzemodel


@login_required
def keuzemodel(request, pk: int):
    """Continue where there is still something to do: the first section that is not complete."""
    assessment = get_assessment_for_user(request.user, pk, self_only=False)
    sections = load_workspace(assessment).sections
    target = next((section for section in sections if not section.is_complete), sections[0])
    return redirect("assessments:section", pk=pk, code=target.section.code)


@login_required
def section(request, pk: int, code: str):
    assessment = get_assessment_for_user(request.user, pk, self_only=False)
    workspace = load_workspace(assessment)
    current = workspace.section(code)
    services.section_visit(assessment=assessment, code=code)
    current.visited = True
    scores = {score.item.pk: score for score in current.items}
    node = next(root for root in build_tree(workspace.items) if root.item.code == code)
    _attach_scores(node, scores)
    if not assessment.is_manager_view:  # what others see of each item, beside the owner's own answer
        _attach_feedback(node, _feedback(assessment, request.user, workspace).by_code)
    previous, following = workspace.neighbours(code)
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "workspace": workspace,
            "current": current,
            "node": node,
            "previous": previous,
            "following": following,
            "step": "keuzemodel",
        },
    )


def _feedback(assessment, viewer, workspace):
    own = {score.item.code: score for section in workspace.sections for score in section.items}
    return feedback_selectors.feedback_view(assessment, viewer=viewer, own_scores=own)


def _attach_feedback(node, by_code):
    node.feedback = by_code.get(node.item.code)
    for child in node.children:
        _attach_feedback(child, by_code)


def _attach_scores(node, scores):
    node.score = scores.get(node.item.pk)
    for child in node.children:
        _attach_scores(child, scores)


@login_required
@require_POST
def section_applies(request, pk: int, code: str):
    """Tick or untick a whole section at once."""
    assessment = get_assessment_for_user(request.user, pk, self_only=False)
    root = get_object_or_404(Item, version=assessment.version, code=code, parent__isnull=True)
    applies = request.POST.get("applies") == "1"
    try:
        count = services.section_set_applies(assessment=assessment, section=root, applies=applies)
    except services.AssessmentLocked as error:
        messages.info(request, error_message(error))
        return redirect("assessments:overview", pk=pk)
    if applies:
        messages.success(request, _("Alles in dit onderdeel is aangevinkt (%(count)s).") % {"count": count})
    else:
        messages.success(
            request,
            _(
                "Niets van dit onderdeel is nog aangevinkt. "
                "Wat je al invulde, blijft bewaard voor als je het weer aanvinkt."
            ),
        )
    return redirect("assessments:section", pk=pk, code=code)


@login_required
@require_POST
def answer_save(request, pk: int, code: str):
    """Autosave of one keuzemodel item (htmx), or a plain form post without JavaScript."""
    assessment = get_assessment_for_user(request.user, pk, self_only=False)
    item = get_object_or_404(Item, version=assessment.version, code=code, rateable=True)
    changes = {name: request.POST[name] for name in ("applies", "current", "desired", "note") if name in request.POST}
    if "kerntaken" in request.POST:  # the card's kerntaken: a marker (empty) and the ticked codes
        changes["kerntaken"] = [code for code in request.POST.getlist("kerntaken") if code]
    following = _return_url(request, assessment, "next")
    if following and not request.htmx and _changes_nothing(assessment, item, changes):
        return redirect(following)  # the focused mode without JavaScript: "Volgende" past an item left as it was
    try:
        revision = services.parse_revision(request.POST.get("revision", ""))
        if not changes:  # an empty body, or one that is not a form: no "Opgeslagen", no new revision
            raise services.InvalidInput(_("Niet opgeslagen: er kwam niets mee om te bewaren. Laad de pagina opnieuw."))
    except services.InvalidInput as error:
        return _answer_problem(request, assessment, item, error, status=400)
    try:
        answer = services.answer_save(assessment=assessment, item=item, changes=changes, revision=revision)
    except services.StaleRevision as error:
        if request.htmx:
            return _answer_problem(request, assessment, item, error)
        return _conflict_page(request, assessment, item, error.answer, changes)
    except (services.AssessmentLocked, services.InvalidInput) as error:
        return _answer_problem(request, assessment, item, error)
    workspace = load_workspace(assessment)
    section_score = workspace.section_for(item)
    if not request.htmx:
        messages.success(request, _("Opgeslagen."))
        following = _return_url(request, assessment, "next")
        return redirect(following or _answer_url(request, assessment, section_score, item))
    revision_input = format_html(
        '<input type="hidden" name="revision" value="{}" id="revision-{}" hx-swap-oob="true">', answer.revision, code
    )
    progress = render_to_string("assessments/_section_progress.html", {"section": section_score, "oob": True})
    total = render_to_string("assessments/_total_progress.html", {"progress": workspace.progress, "oob": True})
    return _saved_fragment(revision_input + progress + total)


def _answer_url(request, assessment, section_score, item) -> str:
    """Where a save without JavaScript returns: the page it came from (`back`), else the item's card."""
    back = _return_url(request, assessment, "back")
    if back:
        return back
    return reverse("assessments:section", args=[assessment.pk, section_score.section.code]) + f"#answer-{item.code}"


def _return_url(request, assessment, name: str) -> str | None:
    """A page of this assessment named in the form (`next`, `back`); anything else is ignored."""
    url = request.POST.get(name, "")
    inside = url.startswith(reverse("assessments:detail", args=[assessment.pk]))
    if inside and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


def _changes_nothing(assessment, item, changes: dict) -> bool:
    """Whether a plain form post only repeats what is stored (or, for a new item, says nothing)."""
    changes = dict(changes)
    if "kerntaken" in changes:
        ticked = set(assessment.answers.filter(item__parent=item, applies=True).values_list("item__code", flat=True))
        if set(changes.pop("kerntaken")) != ticked:
            return False
    answer = assessment.answers.filter(item=item).first()
    if answer is None:
        return "applies" not in changes and not any(str(changes.get(name, "")).strip() for name in changes)
    stored = {
        "applies": "1" if answer.applies else "0",
        "current": str(answer.current or ""),
        "desired": str(answer.desired or ""),
        "note": answer.note,
    }
    return all(str(value).replace("\r\n", "\n").strip() == stored[name].strip() for name, value in changes.items())


def _answer_problem(request, assessment, item, error, status: int | None = None):
    if status is not None:  # a request no page of ours sends
        message = error_message(error)
    else:
        message = error_message(error)
        status = 409 if isinstance(error, (services.AssessmentLocked, services.StaleRevision)) else 422
    if isinstance(error, services.StaleRevision) and request.htmx:
        # Two tabs: show what is stored beside what was typed (still in the form) and let them choose.
        levels = {level.value: level for level in load_workspace(assessment).scale_levels}
        stored = error.answer
        context = {"stored": stored, "current": levels.get(stored.current), "desired": levels.get(stored.desired)}
        return HttpResponse(render_to_string("assessments/_conflict.html", context, request=request), status=409)
    url = _answer_url(request, assessment, load_workspace(assessment).section_for(item), item)
    return _problem(request, message, status, url)


def _conflict_page(request, assessment, item, stored, changes: dict):
    """Two tabs, without JavaScript: nothing was saved. Show what was typed beside what is stored,
    and let the author keep theirs (the same form again, on top of the stored revision) or take
    the stored version. Only what the form sent is shown and sent again."""
    workspace = load_workspace(assessment)
    levels = {str(level.value): level for level in workspace.scale_levels}
    names = {child.code: child.title for child in workspace.children_of(item)}
    stored_ticks = set(assessment.answers.filter(item__parent=item, applies=True).values_list("item__code", flat=True))
    typed = {
        "applies": changes.get("applies"),
        "current": levels.get(str(changes.get("current", "")).strip()),
        "desired": levels.get(str(changes.get("desired", "")).strip()),
        "note": changes.get("note"),
        "kerntaken": [names[code] for code in changes.get("kerntaken", []) if code in names],
    }
    context = {
        "assessment": assessment,
        "item": item,
        "changes": changes,
        "typed": typed,
        "stored": stored,
        "stored_current": levels.get(str(stored.current)),
        "stored_desired": levels.get(str(stored.desired)),
        "stored_kerntaken": [title for code, title in names.items() if code in stored_ticks],
        "back": _answer_url(request, assessment, workspace.section_for(item), item),
        "next": _return_url(request, assessment, "next"),
        "step": "keuzemodel",
    }
    return render(request, "assessments/conflict.html", context, status=409)


# ---------------------------------------------------------------------------------------
# The focused mode: one item at a time (the default on a phone)


@login_required
def focus(request, pk: int):
    """Resume at the first item not yet answered, or ticked but without both levels."""
    assessment = get_assessment_for_user(request.user, pk, self_only=False)
    scores = load_workspace(assessment).item_scores
    target = next((score for score in scores if not score.revision or score.is_open), None)
    if target is None:
        if not assessment.is_final:
            messages.info(request, _("Je hebt alles ingevuld. Je kunt elk onderdeel nog bekijken en veranderen."))
        target = scores[0]
    return redirect("assessments:focus_item", pk=pk, code=target.item.code)


@login_required
def focus_item(request, pk: int, code: str):
    assessment = get_assessment_for_user(request.user, pk, self_only=False)
    workspace = load_workspace(assessment)
    scores = workspace.item_scores
    index = next((index for index, score in enumerate(scores) if score.item.code == code), None)
    if index is None:
        raise Http404("No such item in this assessment.")
    score = scores[index]
    section = workspace.section_for(score.item)
    services.section_visit(assessment=assessment, code=section.section.code)
    section.visited = True
    progress = workspace.progress
    return render(
        request,
        "assessments/focus.html",
        {
            "assessment": assessment,
            "workspace": workspace,
            "score": score,
            "item": score.item,
            "section": section,
            "node": Node(
                score.item, 0, [Node(child, 1) for child in workspace.children_of(score.item) if not child.rateable]
            ),
            "previous": scores[index - 1] if index else None,
            "following": scores[index + 1] if index + 1 < len(scores) else None,
            "position": index + 1,
            "total": len(scores),
            "done": sum(1 for one in scores if one.revision and not one.is_open),
            "progress": progress,
            "step": "keuzemodel",
        },
    )


# ---------------------------------------------------------------------------------------
# Overzicht


@login_required
def overview(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    workspace = load_workspace(assessment)
    goal_items = selectors.goal_item_ids(assessment)
    shared_views = list(assessment.manager_views.filter(shares__viewer=request.user).select_related("owner"))
    feedback = _feedback(assessment, request.user, workspace)
    return render(
        request,
        "assessments/overview.html",
        {
            "feedback": feedback,
            "feedback_differs": [row for row in feedback.items if row.differs],
            "assessment": assessment,
            "workspace": workspace,
            "chart": section_chart(workspace),
            "chart_narrow": section_chart(workspace, narrow=True),
            "gaps": scoring.largest_gaps(workspace.sections),
            "strengths": scoring.strengths(workspace.sections),
            "open_items": scoring.open_items(workspace.sections),
            "goal_items": goal_items,
            "shared_views": shared_views,
            "step": "overview",
        },
    )


# ---------------------------------------------------------------------------------------
# Ontwikkelplan


def _goal_item_choices(workspace: Workspace, goal: Goal | None = None):
    """The items a goal can link, grouped per part of the profile (hoofdtaak, competentiegebied…):
    what is ticked in this round, and whatever the goal already links (also from another version)."""
    linked = list(goal.items.all()) if goal else []
    linked_pks = {item.pk for item in linked}
    groups = []
    for section in workspace.sections:
        choices = [
            (str(score.item.pk), f"{score.item.code} {score.item.title}")
            for score in section.items
            if score.applies or score.item.pk in linked_pks
        ]
        if choices:
            groups.append((f"{section.section.code} {section.section.title}", choices))
    shown = {int(value) for _label, choices in groups for value, _text in choices}
    elsewhere = [(str(item.pk), f"{item.code} {item.title}") for item in linked if item.pk not in shown]
    if elsewhere:
        groups.append((_("Niet (meer) in deze versie van het profiel"), elsewhere))
    return groups


def _plan_page(request, assessment: Assessment, form: GoalForm, workspace: Workspace):
    goals = selectors.plan_goals(assessment)
    plan_open = not selectors.newer_round_exists(assessment)
    return render(
        request,
        "assessments/plan.html",
        {
            "assessment": assessment,
            "workspace": workspace,
            "form": form,
            "goals": goals,
            "history": selectors.goal_history(assessment),
            "plan_open": plan_open,
            "progress_form": ProgressForm(),
            "statuses": Goal.Status.choices,
            "goals_left": max(0, limits.GOALS_PER_ASSESSMENT - len(goals)),
            "goals_full_message": services.goals_full_message(),
            "gaps": scoring.largest_gaps(workspace.sections, limit=5),
            "step": "plan",
        },
    )


@login_required
def plan(request, pk: int):
    """The ontwikkelplan of a round: its goals (also after the round is final), a new goal."""
    assessment = get_assessment_for_user(request.user, pk)
    workspace = load_workspace(assessment)
    form = GoalForm(request.POST or None, item_choices=_goal_item_choices(workspace))
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_save(
                assessment=assessment, data=form.service_data(), form_token=form.cleaned_data["form_token"]
            )
        except services.InvalidInput as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("Je doel staat in je ontwikkelplan."))
            return redirect(reverse("assessments:plan", args=[pk]) + f"#goal-{goal.pk}")
    return _plan_page(request, assessment, form, workspace)


def _get_goal_for_user(user, assessment_pk: int, goal_pk: int) -> Goal:
    goal = selectors.goal_in_round(user, assessment_pk, goal_pk)
    if goal is None:
        raise Http404("No such goal in this round.")
    return goal


@login_required
def goal_edit(request, pk: int, goal_pk: int):
    goal = _get_goal_for_user(request.user, pk, goal_pk)
    assessment = get_assessment_for_user(request.user, pk)
    workspace = load_workspace(assessment)
    form = GoalForm(request.POST or None, instance=goal, item_choices=_goal_item_choices(workspace, goal))
    if request.GET.get("new"):  # just made from a gap: what to do is the first thing to fill in
        form.fields["actions"].widget.attrs["autofocus"] = True
    stored = None
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(
                assessment=assessment, data=form.service_data(), goal=goal, revision=form.cleaned_data["revision"]
            )
        except services.StaleGoal as error:
            # Keep what was typed; show what is stored; saving again keeps the typed version.
            stored = error.goal
            form.data = form.data.copy()
            form.data["revision"] = str(stored.revision)
            form.add_error(None, error_message(error))
        except services.InvalidInput as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("Je doel is bijgewerkt."))
            return redirect(reverse("assessments:plan", args=[pk]) + f"#goal-{goal.pk}")
    return render(
        request,
        "assessments/goal_edit.html",
        {"assessment": assessment, "goal": goal, "form": form, "stored": stored, "step": "plan"},
    )


@login_required
@require_POST
def goal_delete(request, pk: int, goal_pk: int):
    goal = _get_goal_for_user(request.user, pk, goal_pk)
    assessment = get_assessment_for_user(request.user, pk)
    try:
        services.goal_delete(goal=goal, assessment=assessment)
    except services.AssessmentLocked:
        messages.info(
            request,
            _(
                "Deze ronde is definitief, dus het doel blijft in het plan staan. "
                "Werk je er niet meer aan? Zet het op ‘Gestopt’."
            ),
        )
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("Het doel is uit dit plan gehaald."))
    return redirect("assessments:plan", pk=pk)


def _after_goal_change(request, pk: int, goal: Goal):
    """Back to the plan the form was on; a goal whose round is gone goes back to its newest round."""
    if selectors.goal_in_round(request.user, pk, goal.pk) is not None:
        return redirect(reverse("assessments:plan", args=[pk]) + f"#goal-{goal.pk}")
    newest = selectors.newest_round_with(goal)
    if newest is not None:
        return redirect(reverse("assessments:plan", args=[newest.pk]) + f"#goal-{goal.pk}")
    messages.info(request, _("Dit doel staat in geen ronde meer; het komt mee in je volgende ronde."))
    return redirect("assessments:list")


def _own_goal(user, goal_pk: int) -> Goal:
    """A goal of `user`, found by its own id: progress and status also reach a goal whose round
    was deleted in the meantime (another tab). Someone else's goal is a 404."""
    return get_object_or_404(selectors.goals_of(user), pk=goal_pk)


@login_required
@require_POST
def goal_progress(request, pk: int, goal_pk: int):
    """Add a dated progress entry (and maybe a new status) to a goal: at any time, also when the
    round is final."""
    goal = _own_goal(request.user, goal_pk)
    form = ProgressForm(request.POST)
    try:
        if not form.is_valid():
            raise services.InvalidInput(" ".join(error for errors in form.errors.values() for error in errors))
        services.goal_progress_add(goal=goal, data=form.cleaned_data, form_token=form.cleaned_data["form_token"])
    except services.InvalidInput as error:
        messages.error(request, _("Voortgang niet bewaard: %(reason)s") % {"reason": error_message(error)})
    else:
        messages.success(request, _("Je voortgang staat bij je doel."))
    return _after_goal_change(request, pk, goal)


@login_required
@require_POST
def goal_status(request, pk: int, goal_pk: int):
    goal = _own_goal(request.user, goal_pk)
    form = GoalStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise services.InvalidInput(_("Kies een status uit de lijst."))
        goal = services.goal_status_set(goal=goal, status=form.cleaned_data["status"])
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("Status van ‘%(title)s’: %(status)s.") % {"title": goal.title, "status": goal.get_status_display()},
        )
    return _after_goal_change(request, pk, goal)


@login_required
@require_POST
def goal_from_item(request, pk: int, code: str):
    assessment = get_assessment_for_user(request.user, pk)
    item = get_object_or_404(Item, version=assessment.version, code=code, rateable=True)
    try:
        goal = services.goal_from_item(assessment=assessment, item=item)
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
        return redirect("assessments:plan", pk=pk)
    messages.success(request, _("Er staat een doel klaar voor %(code)s. Vul aan wat je gaat doen.") % {"code": code})
    return redirect(reverse("assessments:goal_edit", args=[pk, goal.pk]) + "?new=1")


# ---------------------------------------------------------------------------------------
# Finalise, compare, export


@login_required
@require_POST
def share(request, pk: int):
    """Share with one manager or revoke it; only managers of the owner's own teams can be chosen."""
    assessment = get_assessment_for_user(request.user, pk)
    try:
        manager_pk = int(request.POST.get("manager", ""))
    except ValueError:
        raise Http404("Bad manager id.") from None
    manager = get_object_or_404(managers_of(request.user), pk=manager_pk)
    shared = request.POST.get("shared") == "1"
    services.share_set(assessment=assessment, viewer=manager, shared=shared)
    name = manager.get_full_name()
    if shared:
        messages.success(request, _("%(name)s kan je zelfscan nu zien.") % {"name": name})
    else:
        messages.success(request, _("%(name)s kan je zelfscan niet meer zien.") % {"name": name})
    return redirect("assessments:finalise", pk=pk)


@login_required
@require_GET
def finalise(request, pk: int):
    """The last step: share with a manager, make the round final (after a confirmation), reopen it."""
    assessment = get_assessment_for_user(request.user, pk)
    workspace = load_workspace(assessment)
    return render(
        request,
        "assessments/finalise.html",
        {
            "assessment": assessment,
            "workspace": workspace,
            "open_items": scoring.open_items(workspace.sections),
            "refusal": "" if assessment.is_final else services.finalise_refusal(assessment),
            "can_reopen": assessment.is_final and not selectors.newer_round_exists(assessment),
            "events": list(assessment.events.select_related("actor")),
            "managers": list(managers_of(request.user)),
            "shared_with": set(assessment.shares.values_list("viewer_id", flat=True)),
            "step": "finalise",
        },
    )


@login_required
def finalise_confirm(request, pk: int):
    """What finalising means, then finalise on a deliberate "yes" (a post without it changes nothing)."""
    assessment = get_assessment_for_user(request.user, pk)
    if request.method == "POST":
        if assessment.is_final:  # a double submit, or a second tab
            messages.info(request, _("Deze zelfscan was al definitief."))
            return redirect("assessments:finalise", pk=pk)
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Niets veranderd: bevestig eerst dat je je zelfscan definitief wilt maken."))
            return redirect("assessments:finalise_confirm", pk=pk)
        try:
            services.assessment_finalise(assessment=assessment, by=request.user)
        except services.InvalidInput as error:
            messages.error(request, error_message(error))
            return redirect("assessments:finalise", pk=pk)
        messages.success(request, _("Je zelfscan is definitief. Goed gedaan!"))
        return redirect("assessments:finalise", pk=pk)
    if assessment.is_final:
        return redirect("assessments:finalise", pk=pk)
    workspace = load_workspace(assessment)
    return render(
        request,
        "assessments/finalise_confirm.html",
        {
            "assessment": assessment,
            "workspace": workspace,
            "refusal": services.finalise_refusal(assessment),
            "open_items": scoring.open_items(workspace.sections),
            "shared_with": list(assessment.shares.select_related("viewer")),
            "step": "finalise",
        },
    )


@login_required
@require_POST
def reopen(request, pk: int):
    """Open a final round again, until a newer round starts; the round's history says so."""
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.is_final:
        messages.info(request, _("Deze zelfscan is al open; je kunt hem gewoon aanpassen."))
        return redirect("assessments:finalise", pk=pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Niets veranderd: bevestig eerst dat je deze ronde weer wilt openen."))
        return redirect("assessments:finalise", pk=pk)
    try:
        services.assessment_reopen(assessment=assessment, by=request.user)
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request, _("Je zelfscan is weer open. Pas aan wat je wilt en maak hem daarna opnieuw definitief.")
        )
    return redirect("assessments:finalise", pk=pk)


@login_required
def compare(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    others = list(request.user.assessments.self_assessments().exclude(pk=pk).select_related("version__framework"))
    other_pk = request.GET.get("with") or (assessment.previous_id and str(assessment.previous_id))
    other = None
    if other_pk:
        try:
            other = get_assessment_for_user(request.user, int(other_pk))
        except ValueError:
            raise Http404("Bad assessment id.") from None
    comparison = scoring.compare_rounds(load_workspace(other), load_workspace(assessment)) if other else None
    return render(
        request,
        "assessments/compare.html",
        {"assessment": assessment, "other": other, "others": others, "comparison": comparison, "step": "finalise"},
    )


@never_cache
@login_required
def profile_pdf(request, pk: int):
    """The development profile as a PDF; a draft carries a visible concept mark."""
    assessment = get_assessment_for_user(request.user, pk)
    response = HttpResponse(pdf.profile_pdf_for(assessment, viewer=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.profile_filename(assessment)}"'
    return response


@never_cache
@login_required
def data_export(request):
    data = exports.user_data(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="profielwijzer-mijn-gegevens-{stamp}.json"'
    return response
