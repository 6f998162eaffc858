from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MESSAGE_MAX_LENGTH, NAME_MAX_LENGTH, FeedbackRound


class ReviewerForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(label=_("E-mailadres"))
    language = forms.ChoiceField(
        label=_("Taal van de uitnodiging"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )


class RoundForm(forms.Form):
    """A new round: its name, the items it asks about, until when it is open, a personal message."""

    title = forms.CharField(label=_("Naam van de ronde"), max_length=NAME_MAX_LENGTH)
    items = forms.MultipleChoiceField(
        label=_("Waarover wil je feedback?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Dat onderdeel bestaat niet in je zelfscan. Laad de pagina opnieuw.")},
    )
    closes_on = forms.DateField(
        label=_("Open tot en met"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    message = forms.CharField(
        label=_("Persoonlijk bericht (mag leeg blijven)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kind: str, item_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["items"].choices = item_choices
        self.fields["closes_on"].initial = timezone.localdate() + timedelta(days=14)
        if kind == FeedbackRound.Kind.VOLUNTEERS:
            self.fields["title"].initial = _("Vrijwilligers")
            self.fields["message"].label = _("Een woordje vooraf voor de vrijwilligers (mag leeg blijven)")
            self.fields["items"].help_text = _("Kies een paar onderdelen waar vrijwilligers iets van merken.")
        else:
            self.fields["items"].help_text = _("Wie je uitnodigt, ziet alleen deze onderdelen, niet jouw eigen scores.")
            # the first person to invite; more can follow on the round's page
            self.fields["reviewer_name"] = forms.CharField(
                label=_("Wie nodig je uit? Naam"), max_length=NAME_MAX_LENGTH
            )
            self.fields["reviewer_email"] = forms.EmailField(label=_("E-mailadres"))
            self.fields["reviewer_language"] = forms.ChoiceField(
                label=_("Taal van de uitnodiging"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
            )
