"""Account pages, the organisation pages for admins, and accepting invitations.

Views are thin: an access helper scopes every object to what the person may see (404
otherwise), a form checks the input's shape, a service in `accounts.services` does the
work. A `ValidationError` from a service becomes a form error; nothing is saved then.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from profiel.errors import error_message

from . import selectors, services
from .forms import (
    AccountDeleteForm,
    EmailChangeForm,
    InvitationForm,
    InvitationRevokeForm,
    InvitationSignupForm,
    LoginForm,
    MemberAdminForm,
    MemberRemoveForm,
    OrganisationDeleteForm,
    OrganisationForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
    TeamForm,
    TeamMemberForm,
    TeamMemberRemoveForm,
)
from .models import Invitation, Organisation, Team, TeamRole, User

logger = logging.getLogger(__name__)


def _get_organisation_for_admin(user: User, pk: int) -> Organisation:
    """The organisation, if `user` is one of its admins; a 404 for everyone else."""
    return get_object_or_404(selectors.organisations_administered_by(user), pk=pk)


def _get_team_for_admin(user: User, organisation_pk: int, team_pk: int) -> Team:
    organisation = _get_organisation_for_admin(user, organisation_pk)
    team = get_object_or_404(organisation.teams, pk=team_pk)
    team.organisation = organisation
    return team


def _add_error(form, error: ValidationError) -> None:
    """Show a service's complaint on the form: by field where the form has that field."""
    if hasattr(error, "error_dict") and all(field in form.fields for field in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


def _posted(request):
    """The submitted data for a form on a page that both shows and takes it."""
    return request.POST if request.method == "POST" else None


def _form_errors(form) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


# ---------------------------------------------------------------------------------------
# Signing up, logging in, the profile


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not settings.SIGNUP_OPEN:
        return render(request, "accounts/signup_closed.html")
    form = SignupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        # A new address and one that already has an account get the same answer: the
        # owner of a taken address gets a mail instead (the service decides which).
        try:
            services.user_signup(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                base_url=request.build_absolute_uri("/"),
                client=request.META.get(settings.CLIENT_IP_HEADER, ""),
            )
        except ValidationError as error:
            form.add_error(None, error_message(error))
        else:
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return render(request, "accounts/signup_done.html")


def email_confirm(request, token: str):
    """The link from the confirmation mail: a button, so that a mail scanner opening links confirms nothing."""
    if request.method != "POST":
        return render(request, "accounts/email_confirm.html", {"token": token})
    try:
        user = services.email_confirm(token=token)
    except ValidationError as error:
        return render(request, "accounts/email_confirm.html", {"error": error_message(error)}, status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("Je e-mailadres %(email)s is bevestigd. Dank je!") % {"email": user.email})
        return redirect("accounts:profile")
    messages.success(request, _("Je e-mailadres %(email)s is bevestigd. Log nu in.") % {"email": user.email})
    return redirect("accounts:login")


@login_required
@require_POST
def email_confirm_resend(request):
    if request.user.email_verified:
        messages.info(request, _("Je e-mailadres is al bevestigd."))
    elif services.email_confirmation_send(user=request.user, base_url=request.build_absolute_uri("/")):
        messages.success(
            request, _("We hebben een nieuwe link gestuurd naar %(email)s.") % {"email": request.user.email}
        )
    else:
        messages.error(
            request,
            _("We hebben je net al een paar links gestuurd. Kijk in je mail, of probeer het over een uur nog eens."),
        )
    return redirect("accounts:profile")


def _render_profile(request, *, form=None, email_form=None):
    context = {
        "form": form or ProfileForm(instance=request.user),
        "email_form": email_form or EmailChangeForm(),
        "organisations": selectors.my_organisations(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def profile(request):
    form = ProfileForm(_posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Je naam is opgeslagen."))
        return redirect("accounts:profile")
    return _render_profile(request, form=form)


@login_required
@require_POST
def email_change(request):
    email_form = EmailChangeForm(request.POST)
    if email_form.is_valid():
        try:
            email = services.email_change_request(
                user=request.user, email=email_form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            _add_error(email_form, error)
        else:
            messages.success(
                request,
                _(
                    "We hebben een link gestuurd naar %(email)s. Open die om het nieuwe adres te bevestigen. "
                    "Tot dan log je in met je huidige adres."
                )
                % {"email": email},
            )
            return redirect("accounts:profile")
    return _render_profile(request, email_form=email_form)


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Je wachtwoord is gewijzigd.")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # The link came by mail to this address: whoever opened it can read that mail.
        response = super().form_valid(form)
        services.mark_email_verified(user=form.user)
        return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            logout(request)
            messages.success(request, _("Je account en al je gegevens zijn verwijderd. Bedankt voor het gebruiken."))
            return redirect("home")
    impact = services.account_deletion_impact(request.user)
    return render(request, "accounts/account_delete.html", {"form": form, "impact": impact})


# ---------------------------------------------------------------------------------------
# Organisations


def _render_organisation_list(request, form: OrganisationForm):
    # Only an account that has proved its address sees what was sent to that address.
    context = {
        "organisations": selectors.my_organisations(request.user),
        "invitations": selectors.invitations_for(request.user),
        "form": form,
    }
    return render(request, "accounts/organisation_list.html", context)


@login_required
def organisation_list(request):
    return _render_organisation_list(request, OrganisationForm())


@login_required
@require_POST
def organisation_create(request):
    form = OrganisationForm(request.POST)
    if form.is_valid():
        try:
            organisation = services.organisation_create(name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is aangemaakt en jij bent de beheerder. Maak een team of nodig mensen uit.")
                % {"organisation": organisation},
            )
            return redirect(organisation)
    return _render_organisation_list(request, form)


def _page_links(request, name: str, page) -> dict:
    """`<name>_previous` and `<name>_next`: links to the neighbouring pages of one list on the page,
    keeping where the other lists are (people: `?page=`, teams: `?teams=`)."""
    key = "page" if name == "people" else name

    def link(number: int) -> str:
        query = request.GET.copy()
        query[key] = number
        return f"?{query.urlencode()}#{name}"

    return {
        f"{name}_previous": link(page.previous_page_number()) if page.has_previous() else "",
        f"{name}_next": link(page.next_page_number()) if page.has_next() else "",
    }


def _render_organisation(
    request, organisation: Organisation, *, invitation_form=None, team_form=None, rename_form=None
):
    """The admin's page: people (a page at a time), teams, invitations. Its query count does not grow with them."""
    people = selectors.organisation_people(
        organisation, page=request.GET.get("page"), teams_page=request.GET.get("teams")
    )
    if invitation_form is None:
        invitation_form = InvitationForm(organisation=organisation, initial={"team": request.GET.get("team")})
    context = {
        "organisation": organisation,
        "people": people.page,
        "memberships": people.page.object_list,
        "admin_count": people.admin_count,
        "member_admin_url": reverse("accounts:member_admin", args=[organisation.pk]),  # once, not per person
        "member_remove_url": reverse("accounts:member_remove", args=[organisation.pk]),
        "teams": people.teams,
        **_page_links(request, "people", people.page),
        **_page_links(request, "teams", people.teams),
        "invitations": organisation.invitations.open().select_related("team", "invited_by"),
        "invitation_form": invitation_form,
        "team_form": team_form or TeamForm(),
        "rename_form": rename_form or OrganisationForm(initial={"name": organisation.name}),
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
def organisation_detail(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    return _render_organisation(request, organisation)


@login_required
@require_POST
def team_create(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            team = services.team_create(organisation=organisation, name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("Team %(team)s is aangemaakt. Voeg er nu mensen aan toe.") % {"team": team.name}
            )
            return redirect(team)
    return _render_organisation(request, organisation, team_form=form)


@login_required
@require_POST
def invitation_create(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    form = InvitationForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                team=form.cleaned_data["team"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _add_error(form, error)
        except (smtplib.SMTPException, OSError):
            logger.exception("The invitation e-mail could not be sent")
            form.add_error(
                None, _("De e-mail kon nu niet worden verstuurd. Er is niets opgeslagen. Probeer het zo nog eens.")
            )
        else:
            messages.success(
                request,
                _("De uitnodiging is verstuurd naar %(email)s.") % {"email": invitation.email},
            )
            return redirect(organisation)
    return _render_organisation(request, organisation, invitation_form=form)


@login_required
@require_POST
def invitation_resend(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    form = InvitationRevokeForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _("Deze uitnodiging bestaat niet meer. Er is niets veranderd."))
        return redirect(organisation)
    try:
        invitation = services.invitation_resend(
            invitation=form.cleaned_data["invitation"], by=request.user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, error_message(error))
    except (smtplib.SMTPException, OSError):
        logger.exception("The invitation e-mail could not be sent again")
        messages.error(
            request, _("De e-mail kon nu niet worden verstuurd. Er is niets veranderd. Probeer het zo nog eens.")
        )
    else:
        messages.success(
            request,
            _("De uitnodiging is opnieuw verstuurd naar %(email)s, met een nieuwe link. De oude link werkt niet meer.")
            % {"email": invitation.email},
        )
    return redirect(organisation)


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    form = InvitationRevokeForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _("Deze uitnodiging bestaat niet meer. Er is niets veranderd."))
        return redirect(organisation)
    invitation = form.cleaned_data["invitation"]
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email})
    return redirect(organisation)


@login_required
@require_POST
def member_admin(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    form = MemberAdminForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(organisation)
    user, is_admin = form.cleaned_data["user"], form.cleaned_data["is_admin"]
    try:
        services.organisation_admin_set(organisation=organisation, user=user, is_admin=is_admin, by=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
        return redirect(organisation)
    if is_admin:
        messages.success(request, _("%(person)s is nu beheerder van de organisatie.") % {"person": user})
    else:
        messages.success(request, _("%(person)s is geen beheerder meer.") % {"person": user})
    if user == request.user and not is_admin:
        return redirect("accounts:organisation_list")
    return redirect(organisation)


@login_required
@require_POST
def member_remove(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    form = MemberRemoveForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(organisation)
    user = form.cleaned_data["user"]
    try:
        services.organisation_member_remove(organisation=organisation, user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
        return redirect(organisation)
    messages.success(
        request,
        _("%(person)s hoort niet meer bij %(organisation)s.") % {"person": user, "organisation": organisation},
    )
    if user == request.user:
        return redirect("accounts:organisation_list")
    return redirect(organisation)


@login_required
@require_POST
def organisation_rename(request, pk: int):
    organisation = _get_organisation_for_admin(request.user, pk)
    form = OrganisationForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_rename(organisation=organisation, name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("De organisatie heet nu %(name)s.") % {"name": organisation.name})
            return redirect(organisation)
    organisation.refresh_from_db(fields=["name"])
    return _render_organisation(request, organisation, rename_form=form)


@login_required
def organisation_delete(request, pk: int):
    """A page that names what goes, then the deletion itself."""
    organisation = _get_organisation_for_admin(request.user, pk)
    form = OrganisationDeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        name = organisation.name
        services.organisation_delete(organisation=organisation, by=request.user)
        messages.success(request, _("%(name)s is verwijderd.") % {"name": name})
        return redirect("accounts:organisation_list")
    context = {
        "organisation": organisation,
        "impact": services.organisation_deletion_impact(organisation),
        "form": form,
    }
    return render(request, "accounts/organisation_delete.html", context)


AUDIT_PAGE_SIZE = 50


@login_required
def organisation_audit(request, pk: int):
    """What happened in the organisation, newest first; for its admins only."""
    organisation = _get_organisation_for_admin(request.user, pk)
    events = organisation.audit_events.order_by("-created_at", "-id")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_audit.html", {"organisation": organisation, "page": page})


# ---------------------------------------------------------------------------------------
# Teams


def _render_team(request, team: Team, *, rename_form=None, add_form=None):
    memberships = list(team.memberships.select_related("user").order_by("user__name", "user__email"))
    in_team = {membership.user_id for membership in memberships}
    candidates = [user for user in selectors.organisation_members(team.organisation_id) if user.pk not in in_team]
    if add_form is None:
        add_form = TeamMemberForm(team=team)
    add_form.fields["user"].choices = [("", _("Kies iemand"))] + [(user.pk, str(user)) for user in candidates]
    context = {
        "organisation": team.organisation,
        "team": team,
        "memberships": memberships,
        "candidates": candidates,
        "roles": TeamRole.choices,
        "rename_form": rename_form or TeamForm(initial={"name": team.name}),
        "add_form": add_form,
    }
    return render(request, "accounts/team_detail.html", context)


@login_required
def team_detail(request, pk: int, team_pk: int):
    team = _get_team_for_admin(request.user, pk, team_pk)
    return _render_team(request, team)


@login_required
@require_POST
def team_rename(request, pk: int, team_pk: int):
    team = _get_team_for_admin(request.user, pk, team_pk)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            services.team_rename(team=team, name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            team.refresh_from_db(fields=["name"])
            _add_error(form, error)
        else:
            messages.success(request, _("Het team heet nu %(team)s.") % {"team": team.name})
            return redirect(team)
    return _render_team(request, team, rename_form=form)


@login_required
@require_POST
def team_member_add(request, pk: int, team_pk: int):
    team = _get_team_for_admin(request.user, pk, team_pk)
    form = TeamMemberForm(request.POST, team=team)
    if form.is_valid():
        user, role = form.cleaned_data["user"], form.cleaned_data["role"]
        try:
            membership = services.team_member_add(team=team, user=user, role=role, by=request.user)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("%(person)s zit nu in het team, als %(role)s.")
                % {"person": user, "role": membership.get_role_display().lower()},
            )
            return redirect(team)
    return _render_team(request, team, add_form=form)


@login_required
@require_POST
def team_member_role(request, pk: int, team_pk: int):
    team = _get_team_for_admin(request.user, pk, team_pk)
    form = TeamMemberForm(request.POST, team=team)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(team)
    user = form.cleaned_data["user"]
    try:
        membership = services.membership_set_role(team=team, user=user, role=form.cleaned_data["role"], by=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
        return redirect(team)
    messages.success(
        request,
        _("%(person)s is nu %(role)s in dit team.") % {"person": user, "role": membership.get_role_display().lower()},
    )
    return redirect(team)


@login_required
@require_POST
def team_member_remove(request, pk: int, team_pk: int):
    team = _get_team_for_admin(request.user, pk, team_pk)
    form = TeamMemberRemoveForm(request.POST, team=team)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(team)
    user = form.cleaned_data["user"]
    services.team_member_remove(team=team, user=user, by=request.user)
    messages.success(
        request,
        _("%(person)s zit niet meer in dit team. Wel nog in de organisatie.") % {"person": user},
    )
    return redirect(team)


# ---------------------------------------------------------------------------------------
# Invitations


def _welcome(invitation: Invitation) -> str:
    if invitation.team:
        return _("Welkom bij %(organisation)s! Je zit nu in team %(team)s.") % {
            "organisation": invitation.organisation,
            "team": invitation.team.name,
        }
    return _("Welkom bij %(organisation)s!") % {"organisation": invitation.organisation}


def invitation_accept(request, token: str):
    """The link from the invitation e-mail: sign up, log in, or accept with one click."""
    invitation = get_object_or_404(selectors.invitation_by_token(token))
    user = request.user
    context = {"invitation": invitation}
    if invitation.is_accepted:
        if user.is_authenticated and invitation.accepted_by_id == user.pk:
            messages.info(request, _("Je had deze uitnodiging al aangenomen."))
            return redirect("accounts:organisation_list")
        return render(request, "accounts/invitation.html", {**context, "state": "used"}, status=410)
    if invitation.is_expired:
        return render(request, "accounts/invitation.html", {**context, "state": "expired"}, status=410)

    if user.is_authenticated:
        if services.normalise_email(user.email) != services.normalise_email(invitation.email):
            return render(request, "accounts/invitation.html", {**context, "state": "other_address"})
        if not user.email_verified:
            return render(request, "accounts/invitation.html", {**context, "state": "unverified"})
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as error:
                messages.error(request, error_message(error))
                return redirect(invitation)
            messages.success(request, _welcome(invitation))
            return redirect("accounts:organisation_list")
        return render(request, "accounts/invitation.html", {**context, "state": "accept"})

    if selectors.address_has_account(invitation.email):
        return render(request, "accounts/invitation.html", {**context, "state": "login"})
    form = InvitationSignupForm(_posted(request), invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create_from_invitation(
                invitation=invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _welcome(invitation))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/invitation.html", {**context, "state": "signup", "form": form})


@login_required
@require_POST
def team_delete(request, pk: int, team_pk: int):
    team = _get_team_for_admin(request.user, pk, team_pk)
    organisation = team.organisation
    name = team.name
    services.team_delete(team=team, by=request.user)
    messages.success(
        request, _("Team %(team)s is verwijderd. De mensen erin horen nog wel bij de organisatie.") % {"team": name}
    )
    return redirect(organisation)
