"""Forms check the shape of input; the rules live in `accounts.services`.

Choice fields that carry IDs (a team, a person, an invitation) are limited to the
organisation at hand, so a forged ID is an ordinary "not a valid choice" error.
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Invitation, InvitationRole, Organisation, Team, TeamRole, User

PASSWORD_HELP = _("Minstens 8 tekens. Niet alleen cijfers, en niet te makkelijk te raden.")
PASSWORD_MISMATCH = _("De twee wachtwoorden zijn niet hetzelfde. Typ ze nog een keer.")


def _password_field(label, autocomplete="new-password", help_text=""):
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op: hoofdletters tellen mee in je wachtwoord."
        ),
        "inactive": _("Dit account is uitgeschakeld."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mailadres")
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
        self.fields["password"].label = _("Wachtwoord")

    def clean_username(self):
        # No address of ours is this long; refuse it as a wrong login before it reaches the
        # backends (and django-axes' 255-character column).
        username = self.cleaned_data.get("username") or ""
        if len(username) > User._meta.get_field("email").max_length:
            raise self.get_invalid_login_error()
        return username


class NewPasswordMixin:
    """Two password fields that must match and pass the password validators."""

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(PASSWORD_MISMATCH, code="password_mismatch")
        return password2

    def check_password_strength(self, user: User) -> None:
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class SignupForm(NewPasswordMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    name = forms.CharField(
        label=_("Naam"),
        max_length=150,
        help_text=_("Zo zien anderen in je team je naam."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = _password_field(_("Wachtwoord"), help_text=PASSWORD_HELP)
    password2 = _password_field(_("Wachtwoord nog een keer"))

    def clean_email(self):
        # Whether the address already has an account is not this form's business: the
        # answer must be the same either way (accounts.services.user_signup).
        from .services import normalise_email

        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned_data = super().clean()
        self.check_password_strength(User(email=cleaned_data.get("email", ""), name=cleaned_data.get("name", "")))
        return cleaned_data


class InvitationSignupForm(SignupForm):
    """Sign-up from an invitation: the address is the invited one and cannot be changed."""

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        email = self.fields["email"]
        email.disabled = True
        email.initial = invitation.email
        email.help_text = _("De uitnodiging is voor dit adres.")

    def clean_email(self):
        return self.invitation.email  # a disabled field ignores what was posted


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name"]
        labels = {"name": _("Naam")}
        help_texts = {"name": _("Zo zien anderen in je team je naam.")}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("Nieuw e-mailadres"),
        help_text=_("We sturen een link naar het nieuwe adres. Pas als je die opent, log je met dat adres in."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": _("Je huidige wachtwoord klopt niet. Probeer het nog een keer."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nieuw wachtwoord nog een keer")
        self.fields["new_password2"].help_text = ""


class SetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nieuw wachtwoord nog een keer")
        self.fields["new_password2"].help_text = ""


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mailadres")

    def save(self, *args, **kwargs):
        """Send the reset mail, unless this address had its share for now.

        The page answers the same either way, so it tells nobody anything; only the mail
        stays away.
        """
        from . import limits
        from .services import normalise_email

        email = normalise_email(self.cleaned_data["email"])
        if not limits.hit(("password_reset_per_recipient", email)):
            return
        super().save(*args, **kwargs)

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Django's reset mail, rendered as Django does, sent the app's one way (profiel.mail)."""
        from profiel import mail

        subject = " ".join(render_to_string(subject_template_name, context).split())
        text = render_to_string(email_template_name, context)
        html = render_to_string(html_email_template_name, context) if html_email_template_name else ""
        mail.send_message(mail.Message(to=to_email, subject=subject, text=text, html=html))


class AccountDeleteForm(forms.Form):
    password = _password_field(_("Je wachtwoord"), autocomplete="current-password")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Dit wachtwoord klopt niet. Je account is niet verwijderd."), code="password_incorrect"
            )
        return password


# ---------------------------------------------------------------------------------------
# Organisations and teams


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van de organisatie"),
        max_length=150,
        help_text=_("Bijvoorbeeld: Vrijwilligerscentrale Zonnedael, of Buurtinitiatief De Linde."),
    )


class OrganisationDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, verwijder deze organisatie met alles wat erbij hoort"),
        error_messages={"required": _("Vink aan dat je de organisatie echt wilt verwijderen.")},
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Naam van het team"), max_length=100)


class _OrganisationForm(forms.Form):
    """A form about one organisation: choices are limited to what belongs to it."""

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation


def _attributes(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """Django's select, written here rather than by a template per option (some 35 µs each): an
    organisation of 2,000 people has 150 teams to choose from. The same HTML, no optgroups."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            f'\n  <option value="{conditional_escape(option["value"])}"{_attributes(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>\n"
            for _group, choices, _index in widget["optgroups"]
            for option in choices
        )
        opening = f'<select name="{conditional_escape(name)}"{_attributes(widget["attrs"])}>'
        return mark_safe(f"{opening}{options}\n</select>")


class _TeamChoices(forms.models.ModelChoiceIterator):
    """The teams to choose from, labelled as `Team.__str__` does, read as values rather than as
    teams: an organisation of 2,000 people has 150 teams, and building each to print its name
    took most of the 3 ms the select cost."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name, organisation in self.queryset.values_list("pk", "name", "organisation__name"):
            yield (pk, f"{name} ({organisation})")


class _TeamField(forms.ModelChoiceField):
    iterator = _TeamChoices


class InvitationForm(_OrganisationForm):
    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Rol"), choices=InvitationRole.choices, initial=InvitationRole.COORDINATOR)
    team = _TeamField(
        label=_("Team"),
        widget=QuickSelect,
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Geen team (of later kiezen)"),
        error_messages={"invalid_choice": _("Dit team hoort niet bij deze organisatie.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = self.organisation.teams.order_by("name")

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("role") == InvitationRole.ADMIN and cleaned_data.get("team"):
            self.add_error("team", _("Een beheerder nodig je uit voor de hele organisatie. Laat het team leeg."))
        return cleaned_data


class InvitationRevokeForm(_OrganisationForm):
    """Names one open invitation of the organisation (to revoke or to send again)."""

    invitation = forms.ModelChoiceField(queryset=Invitation.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = self.organisation.invitations.open()


class _MemberForm(_OrganisationForm):
    """Names one member of the organisation."""

    user = forms.ModelChoiceField(
        label=_("Wie"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Kies iemand."),
            "invalid_choice": _("Deze persoon hoort niet (meer) bij deze organisatie. Er is niets veranderd."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(organisation_memberships__organisation=self.organisation)


class MemberAdminForm(_MemberForm):
    is_admin = forms.BooleanField(required=False)


class MemberRemoveForm(_MemberForm):
    pass


class TeamMemberForm(_MemberForm):
    """Add a member of the organisation to the team, or change their role in it."""

    role = forms.ChoiceField(label=_("Rol"), choices=TeamRole.choices, initial=TeamRole.COORDINATOR)

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, organisation=team.organisation, **kwargs)
        self.team = team


class TeamMemberRemoveForm(_MemberForm):
    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, organisation=team.organisation, **kwargs)
        self.team = team
