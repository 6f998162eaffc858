from django.db import models
from django.utils import timezone


class MailClaim(models.Model):
    """One row per mail key: whoever inserts it first may send that mail, nobody after them.

    A mail is sent at most once. The claim is taken (`sending`) before the mail goes to the mail
    server and marked `sent` after it was accepted. When the mail server refused it (an exception
    from the mail backend: nothing was handed over) the claim goes back to `failed`, and the
    retried task may take it again. A worker that dies between taking the claim and marking it
    leaves `sending`: that mail is not tried again (at most once, never twice).

    The key says nothing about the receiver (no address is kept here).
    """

    class State(models.TextChoices):
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"

    key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"
