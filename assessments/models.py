from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import ContextOption, FrameworkVersion, Item

NOTE_MAX_LENGTH = 2000
ROLE_TITLE_MAX_LENGTH = 200
GOAL_TEXT_MAX_LENGTH = 2000


class AssessmentQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class Assessment(models.Model):
    """A self-assessment (zelfscan), pinned to the framework version it was started on."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        FINAL = "final", _("Definitief")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    role_title = models.CharField(_("je rol of functie"), max_length=ROLE_TITLE_MAX_LENGTH, blank=True)
    context_options = models.ManyToManyField(ContextOption, blank=True, related_name="+")
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        help_text=_("De ronde waaruit deze zelfscan is voorgevuld."),
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    finalised_at = models.DateTimeField(_("definitief gemaakt op"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", finalised_at__isnull=True) | Q(status="final", finalised_at__isnull=False),
                name="assessments_final_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} — {self.version} ({self.get_status_display()})"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class Answer(models.Model):
    """One keuzemodel item in one assessment: does it apply, where do I stand, where do I want to be.

    Unticking keeps the levels and the note, so a slip of the finger loses nothing; everything
    that reads answers looks at `applies` first.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    applies = models.BooleanField(_("past bij mij"), default=False)
    current = models.PositiveSmallIntegerField(_("nu"), null=True, blank=True)
    desired = models.PositiveSmallIntegerField(_("gewenst"), null=True, blank=True)
    note = models.TextField(_("toelichting"), max_length=NOTE_MAX_LENGTH, blank=True)
    revision = models.PositiveIntegerField(default=1, help_text=_("Telt elke opslag; vangt twee tabbladen op."))
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="assessments_answer_item_unique"),
            models.CheckConstraint(
                condition=Q(current__isnull=True) | Q(current__gte=1), name="assessments_current_level"
            ),
            models.CheckConstraint(
                condition=Q(desired__isnull=True) | Q(desired__gte=1), name="assessments_desired_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.current}→{self.desired}"

    @property
    def is_rated(self) -> bool:
        return self.applies and self.current is not None and self.desired is not None

    @property
    def gap(self) -> int | None:
        return self.desired - self.current if self.is_rated else None


class Goal(models.Model):
    """A development goal in the ontwikkelplan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Nog niet begonnen")
        ACTIVE = "active", _("Bezig")
        DONE = "done", _("Bereikt")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("doel"), max_length=300)
    items = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("onderdelen"))
    actions = models.TextField(_("wat ga je doen?"), max_length=GOAL_TEXT_MAX_LENGTH, blank=True)
    support = models.TextField(_("wat heb je daarvoor nodig?"), max_length=GOAL_TEXT_MAX_LENGTH, blank=True)
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    form_token = models.UUIDField(
        null=True, blank=True, editable=False, help_text=_("Van het formulier dat het doel maakte; vangt dubbel versturen op.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ontwikkeldoel")
        verbose_name_plural = _("ontwikkeldoelen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "form_token"], name="assessments_goal_form_token_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Share(models.Model):
    """The coordinator shows this assessment to one manager. Deleting the row revokes it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="shares")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_with_me")
    created_at = models.DateTimeField(_("gedeeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gedeelde zelfscan")
        verbose_name_plural = _("gedeelde zelfscans")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "manager"], name="assessments_share_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} → {self.manager}"
