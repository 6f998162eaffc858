"""Feedback from others on a zelfscan: invited reviewers by a personal link, and anonymous
volunteer rounds by one shared link.

A `FeedbackRound` belongs to one zelfscan and asks about a few of its items. A round of kind
*reviewers* has one `Reviewer` per invited person, each with a link of their own; a round of
kind *volunteers* has one link to share, and its answers (`VolunteerResponse`) carry no name, no
address, no time and nothing else that could point at who gave them. Everything goes with the
zelfscan (and so with the owner's account): the foreign keys cascade.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from catalog.models import Item

# A volunteer round shows nothing of its answers below this many: a hard floor, not a setting.
MIN_VOLUNTEER_RESPONSES = 3
COMMENT_MAX_LENGTH = 500
MESSAGE_MAX_LENGTH = 1000
QUESTION_MAX_LENGTH = 300
NAME_MAX_LENGTH = 100
ITEMS_PER_ROUND = 10
REVIEWERS_PER_ROUND = 10
ROUNDS_PER_ASSESSMENT = 10
RESPONSES_PER_ROUND = 200  # what one shared link can make the server store
MAX_ROUND_DAYS = 90


def new_token() -> str:
    return secrets.token_urlsafe(32)


class FeedbackRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True, closes_at__gt=timezone.now())


class FeedbackRound(models.Model):
    class Kind(models.TextChoices):
        REVIEWERS = "reviewers", _("Genodigden")
        VOLUNTEERS = "volunteers", _("Vrijwilligers")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="feedback_rounds")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("naam van de ronde"), max_length=NAME_MAX_LENGTH)
    message = models.TextField(_("persoonlijk bericht"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    items = models.ManyToManyField(Item, through="RoundItem", related_name="+")
    # the volunteers' shared link; reviewers each have a link of their own
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    closes_at = models.DateTimeField(_("open tot"))
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    shared_with_manager = models.BooleanField(_("delen met je leidinggevende"), default=False)
    in_pdf = models.BooleanField(_("in je PDF"), default=True)
    refused = models.PositiveIntegerField(
        _("geweigerde antwoorden"), default=0, help_text=_("Antwoorden die over de grens van de link kwamen.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    # moved by every change to what the round shows (answers, withdrawals, switches): a stored PDF
    # that printed the round is rendered again (assessments.pdf.fingerprint)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = FeedbackRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedbackronde")
        verbose_name_plural = _("feedbackrondes")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["reviewers", "volunteers"]), name="feedback_round_kind"),
            models.CheckConstraint(
                condition=Q(kind="reviewers", token__isnull=True) | Q(kind="volunteers", token__isnull=False),
                name="feedback_round_link_for_volunteers",
            ),
            models.CheckConstraint(condition=Q(closes_at__gt=F("created_at")), name="feedback_round_closes_later"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_volunteers(self) -> bool:
        return self.kind == self.Kind.VOLUNTEERS

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.closes_at > timezone.now()

    def get_share_url(self) -> str:
        return reverse("feedback:volunteer", args=[self.token]) if self.token else ""


class RoundItem(models.Model):
    """An item a round asks about; for volunteers in words of the owner's choosing."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="round_items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("vraag"), max_length=QUESTION_MAX_LENGTH, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="feedback_round_item_unique")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.item_id}"


class Reviewer(models.Model):
    """One invited person and their personal link. Revoking stops the link; what they sent stays."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="reviewers")
    name = models.CharField(_("naam"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("e-mailadres"))
    language = models.CharField(_("taal"), max_length=10, choices=settings.LANGUAGES, default="nl")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "email"], name="feedback_reviewer_once_per_round")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("feedback:review", args=[self.token])


class ReviewerAnswer(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("niveau"), null=True, blank=True)  # empty: weet ik niet
    comment = models.TextField(_("toelichting"), max_length=COMMENT_MAX_LENGTH, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "item"], name="feedback_reviewer_answer_unique"),
            models.CheckConstraint(condition=Q(level__isnull=True) | Q(level__gte=1), name="feedback_reviewer_level"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.item_id} {self.level}"


class VolunteerResponse(models.Model):
    """One volunteer's answers: no name, no address, no time, no browser. The comment is shown
    only with the others of its round, sorted, never next to these levels."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="responses")
    comment = models.TextField(_("opmerking"), max_length=COMMENT_MAX_LENGTH, blank=True)

    def __str__(self) -> str:
        return f"{self.round_id}"


class VolunteerAnswer(models.Model):
    response = models.ForeignKey(VolunteerResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True)  # empty: weet ik niet

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="feedback_volunteer_answer_unique"),
            models.CheckConstraint(condition=Q(level__isnull=True) | Q(level__gte=1), name="feedback_volunteer_level"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.item_id} {self.level}"
