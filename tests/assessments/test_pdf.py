"""The development profile as PDF: what is in it, who may download it, the concept mark."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import pdf, services
from tests.assessments.conftest import item, rate
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


@pytest.fixture
def filled(assessment):
    rate(assessment, "10.3.5", 1, 4, note="Na de reorganisatie wil ik steviger staan.")
    rate(assessment, "9.1.3", 3, 3)
    rate(assessment, "10.2.k4", 2, 3)
    services.situation_save(assessment=assessment, role_title="Coördinator buurthuis", option_ids=[])
    services.goal_save(
        assessment=assessment,
        data={
            "title": "Veerkracht vergroten",
            "items": [item(assessment.version, "10.3.5").pk],
            "actions": "Intervisie",
        },
    )
    assessment.refresh_from_db()
    return assessment


def test_it_holds_the_cover_items_levels_goals_and_signatures(filled):
    text, pages = pdf_text(pdf.profile_pdf(filled))
    assert 5 <= pages <= 8
    for expected in [
        "Persoonlijk ontwikkelingsprofiel",
        "Sanne de Vries",
        "Coördinator buurthuis",
        "Competentieprofiel Coördinator Vrijwilligerswerk, versie 2025",
        "CONCEPT",
        "Mijn situatie",
        "10.3.5",
        "Na de reorganisatie wil ik steviger staan.",
        "9.1.3 Matchen",
        "Een transparante intake-procedure toepassen",  # its kerntaken, summarised
        "10.2.k4",
        "Veerkracht vergroten",
        "Intervisie",
        "Afspraken",
        "Leidinggevende",
        "pagina 2 van",
    ]:
        assert expected in text, expected
    priorities = text.split("Prioriteiten")[1].split("Sterke kanten")[0]
    assert "10.3.5" in priorities and "(1 → 4)" in priorities


def test_a_final_profile_says_definitief_and_not_concept(filled):
    services.assessment_finalise(assessment=filled)
    filled.refresh_from_db()
    text, _ = pdf_text(pdf.profile_pdf(filled))
    assert "DEFINITIEF" in text
    assert "CONCEPT" not in text


def test_the_owner_downloads_it_with_name_and_date_in_the_file_name(client, filled):
    client.force_login(filled.owner)
    response = client.get(reverse("assessments:pdf", args=[filled.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ontwikkelprofiel-sanne-de-vries-')
    assert disposition.endswith('-concept.pdf"')


def test_someone_else_gets_404_for_the_pdf(client, filled):
    client.force_login(UserFactory())
    assert client.get(reverse("assessments:pdf", args=[filled.pk])).status_code == 404


def test_the_managers_view_appears_only_once_it_is_shared_with_the_coordinator(filled):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[filled.owner], managers=[boss], organisation="Buurthuis De Linde")
    services.share_set(assessment=filled, viewer=boss, shared=True)
    view = services.manager_view_start(manager=boss, counterpart=filled)
    services.answer_save(assessment=view, item=item(view.version, "10.3.5"), changes={"current": "3", "desired": "4"})

    text, _ = pdf_text(pdf.profile_pdf(filled))
    assert "Leidinggevende" in text and "Buurthuis De Linde" in text
    assert "Ilse Bakker" not in text  # not shared with the coordinator yet
    services.share_set(assessment=view, viewer=filled.owner, shared=True)
    text, _ = pdf_text(pdf.profile_pdf(filled))
    assert "Ilse Bakker (leidinggevende)" in text
    assert "Nu (leidinggevende)" in text


def test_a_final_profile_stays_the_same_after_a_new_version_is_published(filled):
    import copy

    from catalog.loading import load_framework
    from tests.conftest import framework_data

    services.assessment_finalise(assessment=filled)
    filled.refresh_from_db()
    before, pages = pdf_text(pdf.profile_pdf(filled))
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2027"
    data["items"][1]["children"][2]["title"] = "Matchen (herzien)"
    load_framework(data)
    after, pages_after = pdf_text(pdf.profile_pdf(filled))
    assert after == before and pages_after == pages
    assert "Matchen (herzien)" not in after


def test_the_shipped_font_is_embedded(filled):
    reader = PdfReader(io.BytesIO(pdf.profile_pdf(filled)))
    fonts = set()
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts and all(name.startswith("Source-Sans-3") for name in fonts)


def test_a_manager_downloading_a_shared_profile_sees_their_own_view_beside_it(filled):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[filled.owner], managers=[boss], organisation="Buurthuis")
    services.share_set(assessment=filled, viewer=boss, shared=True)
    view = services.manager_view_start(manager=boss, counterpart=filled)
    services.answer_save(assessment=view, item=item(view.version, "10.3.5"), changes={"current": "3"})
    text, _ = pdf_text(pdf.profile_pdf(filled, viewer=boss))
    assert "Ilse Bakker (leidinggevende)" in text  # the author sees their own view
    text, _ = pdf_text(pdf.profile_pdf(filled, viewer=filled.owner))
    assert "Ilse Bakker" not in text  # the coordinator only once it is shared
