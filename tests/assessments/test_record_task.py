"""Finalising a zelfscan renders its PDF of record in the background: queued with a broker, right
after the commit without one. WeasyPrint is replaced by a counter (see test_pdf_once.py)."""

import pytest
from django.urls import reverse

from assessments import pdf, services
from assessments.models import RenderedPdf
from assessments.tasks import render_record_pdf
from tests.assessments.conftest import finalise, rate, rate_enough

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    made = []

    def fake_render(html: str) -> bytes:
        made.append(html)
        return f"render {len(made)}".encode()

    monkeypatch.setattr(pdf, "html_to_pdf", fake_render)
    return made


def test_without_a_broker_the_record_is_rendered_after_the_commit(
    client, assessment, renders, django_capture_on_commit_callbacks
):
    rate(assessment, "10.3.5", 1, 4)
    rate_enough(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_finalise(assessment=assessment)
        assert renders == []  # not inside the transaction
    record = RenderedPdf.objects.get(assessment=assessment, is_record=True)
    assert (record.viewer, record.language, bytes(record.content)) == (assessment.owner, "nl", b"render 1")

    client.force_login(assessment.owner)
    response = client.get(reverse("assessments:pdf", args=[assessment.pk]))
    assert response.content == b"render 1"
    assert len(renders) == 1  # the download served the record


def test_it_is_rendered_in_the_owners_language(assessment, renders, django_capture_on_commit_callbacks):
    assessment.owner.language = "en"
    assessment.owner.save()
    rate_enough(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_finalise(assessment=assessment)
    assert RenderedPdf.objects.get(is_record=True).language == "en"


def test_with_a_broker_it_is_queued_once_on_commit(
    settings, monkeypatch, assessment, renders, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    queued = []
    monkeypatch.setattr(render_record_pdf, "apply_async", lambda args, **options: queued.append(args))
    rate_enough(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_finalise(assessment=assessment)
        services.assessment_finalise(assessment=assessment)  # a double submit
    assert queued == [(assessment.pk, "nl")]
    assert renders == []  # the worker renders it

    render_record_pdf.apply(args=queued[0])
    render_record_pdf.apply(args=queued[0])  # a redelivered message
    assert len(renders) == 1
    assert RenderedPdf.objects.filter(is_record=True).count() == 1


def test_a_draft_or_a_deleted_round_gets_no_record(assessment, renders):
    render_record_pdf.apply(args=(assessment.pk, "nl"))  # still a concept
    render_record_pdf.apply(args=(assessment.pk + 1000, "nl"))  # gone
    assert renders == []
    assert not RenderedPdf.objects.exists()


def test_a_failing_render_is_retried(assessment, monkeypatch, django_capture_on_commit_callbacks):
    attempts = []

    def flaky(html: str) -> bytes:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("out of memory")
        return b"render"

    monkeypatch.setattr(pdf, "html_to_pdf", flaky)
    finalise(assessment)
    render_record_pdf.apply(args=(assessment.pk, "nl"))
    assert len(attempts) == 2
    assert bytes(RenderedPdf.objects.get(is_record=True).content) == b"render"


def test_reopening_and_finalising_again_renders_a_new_record(assessment, renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finalise(assessment)
    services.assessment_reopen(assessment=assessment)
    assert not RenderedPdf.objects.filter(is_record=True).exists()
    rate(assessment, "10.3.5", 1, 4)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_finalise(assessment=assessment)
    assert bytes(RenderedPdf.objects.get(is_record=True).content) == b"render 2"
