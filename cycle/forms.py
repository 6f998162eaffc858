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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScanrondeForm(forms.Form):
    """The dates are parsed here; the service checks the rest (names, order, reminders)."""

    name = forms.CharField(
        label=_("Naam"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": limits.ROUND_NAME_MAX_LENGTH}),
        help_text=_("Bijvoorbeeld ‘Voorjaar 2027’."),
    )
    opens_on = forms.DateField(
        label=_("Open vanaf"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Vul een datum in, zoals 2027-03-01.")},
    )
    due_on = forms.DateField(
        label=_("Graag klaar op"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Vul een datum in, zoals 2027-04-15.")},
    )
    reminder_days = forms.CharField(
        label=_("Herinneringen, dagen voor de einddatum"),
        required=False,
        initial="7,1",
        widget=forms.TextInput(attrs={"maxlength": 30, "inputmode": "numeric"}),
        help_text=_(
            "Wie nog niet klaar is, krijgt op die dagen een herinnering (iedereen kan ze zelf uitzetten). "
            "Leeg: geen herinneringen."
        ),
    )
