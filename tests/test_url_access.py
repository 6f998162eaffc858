"""Every URL pattern, enumerated: pages with personal data refuse anonymous visitors and other users.

A new URL fails this test until it is added below, so nobody forgets to think about who may see it.
"""

from datetime import date, timedelta

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Invitation, Organisation, OrganisationMembership, Team, TeamMembership, TeamRole
from assessments import services
from assessments.models import NormProfile
from cycle import services as cycle_services
from cycle.models import Scanronde
from feedback import services as feedback_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Open to everyone (no personal data): the home page, the catalog, logging in and signing up.
PUBLIC = {
    "home",
    "catalog:list",
    "catalog:current",
    "catalog:version",
    "catalog:version_case",
    "accounts:login",
    "accounts:logout",
    "accounts:signup",
    "accounts:signup_done",
    "accounts:email_confirm",  # guarded by its signed token; tested in tests/accounts
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation_accept",  # guarded by its secret token; tested in tests/accounts
    "feedback:review",  # a reviewer's personal link: guarded by its token; tested in tests/feedback
    "feedback:review_withdraw",
    "feedback:volunteer",  # a volunteer round's shared link: guarded by its token; tested in tests/feedback
    "cycle:reminders_stop",  # the link in a reminder: guarded by its signed token; tested in tests/cycle
    "set_language",
}


def all_url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin: staff only, tested in tests/test_admin.py
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.fixture
def world(profile_version):
    """Sanne shares her zelfscan with her manager Ilse, who shares her own view back."""
    sanne, ilse = UserFactory(name="Sanne"), UserFactory(name="Ilse")
    organisation = Organisation.objects.create(name="Buurthuis")
    team = Team.objects.create(organisation=organisation, name="Vrijwilligers")
    OrganisationMembership.objects.create(organisation=organisation, user=ilse, is_admin=True)
    OrganisationMembership.objects.create(organisation=organisation, user=sanne)
    TeamMembership.objects.create(team=team, user=ilse, role=TeamRole.MANAGER)
    TeamMembership.objects.create(team=team, user=sanne, role=TeamRole.COORDINATOR)
    own = services.assessment_start(owner=sanne, framework=profile_version.framework)
    goal = services.goal_save(assessment=own, data={"title": "Doel"})
    services.share_set(assessment=own, viewer=ilse, shared=True)
    view = services.manager_view_start(manager=ilse, counterpart=own)
    services.share_set(assessment=view, viewer=sanne, shared=True)
    norm = NormProfile.objects.create(team=team, version=profile_version, name="Rol", created_by=ilse)
    Invitation.objects.create(organisation=organisation, email="nieuw@example.org", invited_by=ilse)
    feedback_round = feedback_services.round_start(
        assessment=own,
        kind="reviewers",
        title="Intervisie",
        item_codes=["9.1.3"],
        closes_on=timezone.localdate() + timedelta(days=7),
        reviewer={"name": "Anna", "email": "anna@example.org", "language": "nl"},
        base_url="http://testserver/",
    )
    feedback_services.round_start(
        assessment=own,
        kind="volunteers",
        title="Vrijwilligers",
        item_codes=["9.1.3"],
        closes_on=timezone.localdate() + timedelta(days=7),
    )
    afspraak = cycle_services.afspraak_add(assessment=own, by=ilse, text="Samen verder")
    scanronde = Scanronde.objects.create(
        team=team, name="Voorjaar", opens_on=date.today(), due_on=date.today(), created_by=ilse
    )
    return {
        "scanronde": scanronde.pk,
        "round": feedback_round.pk,
        "reviewer": feedback_round.reviewers.get().pk,
        "afspraak": afspraak.pk,
        "own": own.pk,
        "goal": goal.pk,
        "view": view.pk,
        "organisation": organisation.pk,
        "team": team.pk,
        "norm": norm.pk,
    }


def arguments(name, world):
    """The URL's arguments pointing at Sanne's or Ilse's things; None for URLs about 'me'."""
    own, team, organisation = world["own"], world["team"], world["organisation"]
    by_name = {
        "assessments:goal_edit": {"pk": own, "goal_pk": world["goal"]},
        "assessments:goal_delete": {"pk": own, "goal_pk": world["goal"]},
        "assessments:goal_progress": {"pk": own, "goal_pk": world["goal"]},
        "assessments:goal_status": {"pk": own, "goal_pk": world["goal"]},
        "assessments:section": {"pk": own, "code": "9.1"},
        "assessments:section_applies": {"pk": own, "code": "9.1"},
        "assessments:answer": {"pk": own, "code": "9.1.3"},
        "assessments:focus_item": {"pk": own, "code": "9.1.3"},
        "assessments:goal_from_item": {"pk": own, "code": "9.1.3"},
        "assessments:side_by_side": {"pk": world["view"]},
        "assessments:manager_view_share": {"pk": world["view"]},
        "assessments:shared": {"pk": own},
        "assessments:shared_pdf": {"pk": own},
        "assessments:manager_view_start": {"pk": own},
        "cycle:rounds": {"team_pk": team},
        "cycle:round": {"pk": world["scanronde"]},
        "cycle:round_delete": {"pk": world["scanronde"]},
        "cycle:afspraak_edit": {"pk": own, "afspraak_pk": world["afspraak"]},
        "cycle:afspraak_delete": {"pk": own, "afspraak_pk": world["afspraak"]},
        "teams:norms": {"team_pk": team},
        "teams:norm_edit": {"team_pk": team, "pk": world["norm"]},
        "teams:norm_compare": {"team_pk": team, "pk": world["norm"]},
        "functie:takenpakket": {"pk": own},
        "functie:functieomschrijving": {"pk": own},
        "functie:from_previous": {"pk": own},
        "functie:functieomschrijving_download": {"pk": own, "extension": "pdf"},
        "functie:team_work": {"team_pk": team},
        "functie:norm_tasks": {"team_pk": team, "pk": world["norm"]},
    }
    if name in by_name:
        return by_name[name]
    if name.startswith("feedback:"):
        kwargs = {"pk": own}
        if name == "feedback:round_new":
            kwargs["kind"] = "reviewers"
        elif name not in {"feedback:home", "feedback:csv"}:
            kwargs["round_pk"] = world["round"]
        if name == "feedback:reviewer_revoke":
            kwargs["reviewer_pk"] = world["reviewer"]
        return kwargs
    if name.startswith("teams:") and name != "teams:list":
        return {"team_pk": team, **({"code": "10.3"} if name.endswith("_section") else {})}
    if name.startswith("accounts:") and ("team" in name and name != "accounts:team_create"):
        return {"pk": organisation, "team_pk": team}
    if name in {
        "accounts:organisation_detail",
        "accounts:team_create",
        "accounts:invitation_create",
        "accounts:invitation_revoke",
        "accounts:member_admin",
        "accounts:member_remove",
        "accounts:invitation_resend",
        "accounts:organisation_rename",
        "accounts:organisation_delete",
        "accounts:organisation_audit",
    }:
        return {"pk": organisation}
    if name.startswith("cycle:gesprek") or name in {"cycle:afspraak_add", "cycle:confirm", "cycle:with_whom"}:
        return {"pk": own}
    if name.startswith("assessments:") and name not in {
        "assessments:list",
        "assessments:start",
        "assessments:growth",
        "assessments:data_export",
    }:
        return {"pk": own}
    return None  # about the logged-in person themselves: profile, lists, data export…


def test_every_personal_url_refuses_anonymous_visitors(client, world):
    for name in all_url_names():
        if name in PUBLIC:
            continue
        url = reverse(name, kwargs=arguments(name, world))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 405), (name, method, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("accounts:login")), (name, method)


def test_every_object_url_is_404_for_someone_else(client, world):
    stranger = UserFactory(name="Kees")
    client.force_login(stranger)
    checked = 0
    for name in all_url_names():
        kwargs = arguments(name, world)
        if name in PUBLIC or kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in (404, 405), (name, method, status)
        checked += 1
    assert checked >= 30
