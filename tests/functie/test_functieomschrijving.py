"""The draft functieomschrijving: drafted from the takenpakket, edited, downloaded as PDF and Word."""

import io

import pytest
from django.urls import reverse
from docx import Document

from assessments import services as assessment_services
from functie.documents import document_docx
from functie.models import Functieomschrijving
from functie.text import blocks, clean_text
from tests.assessments.conftest import finalise
from tests.factories import UserFactory

from .conftest import tick

pytestmark = pytest.mark.django_db

WORD_REFUSES = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff"


def url(assessment):
    return reverse("functie:functieomschrijving", args=[assessment.pk])


def download(client, assessment, action="pdf", **changes):
    """Save the form, then download the saved text as PDF or Word, as the page's links do."""
    response = client.post(url(assessment), form(action="save", **changes))
    assert response.status_code == 302, response.status_code
    return client.get(reverse("functie:functieomschrijving_download", args=[assessment.pk, action]))


def form(**changes):
    data = {
        "title": "Functieomschrijving coördinator",
        "doel": "Zorgt dat vrijwilligers goed kunnen werken.",
        "plaats": "- Inbedding: Functie",
        "taken": "9.1.3 Matchen\n- Gesprekken voeren",
        "bevoegdheden": "- Beslist over de planning.",
        "competenties": "- 10.2.1 Luisteren",
        "kennis": "",
        "with_comparison": "1",
    }
    return data | changes


def test_it_drafts_the_employers_structure_from_the_takenpakket(client, package):
    tick(package, "10.2.1", "10.2.k1")
    assessment_services.situation_save(assessment=package, role_title="Coördinator vrijwilligers", option_ids=[])
    client.force_login(package.owner)
    html = client.get(url(package)).content.decode()
    for heading in (
        "Doel van de functie",
        "Plaats in de organisatie",
        "Taken en verantwoordelijkheden",
        "Bevoegdheden",
    ):
        assert heading in html
    assert "Functieomschrijving Coördinator vrijwilligers" in html
    assert "9.1.4 Begeleiden (uitvoerend en tactisch; ongeveer 8,5 uur per week)" in html
    assert "- 10.2.1 " in html and "- 10.2.k1 " in html  # ticked competenties and kennisgebieden, by code
    assert "Voor de functie is 24 uur per week afgesproken." in html
    assert "Vertaalt het (vrijwilligers)beleid" in html  # tactisch work brings its bevoegdheid


def test_it_names_the_situation_with_the_rows_of_context_apart(client, package):
    chosen = package.version.context_variables.get(code="context").options.filter(
        code__in=["organisatie", "initiatief", "hybride"]
    )
    assessment_services.situation_save(
        assessment=package, role_title="Coördinator", option_ids=list(chosen.values_list("pk", flat=True))
    )
    client.force_login(package.owner)
    html = client.get(url(package)).content.decode()
    assert "- Context: Organisatie, Initiatief; Hybride" in html


def test_it_keeps_the_edits_and_downloads_them_as_word(client, package):
    client.force_login(package.owner)
    response = download(client, package, action="docx", doel="Eigen doel\n- eerste punt\n- tweede punt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="functieomschrijving-sanne-de-vries-' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert ("Title", "Functieomschrijving coördinator") in texts
    assert ("Heading 1", "Doel van de functie") in texts
    assert ("List Bullet", "tweede punt") in texts
    assert Functieomschrijving.objects.get(assessment=package).doel.startswith("Eigen doel")
    assert "Eigen doel" in client.get(url(package)).content.decode()


@pytest.mark.slow
def test_it_downloads_the_edited_text_as_a_pdf(client, package):
    from pypdf import PdfReader

    client.force_login(package.owner)
    response = download(client, package, action="pdf", doel="Een doel dat alleen hier staat.")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Een doel dat alleen hier staat." in text
    assert "Taken en verantwoordelijkheden" in text and "CONCEPT" in text


def test_characters_word_refuses_are_left_out_of_the_document_and_the_draft(client, package):
    assert clean_text(f"a{WORD_REFUSES}b\r\nc\td") == "ab\nc\td"
    assert blocks("Alinea\neen\n\n- punt\n• ander punt") == [("p", "Alinea een"), ("li", "punt"), ("li", "ander punt")]
    client.force_login(package.owner)
    dirty = f"Doel{WORD_REFUSES[1:]} met rommel"  # a NUL byte is refused by the middleware before this
    response = download(client, package, action="docx", doel=dirty, title="Titel\x07")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert "Doel met rommel" in [paragraph.text for paragraph in document.paragraphs]
    assert Functieomschrijving.objects.get(assessment=package).title == "Titel"
    # and the Word writer itself never gets such text, whatever calls it
    content = document_docx(
        assessment=package,
        values=form(doel="x\x0by") | {"with_comparison": False},
        comparisons=[],
        organisation="Org\x1f",
    )
    assert "xy" in [paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs]


def test_oversized_text_is_refused_and_nothing_is_saved(client, package):
    client.force_login(package.owner)
    client.post(url(package), form(action="save"))
    response = client.post(url(package), form(action="save", taken="x" * 6001))
    assert response.status_code == 422
    assert "te lang" in response.content.decode()
    assert Functieomschrijving.objects.get(assessment=package).taken == "9.1.3 Matchen\n- Gesprekken voeren"


def test_a_reset_drafts_the_text_again(client, package):
    client.force_login(package.owner)
    client.post(url(package), form(action="save", doel="Mijn eigen doel"))
    client.post(url(package), {"action": "reset"})
    assert not Functieomschrijving.objects.filter(assessment=package).exists()
    assert "Mijn eigen doel" not in client.get(url(package)).content.decode()


def test_a_final_round_keeps_its_functieomschrijving_editable(client, package):
    """The functieomschrijving is for the conversation about the functie, often after the zelfscan is
    final; the round itself stays as it was."""
    finalise(package)
    client.force_login(package.owner)
    response = download(client, package, action="docx", doel="Na het afronden")
    assert "Na het afronden" in [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    package.refresh_from_db()
    assert package.is_final and Functieomschrijving.objects.get(assessment=package).doel == "Na het afronden"


def test_an_unknown_download_format_is_404(client, package):
    client.force_login(package.owner)
    assert client.get(reverse("functie:functieomschrijving_download", args=[package.pk, "exe"])).status_code == 404


def test_the_download_without_saving_first_is_the_draft(client, package):
    client.force_login(package.owner)
    response = client.get(reverse("functie:functieomschrijving_download", args=[package.pk, "docx"]))
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "Taken en verantwoordelijkheden" in paragraphs
    assert not Functieomschrijving.objects.exists()


def test_someone_else_gets_404(client, package):
    client.force_login(UserFactory())
    assert client.get(url(package)).status_code == 404
    for extension in ("pdf", "docx"):
        download_url = reverse("functie:functieomschrijving_download", args=[package.pk, extension])
        assert client.get(download_url).status_code == 404
    assert client.post(url(package), form(action="save")).status_code == 404
    assert not Functieomschrijving.objects.exists()
