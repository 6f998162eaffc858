"""The gesprek about a zelfscan: one page for both sides, and the forms on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import mask_email
from profiel.errors import error_message

from . import limits, selectors, services
from .forms import AfspraakForm, ScanrondeForm


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


# ---------------------------------------------------------------------------------------
# Scanrondes


def _get_team_for_planner(user, team_pk: int):
    return get_object_or_404(selectors.teams_planned_by(user), pk=team_pk)


def _get_round_for_planner(user, pk: int):
    scanronde = selectors.round_for(user, pk)
    if scanronde is None:
        raise Http404("No such scanronde for you.")
    return scanronde


@login_required
def rounds(request, team_pk: int):
    """A team's scanrondes, and the form to plan one."""
    team = _get_team_for_planner(request.user, team_pk)
    form = ScanrondeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                scanronde = services.round_plan(
                    team=team, by=request.user, today=timezone.localdate(), **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("De scanronde ‘%(name)s’ staat gepland. Op %(date)s krijgt het team een mail.")
                    % {"name": scanronde.name, "date": date_format(scanronde.opens_on, "j F Y")},
                )
                return redirect("cycle:round", pk=scanronde.pk)
        status = 422
    today = timezone.localdate()
    return render(
        request,
        "cycle/rounds.html",
        {
            "team": team,
            "form": form,
            "rounds": [(scanronde, scanronde.state(today)) for scanronde in selectors.rounds_of(team)],
            "manages": selectors.manages_team(request.user, team),
        },
        status=status,
    )


@login_required
def round_detail(request, pk: int):
    scanronde = _get_round_for_planner(request.user, pk)
    return render(
        request,
        "cycle/round_detail.html",
        {
            "scanronde": scanronde,
            "team": scanronde.team,
            "state": scanronde.state(timezone.localdate()),
            "progress": selectors.round_progress(scanronde, manager=request.user),
        },
    )


@login_required
@require_POST
def round_delete(request, pk: int):
    scanronde = _get_round_for_planner(request.user, pk)
    services.round_delete(scanronde=scanronde)
    messages.success(request, _("De scanronde ‘%(name)s’ is geschrapt.") % {"name": scanronde.name})
    return redirect("cycle:rounds", team_pk=scanronde.team_id)


@login_required
def reminders(request):
    """Whether the person wants reminders about scanrondes (the opening mail always comes)."""
    if request.method == "POST":
        choice = request.POST.get("reminders")
        if choice not in ("0", "1"):
            messages.error(request, _("Kies of je herinneringen wilt krijgen of niet."))
        else:
            services.reminders_set(user=request.user, reminders=choice == "1")
            if choice == "1":
                messages.success(request, _("Je krijgt weer herinneringen over scanrondes."))
            else:
                messages.success(request, _("Je krijgt geen herinneringen meer over scanrondes."))
        return redirect("cycle:reminders")
    return render(request, "cycle/reminders.html", {"wants_reminders": selectors.wants_reminders(request.user)})


@csrf_exempt  # a mail program stops reminders with a bare POST (RFC 8058); the token is the key
def reminders_stop(request, token: str):
    """Turn scanronde reminders off from the link in a reminder, without logging in. Opening the
    link only asks (mail scanners open links); the button, or the mail program's one-click POST,
    turns them off."""
    user = services.reminders_stop_user(token)
    if user is None:
        return render(request, "cycle/reminders_stop.html", {"unknown": True}, status=404)
    if request.method == "POST":
        services.reminders_set(user=user, reminders=False)
        return render(request, "cycle/reminders_stop.html", {"stopped": True, "address": mask_email(user.email)})
    return render(request, "cycle/reminders_stop.html", {"address": mask_email(user.email)})


# ---------------------------------------------------------------------------------------
# The personal home


@login_required
def home(request):
    """Where a login lands: what to do now. A leidinggevende with nothing of their own to do
    goes to their teams; someone with nothing at all yet, to the page where a zelfscan starts."""
    today = timezone.localdate()
    data = selectors.home_for(request.user, today)
    if data.is_empty:
        return redirect("assessments:list")
    if data.teams and not (data.latest or data.rounds or data.to_confirm):
        return redirect("teams:list")
    return render(request, "cycle/home.html", {"home": data, "today": today})
