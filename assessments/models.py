from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import ContextOption, FrameworkVersion, Item

from . import limits


class AssessmentQuerySet(models.QuerySet):
    def self_assessments(self):
        return self.filter(subject__isnull=True)

    def manager_assessments(self):
        return self.filter(subject__isnull=False)


class Assessment(models.Model):
    """An assessment pinned to the framework version it was started on.

    Usually a self-assessment (zelfscan): `subject` is empty and the owner rates themselves.
    A manager's view has the manager as owner, the team member as `subject`, and the
    member's self-assessment it answers as `counterpart`; it uses the same answers and pages.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        FINAL = "final", _("Definitief")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments_about_me",
        help_text=_("Leeg bij een zelfscan; bij de kijk van een leidinggevende: over wie het gaat."),
    )
    counterpart = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="manager_views",
        help_text=_("De zelfscan waar deze kijk van de leidinggevende naast staat."),
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    role_title = models.CharField(_("je rol of functie"), max_length=limits.ROLE_TITLE_MAX_LENGTH, blank=True)
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
    # Codes of the sections (onderdelen) the author has opened, so progress can tell "not looked
    # at yet" from "looked at, nothing filled in". Written by services.section_visit only.
    visited_sections = models.JSONField(_("bekeken onderdelen"), default=list, blank=True)

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
            models.CheckConstraint(
                condition=Q(subject__isnull=True, counterpart__isnull=True)
                | Q(subject__isnull=False, counterpart__isnull=False),
                name="assessments_manager_view_has_counterpart",
            ),
            models.UniqueConstraint(
                fields=["owner", "counterpart"],
                condition=Q(counterpart__isnull=False),
                name="assessments_one_manager_view_per_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} — {self.version} ({self.get_status_display()})"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def is_manager_view(self) -> bool:
        return self.subject_id is not None


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
    note = models.TextField(_("toelichting"), max_length=limits.NOTE_MAX_LENGTH, blank=True)
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


class Goal(models.Model):
    """A development goal. It belongs to the person, not to one round: it is in the ontwikkelplan
    of every round it was made in or carried into (`rounds`), and it keeps its status and progress
    across rounds. Its items are linked by the item of a version; a round on a newer version moves
    the links to the items with the same codes (`services.goals_carry`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Nog niet begonnen")
        ACTIVE = "active", _("Bezig")
        DONE = "done", _("Bereikt")
        STOPPED = "stopped", _("Gestopt")

    OPEN = (Status.PLANNED, Status.ACTIVE)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    rounds = models.ManyToManyField(
        Assessment,
        blank=True,
        related_name="goals",
        help_text=_("De rondes waarin dit doel in het ontwikkelplan staat."),
    )
    title = models.CharField(_("doel"), max_length=limits.GOAL_TITLE_MAX_LENGTH)
    items = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("onderdelen"))
    actions = models.TextField(_("wat ga je doen?"), max_length=limits.GOAL_TEXT_MAX_LENGTH, blank=True)
    support = models.TextField(_("wat heb je daarvoor nodig?"), max_length=limits.GOAL_TEXT_MAX_LENGTH, blank=True)
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    closed_at = models.DateTimeField(_("bereikt of gestopt op"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, help_text=_("Telt elke opslag; vangt twee tabbladen op."))
    form_token = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("Van het formulier dat het doel maakte; vangt dubbel versturen op."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ontwikkeldoel")
        verbose_name_plural = _("ontwikkeldoelen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "form_token"], name="assessments_goal_owner_form_token_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["done", "stopped"], closed_at__isnull=False)
                | Q(status__in=["planned", "active"], closed_at__isnull=True),
                name="assessments_goal_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class GoalProgress(models.Model):
    """A dated entry on a goal: what I did, what it brought. Added at any time, also after the
    round is final: the plan outlives the round."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField(_("datum"), default=timezone.localdate)
    did = models.TextField(_("wat deed je?"), max_length=limits.PROGRESS_TEXT_MAX_LENGTH)
    result = models.TextField(_("wat bracht het?"), max_length=limits.PROGRESS_TEXT_MAX_LENGTH, blank=True)
    form_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "form_token"], name="assessments_progress_form_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.did[:40]}"


class AssessmentEvent(models.Model):
    """The history of a round: when it was made final and when it was opened again, and by whom.

    The owner reads it on the round's last step; it says plainly that a final round was reopened.
    """

    class Action(models.TextChoices):
        FINALISED = "finalised", _("Definitief gemaakt")
        REOPENED = "reopened", _("Weer geopend")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("wat"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("wanneer"), default=timezone.now)

    class Meta:
        verbose_name = _("gebeurtenis van een ronde")
        verbose_name_plural = _("gebeurtenissen van een ronde")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class Share(models.Model):
    """The owner shows this assessment to one person: a coordinator to a manager of their team,
    a manager their view to the member it is about. Deleting the row revokes it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="shares")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_with_me")
    created_at = models.DateTimeField(_("gedeeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gedeelde zelfscan")
        verbose_name_plural = _("gedeelde zelfscans")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "viewer"], name="assessments_share_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} → {self.viewer}"


class NormProfile(models.Model):
    """A functieprofiel: the levels a role in a team needs, to compare members against."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="norm_profiles")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=limits.NORM_NAME_MAX_LENGTH)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("functieprofiel")
        verbose_name_plural = _("functieprofielen")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="assessments_norm_name_unique")]

    def __str__(self) -> str:
        return self.name


class NormLevel(models.Model):
    profile = models.ForeignKey(NormProfile, on_delete=models.CASCADE, related_name="levels")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("niveau"))

    class Meta:
        verbose_name = _("gevraagd niveau")
        verbose_name_plural = _("gevraagde niveaus")
        constraints = [
            models.UniqueConstraint(fields=["profile", "item"], name="assessments_norm_item_unique"),
            models.CheckConstraint(condition=Q(level__gte=1), name="assessments_norm_level_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.level}"


class RenderedPdf(models.Model):
    """A profile PDF as it was rendered, kept so the same content is rendered only once.

    `fingerprint` says what the PDF shows (see `pdf.fingerprint`): one copy per assessment, viewer
    and language, replaced when the content changes. The first download of a final round by its
    owner is kept as the document of record (`is_record`): byte for byte the PDF that was
    discussed, whatever changes later in the framework or the templates. Copies go with the
    assessment and with the viewer's account; a revoked share deletes the manager's copies.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="rendered_pdfs")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    fingerprint = models.CharField(max_length=64)
    is_record = models.BooleanField(default=False)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "viewer", "language"],
                condition=Q(is_record=False),
                name="assessments_pdf_one_copy",
            ),
            models.UniqueConstraint(
                fields=["assessment"], condition=Q(is_record=True), name="assessments_pdf_one_record"
            ),
        ]

    def __str__(self) -> str:
        return f"PDF of {self.assessment_id} for {self.viewer_id} ({self.language})"
