import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from . import limits
from .models import Goal


class SituationForm(forms.Form):
    """Mijn situatie: a role title and, per context variable of the version, any number of options."""

    role_title = forms.CharField(
        label=_("Je rol of functie"),
        max_length=limits.ROLE_TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Zoals jij hem zelf noemt, bijvoorbeeld ‘coördinator vrijwilligers buurthuis’."),
    )

    def __init__(self, *args, variables, **kwargs):
        super().__init__(*args, **kwargs)
        self.variables = variables
        for variable in variables:
            self.fields[f"context_{variable.code}"] = forms.MultipleChoiceField(
                label=variable.name,
                required=False,
                choices=[(option.pk, option.label) for option in variable.options.all()],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Die keuze bestaat niet (meer). Laad de pagina opnieuw.")},
            )

    def context_fields(self):
        """(variable, bound field) pairs, in the version's order."""
        return [(variable, self[f"context_{variable.code}"]) for variable in self.variables]

    def option_ids(self) -> list[int]:
        return [int(pk) for variable in self.variables for pk in self.cleaned_data[f"context_{variable.code}"]]


class GoalForm(forms.ModelForm):
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    items = forms.MultipleChoiceField(
        label=_("Bij welke onderdelen hoort dit doel?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies alleen onderdelen die je hebt aangevinkt.")},
    )

    class Meta:
        model = Goal
        fields = ["title", "items", "actions", "support", "target_date", "status"]
        widgets = {
            "actions": forms.Textarea(attrs={"rows": 3, "maxlength": limits.GOAL_TEXT_MAX_LENGTH}),
            "support": forms.Textarea(attrs={"rows": 2, "maxlength": limits.GOAL_TEXT_MAX_LENGTH}),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "actions": _("Bijvoorbeeld een training, meelopen met een collega, of iets uitproberen."),
            "support": _("Tijd, begeleiding, budget, een maatje?"),
        }

    def __init__(self, *args, item_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = item_choices
        self.fields["items"].help_text = _(
            "Hoogstens %(limit)s onderdelen per doel; alleen wat je hebt aangevinkt."
        ) % {"limit": limits.ITEMS_PER_GOAL}
        for name in ("title", "actions", "support"):
            self.fields[name].help_text = " ".join(
                filter(
                    None,
                    [
                        str(self.fields[name].help_text),
                        _("Hoogstens %(limit)s tekens.") % {"limit": self.fields[name].max_length},
                    ],
                )
            )
        if not self.instance.pk:
            self.initial.setdefault("form_token", uuid.uuid4())
        if self.instance.pk:
            self.initial["items"] = [str(pk) for pk in self.instance.items.values_list("pk", flat=True)]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("form_token", None)
        data["items"] = [int(pk) for pk in data.get("items", [])]
        return data
