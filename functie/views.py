"""Mijn takenpakket and the functieomschrijving (the owner's pages), and the team's work (a manager's).

Views find their object through the selectors (`assessments.selectors`, `accounts.selectors`),
else 404, and leave reading to `functie.selectors` and writing to `functie.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from assessments.pdf import organisation_name
from assessments.services import AssessmentLocked, InvalidInput, parse_revision
from assessments.views import get_assessment_for_user
from profiel.errors import error_message

from . import documents, limits, selectors, services
from .draft import draft
from .models import Functieomschrijving
from .package import level_choices, situation_notes

# A form names at most this many taakgebieden (the profile has 13, the Bouwstenen 22).
MAX_ENTRIES = 100


def entries_from_post(post) -> dict:
    """{code: {"levels": [...], "hours": "…"}} from the takenpakket form (or a forged one)."""
    codes = list(dict.fromkeys(post.getlist("task")))
    for key in post:
        for prefix in ("levels-", "hours-"):
            if key.startswith(prefix) and key[len(prefix) :] not in codes:
                codes.append(key[len(prefix) :])
    if len(codes) > MAX_ENTRIES:
        raise InvalidInput(_("Het formulier is niet compleet aangekomen. Laad de pagina opnieuw."))
    return {code: {"levels": post.getlist(f"levels-{code}"), "hours": post.get(f"hours-{code}", "")} for code in codes}


@login_required
def takenpakket(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    submitted = None
    error = ""
    revision = None  # the form's revision: the stored one, unless a refusal says otherwise
    if request.method == "POST":
        try:
            services.takenpakket_save(
                assessment=assessment,
                agreed_hours=request.POST.get("agreed_hours", ""),
                entries=entries_from_post(request.POST),
                in_profile_pdf=request.POST.get("in_profile_pdf") == "1",
                revision=parse_revision(request.POST.get("revision", "")),
            )
        except AssessmentLocked as refusal:
            messages.info(request, error_message(refusal))
            return redirect("functie:takenpakket", pk=pk)
        except InvalidInput as refusal:
            error = error_message(refusal)
            submitted = request.POST
            # a refused form keeps the revision it came with, unless sending it again is the answer
            revision = getattr(refusal, "revision", request.POST.get("revision", ""))
        else:
            messages.success(request, _("Je takenpakket is bewaard."))  # the page shows any warning
            return redirect("functie:takenpakket", pk=pk)
    package = selectors.package_for(assessment)
    situation = selectors.situation_of(assessment)
    rows = package.rows
    if submitted is not None:  # a refused form shows what was typed, not what is stored
        for row in rows:
            row.levels = submitted.getlist(f"levels-{row.item.code}")
            row.typed_hours = submitted.get(f"hours-{row.item.code}", "")
    return render(
        request,
        "functie/takenpakket.html",
        {
            "assessment": assessment,
            "package": package,
            "situation": situation,
            "situation_notes": situation_notes(package, situation),
            "comparisons": selectors.comparisons_for_owner(assessment, package),
            "previous": None
            if assessment.is_final or package.has_tasks
            else selectors.previous_takenpakket(assessment),
            "error": error,
            "revision": package.revision if revision is None else revision,
            "agreed_typed": submitted.get("agreed_hours", "") if submitted is not None else None,
            "in_profile_pdf": (
                submitted.get("in_profile_pdf") == "1" if submitted is not None else selectors.in_profile_pdf(package)
            ),
            "limits": limits,
            "level_choices": level_choices(),
            "step": "takenpakket",
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def takenpakket_from_previous(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    try:
        count = services.takenpakket_from_previous(assessment=assessment)
    except (AssessmentLocked, InvalidInput) as refusal:
        messages.info(request, error_message(refusal))
    else:
        messages.success(
            request,
            ngettext(
                "Je takenpakket van de vorige ronde is overgenomen: %(count)s taakgebied. Kijk of het nog klopt.",
                "Je takenpakket van de vorige ronde is overgenomen: %(count)s taakgebieden. Kijk of het nog klopt.",
                count,
            )
            % {"count": count},
        )
    return redirect("functie:takenpakket", pk=pk)


def _document_values(assessment, package, organisation: str) -> dict:
    """The owner's edited text if there is one, else a fresh draft from the takenpakket."""
    stored = selectors.functieomschrijving_of(assessment)
    if stored is not None:
        values = {name: getattr(stored, name) for name in ("title", *Functieomschrijving.SECTIONS)}
        values["with_comparison"] = stored.with_comparison
        return values
    values = draft(
        assessment=assessment,
        package=package,
        situation=selectors.situation_of(assessment),
        organisation=organisation,
        ticked_by_area=selectors.ticked_by_area(assessment),
    )
    values["with_comparison"] = True
    return values


@login_required
def functieomschrijving(request, pk: int):
    """The draft functieomschrijving: drafted from the takenpakket and edited here; the download
    links (GET, `functieomschrijving_download`) give the text as last saved."""
    assessment = get_assessment_for_user(request.user, pk)
    package = selectors.package_for(assessment)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "reset":
            services.functieomschrijving_reset(assessment=assessment)
            messages.success(request, _("De tekst is opnieuw opgesteld uit je takenpakket."))
            return redirect("functie:functieomschrijving", pk=pk)
        try:
            services.functieomschrijving_save(assessment=assessment, data=request.POST)
        except InvalidInput as refusal:
            error = error_message(refusal)
            values = {name: request.POST.get(name, "") for name in ("title", *Functieomschrijving.SECTIONS)}
            values["with_comparison"] = bool(request.POST.get("with_comparison"))
        else:
            messages.success(request, _("Je functieomschrijving is bewaard. Download hem hieronder als PDF of Word."))
            return redirect("functie:functieomschrijving", pk=pk)
    else:
        values = _document_values(assessment, package, organisation_name(assessment.owner))
    return render(
        request,
        "functie/functieomschrijving.html",
        {
            "assessment": assessment,
            "package": package,
            "values": values,
            "fields": [(name, label, values.get(name, "")) for name, label in documents.section_labels()],
            "comparisons": selectors.comparisons_for_owner(assessment, package),
            "error": error,
            "limits": limits,
            "step": "takenpakket",
        },
        status=422 if error else 200,
    )


DOWNLOADS = {"pdf": "application/pdf", "docx": documents.DOCX_CONTENT_TYPE}


@never_cache
@login_required
def functieomschrijving_download(request, pk: int, extension: str):
    """The functieomschrijving as it was last saved (or as drafted), as PDF or Word."""
    assessment = get_assessment_for_user(request.user, pk)
    if extension not in DOWNLOADS:
        raise Http404("No such format.")
    package = selectors.package_for(assessment)
    organisation = organisation_name(assessment.owner)
    values = _document_values(assessment, package, organisation)
    render_document = documents.document_pdf if extension == "pdf" else documents.document_docx
    content = render_document(
        assessment=assessment,
        values=values,
        comparisons=selectors.comparisons_for_owner(assessment, package) if values["with_comparison"] else [],
        organisation=organisation,
    )
    response = HttpResponse(content, content_type=DOWNLOADS[extension])
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(assessment, extension)}"'
    return response
