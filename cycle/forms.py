import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from . import limits


class AfspraakForm(forms.Form):
    """What the page sends; the service checks it (empty, too long) so every refusal reads the same."""

    text = forms.CharField(
        label=_("Nieuwe afspraak"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": limits.AFSPRAAK_MAX_LENGTH}),
        help_text=_("Wie doet wat, en wanneer kijken jullie ernaar? Hoogstens %(limit)s tekens.")
        % {"limit": limits.AFSPRAAK_MAX_LENGTH},
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
