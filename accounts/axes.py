"""What django-axes counts failed logins by: the address in its one normal form.

The login matches an address whatever its case, so the lockout must too: otherwise
`LOCKME@example.net` gets fresh tries after `lockme@example.net` is locked, and a correct
login under one spelling clears the other's lock. Axes keeps the name in a 255-character
column; longer input cannot be an address of ours and is cut to fit rather than fail.
"""

from django.conf import settings

USERNAME_MAX_LENGTH = 255


def username(request, credentials: dict | None = None) -> str | None:
    from .services import normalise_email

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "POST", {}).get(field)
    if raw is None:
        return None
    return normalise_email(str(raw))[:USERNAME_MAX_LENGTH]
