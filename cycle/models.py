"""The development cycle around a zelfscan: the gesprek with its afspraken, and the scanrondes
that bring a team back to it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import limits


class Gesprek(models.Model):
    """The conversation about one zelfscan: its afspraken and who confirmed them.

    Held with the leidinggevende the zelfscan is shared with (`manager`, set when they first
    record or confirm something), or, without one, with whoever the owner names (`with_whom`:
    a coach, an intervisiegroep). Every change to the afspraken moves `revision` and takes back
    every confirmation: a confirmation is of the afspraken as they were read.
    """

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="gesprek")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leidinggevende"),
    )
    with_whom = models.CharField(_("met wie"), max_length=limits.WITH_WHOM_MAX_LENGTH, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")

    def __str__(self) -> str:
        return f"Gesprek over {self.assessment_id}"


class Afspraak(models.Model):
    gesprek = models.ForeignKey(Gesprek, on_delete=models.CASCADE, related_name="afspraken")
    text = models.TextField(_("afspraak"), max_length=limits.AFSPRAAK_MAX_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    form_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gesprek", "form_token"], name="cycle_afspraak_form_token_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Confirmation(models.Model):
    """One side saying "this is what we agreed", for the afspraken at `revision`."""

    gesprek = models.ForeignKey(Gesprek, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bevestiging")
        verbose_name_plural = _("bevestigingen")
        ordering = ["confirmed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["gesprek", "user"], name="cycle_confirmation_once")]

    def __str__(self) -> str:
        return f"{self.user_id} bevestigde {self.gesprek_id} op {self.confirmed_at:%Y-%m-%d}"


class Scanronde(models.Model):
    """A round a team is asked to do: from `opens_on` its coordinators are mailed, reminded
    `reminder_days` before `due_on`, and after `due_on` it is closed."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="scanrondes")
    name = models.CharField(_("naam"), max_length=limits.ROUND_NAME_MAX_LENGTH)
    opens_on = models.DateField(_("open vanaf"))
    due_on = models.DateField(_("klaar op"))
    reminder_days = models.CharField(
        _("herinneringen, dagen vooraf"),
        max_length=30,
        default="7,1",
        help_text=_("Zoveel dagen voor de einddatum krijgt wie nog niet klaar is een herinnering."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scanronde")
        verbose_name_plural = _("scanrondes")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("opens_on")), name="cycle_round_due_after_opening"),
            models.UniqueConstraint(F("team"), Lower("name"), name="cycle_round_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def reminder_offsets(self) -> list[int]:
        """The days before `due_on` on which a reminder goes, largest first."""
        return sorted({int(part) for part in self.reminder_days.split(",") if part.strip().isdigit()}, reverse=True)

    def state(self, today) -> str:
        if today < self.opens_on:
            return "planned"
        return "open" if today <= self.due_on else "closed"


class RoundMail(models.Model):
    """A mail about a scanronde to one person (`kind`: "opened", or "reminder-<days>").

    The row is inserted, under its unique constraint, in the transaction that sends the mail: a
    second scheduler (another server, the next run) that tries the same row waits for the first
    and then finds it taken. A mail that fails rolls its row back, so the next run tries again.
    """

    OPENED = "opened"

    scanronde = models.ForeignKey(Scanronde, on_delete=models.CASCADE, related_name="mails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mail over een scanronde")
        verbose_name_plural = _("mails over scanrondes")
        constraints = [
            models.UniqueConstraint(fields=["scanronde", "user", "kind"], name="cycle_round_mail_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id} ({self.scanronde_id})"


class MailPreference(models.Model):
    """A person's choice about scanronde reminders. No row: they get them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_mails")
    reminders = models.BooleanField(_("herinneringen over scanrondes"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mailvoorkeur")
        verbose_name_plural = _("mailvoorkeuren")

    def __str__(self) -> str:
        return f"{self.user_id}: {'herinneringen' if self.reminders else 'geen herinneringen'}"
