"""The gesprek about a zelfscan: one page for both sides, and the forms on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from profiel.errors import error_message

from . import limits, selectors, services
from .forms import AfspraakForm


def _get_assessment_for_user(user, pk: int):
    assessment = selectors.gesprek_assessment_for(user, pk)
    if assessment is None:
        raise Http404("No gesprek for you here.")
    return assessment


def _get_afspraak_for_user(user, pk: int, afspraak_pk: int):
    afspraak = selectors.afspraak_for(user, pk, afspraak_pk)
    if afspraak is None:
        raise Http404("No such afspraak for you here.")
    return afspraak


def _page(request, assessment, *, form=None, editing=None, status=200):
    gesprek = selectors.gesprek_of(assessment)
    is_owner = assessment.owner_id == request.user.pk
    partner = gesprek.manager if gesprek is not None and gesprek.manager is not None else None
    if partner is None and not is_owner:
        partner = request.user  # the first thing they record or confirm makes it their gesprek
    people = [assessment.owner] + ([partner] if partner is not None else [])
    confirmed = {confirmation.user_id: confirmation for confirmation in gesprek.confirmations.all()} if gesprek else {}
    afspraken = list(gesprek.afspraken.all()) if gesprek else []
    return render(
        request,
        "cycle/gesprek.html",
        {
            "assessment": assessment,
            "gesprek": gesprek,
            "is_owner": is_owner,
            "partner": partner,
            "agenda": selectors.agenda(assessment, partner=partner),
            "afspraken": afspraken,
            "people": [(person, confirmed.get(person.pk)) for person in people],
            "i_confirmed": request.user.pk in confirmed,
            "all_confirmed": bool(afspraken) and all(person.pk in confirmed for person in people),
            "form": form or AfspraakForm(),
            "editing": editing,
            "with_whom_max": limits.WITH_WHOM_MAX_LENGTH,
            "afspraken_left": max(0, limits.AFSPRAKEN_PER_GESPREK - len(afspraken)),
            "step": "gesprek",
        },
        status=status,
    )


@login_required
def gesprek(request, pk: int):
    return _page(request, _get_assessment_for_user(request.user, pk))


@login_required
@require_POST
def afspraak_add(request, pk: int):
    assessment = _get_assessment_for_user(request.user, pk)
    form = AfspraakForm(request.POST)
    if not form.is_valid():  # only the hidden token can be wrong: a form no page of ours sends
        return _page(request, assessment, form=form, status=400)
    try:
        services.afspraak_add(
            assessment=assessment,
            by=request.user,
            text=form.cleaned_data["text"],
            form_token=form.cleaned_data["form_token"],
        )
    except ValidationError as error:
        form.add_error("text", error_message(error))
        return _page(request, assessment, form=form, status=422)
    messages.success(request, _("De afspraak staat erbij. Bevestig de afspraken samen als ze compleet zijn."))
    return redirect("cycle:gesprek", pk=pk)


@login_required
@require_POST
def afspraak_edit(request, pk: int, afspraak_pk: int):
    afspraak = _get_afspraak_for_user(request.user, pk, afspraak_pk)
    text = request.POST.get("text", "")
    try:
        services.afspraak_edit(afspraak=afspraak, by=request.user, text=text)
    except ValidationError as error:
        editing = {"pk": afspraak.pk, "text": text, "error": error_message(error)}
        return _page(request, afspraak.gesprek.assessment, editing=editing, status=422)
    messages.success(request, _("De afspraak is aangepast."))
    return redirect("cycle:gesprek", pk=pk)


@login_required
@require_POST
def afspraak_delete(request, pk: int, afspraak_pk: int):
    afspraak = _get_afspraak_for_user(request.user, pk, afspraak_pk)
    try:
        services.afspraak_delete(afspraak=afspraak, by=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("De afspraak is weggehaald."))
    return redirect("cycle:gesprek", pk=pk)


@login_required
@require_POST
def confirm(request, pk: int):
    assessment = _get_assessment_for_user(request.user, pk)
    try:
        revision = services.parse_revision(request.POST.get("revision"))
        _confirmation, created = services.confirm(assessment=assessment, by=request.user, revision=revision)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        if created:
            messages.success(request, _("Je hebt de afspraken bevestigd."))
        else:
            messages.info(request, _("Je had deze afspraken al bevestigd."))
    return redirect("cycle:gesprek", pk=pk)


@login_required
@require_POST
def with_whom(request, pk: int):
    assessment = _get_assessment_for_user(request.user, pk)
    try:
        services.with_whom_set(assessment=assessment, by=request.user, text=request.POST.get("with_whom", ""))
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("Opgeslagen met wie je het gesprek voert."))
    return redirect("cycle:gesprek", pk=pk)
