"""The profile PDF prints the afspraken as recorded and who confirmed them when, and a stored PDF
follows them."""

import pytest
from django.urls import reverse

from assessments import pdf
from assessments import services as assessment_services
from assessments.models import RenderedPdf
from cycle import services
from cycle.models import Gesprek
from tests.assessments.conftest import finalise
from tests.assessments.test_pdf import pdf_text
from tests.assessments.test_pdf_once import download, renders  # noqa: F401 (fixture)
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


def agree(assessment, manager):
    services.afspraak_add(assessment=assessment, by=manager, text="Cursus fondsenwerving vóór de zomer")
    services.afspraak_add(assessment=assessment, by=assessment.owner, text="Elke maand intervisie")
    revision = Gesprek.objects.get(assessment=assessment).revision
    services.confirm(assessment=assessment, by=assessment.owner, revision=revision)
    services.confirm(assessment=assessment, by=manager, revision=revision)


@pytest.mark.slow
def test_it_prints_the_afspraken_and_who_confirmed_when_instead_of_lines(shared, manager):
    agree(shared, manager)
    text, _pages = pdf_text(pdf.profile_pdf(shared, viewer=shared.owner))
    afspraken = text.split("Afspraken")[-1]
    assert "Cursus fondsenwerving vóór de zomer" in afspraken and "Elke maand intervisie" in afspraken
    assert "in het gesprek met Ilse Bakker (leidinggevende)" in afspraken
    assert "Sanne de Vries bevestigde op" in afspraken and "Ilse Bakker bevestigde op" in afspraken
    assert "Datum:" not in afspraken  # no signature lines to fill in


@pytest.mark.slow
def test_without_afspraken_it_keeps_the_lines_to_write_on(shared):
    text, _pages = pdf_text(pdf.profile_pdf(shared, viewer=shared.owner))
    assert "Wat spreken jullie samen af?" in text and "Datum:" in text


def test_a_stored_pdf_is_made_again_when_afspraken_or_confirmations_change(client, shared, manager, renders):  # noqa: F811
    assert download(client, shared.owner, shared) == b"render 1"
    afspraak = services.afspraak_add(assessment=shared, by=manager, text="Eén")
    assert download(client, shared.owner, shared) == b"render 2"
    services.confirm(assessment=shared, by=shared.owner, revision=Gesprek.objects.get().revision)
    assert download(client, shared.owner, shared) == b"render 3"
    services.afspraak_edit(afspraak=afspraak, by=manager, text="Eén, anders")
    assert download(client, shared.owner, shared) == b"render 4"
    assert download(client, shared.owner, shared) == b"render 4"
    assert "Eén, anders" in renders[-1]


def test_the_record_of_a_final_round_takes_in_the_gesprek_that_followed(client, shared, manager, renders):  # noqa: F811
    finalise(shared)  # rates enough items first (limits.FINALISE_MIN_RATED)
    shared.refresh_from_db()
    assert download(client, shared.owner, shared) == b"render 1"  # the record
    agree(shared, manager)
    assert download(client, shared.owner, shared) == b"render 2"
    assert download(client, shared.owner, shared) == b"render 2"
    record = RenderedPdf.objects.get(is_record=True)
    assert bytes(record.content) == b"render 2"
    assert "Elke maand intervisie" in renders[-1]


def test_a_manager_prints_only_a_gesprek_held_with_them(client, shared, manager, renders):  # noqa: F811
    other = UserFactory(name="Kees Tweede")
    team_with(coordinators=[shared.owner], managers=[other], name="Tweede team")
    assessment_services.share_set(assessment=shared, viewer=other, shared=True)
    agree(shared, manager)
    download(client, manager, shared)
    assert "Elke maand intervisie" in renders[-1]
    download(client, other, shared)
    assert "Elke maand intervisie" not in renders[-1]


def test_a_manager_never_prints_the_owners_gesprek_with_a_coach(client, shared, manager, renders):  # noqa: F811
    services.with_whom_set(assessment=shared, by=shared.owner, text="Mijn coach")
    services.afspraak_add(assessment=shared, by=shared.owner, text="Privé afspraak")
    download(client, manager, shared)
    assert "Privé afspraak" not in renders[-1]
    download(client, shared.owner, shared)
    assert "Privé afspraak" in renders[-1] and "Mijn coach" in renders[-1]


def test_the_managers_pdf_link_is_on_their_gesprek_page(client, shared, manager):
    client.force_login(manager)
    page = client.get(reverse("cycle:gesprek", args=[shared.pk])).content.decode()
    assert reverse("assessments:shared_pdf", args=[shared.pk]) in page
