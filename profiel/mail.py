"""Every e-mail the app sends goes through `send` (or `send_message` for a finished message).

A mail is three templates side by side: `<name>_subject.txt`, `<name>_body.txt` and,
optionally, `<name>_body.html`. They are rendered here, in the receiver's language, and the
finished message is handed to Django's mail backend. Callers pass what the templates need
and who receives it; they never build a message themselves.

With a broker configured (CELERY_BROKER_URL) the rendered message is queued when the current
transaction commits and a Celery worker delivers it (`background.tasks.send_mail`), retried when
the mail server is away and never twice: every queued mail has a key, claimed in the database
before it is sent (`background.models.MailClaim`). Without a broker it is sent right here, and a
mail server that refuses raises to the caller, as before.
"""

import uuid
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str = ""
    headers: dict = field(default_factory=dict)  # extra headers, such as List-Unsubscribe


def render(
    *, template: str, context: dict, to: str, language: str | None = None, headers: dict | None = None
) -> Message:
    """The finished mail for `to`, rendered in `language` (the site's default when empty)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        try:
            html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return Message(to=to, subject=subject, text=text, html=html, headers=headers or {})


def deliver(message: Message) -> None:
    mail = EmailMultiAlternatives(message.subject, message.text, None, [message.to], headers=message.headers)
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    mail.send()


def deliver_once(message: Message, *, key: str) -> bool:
    """Deliver `message` unless a mail with `key` was sent (or is being sent) already.

    True when it was sent now. A refusal of the mail server releases the key and raises, so a
    retry can send it; nothing sends the same key twice.
    """
    from background import services as background

    if not background.claim(key):
        return False
    try:
        deliver(message)
    except Exception:
        background.release(key)
        raise
    background.mark_sent(key)
    return True


def send_message(message: Message, *, key: str | None = None) -> None:
    """Send a finished message: queued after the commit with a broker, here and now without one.

    `key` (at most 200 characters) makes the mail idempotent: a second mail with the same key is
    not sent, whoever asks for it. Without a key a queued mail still gets one of its own, so a
    retried task does not send it twice.
    """
    from background import services as background
    from background.tasks import send_mail

    if background.broker_configured():
        key = key or f"mail:{uuid.uuid4().hex}"
        transaction.on_commit(lambda: background.publish(send_mail, asdict(message), key))
    elif key:
        deliver_once(message, key=key)
    else:
        deliver(message)


def send(
    *,
    template: str,
    context: dict,
    to: str,
    language: str | None = None,
    idempotency_key: str | None = None,
    headers: dict | None = None,
) -> None:
    """Render the mail `template` (e.g. "accounts/email/invitation") for `to` and send it.

    `idempotency_key`: the same key sends one mail only (see `send_message`). `headers`: extra
    headers of the mail.
    """
    message = render(template=template, context=context, to=to, language=language, headers=headers)
    send_message(message, key=idempotency_key)
