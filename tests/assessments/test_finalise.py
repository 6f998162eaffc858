"""Finalising deliberately: a confirmation that says what it means, no empty scans, a way back."""

import pytest
from django.urls import reverse

from assessments import limits, services
from assessments.models import AssessmentEvent, RenderedPdf
from tests.assessments.conftest import ENOUGH_TO_FINALISE, finalise, rate, rate_enough
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, assessment):
    client.force_login(assessment.owner)
    return client


def confirm_url(assessment):
    return reverse("assessments:finalise_confirm", args=[assessment.pk])


def test_it_refuses_an_empty_scan_and_says_why(assessment):
    with pytest.raises(services.InvalidInput, match="nog leeg"):
        services.assessment_finalise(assessment=assessment)
    assessment.refresh_from_db()
    assert not assessment.is_final
    assert not AssessmentEvent.objects.exists()


def test_it_refuses_a_nearly_empty_scan_until_enough_is_rated(assessment):
    for code in ENOUGH_TO_FINALISE[: limits.FINALISE_MIN_RATED - 1]:
        rate(assessment, code, 2, 3)
    rate(assessment, "9.1.3", 2, None)  # ticked with one level: not rated, does not count
    with pytest.raises(services.InvalidInput, match=f"pas {limits.FINALISE_MIN_RATED - 1} onderdelen"):
        services.assessment_finalise(assessment=assessment)
    assert not AssessmentEvent.objects.exists()
    rate(assessment, "10.3.5", 1, 3)
    assert services.assessment_finalise(assessment=assessment).is_final


def test_the_confirmation_page_says_what_finalising_means(owner_client, assessment):
    rate_enough(assessment)
    html = owner_client.get(confirm_url(assessment)).content.decode()
    assert "Je antwoorden, je niveaus en je situatie liggen vast" in html
    assert "kun je hem weer openen" in html
    assert "Ja, maak definitief" in html
    assessment.refresh_from_db()
    assert not assessment.is_final  # looking changes nothing


def test_the_pages_refuse_an_empty_scan_with_the_reason_and_no_button(owner_client, assessment):
    for url in (reverse("assessments:finalise", args=[assessment.pk]), confirm_url(assessment)):
        html = owner_client.get(url).content.decode()
        assert "Je zelfscan is nog leeg" in html
        assert "Ja, maak definitief" not in html and "Maak definitief…" not in html
    response = owner_client.post(confirm_url(assessment), {"confirm": "1"}, follow=True)
    assert "Je zelfscan is nog leeg" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_final


def test_a_post_without_the_confirmation_changes_nothing(owner_client, assessment):
    rate_enough(assessment)
    for data in ({}, {"confirm": "0"}, {"confirm": "ja"}):
        response = owner_client.post(confirm_url(assessment), data, follow=True)
        assert "bevestig eerst" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_final
    assert owner_client.post(reverse("assessments:finalise", args=[assessment.pk])).status_code == 405


def test_finalising_records_who_and_when(owner_client, assessment):
    rate_enough(assessment)
    response = owner_client.post(confirm_url(assessment), {"confirm": "1"}, follow=True)
    assert "Je zelfscan is definitief" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.is_final
    event = assessment.events.get()
    assert (event.action, event.actor) == ("finalised", assessment.owner)
    assert "Geschiedenis van deze ronde" in response.content.decode()


def test_a_manager_view_cannot_be_finalised(assessment):
    view = services.assessment_start(owner=UserFactory(), framework=assessment.version.framework)
    view.subject, view.counterpart = assessment.owner, assessment
    view.save()
    with pytest.raises(services.InvalidInput):
        services.assessment_finalise(assessment=view)


def test_the_owner_reopens_a_final_round_and_the_history_says_so(owner_client, assessment):
    finalise(assessment)
    RenderedPdf.objects.create(
        assessment=assessment, viewer=assessment.owner, language="nl", fingerprint="x", is_record=True, content=b"pdf"
    )
    url = reverse("assessments:reopen", args=[assessment.pk])
    response = owner_client.post(url, {"confirm": "1"}, follow=True)
    html = response.content.decode()
    assert "Je zelfscan is weer open" in html
    assert "Weer geopend op" in html and "Definitief gemaakt op" in html
    assessment.refresh_from_db()
    assert not assessment.is_final and assessment.finalised_at is None
    assert list(assessment.events.values_list("action", flat=True)) == ["finalised", "reopened"]
    assert not RenderedPdf.objects.filter(is_record=True).exists()  # the next final download is the record
    rate(assessment, "10.5.1", 3, 4)  # open again: it can change
    owner_client.post(confirm_url(assessment), {"confirm": "1"})
    assessment.refresh_from_db()
    assert assessment.is_final
    assert assessment.events.count() == 3


def test_reopening_needs_a_confirmation_and_twice_is_harmless(owner_client, assessment):
    finalise(assessment)
    url = reverse("assessments:reopen", args=[assessment.pk])
    owner_client.post(url)
    assessment.refresh_from_db()
    assert assessment.is_final
    owner_client.post(url, {"confirm": "1"})
    response = owner_client.post(url, {"confirm": "1"}, follow=True)
    assert "al open" in response.content.decode()
    assert assessment.events.filter(action="reopened").count() == 1


def test_a_round_cannot_be_reopened_once_a_newer_round_started(owner_client, assessment):
    finalise(assessment)
    services.assessment_start(owner=assessment.owner, framework=assessment.version.framework, previous=assessment)
    html = owner_client.get(reverse("assessments:finalise", args=[assessment.pk])).content.decode()
    assert "Open deze ronde weer" not in html
    assert "al een nieuwe begonnen" in html
    with pytest.raises(services.InvalidInput, match="al een nieuwe begonnen"):
        services.assessment_reopen(assessment=assessment)
    response = owner_client.post(reverse("assessments:reopen", args=[assessment.pk]), {"confirm": "1"}, follow=True)
    assert "al een nieuwe begonnen" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.is_final
    assert not assessment.events.filter(action="reopened").exists()


def test_someone_else_cannot_finalise_or_reopen(client, assessment):
    rate_enough(assessment)
    client.force_login(UserFactory())
    assert client.get(confirm_url(assessment)).status_code == 404
    assert client.post(confirm_url(assessment), {"confirm": "1"}).status_code == 404
    finalise(assessment)
    assert client.post(reverse("assessments:reopen", args=[assessment.pk]), {"confirm": "1"}).status_code == 404
    assessment.refresh_from_db()
    assert assessment.is_final
