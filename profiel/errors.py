"""One error convention for every app.

Services refuse bad input by raising Django's `ValidationError` (or a subclass that names the
kind of refusal, such as `assessments.services.AssessmentLocked`), with a message for the person
in their language, keyed by form field where there is one. Nothing is written when they refuse.
Views catch `ValidationError` and show it in one of two ways: on the form (`form.add_error`) or
as a message, always through `error_message`. `str()` of a ValidationError is a list's repr and
never reaches a page.
"""

from django.core.exceptions import ValidationError


def error_message(error: ValidationError) -> str:
    """A service's refusal as one text for a page or a message."""
    return " ".join(error.messages)
