from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length check, with a message that is translated (Django 5.2's Dutch one is missing)."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Je wachtwoord heeft minstens %(min_length)d teken.",
            "Je wachtwoord heeft minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}
