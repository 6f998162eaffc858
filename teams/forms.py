from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import NormProfile
from catalog.models import Framework


class NormProfileForm(forms.Form):
    """A new functieprofiel: a name, and the framework whose current version it describes."""

    name = forms.CharField(
        label=_("Nieuw functieprofiel"),
        max_length=NormProfile._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"placeholder": _("Bijvoorbeeld: Coördinator vrijwilligers")}),
    )
    framework = forms.ModelChoiceField(
        label=_("Profiel"),
        queryset=Framework.objects.filter(versions__published_at__isnull=False).distinct(),
        to_field_name="code",
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.only_framework = None
        frameworks = list(self.fields["framework"].queryset)
        if len(frameworks) == 1:  # nothing to choose: take the only one
            self.only_framework = frameworks[0]
            self.fields["framework"].widget = forms.HiddenInput()
            self.fields["framework"].required = False

    def clean_framework(self):
        return self.cleaned_data["framework"] or self.only_framework
