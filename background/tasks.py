"""Celery tasks of the app. Each one is safe to run twice (a retry, a redelivered message)."""

from celery import shared_task

# Retried with a growing pause (5 s, 10 s, 20 s … up to 10 minutes, 8 times): a mail server or
# database that is away for a while is waited for.
RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="background.send_mail", **RETRY)
def send_mail(message: dict, key: str) -> None:
    """Deliver a mail rendered by `profiel.mail.send`, at most once per `key`."""
    from profiel import mail

    mail.deliver_once(mail.Message(**message), key=key)
