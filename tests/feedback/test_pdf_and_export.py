"""Feedback in the PDF (an optional chapter, part of the stored copy's fingerprint) and in the
owner's download of all their data."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import pdf
from assessments import services as assessment_services
from feedback import services
from tests.assessments.conftest import finalise
from tests.factories import UserFactory, team_with

from .conftest import ITEMS, volunteer_round, volunteers_answer

pytestmark = pytest.mark.django_db

REVIEW = "Joost ziet veel in je"
COMMENT = "Uniek-vrijwilligerscommentaar"


@pytest.fixture
def answered(reviewer):
    services.review_submit(reviewer=reviewer, levels={"10.2.3": "4"}, comments={"10.2.3": REVIEW})
    return reviewer.round


@pytest.fixture
def renders(monkeypatch):
    made = []

    def fake_render(html: str) -> bytes:
        made.append(html)
        return f"render {len(made)}".encode()

    monkeypatch.setattr(pdf, "html_to_pdf", fake_render)
    return made


def download(client, user, assessment):
    client.force_login(user)
    name = "assessments:pdf" if user == assessment.owner else "assessments:shared_pdf"
    return client.get(reverse(name, args=[assessment.pk])).content


def test_the_pdf_has_a_chapter_with_what_others_see(assessment, answered):
    html = pdf.profile_html(assessment, viewer=assessment.owner)
    assert "Wat anderen zien" in html and REVIEW in html and "Anna de Boer" in html


def test_the_owner_can_leave_a_round_out_of_the_pdf(assessment, answered):
    services.round_settings(feedback_round=answered, shared_with_manager=False, in_pdf=False)
    html = pdf.profile_html(assessment, viewer=assessment.owner)
    assert REVIEW not in html and "Wat anderen zien" not in html


def test_two_volunteer_answers_are_nowhere_in_the_pdf_or_the_export(client, assessment, owner):
    volunteers = volunteer_round(assessment)
    volunteers_answer(volunteers, 1, 1, comment=COMMENT)
    html = pdf.profile_html(assessment, viewer=owner)
    assert COMMENT not in html and "Kookgroep" not in html
    client.force_login(owner)
    data = json.loads(client.get(reverse("assessments:data_export")).content)
    [entry] = data["feedback"]
    assert entry["volunteers"] is None
    assert COMMENT not in json.dumps(data, ensure_ascii=False)


def test_the_export_holds_reviewers_answers_and_the_volunteers_distribution(client, assessment, owner, answered):
    volunteers = volunteer_round(assessment)
    volunteers_answer(volunteers, 4, 4, comment="Zeer betrokken")
    volunteers_answer(volunteers, 2, comment="Altijd bereikbaar")
    client.force_login(owner)
    data = json.loads(client.get(reverse("assessments:data_export")).content)
    reviewers, volunteer = data["feedback"]
    [anna] = reviewers["reviewers"]
    assert anna["name"] == "Anna de Boer" and anna["email"] == "anna@example.org"
    assert anna["answers"] == [{"code": "10.2.3", "level": 4, "comment": REVIEW}]
    assert "token" not in json.dumps(data) and reviewers.get("link") is None
    assert volunteer["volunteers"]["per_item"]["10.2.3"] == {"2": 1, "4": 2, "unknown": 0}
    assert volunteer["volunteers"]["comments"] == ["Altijd bereikbaar", "Zeer betrokken", "Zeer betrokken"]
    assert [item["code"] for item in volunteer["items"]] == ITEMS


def test_the_export_needs_the_same_queries_however_much_feedback(
    client, assessment, owner, answered, django_assert_num_queries
):
    client.force_login(owner)
    url = reverse("assessments:data_export")
    client.get(url)
    # as tests/assessments/test_exports.py without views by or for this coordinator, and for the feedback:
    # rounds, their items, reviewers, reviewer answers, volunteer answers, volunteer comments; the
    # cycle's two (the gesprekken about their zelfscans, their reminder choice)
    volunteers_answer(volunteer_round(assessment), 3, 3, 3)
    with django_assert_num_queries(22):
        client.get(url)
    volunteers_answer(volunteer_round(assessment), 2, 2, 2, comment="Meer")
    services.reviewer_invite(
        feedback_round=answered, name="Piet", email="piet@example.org", language="nl", base_url="http://x/"
    )
    with django_assert_num_queries(22):
        client.get(url)


def test_a_stored_pdf_is_made_again_when_feedback_changes(client, assessment, owner, reviewer, renders):
    assert download(client, owner, assessment) == b"render 1"
    services.review_submit(reviewer=reviewer, levels={"10.2.3": "4"}, comments={})
    assert download(client, owner, assessment) == b"render 2"
    assert download(client, owner, assessment) == b"render 2"
    services.round_settings(feedback_round=reviewer.round, shared_with_manager=False, in_pdf=False)
    assert download(client, owner, assessment) == b"render 3"


def test_the_record_of_a_final_round_takes_in_feedback_that_came_later(client, assessment, owner, reviewer, renders):
    finalise(assessment)
    assert download(client, owner, assessment) == b"render 1"
    assert download(client, owner, assessment) == b"render 1"
    services.review_submit(reviewer=reviewer, levels={"10.2.3": "4"}, comments={"10.2.3": REVIEW})
    assert download(client, owner, assessment) == b"render 2"
    assert REVIEW in renders[-1]


def test_the_managers_pdf_prints_only_rounds_shared_with_them(client, assessment, owner, answered, renders):
    manager = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[owner], managers=[manager])
    assessment_services.share_set(assessment=assessment, viewer=manager, shared=True)
    download(client, manager, assessment)
    assert REVIEW not in renders[-1]
    services.round_settings(feedback_round=answered, shared_with_manager=True, in_pdf=True)
    download(client, manager, assessment)
    assert len(renders) == 2 and REVIEW in renders[-1]
    services.round_settings(feedback_round=answered, shared_with_manager=False, in_pdf=True)
    from assessments.models import RenderedPdf

    assert not RenderedPdf.objects.filter(viewer=manager).exists()  # its copy printed what is no longer shared


@pytest.mark.slow
def test_html_and_formulas_in_comments_stay_text_in_the_rendered_pdf(assessment, reviewer):
    services.review_submit(reviewer=reviewer, levels={"10.2.3": "3"}, comments={"10.2.3": "<b>vet</b> =SOM(A1:A3)"})
    content = pdf.profile_pdf(assessment, viewer=assessment.owner)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "<b>vet</b> =SOM(A1:A3)" in text
    assert "Wat anderen zien" in text
