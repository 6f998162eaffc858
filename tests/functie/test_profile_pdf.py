"""The takenpakket in the ontwikkelprofiel PDF: a section the owner can leave out."""

import pytest
from django.urls import reverse

from assessments import pdf
from assessments import services as assessment_services
from assessments.models import NormProfile
from functie import services
from tests.factories import UserFactory, team_with

from .conftest import entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_functie(package):
    manager = UserFactory(name="Ilse Bakker")
    team = team_with(coordinators=[package.owner], managers=[manager])
    profile = NormProfile.objects.create(team=team, version=package.version, name="Coördinator", created_by=manager)
    services.norm_tasks_save(profile=profile, entries=entries(**{"9.1.3": ("uitvoerend", "4")}))
    return package, manager, profile


def test_the_profile_pdf_prints_the_takenpakket_and_the_comparison(with_functie):
    package, _manager, _profile = with_functie
    html = pdf.profile_html(package, viewer=package.owner)
    assert "<h2>Takenpakket</h2>" in html
    assert "Functie en praktijk: Coördinator" in html and "gedaan, niet in de functie" in html


def takenpakket_chapter(html: str) -> str:
    return html.split("<h2>Takenpakket</h2>")[1].split("<h2>")[0]


def test_with_one_functieprofiel_the_practice_stands_beside_it_in_one_table_by_hoofdtaak(with_functie):
    package, _manager, _profile = with_functie
    chapter = takenpakket_chapter(pdf.profile_html(package, viewer=package.owner))
    assert chapter.count("<table") == 1  # the takenpakket on its own would repeat the practice column
    assert chapter.index("9.1 Vrijwilligers begeleiden") < chapter.index("9.1.3") < chapter.index("9.1.4")
    assert chapter.index("9.1.4") < chapter.index("9.2 Het vrijwilligerswerk organiseren") < chapter.index("9.2.1")
    assert "uitvoerend, tactisch · 8,5 uur" in chapter and "uitvoerend · 4 uur" in chapter  # 9.1.4, 9.1.3
    assert "strategisch" in chapter and "niet genoemd" in chapter  # 9.2.1: done, not in the functie


def test_with_two_functieprofielen_the_takenpakket_and_each_comparison_have_a_table(with_functie):
    package, manager, profile = with_functie
    other = NormProfile.objects.create(
        team=profile.team, version=package.version, name="Teamleider", created_by=manager
    )
    services.norm_tasks_save(profile=other, entries=entries(**{"9.2.1": ("strategisch", "2")}))
    chapter = takenpakket_chapter(pdf.profile_html(package, viewer=package.owner))
    assert chapter.count("<table") == 3
    assert "Functie en praktijk: Coördinator" in chapter and "Functie en praktijk: Teamleider" in chapter


def test_the_owner_can_leave_it_out(with_functie):
    package, manager, _profile = with_functie
    services.takenpakket_save(assessment=package, agreed_hours="24", entries={}, in_profile_pdf=False)
    assert "<h2>Takenpakket</h2>" not in pdf.profile_html(package, viewer=package.owner)
    assessment_services.share_set(assessment=package, viewer=manager, shared=True)
    assert "<h2>Takenpakket</h2>" not in pdf.profile_html(package, viewer=manager)


def test_the_form_keeps_the_choice(client, package):
    client.force_login(package.owner)
    url = reverse("functie:takenpakket", args=[package.pk])
    assert 'id="in_profile_pdf" checked' in client.get(url).content.decode()
    client.post(url, {"agreed_hours": "24", "task": ["9.1.3"], "levels-9.1.3": ["uitvoerend"]})
    assert 'id="in_profile_pdf" checked' not in client.get(url).content.decode()
    assert "<h2>Takenpakket</h2>" not in pdf.profile_html(package, viewer=package.owner)


def test_a_changed_takenpakket_or_functieprofiel_renders_the_pdf_again(with_functie):
    package, manager, profile = with_functie
    before = pdf.fingerprint(package, viewer=package.owner)
    services.takenpakket_save(assessment=package, agreed_hours="30", entries={})
    after_takenpakket = pdf.fingerprint(package, viewer=package.owner)
    assert after_takenpakket != before
    services.norm_tasks_save(profile=profile, entries=entries(**{"9.1.4": ("tactisch", "")}))
    assert pdf.fingerprint(package, viewer=package.owner) != after_takenpakket
