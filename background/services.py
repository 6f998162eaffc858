"""Claims that make a mail go out at most once, and running work after the transaction commits.

`later(task, *args)` is how the app hands work to Celery: with a broker configured
(CELERY_BROKER_URL) the task is queued when the current transaction commits, so a worker never
sees data that was rolled back; without one (`make run`, the tests) it runs in this process right
after the commit. A broker that cannot be reached is logged and the work runs here instead.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import MailClaim

log = logging.getLogger(__name__)


def broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def publish(task, *args) -> None:
    """Queue `task` now; if the broker cannot take it, run it here (logged)."""
    from kombu.exceptions import OperationalError

    try:
        task.apply_async(args=args)
    except OperationalError:
        log.exception("The broker did not take %s; running it in this process", task.name)
        task(*args)


def later(task, *args) -> None:
    """Run `task(*args)` after the current transaction commits: queued on the broker, or inline."""
    if broker_configured():
        transaction.on_commit(lambda: publish(task, *args), robust=True)
    else:
        transaction.on_commit(lambda: task(*args), robust=True)


def claim(key: str) -> bool:
    """Take the claim on `key`: True when this caller may send now, False when the mail was sent
    or is being sent (or was lost halfway) by someone else."""
    try:
        with transaction.atomic():
            MailClaim.objects.create(key=key)
        return True
    except IntegrityError:
        pass
    # A claim released after a refused delivery may be taken again, by one caller only.
    taken = MailClaim.objects.filter(key=key, state=MailClaim.State.FAILED).update(
        state=MailClaim.State.SENDING, attempts=F("attempts") + 1
    )
    return taken == 1


def mark_sent(key: str) -> None:
    MailClaim.objects.filter(key=key).update(state=MailClaim.State.SENT, sent_at=timezone.now())


def release(key: str) -> None:
    """The mail server refused the mail (nothing was sent): a retry may claim it again."""
    MailClaim.objects.filter(key=key, state=MailClaim.State.SENDING).update(state=MailClaim.State.FAILED)


# A claim only has to outlive the retries of its mail (8 of them, about 21 minutes in all, see
# `background.tasks.RETRY`) and a message that waits on the broker; a scanronde mail is also kept
# from going twice by its `cycle.models.RoundMail` row, which stays. A month is far beyond both.
CLAIMS_KEPT = timedelta(days=30)


def prune_claims(*, now=None) -> int:
    """Delete the claims of mails made longer than `CLAIMS_KEPT` ago; returns how many."""
    before = (now or timezone.now()) - CLAIMS_KEPT
    deleted, _details = MailClaim.objects.filter(created_at__lt=before).delete()
    return deleted
