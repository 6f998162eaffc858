"""The owner's feedback pages, and the two pages people reach by a link without an account."""

import hashlib
import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from assessments.views import get_assessment_for_user
from assessments.workspace import load_workspace
from catalog.cache import version_content
from profiel.errors import error_message
from profiel.spreadsheet import csv_bytes, csv_text

from . import selectors, services
from .forms import ReviewerForm, RoundForm
from .models import MIN_VOLUNTEER_RESPONSES, FeedbackRound


def _get_round_for_user(user, pk: int, round_pk: int) -> FeedbackRound:
    return get_object_or_404(selectors.rounds_of(user), pk=round_pk, assessment_id=pk)


def _no_index(response):
    """Pages behind a personal link: not for search engines, not in a shared cache."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------
# The owner


@login_required
def home(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    view = selectors.feedback_view(assessment, viewer=request.user)
    return render(
        request,
        "feedback/home.html",
        {
            "assessment": assessment,
            "feedback": view,
            "min_responses": MIN_VOLUNTEER_RESPONSES,
            "step": "feedback",
        },
    )


def _item_choices(assessment):
    """The items the owner ticked, in document order; all rateable items while nothing is ticked."""
    workspace = load_workspace(assessment)
    scores = [score for section in workspace.sections for score in section.items]
    ticked = [score for score in scores if score.applies] or scores
    return [(score.item.code, f"{score.item.code} {score.item.title}") for score in ticked]


@login_required
def round_new(request, pk: int, kind: str):
    assessment = get_assessment_for_user(request.user, pk)
    if kind not in FeedbackRound.Kind.values:
        return redirect("feedback:home", pk=pk)
    form = RoundForm(request.POST or None, kind=kind, item_choices=_item_choices(assessment))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reviewer = None
        if kind == FeedbackRound.Kind.REVIEWERS:
            reviewer = {
                "name": data["reviewer_name"],
                "email": data["reviewer_email"],
                "language": data["reviewer_language"],
            }
        try:
            feedback_round = services.round_start(
                assessment=assessment,
                kind=kind,
                title=data["title"],
                item_codes=data["items"],
                closes_on=data["closes_on"],
                message=data["message"],
                reviewer=reviewer,
                base_url=request.build_absolute_uri("/"),
            )
        except services.InvalidInput as error:
            form.add_error(None, error_message(error))
        else:
            if reviewer:
                messages.success(
                    request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": reviewer["email"]}
                )
            else:
                messages.success(request, _("Je vrijwilligersronde staat klaar. Deel de link of de QR-code."))
            return redirect("feedback:round", pk=pk, round_pk=feedback_round.pk)
    return render(
        request,
        "feedback/round_new.html",
        {"assessment": assessment, "form": form, "kind": kind, "step": "feedback"},
    )


@login_required
def round_detail(request, pk: int, round_pk: int):
    feedback_round = _get_round_for_user(request.user, pk, round_pk)
    assessment = feedback_round.assessment
    view = selectors.feedback_view(assessment, viewer=request.user)
    summary = next(summary for summary in view.rounds if summary.round.pk == feedback_round.pk)
    asked = {round_item.item_id for round_item in summary.round.round_items.all()}
    return render(
        request,
        "feedback/round_detail.html",
        {
            "assessment": assessment,
            "round": summary.round,
            "summary": summary,
            "items": [row for row in view.items if row.item.pk in asked],
            "round_items": summary.round.round_items.all(),
            "reviewer_form": ReviewerForm(initial={"language": translation.get_language()}),
            "share_url": request.build_absolute_uri(feedback_round.get_share_url()) if feedback_round.token else "",
            "can_edit_questions": feedback_round.is_open and summary.answered == 0 and not _has_responses(summary),
            "min_responses": MIN_VOLUNTEER_RESPONSES,
            "step": "feedback",
        },
    )


def _has_responses(summary) -> bool:
    """Whether a volunteer round has any answer at all (for the owner: only whether the questions
    can still change, never how many)."""
    return summary.round.is_volunteers and bool(selectors.volunteer_counts([summary.round]))


@login_required
@require_POST
def reviewer_invite(request, pk: int, round_pk: int):
    feedback_round = _get_round_for_user(request.user, pk, round_pk)
    form = ReviewerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("feedback:round", pk=pk, round_pk=round_pk)
    try:
        services.reviewer_invite(
            feedback_round=feedback_round, base_url=request.build_absolute_uri("/"), **form.cleaned_data
        )
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.") % form.cleaned_data)
    return redirect("feedback:round", pk=pk, round_pk=round_pk)


@login_required
@require_POST
def reviewer_revoke(request, pk: int, round_pk: int, reviewer_pk: int):
    reviewer = get_object_or_404(
        selectors.reviewers_of(request.user), pk=reviewer_pk, round_id=round_pk, round__assessment_id=pk
    )
    services.reviewer_revoke(reviewer=reviewer)
    messages.success(request, _("De link van %(name)s werkt niet meer.") % {"name": reviewer.name})
    return redirect("feedback:round", pk=pk, round_pk=round_pk)


@login_required
@require_POST
def questions_save(request, pk: int, round_pk: int):
    feedback_round = _get_round_for_user(request.user, pk, round_pk)
    questions = {key[len("question-") :]: value for key, value in request.POST.items() if key.startswith("question-")}
    try:
        services.questions_save(feedback_round=feedback_round, questions=questions)
    except services.InvalidInput as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("De vragen zijn opgeslagen."))
    return redirect("feedback:round", pk=pk, round_pk=round_pk)


@login_required
@require_POST
def round_settings(request, pk: int, round_pk: int):
    feedback_round = _get_round_for_user(request.user, pk, round_pk)
    services.round_settings(
        feedback_round=feedback_round,
        shared_with_manager=request.POST.get("shared_with_manager") == "1",
        in_pdf=request.POST.get("in_pdf") == "1",
    )
    messages.success(request, _("Opgeslagen."))
    return redirect("feedback:round", pk=pk, round_pk=round_pk)


@login_required
@require_POST
def round_close(request, pk: int, round_pk: int):
    feedback_round = _get_round_for_user(request.user, pk, round_pk)
    services.round_close(feedback_round=feedback_round)
    messages.success(request, _("De ronde is gesloten: de links werken niet meer. Wat er al binnen was, blijft."))
    return redirect("feedback:round", pk=pk, round_pk=round_pk)


@login_required
@require_POST
def round_delete(request, pk: int, round_pk: int):
    feedback_round = _get_round_for_user(request.user, pk, round_pk)
    services.round_delete(feedback_round=feedback_round)
    messages.success(request, _("De ronde en alle antwoorden erin zijn verwijderd."))
    return redirect("feedback:home", pk=pk)


@login_required
def round_qr(request, pk: int, round_pk: int):
    """The volunteers' link as a QR code (SVG), to print on paper."""
    feedback_round = _get_round_for_user(request.user, pk, round_pk)
    if not feedback_round.token:
        return HttpResponse(status=404)
    qr = segno.make(request.build_absolute_uri(feedback_round.get_share_url()), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=6, border=2, title=_("QR-code van de link voor vrijwilligers"))
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
def feedback_csv(request, pk: int):
    """Per item what the owner, the leidinggevende, each reviewer and the volunteers said."""
    assessment = get_assessment_for_user(request.user, pk)
    view = selectors.feedback_view(assessment, viewer=request.user)
    rows = [[_("Code"), _("Onderdeel"), _("Wie"), _("Niveau"), _("Toelichting")]]
    for row in view.items:
        rows.append([row.item.code, row.item.title, _("Jij"), row.own or "", ""])
        if row.manager is not None:
            rows.append([row.item.code, row.item.title, _("Leidinggevende"), row.manager, ""])
        for reviewer in row.reviewers:
            rows.append(
                [
                    row.item.code,
                    row.item.title,
                    csv_text(reviewer.name),
                    reviewer.level or _("weet ik niet"),
                    csv_text(reviewer.comment),
                ]
            )
        for distribution in row.volunteers:
            counts = ", ".join(f"{level.value}: {count}" for level, count in distribution.counts)
            rows.append(
                [
                    row.item.code,
                    row.item.title,
                    csv_text(_("Vrijwilligers (%(round)s)") % {"round": distribution.round_title}),
                    f"{counts}, {_('weet ik niet')}: {distribution.unknown}",
                    "",
                ]
            )
    for summary in view.rounds:
        for comment in summary.comments:
            rows.append(
                [
                    "",
                    "",
                    csv_text(_("Vrijwilligers (%(round)s)") % {"round": summary.round.title}),
                    "",
                    csv_text(comment),
                ]
            )
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{timezone.localdate().isoformat()}.csv"'
    return response


# ---------------------------------------------------------------------------------------
# By a link, without an account


def _levels(assessment):
    return version_content(assessment.version).scale_levels


@never_cache
def review(request, token: str):
    """A reviewer's own page: the chosen items with the level descriptions, nothing of the owner's
    ratings. Sent once; withdrawn while the round is open."""
    reviewer = get_object_or_404(selectors.reviewer_by_token(token))
    feedback_round = reviewer.round
    with translation.override(reviewer.language):
        error = ""
        if request.method == "POST":
            levels = {key[len("level-") :]: value for key, value in request.POST.items() if key.startswith("level-")}
            comments = {
                key[len("comment-") :]: value for key, value in request.POST.items() if key.startswith("comment-")
            }
            try:
                services.review_submit(reviewer=reviewer, levels=levels, comments=comments)
            except services.InvalidInput as refused:
                error = error_message(refused)
            else:
                return redirect("feedback:review", token=token)
        reviewer.refresh_from_db(fields=["submitted_at"])
        answers = {answer.item_id: answer for answer in reviewer.answers.all()} if reviewer.submitted_at else {}
        response = render(
            request,
            "feedback/review.html",
            {
                "reviewer": reviewer,
                "round": feedback_round,
                "owner": feedback_round.assessment.owner,
                "round_items": selectors.round_items(feedback_round),
                "answers": answers,
                "levels": _levels(feedback_round.assessment),
                "posted": request.POST if error else {},
                "error": error,
            },
            status=422 if error else 200,
        )
    return _no_index(response)


@require_POST
def review_withdraw(request, token: str):
    reviewer = get_object_or_404(selectors.reviewer_by_token(token))
    with translation.override(reviewer.language):
        try:
            services.review_withdraw(reviewer=reviewer)
        except services.InvalidInput as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request, _("Je antwoorden zijn ingetrokken. Je kunt opnieuw antwoorden zolang de ronde open is.")
            )
    return redirect("feedback:review", token=token)


def _answered_cookie(feedback_round) -> str:
    """The name of the cookie that says 'this browser answered this round': a hash of the link,
    so the cookie holds no link and nothing about who answered."""
    return "pw_fb_" + hashlib.sha256(feedback_round.token.encode()).hexdigest()[:16]


@never_cache
def volunteer(request, token: str):
    feedback_round = get_object_or_404(selectors.volunteer_round_by_token(token))
    cookie = _answered_cookie(feedback_round)
    answered = request.COOKIES.get(cookie) == "1"
    error, status = "", 200
    if request.method == "POST" and not answered:
        levels = {key[len("level-") :]: value for key, value in request.POST.items() if key.startswith("level-")}
        try:
            services.volunteer_submit(
                feedback_round=feedback_round, levels=levels, comment=request.POST.get("comment", "")
            )
        except services.RateLimited as refused:
            error, status = error_message(refused), 429
        except services.InvalidInput as refused:
            error, status = error_message(refused), 422
        else:
            response = redirect("feedback:volunteer", token=token)
            response.set_cookie(
                cookie,
                "1",
                max_age=int((feedback_round.closes_at - timezone.now()).total_seconds()) + 1,
                path=reverse("feedback:volunteer", args=[token]),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    response = render(
        request,
        "feedback/volunteer.html",
        {
            "round": feedback_round,
            "owner": feedback_round.assessment.owner,
            "round_items": selectors.round_items(feedback_round),
            "levels": _levels(feedback_round.assessment),
            "answered": answered,
            "posted": request.POST if error else {},
            "error": error,
        },
        status=status,
    )
    return _no_index(response)
