"""Workflows of the development cycle. Views call these; they check the rules and write atomically.

Refusals are `ValidationError`s with a message for the person (see `profiel.errors`); nothing is
written when they refuse. The views have already checked that `by` may open the gesprek
(`cycle.selectors.gesprek_assessment_for`).
"""

import logging
from datetime import timedelta
from urllib.parse import urljoin

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import team_coordinators
from assessments.models import Assessment
from profiel import mail

from . import limits, selectors
from .models import Afspraak, Confirmation, Gesprek, MailPreference, RoundMail, Scanronde

log = logging.getLogger(__name__)


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
    if by.pk != assessment.owner_id and gesprek.manager_id != by.pk:
        if not selectors.open_to_manager(gesprek, by):
            _refuse(_("Dit gesprek voert de coördinator met iemand anders."), "not_yours")
        # not bound yet, or bound to a leidinggevende who no longer has the zelfscan shared
        gesprek.manager = by
        gesprek.save(update_fields=["manager", "updated_at"])
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
        if not selectors.partner_left(gesprek):
            _refuse(_("Dit gesprek voer je met je leidinggevende; dat verandert hier niet."), "has_manager")
        gesprek.manager = None  # they no longer see the zelfscan: the owner holds it with someone else
        unbound = True
    else:
        unbound = False
    if unbound or gesprek.with_whom != text:
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


# ---------------------------------------------------------------------------------------
# Scanrondes


def parse_reminder_days(raw) -> str:
    """ "7, 1" → "7,1": up to REMINDERS_PER_ROUND whole numbers of days, each 1–REMINDER_LONGEST_DAYS."""
    parts = [part.strip() for part in str(raw or "").split(",") if part.strip()]
    if len(parts) > limits.REMINDERS_PER_ROUND or not all(
        part.isascii() and part.isdigit() and len(part) <= 3 and 1 <= int(part) <= limits.REMINDER_LONGEST_DAYS
        for part in parts
    ):
        raise ValidationError(
            {
                "reminder_days": _(
                    "Geef hoogstens %(count)s aantallen dagen, gescheiden door komma’s, elk van 1 tot %(longest)s "
                    "(bijvoorbeeld 7,1). Leeg: geen herinneringen."
                )
                % {"count": limits.REMINDERS_PER_ROUND, "longest": limits.REMINDER_LONGEST_DAYS}
            },
            code="invalid",
        )
    return ",".join(str(days) for days in sorted({int(part) for part in parts}, reverse=True))


@transaction.atomic
def round_plan(*, team, by, name: str, opens_on, due_on, reminder_days, today) -> Scanronde:
    """Plan a scanronde for `team` (the view checked that `by` may). Sent twice (a double
    click), the same round comes back; a name is used once per team."""
    name = " ".join(str(name or "").split())
    errors = {}
    if not name:
        errors["name"] = _("Geef de scanronde een naam, bijvoorbeeld ‘Voorjaar 2027’.")
    elif len(name) > limits.ROUND_NAME_MAX_LENGTH:
        errors["name"] = _("Een naam heeft hoogstens %(limit)s tekens.") % {"limit": limits.ROUND_NAME_MAX_LENGTH}
    if opens_on is None:
        errors["opens_on"] = _("Kies vanaf wanneer de ronde open is.")
    elif opens_on < today:
        errors["opens_on"] = _("Een ronde kan niet in het verleden beginnen; kies vandaag of later.")
    if due_on is None:
        errors["due_on"] = _("Kies wanneer de ronde klaar moet zijn.")
    elif opens_on is not None and due_on < opens_on:
        errors["due_on"] = _("De einddatum ligt op of na de dag dat de ronde opent.")
    elif opens_on is not None and (due_on - opens_on).days > limits.ROUND_LONGEST_DAYS:
        errors["due_on"] = _("Een ronde duurt hoogstens een jaar.")
    try:
        reminder_days = parse_reminder_days(reminder_days)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors, code="invalid")
    existing = Scanronde.objects.filter(team=team, name__iexact=name).first()
    if existing is not None:
        if (existing.opens_on, existing.due_on, existing.reminder_days) == (opens_on, due_on, reminder_days):
            return existing  # the same form twice
        raise ValidationError({"name": _("Dit team heeft al een scanronde met deze naam.")}, code="taken")
    try:
        with transaction.atomic():
            return Scanronde.objects.create(
                team=team, name=name, opens_on=opens_on, due_on=due_on, reminder_days=reminder_days, created_by=by
            )
    except IntegrityError:  # the same name a moment ago, in another tab
        raise ValidationError({"name": _("Dit team heeft al een scanronde met deze naam.")}, code="taken") from None


@transaction.atomic
def round_delete(*, scanronde: Scanronde) -> None:
    Scanronde.objects.filter(pk=scanronde.pk).delete()


@transaction.atomic
def reminders_set(*, user, reminders: bool) -> None:
    MailPreference.objects.update_or_create(user=user, defaults={"reminders": reminders})


# The link in a reminder that turns reminders off without logging in (and the List-Unsubscribe
# header that lets a mail program do it in one click, RFC 8058). It names the person, signed with
# SECRET_KEY, and can do one thing only: stop that person's reminders. It does not expire: a
# reminder read months later must still be able to stop the next one.
STOP_SALT = "cycle.reminders-stop"


def reminders_stop_token(user) -> str:
    return signing.dumps(user.pk, salt=STOP_SALT)


def reminders_stop_user(token: str):
    """The person `token` names, or None when it is not one of ours or its person is gone."""
    try:
        user_pk = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=user_pk, is_active=True).first()


def _due_kind(scanronde: Scanronde, today) -> str | None:
    """The reminder due today (the most urgent whose day has come), or None. A reminder whose day
    falls on or before the opening is left out: the opening mail says the due date already."""
    due = None
    for days in scanronde.reminder_offsets():  # largest first
        day = scanronde.due_on - timedelta(days=days)
        if scanronde.opens_on < day <= today:
            due = f"reminder-{days}"
    return due


def _finished(scanronde: Scanronde) -> set[int]:
    return set(
        Assessment.objects.self_assessments()
        .filter(
            owner__in=team_coordinators(scanronde.team),
            created_at__date__gte=scanronde.opens_on,
            status=Assessment.Status.FINAL,
        )
        .values_list("owner_id", flat=True)
    )


def _send_one(*, scanronde: Scanronde, user, kind: str, base_url: str, covers: str | None = None) -> bool:
    """Claim the row and send, in one transaction: True when this call sent the mail. `covers`:
    a reminder due today that this (opening) mail makes unnecessary; its row is claimed too."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                RoundMail.objects.create(scanronde=scanronde, user=user, kind=kind)
        except IntegrityError:  # another run (or server) sent it, or is sending it now
            return False
        if covers:
            RoundMail.objects.get_or_create(scanronde=scanronde, user=user, kind=covers)
        template = "cycle/email/round_opened" if kind == RoundMail.OPENED else "cycle/email/round_reminder"
        stop_url = urljoin(base_url, reverse("cycle:reminders_stop", args=[reminders_stop_token(user)]))
        # A reminder may be stopped from the mail program (RFC 8058: it POSTs to the link); the opening
        # mail always comes, so it offers no such header.
        headers = {}
        if kind != RoundMail.OPENED:
            headers = {"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        mail.send(
            template=template,
            headers=headers,
            context={
                "user": user,
                "scanronde": scanronde,
                "team": scanronde.team,
                "url": urljoin(base_url, reverse("assessments:list")),
                "stop_url": stop_url,
            },
            to=user.email,
            language=user.language,
            idempotency_key=f"scanronde:{scanronde.pk}:{user.pk}:{kind}",
        )
    return True


def round_mails_send(*, today, base_url: str) -> dict[str, int]:
    """Every scanronde mail due `today` that was not sent yet: the opening mail to each coordinator
    of an open round, and its reminder to those who have not finished and did not opt out.
    Members who left the team get nothing; a closed round (past its due date) sends nothing.
    Safe to run at any time, as often and on as many servers as you like."""
    sent = {"opened": 0, "reminder": 0, "failed": 0}
    rounds = Scanronde.objects.filter(opens_on__lte=today, due_on__gte=today).select_related("team")
    for scanronde in rounds:
        members = [member for member in team_coordinators(scanronde.team) if member.is_active and member.email_verified]
        already = set(RoundMail.objects.filter(scanronde=scanronde).values_list("user_id", "kind"))
        reminder = _due_kind(scanronde, today)
        finished = _finished(scanronde) if reminder else set()
        opted_out = (
            set(MailPreference.objects.filter(reminders=False, user__in=members).values_list("user_id", flat=True))
            if reminder
            else set()
        )
        for member in members:
            wants_reminder = (
                reminder is not None
                and (member.pk, reminder) not in already
                and member.pk not in finished
                and member.pk not in opted_out
            )
            jobs = []
            if (member.pk, RoundMail.OPENED) not in already:
                # the opening mail names the due date: it stands in for a reminder due today
                jobs.append(("opened", RoundMail.OPENED, reminder))
            elif wants_reminder:
                jobs.append(("reminder", reminder, None))
            for counter, kind, covers in jobs:
                try:
                    if _send_one(scanronde=scanronde, user=member, kind=kind, base_url=base_url, covers=covers):
                        sent[counter] += 1
                except Exception:  # the mail server refused: nothing was kept, the next run tries again
                    log.exception("Scanronde %s: the %s mail to user %s failed", scanronde.pk, kind, member.pk)
                    sent["failed"] += 1
    return sent
