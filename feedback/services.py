"""Workflows of feedback rounds: keyword-only, atomic; bad input raises `InvalidInput` and changes
nothing. Views reach rounds and reviewers through `feedback.selectors` first."""

from datetime import date, datetime, time, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import limits
from accounts.models import normalise_email
from accounts.services import name_as_data
from assessments.models import Assessment, RenderedPdf
from assessments.services import InvalidInput
from catalog.cache import version_content
from profiel import mail

from .models import (
    COMMENT_MAX_LENGTH,
    ITEMS_PER_ROUND,
    MAX_ROUND_DAYS,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    RESPONSES_PER_ROUND,
    REVIEWERS_PER_ROUND,
    ROUNDS_PER_ASSESSMENT,
    FeedbackRound,
    Reviewer,
    ReviewerAnswer,
    RoundItem,
    VolunteerAnswer,
    VolunteerResponse,
    new_token,
)

UNKNOWN = "?"  # "weet ik niet"


class RoundClosed(InvalidInput):
    """The round is closed (by its owner or its end date): nothing can be sent or taken back."""


class RateLimited(InvalidInput):
    """Too many answers came through one volunteer link in a short time."""


def _clean_text(value: str, *, limit: int, what: str) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise InvalidInput(
            _("%(what)s is te lang: %(length)s tekens, er passen er %(limit)s.")
            % {"what": what, "length": len(text), "limit": limit}
        )
    return text


def _closes_at(closes_on: date) -> datetime:
    """The end of the chosen day, in the site's time zone."""
    return timezone.make_aware(datetime.combine(closes_on, time(23, 59, 59)))


def _pdfs_of_others_go(assessment: Assessment) -> None:
    """A manager's stored copy of the profile may print feedback that is no longer shared with them."""
    RenderedPdf.objects.filter(assessment=assessment).exclude(viewer_id=assessment.owner_id).delete()


@transaction.atomic
def round_create(
    *,
    assessment: Assessment,
    kind: str,
    title: str,
    item_codes: list[str],
    closes_on: date,
    message: str = "",
) -> FeedbackRound:
    """A new round on a zelfscan (already read through a selector) about a few of its items."""
    if assessment.is_manager_view:
        raise InvalidInput(_("Feedback vraag je over je eigen zelfscan."))
    if kind not in FeedbackRound.Kind.values:
        raise InvalidInput(_("Kies wie je om feedback vraagt."))
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if assessment.feedback_rounds.count() >= ROUNDS_PER_ASSESSMENT:
        raise InvalidInput(
            _("Je hebt al %(count)s feedbackrondes bij deze zelfscan. Verwijder eerst een oude.")
            % {"count": ROUNDS_PER_ASSESSMENT}
        )
    title = _clean_text(title, limit=NAME_MAX_LENGTH, what=_("De naam van de ronde"))
    if not title:
        raise InvalidInput(_("Geef de ronde een naam, zodat je hem later terugvindt."))
    message = _clean_text(message, limit=MESSAGE_MAX_LENGTH, what=_("Je bericht"))
    codes = list(dict.fromkeys(str(code) for code in item_codes))
    rateable = {item.code: item for item in version_content(assessment.version).items if item.rateable}
    unknown = [code for code in codes if code not in rateable]
    if unknown:
        raise InvalidInput(_("Deze onderdelen bestaan niet in je zelfscan: %(codes)s.") % {"codes": ", ".join(unknown)})
    if not codes:
        raise InvalidInput(_("Kies minstens één onderdeel waarover je feedback wilt."))
    if len(codes) > ITEMS_PER_ROUND:
        raise InvalidInput(
            _("Kies hoogstens %(limit)s onderdelen: dan blijft het kort voor wie antwoordt.")
            % {"limit": ITEMS_PER_ROUND}
        )
    today = timezone.localdate()
    if not isinstance(closes_on, date) or closes_on <= today or closes_on > today + timedelta(days=MAX_ROUND_DAYS):
        raise InvalidInput(_("Kies een einddatum na vandaag en binnen %(days)s dagen.") % {"days": MAX_ROUND_DAYS})
    volunteers = kind == FeedbackRound.Kind.VOLUNTEERS
    feedback_round = FeedbackRound.objects.create(
        assessment=assessment,
        kind=kind,
        title=title,
        message=message,
        closes_at=_closes_at(closes_on),
        token=new_token() if volunteers else None,
    )
    RoundItem.objects.bulk_create(
        RoundItem(
            round=feedback_round,
            item=rateable[code],
            position=index,
            question=rateable[code].title[:QUESTION_MAX_LENGTH] if volunteers else "",
        )
        for index, code in enumerate(codes)
    )
    return feedback_round


def _lock_open(feedback_round: FeedbackRound) -> FeedbackRound:
    locked = FeedbackRound.objects.select_for_update().get(pk=feedback_round.pk)
    if not locked.is_open:
        raise RoundClosed(_("Deze feedbackronde is gesloten. Er kan niets meer bij of af."))
    return locked


def _reviewer_limits(*, owner, email: str) -> tuple[tuple[str, str], ...]:
    # the same limits as an organisation's invitations: per sending account, per receiving address
    return (("invitation_per_account", str(owner.pk)), ("invitation_per_recipient", email))


@transaction.atomic
def reviewer_invite(*, feedback_round: FeedbackRound, name: str, email: str, language: str, base_url: str) -> Reviewer:
    """Invite one person by e-mail; the mail carries their own link. Over a mail limit, or when the
    mail cannot be sent, nothing is saved."""
    owner = feedback_round.assessment.owner
    if not owner.email_verified:
        raise InvalidInput(_("Bevestig eerst je e-mailadres. Klik op de link in de e-mail die we je stuurden."))
    if feedback_round.is_volunteers:
        raise InvalidInput(_("In een vrijwilligersronde deel je één link; daar nodig je niemand persoonlijk uit."))
    feedback_round = _lock_open(feedback_round)
    name = _clean_text(name, limit=NAME_MAX_LENGTH, what=_("De naam"))
    if not name:
        raise InvalidInput(_("Vul de naam in van wie je uitnodigt."))
    email = normalise_email(str(email or ""))
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Vul een geldig e-mailadres in.")) from None
    if email == normalise_email(owner.email):
        raise InvalidInput(_("Jezelf uitnodigen hoeft niet: jouw kijk staat al in je zelfscan."))
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Kies een taal voor de uitnodiging."))
    if feedback_round.reviewers.filter(email=email).exists():
        raise InvalidInput(_("%(email)s heb je voor deze ronde al uitgenodigd.") % {"email": email})
    if feedback_round.reviewers.count() >= REVIEWERS_PER_ROUND:
        raise InvalidInput(_("Een ronde heeft hoogstens %(limit)s genodigden.") % {"limit": REVIEWERS_PER_ROUND})
    checks = _reviewer_limits(owner=owner, email=email)
    if not limits.allowed(*checks):
        raise InvalidInput(
            _("Er zijn net al veel e-mails naar dit adres of vanuit je account verstuurd. Probeer het later nog eens.")
        )
    reviewer = Reviewer.objects.create(round=feedback_round, name=name, email=email, language=language)
    if not limits.hit(*checks):
        raise InvalidInput(
            _("Er zijn net al veel e-mails naar dit adres of vanuit je account verstuurd. Probeer het later nog eens.")
        )
    mail.send(
        template="feedback/email/review_invitation",
        context={
            "reviewer": reviewer,
            "owner": name_as_data(owner.name or owner.email.split("@")[0]),
            "message": feedback_round.message,
            "closes_at": feedback_round.closes_at,
            "url": urljoin(base_url, reviewer.get_absolute_url()),
        },
        to=email,
        language=language,
    )
    return reviewer


@transaction.atomic
def reviewer_revoke(*, reviewer: Reviewer) -> None:
    """The link stops working at once; what the person already sent stays with the owner."""
    Reviewer.objects.filter(pk=reviewer.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def _level(raw, levels: set[int], code: str):
    """A posted level: a value of the scale, UNKNOWN ("weet ik niet"), or empty (not answered)."""
    raw = str(raw or "").strip()
    if raw in ("", UNKNOWN):
        return raw
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value not in levels:
        raise InvalidInput(
            _("Bij %(code)s staat een niveau dat niet bestaat. Kies er een uit de lijst.") % {"code": code}
        )
    return value


@transaction.atomic
def review_submit(*, reviewer: Reviewer, levels: dict, comments: dict) -> Reviewer:
    """A reviewer's answers, once per link: {item code: level or "?"} and {item code: comment}.

    A second send (a double click, a second tab, a forwarded link) changes nothing; to answer
    again the reviewer first withdraws what they sent."""
    reviewer = Reviewer.objects.select_for_update().select_related("round__assessment__version").get(pk=reviewer.pk)
    feedback_round = _lock_open(reviewer.round)
    if reviewer.revoked_at is not None:
        raise RoundClosed(_("Deze link is ingetrokken."))
    if reviewer.submitted_at is not None:
        raise InvalidInput(_("Je feedback is al verstuurd. Wil je iets veranderen? Trek hem dan eerst in."))
    scale = version_content(feedback_round.assessment.version).scale_values
    rows = []
    for round_item in feedback_round.round_items.select_related("item"):
        code = round_item.item.code
        level = _level(levels.get(code), scale, code)
        comment = _clean_text(
            comments.get(code, ""), limit=COMMENT_MAX_LENGTH, what=_("Je toelichting bij %(code)s") % {"code": code}
        )
        if level == "" and not comment:
            continue
        rows.append(
            ReviewerAnswer(
                reviewer=reviewer, item=round_item.item, level=None if level == UNKNOWN else level, comment=comment
            )
        )
    if not rows:
        raise InvalidInput(
            _("Je hebt nog niets ingevuld. Kies bij minstens één onderdeel een niveau of ‘weet ik niet’.")
        )
    ReviewerAnswer.objects.bulk_create(rows)
    reviewer.submitted_at = timezone.now()
    reviewer.save(update_fields=["submitted_at"])
    _touch(feedback_round)
    return reviewer


@transaction.atomic
def review_withdraw(*, reviewer: Reviewer) -> None:
    """The reviewer takes back everything they sent, while the round is open."""
    reviewer = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
    feedback_round = _lock_open(reviewer.round)
    reviewer.answers.all().delete()
    reviewer.submitted_at = None
    reviewer.save(update_fields=["submitted_at"])
    _touch(feedback_round)


def _touch(feedback_round: FeedbackRound) -> None:
    """What the round shows changed: a stored PDF that printed it is made again."""
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(changed_at=timezone.now())


def _count_refused(feedback_round: FeedbackRound) -> None:
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(refused=F("refused") + 1)


def volunteer_submit(*, feedback_round: FeedbackRound, levels: dict, comment: str = "") -> VolunteerResponse:
    """One anonymous answer through the shared link. Too many through one link in an hour (or in
    all) are refused and counted for the owner to see."""
    with transaction.atomic():
        feedback_round = _lock_open(feedback_round)
        scale = version_content(feedback_round.assessment.version).scale_values
        round_items = list(feedback_round.round_items.select_related("item"))
        answers = {}
        for round_item in round_items:
            level = _level(levels.get(round_item.item.code), scale, round_item.item.code)
            if level != "":
                answers[round_item.item] = None if level == UNKNOWN else level
        comment = _clean_text(comment, limit=COMMENT_MAX_LENGTH, what=_("Je opmerking"))
        if not answers:
            raise InvalidInput(_("Kies bij minstens één vraag een antwoord (of ‘weet ik niet’)."))
        full = feedback_round.responses.count() >= RESPONSES_PER_ROUND
    if full or not limits.hit(("volunteer_answers_per_link", feedback_round.token)):
        _count_refused(feedback_round)
        raise RateLimited(_("Er komen nu heel veel antwoorden binnen via deze link. Probeer het later nog eens."))
    with transaction.atomic():
        _lock_open(feedback_round)
        response = VolunteerResponse.objects.create(round=feedback_round, comment=comment)
        VolunteerAnswer.objects.bulk_create(
            VolunteerAnswer(response=response, item=item, level=level) for item, level in answers.items()
        )
        _touch(feedback_round)
    return response


@transaction.atomic
def questions_save(*, feedback_round: FeedbackRound, questions: dict) -> None:
    """The owner's own words for the volunteers' questions ({item code: text}), until the first answer."""
    feedback_round = _lock_open(feedback_round)
    if feedback_round.responses.exists():
        raise InvalidInput(_("Er zijn al antwoorden binnen: de vragen blijven nu zoals ze zijn."))
    changed = []
    for round_item in feedback_round.round_items.select_related("item"):
        code = round_item.item.code
        if code not in questions:
            continue
        text = _clean_text(questions[code], limit=QUESTION_MAX_LENGTH, what=_("De vraag bij %(code)s") % {"code": code})
        if not text:
            raise InvalidInput(_("De vraag bij %(code)s is leeg.") % {"code": code})
        round_item.question = text
        changed.append(round_item)
    RoundItem.objects.bulk_update(changed, ["question"])


@transaction.atomic
def round_close(*, feedback_round: FeedbackRound) -> None:
    now = timezone.now()
    FeedbackRound.objects.filter(pk=feedback_round.pk, closed_at__isnull=True).update(closed_at=now, changed_at=now)


@transaction.atomic
def round_settings(*, feedback_round: FeedbackRound, shared_with_manager: bool, in_pdf: bool) -> None:
    """Whether the round goes along with the zelfscan to the leidinggevende, and into the PDF."""
    stored = FeedbackRound.objects.select_for_update().select_related("assessment").get(pk=feedback_round.pk)
    was_shared = stored.shared_with_manager
    stored.shared_with_manager, stored.in_pdf, stored.changed_at = shared_with_manager, in_pdf, timezone.now()
    stored.save(update_fields=["shared_with_manager", "in_pdf", "changed_at"])
    if was_shared and not shared_with_manager:
        _pdfs_of_others_go(feedback_round.assessment)


@transaction.atomic
def round_delete(*, feedback_round: FeedbackRound) -> None:
    """The round with every answer in it; its links stop working."""
    assessment = feedback_round.assessment
    feedback_round.delete()
    _pdfs_of_others_go(assessment)


@transaction.atomic
def round_start(
    *,
    assessment: Assessment,
    kind: str,
    title: str,
    item_codes: list[str],
    closes_on: date,
    message: str = "",
    reviewer: dict | None = None,
    base_url: str = "",
) -> FeedbackRound:
    """A new round and, for reviewers, the first invitation: both or neither."""
    feedback_round = round_create(
        assessment=assessment, kind=kind, title=title, item_codes=item_codes, closes_on=closes_on, message=message
    )
    if kind == FeedbackRound.Kind.REVIEWERS:
        reviewer_invite(feedback_round=feedback_round, base_url=base_url, **(reviewer or {}))
    return feedback_round
