"""Every e-mail the app sends goes through `send`.

A mail is three templates side by side: `<name>_subject.txt`, `<name>_body.txt` and,
optionally, `<name>_body.html`. They are rendered here, in the receiver's language, and the
finished message is handed to Django's mail backend. Callers pass what the templates need
and who receives it; they never build a message themselves.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str = ""


def render(*, template: str, context: dict, to: str, language: str | None = None) -> Message:
    """The finished mail for `to`, rendered in `language` (the site's default when empty)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        try:
            html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return Message(to=to, subject=subject, text=text, html=html)


def deliver(message: Message) -> None:
    mail = EmailMultiAlternatives(message.subject, message.text, None, [message.to])
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    mail.send()


def send(*, template: str, context: dict, to: str, language: str | None = None) -> None:
    """Render the mail `template` (e.g. "accounts/email/invitation") for `to` and send it."""
    deliver(render(template=template, context=context, to=to, language=language))
