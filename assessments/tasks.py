"""Background work on assessments (Celery tasks; see profiel/celery.py and background/)."""

from celery import shared_task
from django.utils import translation

from background.tasks import RETRY

from . import pdf
from .models import Assessment


@shared_task(name="assessments.render_record_pdf", **RETRY)
def render_record_pdf(assessment_pk: int, language: str) -> None:
    """Render and keep the PDF of record of a final zelfscan for its owner, in `language`.

    Safe to run twice: `pdf.profile_pdf_for` stores one record per assessment and serves it after.
    A round deleted in the meantime has nothing to render.
    """
    final = Assessment.objects.self_assessments().filter(pk=assessment_pk, status=Assessment.Status.FINAL)
    assessment = final.select_related("owner", "version").first()
    if assessment is None:
        return
    with translation.override(language):
        pdf.profile_pdf_for(assessment, viewer=assessment.owner)
