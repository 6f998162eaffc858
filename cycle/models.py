"""The development cycle around a zelfscan: the gesprek with its afspraken, and the scanrondes
that bring a team back to it."""

from django.conf import settings
from django.db import models
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
