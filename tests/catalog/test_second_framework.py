"""A zelfscan on the Bouwstenen framework, next to the 2025 profile: nothing picks "the first framework"."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_lists_both_frameworks_on_the_start_page(client, profile_version, bouwstenen_version):
    client.force_login(UserFactory())
    page = client.get(reverse("assessments:list")).content.decode()
    assert bouwstenen_version.framework.name in page
    assert profile_version.framework.name in page


def test_it_starts_a_zelfscan_on_the_bouwstenen_and_shows_every_section(client, profile_version, bouwstenen_version):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("assessments:start"), {"framework": bouwstenen_version.framework.code})
    assessment = Assessment.objects.get(owner=user)
    assert response.status_code == 302
    assert assessment.version == bouwstenen_version
    for code in ["4", "5", "6"]:
        page = client.get(reverse("assessments:section", args=[assessment.pk, code]))
        assert page.status_code == 200
    page = client.get(reverse("assessments:section", args=[assessment.pk, "6"])).content.decode()
    assert "Omgevingsbewust zijn" in page and "Vraagbaak" in page
    assert "Beginnend" not in page  # the 2025 scale stays with the 2025 profile


def test_it_rates_on_the_bouwstenen_scale_and_makes_the_overview_and_pdf(client, bouwstenen_version):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("assessments:start"), {"framework": bouwstenen_version.framework.code})
    assessment = Assessment.objects.get(owner=user)
    saved = client.post(
        reverse("assessments:answer", args=[assessment.pk, "6.a"]),
        {"applies": "on", "current": "1", "desired": "3"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    answer = assessment.answers.get(item__code="6.a")
    assert (answer.current, answer.desired) == (1, 3)
    assert client.get(reverse("assessments:overview", args=[assessment.pk])).status_code == 200
    pdf = client.get(reverse("assessments:pdf", args=[assessment.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
