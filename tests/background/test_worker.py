"""The background tasks through a real Celery worker and a real broker (Redis).

Run by .ci/run once, with a worker it starts against the test database (marker `worker`):

    CELERY_WORKER_TEST=1 CELERY_BROKER_URL=redis://… EMAIL_FILE_PATH=… pytest -m worker

Elsewhere these tests are skipped. They wait for states in the database, up to a deadline.
"""

import os
import time
from pathlib import Path

import pytest
from django.db import transaction

from assessments import services
from assessments.models import RenderedPdf
from background.models import MailClaim
from profiel import mail
from tests.assessments.conftest import finalise
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("CELERY_WORKER_TEST"), reason="needs a Celery worker (see .ci/run)"),
]

DEADLINE = 60  # seconds; a PDF render takes about one


def wait_for(condition, what: str):
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"the worker did not get there within {DEADLINE} s: {what}")
        time.sleep(0.1)


def sent(key: str) -> bool:
    return MailClaim.objects.filter(key=key, state=MailClaim.State.SENT).exists()


def subjects() -> list[str]:
    folder = Path(os.environ["EMAIL_FILE_PATH"])
    lines = [line for path in folder.glob("*") for line in path.read_text().splitlines()]
    return [line.split(":", 1)[1].strip() for line in lines if line.startswith("Subject:")]


def test_a_worker_sends_a_queued_mail_once(settings):
    assert settings.CELERY_BROKER_URL
    template = {"template": "accounts/email/signup_taken", "context": {"login_url": "https://x/"}}
    before = len(subjects())
    with transaction.atomic():
        mail.send(**template, to="a@example.org", idempotency_key="worker:one")
        mail.send(**template, to="a@example.org", idempotency_key="worker:one")  # the same key again
    mail.send(**template, to="b@example.org", idempotency_key="worker:two")

    wait_for(lambda: sent("worker:one") and sent("worker:two"), "both keys sent")
    # One worker takes the messages in order: the second "worker:one" came before "worker:two".
    assert len(subjects()) - before == 2


def test_a_worker_renders_the_pdf_of_record_when_a_round_is_finalised(profile_version):
    owner = UserFactory()
    assessment = services.assessment_start(owner=owner, framework=profile_version.framework)
    finalise(assessment)  # rates enough items first (limits.FINALISE_MIN_RATED)

    wait_for(lambda: RenderedPdf.objects.filter(assessment=assessment, is_record=True).exists(), "PDF of record")
    record = RenderedPdf.objects.get(assessment=assessment, is_record=True)
    assert bytes(record.content).startswith(b"%PDF")
    assert record.viewer == owner
