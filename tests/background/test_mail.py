"""Mail through profiel.mail: inline without a broker, queued on commit with one, never twice."""

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from background.models import MailClaim
from background.tasks import send_mail
from profiel import mail

pytestmark = pytest.mark.django_db

SIGNUP_TAKEN = {"template": "accounts/email/signup_taken", "context": {"login_url": "https://x/"}}


@pytest.fixture
def broker(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def queued(monkeypatch):
    """What would go to the broker: (args) of each send_mail published."""
    published = []
    monkeypatch.setattr(send_mail, "apply_async", lambda args, **options: published.append(args))
    return published


def test_it_sends_inline_without_a_broker(mailoutbox):
    mail.send(**SIGNUP_TAKEN, to="a@example.org")
    assert [message.to for message in mailoutbox] == [["a@example.org"]]
    assert not MailClaim.objects.exists()  # no key asked for: nothing to remember


def test_the_same_key_sends_one_mail_inline(mailoutbox):
    mail.send(**SIGNUP_TAKEN, to="a@example.org", idempotency_key="reminder:7:2026-12")
    mail.send(**SIGNUP_TAKEN, to="a@example.org", idempotency_key="reminder:7:2026-12")
    assert len(mailoutbox) == 1
    assert MailClaim.objects.get().state == MailClaim.State.SENT


def test_a_refused_mail_raises_inline_and_can_be_sent_again(mailoutbox, monkeypatch):
    real = mail.deliver

    def refused(message):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("profiel.mail.deliver", refused)
    with pytest.raises(ConnectionRefusedError):
        mail.send(**SIGNUP_TAKEN, to="a@example.org", idempotency_key="k")
    assert MailClaim.objects.get().state == MailClaim.State.FAILED

    monkeypatch.setattr("profiel.mail.deliver", real)
    mail.send(**SIGNUP_TAKEN, to="a@example.org", idempotency_key="k")
    assert len(mailoutbox) == 1
    claim = MailClaim.objects.get()
    assert (claim.state, claim.attempts) == (MailClaim.State.SENT, 2)


def test_with_a_broker_it_queues_only_when_the_transaction_commits(
    broker, queued, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            mail.send(**SIGNUP_TAKEN, to="a@example.org", language="en")
            assert queued == []
    assert len(queued) == 1
    assert mailoutbox == []  # a worker sends it, not the request

    message, key = queued[0]
    assert message["to"] == "a@example.org"
    assert message["subject"] == mail.render(**SIGNUP_TAKEN, to="x", language="en").subject  # rendered here
    assert "Iemand" not in message["subject"]  # in the receiver's language, English
    assert key.startswith("mail:")  # a key of its own: a retried task cannot send it twice

    send_mail.apply(args=queued[0])
    send_mail.apply(args=queued[0])  # the broker delivered the message again
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == message["subject"]


def test_nothing_is_queued_when_the_transaction_rolls_back(broker, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            mail.send(**SIGNUP_TAKEN, to="a@example.org")
            raise RuntimeError("the invitation could not be saved")
    assert callbacks == []
    assert queued == []


def test_a_failing_task_is_retried_and_sends_once(mailoutbox, monkeypatch):
    real, calls = mail.deliver, []

    def flaky(message):
        calls.append(message.to)
        if len(calls) == 1:
            raise ConnectionRefusedError("mail server restarting")
        real(message)

    monkeypatch.setattr("profiel.mail.deliver", flaky)
    message = mail.render(**SIGNUP_TAKEN, to="a@example.org")
    send_mail.apply(args=[message.__dict__, "mail:retry"])

    assert calls == ["a@example.org", "a@example.org"]  # tried, refused, retried
    assert len(mailoutbox) == 1
    claim = MailClaim.objects.get(key="mail:retry")
    assert (claim.state, claim.attempts) == (MailClaim.State.SENT, 2)

    send_mail.apply(args=[message.__dict__, "mail:retry"])  # and once more, as a redelivery would
    assert len(mailoutbox) == 1


def test_a_mail_a_worker_died_sending_is_not_sent_again(mailoutbox):
    MailClaim.objects.create(key="mail:halfway", state=MailClaim.State.SENDING)
    message = mail.render(**SIGNUP_TAKEN, to="a@example.org")
    send_mail.apply(args=[message.__dict__, "mail:halfway"])
    assert mailoutbox == []  # at most once: perhaps lost, never twice


def test_a_broker_that_cannot_be_reached_sends_it_here(
    broker, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_mail, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        mail.send(**SIGNUP_TAKEN, to="a@example.org")
    assert len(mailoutbox) == 1
    assert MailClaim.objects.get().state == MailClaim.State.SENT


def test_the_password_reset_mail_goes_the_same_way(broker, queued, client, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    UserFactory(email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password-reset/", {"email": "a@example.org"})
    assert len(queued) == 1
    assert queued[0][0]["to"] == "a@example.org"
    assert "/account/password-reset/" in queued[0][0]["text"]


def test_claims_older_than_a_month_are_pruned_and_newer_ones_stay():
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    now = timezone.now()
    for key, days in (("old-sent", 31), ("old-lost", 40), ("recent", 29), ("today", 0)):
        MailClaim.objects.create(key=key, created_at=now - timedelta(days=days))
    output = io.StringIO()
    call_command("prune_mail_claims", stdout=output)
    assert "2 older than 30 days deleted" in output.getvalue()
    assert set(MailClaim.objects.values_list("key", flat=True)) == {"recent", "today"}
