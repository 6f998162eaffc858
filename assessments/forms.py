import uuid

from django import forms
from django.utils import timezone
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
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _("Die keuze bestaat niet (meer). Laad de pagina opnieuw.")},
            )

    def context_fields(self):
        """(variable, bound field, rows) in the version's order; `rows` holds the field's tick boxes
        in the rows the framework prints them in (one row for most variables)."""
        result = []
        for variable in self.variables:
            field = self[f"context_{variable.code}"]
            boxes = {str(box.data["value"]): box for box in field}
            rows = [[boxes[str(option.pk)] for option in row] for row in variable.option_rows()]
            result.append((variable, field, rows))
        return result

    def option_ids(self) -> list[int]:
        return [int(pk) for variable in self.variables for pk in self.cleaned_data[f"context_{variable.code}"]]


class GoalForm(forms.ModelForm):
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    items = forms.MultipleChoiceField(
        label=_("Bij welke onderdelen hoort dit doel?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies alleen onderdelen die je hebt aangevinkt.")},
    )

    class Meta:
        model = Goal
        # What you fill in first comes first; the (long) list of items to link comes last.
        fields = ["title", "actions", "support", "target_date", "status", "items"]
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
            self.initial["revision"] = self.instance.revision

    def item_groups(self) -> list[dict]:
        """The item choices per part of the profile, with what is chosen, for the grouped and
        searchable list (templates/assessments/_goal_items.html)."""
        chosen = {str(value) for value in (self["items"].value() or [])}
        groups = []
        for label, choices in self.fields["items"].choices:
            options = [
                {
                    "value": value,
                    "code": text.split(" ", 1)[0],
                    "title": text.split(" ", 1)[-1],
                    "checked": value in chosen,
                }
                for value, text in choices
            ]
            groups.append({"label": label, "options": options, "chosen": sum(option["checked"] for option in options)})
        return groups

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("form_token", None)
        data.pop("revision", None)
        data["items"] = [int(pk) for pk in data.get("items", [])]
        return data


class ProgressForm(forms.Form):
    """A dated entry on a goal: what you did and what it brought; optionally a new status."""

    date = forms.DateField(
        label=_("Wanneer?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Schrijf de datum als jaar, maand en dag, bijvoorbeeld 2026-12-05.")},
    )
    did = forms.CharField(
        label=_("Wat deed je?"),
        max_length=limits.PROGRESS_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": limits.PROGRESS_TEXT_MAX_LENGTH}),
        error_messages={
            "required": _("Schrijf kort op wat je deed; dat is de kern van je voortgang."),
            "max_length": _(
                "‘Wat deed je?’ mag hoogstens %(limit_value)d tekens hebben; je hebt er nu %(show_value)d."
            ),
        },
    )
    result = forms.CharField(
        label=_("Wat bracht het?"),
        required=False,
        error_messages={
            "max_length": _(
                "‘Wat bracht het?’ mag hoogstens %(limit_value)d tekens hebben; je hebt er nu %(show_value)d."
            )
        },
        max_length=limits.PROGRESS_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": limits.PROGRESS_TEXT_MAX_LENGTH}),
    )
    status = forms.ChoiceField(
        label=_("Status van het doel"),
        required=False,
        choices=[("", _("laat zoals hij is"))] + list(Goal.Status.choices),
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_token", uuid.uuid4())
        self.initial.setdefault("date", timezone.localdate())
        self.fields["did"].help_text = _("Hoogstens %(limit)s tekens.") % {"limit": limits.PROGRESS_TEXT_MAX_LENGTH}


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Goal.Status.choices,
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
