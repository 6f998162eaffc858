"""Project-wide rules on every request: no NUL bytes in, no personal pages in a browser's cache."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, OrganisationMembership
from assessments import services
from assessments.models import Assessment, Goal
from tests.assessments.conftest import rate
from tests.factories import InvitationFactory, UserFactory, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(profile_version):
    owner = UserFactory(name="Sanne de Vries")
    return services.assessment_start(owner=owner, framework=profile_version.framework)


# ---------------------------------------------------------------------------------------
# NUL bytes (issue 11, finding 6): PostgreSQL refuses them in any text, so a query with one was a 500


def test_it_answers_400_to_a_nul_byte_in_a_url_path(client, assessment):
    client.force_login(assessment.owner)
    framework = assessment.version.framework.code
    rate(assessment, "9.1.3", 2, 3)
    before = list(assessment.answers.values("item__code", "current", "desired", "revision"))
    pk = assessment.pk
    for method, url in [
        ("get", f"/frameworks/{framework}/2025%00/"),
        ("get", f"/frameworks/{framework}%00/"),
        ("get", "/account/invitations/abc%00/"),
        ("post", "/account/invitations/abc%00/"),
        ("get", f"/assessments/{pk}/keuzemodel/9.1%00/"),
        ("post", f"/assessments/{pk}/answers/8.1%00/"),
        ("post", f"/assessments/{pk}/answers/9.1.3%00/"),
        ("post", f"/assessments/{pk}/plan/from/9.1.3%00/"),
    ]:
        response = getattr(client, method)(url, {"current": "4"} if method == "post" else {})
        assert response.status_code == 400, url
        assert "niet begrijpen" in response.content.decode()
    assert list(assessment.answers.values("item__code", "current", "desired", "revision")) == before
    assert not Goal.objects.exists()


def test_it_answers_400_to_a_nul_byte_in_a_form_or_query_value(client, assessment):
    client.force_login(assessment.owner)
    count = Assessment.objects.count()
    response = client.post(reverse("assessments:start"), {"framework": "x\x00"})
    assert response.status_code == 400
    response = client.post(reverse("assessments:start"), {"framework\x00": assessment.version.framework.code})
    assert response.status_code == 400
    assert Assessment.objects.count() == count
    assert client.get(reverse("assessments:compare", args=[assessment.pk]), {"with": "1\x00"}).status_code == 400


def test_it_answers_400_to_a_nul_byte_before_logging_in(client):
    invitation = InvitationFactory()
    response = client.get(f"/account/invitations/{invitation.token}%00/")
    assert response.status_code == 400
    assert "niet begrijpen" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_it_has_a_clear_page_for_a_missing_page(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Deze pagina bestaat niet" in page and 'lang="nl"' in page


def test_it_has_a_clear_page_for_a_request_it_cannot_read(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post(reverse("accounts:login"), {f"veld{n}": "x" for n in range(10)})
    assert response.status_code == 400
    assert "niet begrijpen" in response.content.decode()


# ---------------------------------------------------------------------------------------
# Cache-Control (issue 11, finding 9): a browser keeps no copy of a page with personal data


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_it_tells_browsers_to_keep_no_copy_of_personal_pages(client, assessment):
    member = assessment.owner
    manager = UserFactory()
    team = team_with(coordinators=[member], managers=[manager])
    OrganisationMembership.objects.filter(organisation=team.organisation, user=manager).update(is_admin=True)
    rate(assessment, "9.1.3", 2, 3)
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    pk = assessment.pk

    client.force_login(member)
    for url in [
        reverse("assessments:list"),
        reverse("assessments:overview", args=[pk]),
        reverse("assessments:keuzemodel", args=[pk]),
        reverse("assessments:section", args=[pk, "9.1"]),
        reverse("assessments:plan", args=[pk]),
        reverse("assessments:situation", args=[pk]),
        reverse("accounts:profile"),
        reverse("catalog:list"),  # not personal, but it shows who is logged in
    ]:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert _no_store(response), url

    client.force_login(manager)
    for url in [
        reverse("assessments:shared", args=[pk]),
        reverse("teams:overview", args=[team.pk]),
        reverse("teams:matrix", args=[team.pk]),
        reverse("teams:coverage", args=[team.pk]),
        reverse("teams:needs", args=[team.pk]),
        reverse("accounts:organisation_detail", args=[team.organisation.pk]),
        reverse("accounts:organisation_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_it_leaves_a_view_its_own_cache_control(client, assessment):
    client.force_login(assessment.owner)
    response = client.get(reverse("assessments:pdf", args=[assessment.pk]))
    assert "no-store" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]


def test_it_lets_browsers_keep_pages_for_anonymous_visitors(client):
    response = client.get(reverse("home"))
    assert "no-store" not in response.get("Cache-Control", "")
