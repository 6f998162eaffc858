"""Takenpakket and functie (chapter 3 of the profile): what work a coordinator does, at which level
(uitvoerend, tactisch, strategisch) and in how many hours, and what a team's functieprofiel says
the work is. Everything here hangs off an assessment or a functieprofiel and goes with it.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, NormProfile
from catalog.models import Item

from . import limits


class WorkLevels(models.Model):
    """The levels of work the profile distinguishes (chapter 3, Niveau); several may apply at once."""

    uitvoerend = models.BooleanField(_("uitvoerend"), default=False)
    tactisch = models.BooleanField(_("tactisch"), default=False)
    strategisch = models.BooleanField(_("strategisch"), default=False)
    hours = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def levels(self) -> list[str]:
        """The codes of the levels, from uitvoerend up (see `limits.LEVELS`)."""
        return [code for code in limits.LEVELS if getattr(self, code)]


class Takenpakket(models.Model):
    """The hours agreed for the work, for one zelfscan (a contract, a volunteer agreement, or none)."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="takenpakket")
    agreed_hours = models.DecimalField(
        _("afgesproken uren per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    in_profile_pdf = models.BooleanField(
        _("in het profiel-PDF"),
        default=True,
        help_text=_("Of het takenpakket, met de vergelijking met het functieprofiel, in het ontwikkelprofiel staat."),
    )
    # Raised by every save; a form carries the revision it was loaded with, so a second tab's
    # older form is refused instead of silently overwriting (services.takenpakket_save).
    revision = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("takenpakket")
        verbose_name_plural = _("takenpakketten")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_hours__isnull=True)
                | Q(agreed_hours__gte=0, agreed_hours__lte=Decimal(limits.MAX_AGREED_HOURS)),
                name="functie_agreed_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Takenpakket {self.assessment_id}"


class Task(WorkLevels):
    """One taakgebied of a takenpakket: at which levels, and about how many hours a week."""

    takenpakket = models.ForeignKey(Takenpakket, on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        constraints = [
            models.UniqueConstraint(fields=["takenpakket", "item"], name="functie_task_item_unique"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0, hours__lte=Decimal(limits.MAX_TASK_HOURS)),
                name="functie_task_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {', '.join(self.levels)}"


class NormTask(WorkLevels):
    """A taakgebied a functieprofiel names: at which levels, and how many hours a week."""

    profile = models.ForeignKey(NormProfile, on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("taak in het functieprofiel")
        verbose_name_plural = _("taken in het functieprofiel")
        constraints = [
            models.UniqueConstraint(fields=["profile", "item"], name="functie_normtask_item_unique"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0, hours__lte=Decimal(limits.MAX_TASK_HOURS)),
                name="functie_normtask_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {', '.join(self.levels)}"


class Functieomschrijving(models.Model):
    """The owner's edited draft of a functieomschrijving, kept so the edits survive a download."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="functieomschrijving")
    title = models.CharField(_("titel"), max_length=limits.TITLE_MAX_LENGTH, blank=True)
    doel = models.TextField(_("doel van de functie"), max_length=limits.TEXT_MAX_LENGTH, blank=True)
    plaats = models.TextField(_("plaats in de organisatie"), max_length=limits.TEXT_MAX_LENGTH, blank=True)
    taken = models.TextField(_("taken en verantwoordelijkheden"), max_length=limits.TEXT_MAX_LENGTH, blank=True)
    bevoegdheden = models.TextField(_("bevoegdheden"), max_length=limits.TEXT_MAX_LENGTH, blank=True)
    competenties = models.TextField(_("competenties"), max_length=limits.TEXT_MAX_LENGTH, blank=True)
    kennis = models.TextField(_("kennis"), max_length=limits.TEXT_MAX_LENGTH, blank=True)
    with_comparison = models.BooleanField(_("vergelijking met het functieprofiel opnemen"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    SECTIONS = ("doel", "plaats", "taken", "bevoegdheden", "competenties", "kennis")

    class Meta:
        verbose_name = _("functieomschrijving")
        verbose_name_plural = _("functieomschrijvingen")

    def __str__(self) -> str:
        return self.title or f"Functieomschrijving {self.assessment_id}"
