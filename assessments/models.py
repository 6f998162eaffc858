from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import FrameworkVersion


class Assessment(models.Model):
    """A self-assessment (zelfscan), pinned to the framework version it was started on."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        FINAL = "final", _("Definitief")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    finalised_at = models.DateTimeField(_("definitief gemaakt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.owner} — {self.version}"
