"""Workflows of the development cycle. Views call these; they check the rules and write atomically.

Refusals are `ValidationError`s with a message for the person (see `profiel.errors`); nothing is
written when they refuse. The views have already checked that `by` may open the gesprek
(`cycle.selectors.gesprek_assessment_for`).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessments.models import Assessment

from . import limits
from .models import Afspraak, Confirmation, Gesprek


class GesprekChanged(ValidationError):
    """The afspraken changed after the page that confirms them was loaded (the other side, a tab)."""

    def __init__(self):
        super().__init__(
            _(
                "Niet bevestigd: de afspraken zijn intussen veranderd. Lees ze hieronder nog eens en "
                "bevestig dan opnieuw."
            ),
            code="stale",
        )


def _refuse(message: str, code: str = "invalid"):
    raise ValidationError(message, code=code)


def _clean_text(raw, *, limit: int, label: str, required: bool) -> str:
    text = str(raw or "").strip()
    if "\x00" in text:
        _refuse(_("‘%(field)s’ bevat een teken dat niet kan worden bewaard.") % {"field": label})
    if required and not text:
        _refuse(_("Schrijf de afspraak op in een paar woorden."), "required")
    if len(text) > limit:
        _refuse(
            _("‘%(field)s’ mag hoogstens %(limit)s tekens hebben; je hebt er nu %(count)s.")
            % {"field": label, "limit": limit, "count": len(text)},
            "too_long",
        )
    return text


def _locked_gesprek(assessment: Assessment, by) -> Gesprek:
    """The gesprek under a row lock, made on first use. A leidinggevende who writes in a gesprek
    that is not bound to anyone yet becomes its leidinggevende."""
    gesprek, _created = Gesprek.objects.get_or_create(assessment=assessment)
    gesprek = Gesprek.objects.select_for_update().get(pk=gesprek.pk)
    if by.pk != assessment.owner_id:
        if gesprek.manager_id is None and not gesprek.with_whom:
            gesprek.manager = by
            gesprek.save(update_fields=["manager", "updated_at"])
        elif gesprek.manager_id != by.pk:
            _refuse(_("Dit gesprek voert de coördinator met iemand anders."), "not_yours")
    return gesprek


def _changed(gesprek: Gesprek) -> None:
    """The afspraken are different now: a new revision, and nobody has confirmed it yet."""
    gesprek.confirmations.all().delete()
    gesprek.revision += 1
    gesprek.save()


@transaction.atomic
def afspraak_add(*, assessment: Assessment, by, text: str, form_token=None) -> Afspraak:
    """Record one afspraak. Sent twice with the same `form_token` (a double submit), it is made once."""
    text = _clean_text(text, limit=limits.AFSPRAAK_MAX_LENGTH, label=_("Afspraak"), required=True)
    gesprek = _locked_gesprek(assessment, by)
    if form_token is not None:
        existing = gesprek.afspraken.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    if gesprek.afspraken.count() >= limits.AFSPRAKEN_PER_GESPREK:
        _refuse(
            _("Er staan al %(limit)s afspraken, het maximum. Voeg er een paar samen of haal er een weg.")
            % {"limit": limits.AFSPRAKEN_PER_GESPREK},
            "full",
        )
    afspraak = Afspraak.objects.create(gesprek=gesprek, text=text, author=by, form_token=form_token)
    _changed(gesprek)
    return afspraak


@transaction.atomic
def afspraak_edit(*, afspraak: Afspraak, by, text: str) -> Afspraak:
    text = _clean_text(text, limit=limits.AFSPRAAK_MAX_LENGTH, label=_("Afspraak"), required=True)
    gesprek = _locked_gesprek(afspraak.gesprek.assessment, by)
    afspraak = gesprek.afspraken.select_for_update().filter(pk=afspraak.pk).first()
    if afspraak is None:
        _refuse(_("Deze afspraak bestaat niet meer."), "gone")
    if afspraak.text != text:
        afspraak.text = text
        afspraak.save(update_fields=["text", "updated_at"])
        _changed(gesprek)
    return afspraak


@transaction.atomic
def afspraak_delete(*, afspraak: Afspraak, by) -> None:
    gesprek = _locked_gesprek(afspraak.gesprek.assessment, by)
    deleted, _details = gesprek.afspraken.filter(pk=afspraak.pk).delete()
    if deleted:  # deleted twice (two tabs): the second time nothing changes
        _changed(gesprek)


@transaction.atomic
def with_whom_set(*, assessment: Assessment, by, text: str) -> Gesprek:
    """The owner names who they hold the gesprek with, when it is not with their leidinggevende."""
    if by.pk != assessment.owner_id:
        _refuse(_("Alleen de coördinator zelf kiest met wie het gesprek is."), "not_owner")
    text = _clean_text(text, limit=limits.WITH_WHOM_MAX_LENGTH, label=_("Met wie"), required=False)
    gesprek = _locked_gesprek(assessment, by)
    if gesprek.manager_id is not None:
        _refuse(_("Dit gesprek voer je met je leidinggevende; dat verandert hier niet."), "has_manager")
    if gesprek.with_whom != text:
        gesprek.with_whom = text
        _changed(gesprek)
    return gesprek


@transaction.atomic
def confirm(*, assessment: Assessment, by, revision: int) -> tuple[Confirmation, bool]:
    """`by` confirms the afspraken as they read them (`revision`). Returns the confirmation and
    whether it is new: confirming twice keeps the first one and its time."""
    gesprek = _locked_gesprek(assessment, by)
    if not gesprek.afspraken.exists():
        _refuse(_("Er zijn nog geen afspraken om te bevestigen."), "empty")
    if revision != gesprek.revision:
        raise GesprekChanged()
    existing = gesprek.confirmations.filter(user=by).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            confirmation = Confirmation.objects.create(gesprek=gesprek, user=by, revision=gesprek.revision)
    except IntegrityError:  # pragma: no cover - the row lock above makes this a double submit only
        return gesprek.confirmations.get(user=by), False
    gesprek.save(update_fields=["updated_at"])  # the PDF prints who confirmed when
    return confirmation, True


def parse_revision(raw) -> int:
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        _refuse(_("Niet bevestigd: het formulier is niet compleet aangekomen. Laad de pagina opnieuw."))
    return int(text)
