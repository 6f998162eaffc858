"""A manager's side of one member: the shared self-assessment, their own view, side by side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from feedback import selectors as feedback_selectors
from profiel.errors import error_message

from . import pdf, scoring, selectors, services
from .models import Assessment
from .workspace import load_workspace, pair_chart, section_chart


def get_manager_view_for_user(user, pk: int) -> Assessment:
    """A manager's view `user` may read (see `selectors.manager_views_for`), or 404."""
    return get_object_or_404(selectors.manager_views_for(user), pk=pk)


def get_shared_assessment_for_manager(user, pk: int) -> Assessment:
    """A member's self-assessment shared with `user` as their leidinggevende, or 404."""
    return get_object_or_404(selectors.shared_with(user), pk=pk)


@login_required
def shared_detail(request, pk: int):
    """What a member shared, read-only, with the manager's next steps."""
    assessment = get_shared_assessment_for_manager(request.user, pk)
    workspace = load_workspace(assessment)
    return render(
        request,
        "assessments/shared_detail.html",
        {
            "assessment": assessment,
            "workspace": workspace,
            "chart": section_chart(workspace),
            "chart_narrow": section_chart(workspace, narrow=True),
            "gaps": scoring.largest_gaps(workspace.sections),
            "strengths": scoring.strengths(workspace.sections),
            "goals": assessment.goals.prefetch_related("items"),
            "my_view": assessment.manager_views.filter(owner=request.user).first(),
            # only the rounds the member switched on for their leidinggevende; volunteers from 3 answers
            "feedback": feedback_selectors.feedback_view(assessment, viewer=request.user),
        },
    )


@never_cache
@login_required
def shared_pdf(request, pk: int):
    assessment = get_shared_assessment_for_manager(request.user, pk)
    response = HttpResponse(pdf.profile_pdf_for(assessment, viewer=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.profile_filename(assessment)}"'
    return response


@login_required
@require_POST
def manager_view_start(request, pk: int):
    counterpart = get_shared_assessment_for_manager(request.user, pk)
    try:
        view = services.manager_view_start(manager=request.user, counterpart=counterpart)
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
        return redirect("assessments:shared", pk=pk)
    return redirect("assessments:keuzemodel", pk=view.pk)


@login_required
def side_by_side(request, pk: int):
    view = get_manager_view_for_user(request.user, pk)
    own = load_workspace(view.counterpart)
    theirs = load_workspace(view)
    sections = scoring.side_by_side(own.sections, theirs.sections)
    return render(
        request,
        "assessments/side_by_side.html",
        {
            "assessment": view,
            "view": view,
            "is_author": view.owner_id == request.user.pk,
            "shared_with_member": view.shares.filter(viewer_id=view.subject_id).exists(),
            "chart": pair_chart(own, theirs),
            "chart_narrow": pair_chart(own, theirs, narrow=True),
            "sections": sections,
            "differences": sum(1 for section in sections for row in section.rows if row.differs),
            "step": "side_by_side",
        },
    )


@login_required
@require_POST
def manager_view_share(request, pk: int):
    # its author only, and only while the member still shares with them
    view = get_object_or_404(selectors.manager_views_for(request.user), pk=pk, owner=request.user)
    shared = request.POST.get("shared") == "1"
    try:
        services.share_set(assessment=view, viewer=view.subject, shared=shared)
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
    else:
        name = view.subject.get_full_name()
        if shared:
            messages.success(request, _("%(name)s kan jouw kijk nu naast de eigen zelfscan zien.") % {"name": name})
        else:
            messages.success(request, _("%(name)s kan jouw kijk niet meer zien.") % {"name": name})
    return redirect("assessments:side_by_side", pk=pk)
