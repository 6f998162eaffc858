"""A profile PDF is rendered once per content, and a final round's PDF is its document of record.

WeasyPrint is replaced by a counter here: these tests are about when a PDF is rendered and to
whom a stored one is served, not about what is in it (that is test_pdf.py).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import services as account_services
from assessments import pdf, services
from assessments.models import RenderedPdf
from tests.assessments.conftest import finalise, item, rate
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Each render returns new bytes ('render 1', 'render 2', …) and is counted."""
    made = []

    def fake_render(html: str) -> bytes:
        made.append(html)
        return f"render {len(made)}".encode()

    monkeypatch.setattr(pdf, "html_to_pdf", fake_render)
    return made


@pytest.fixture
def shared(assessment):
    """Sanne's zelfscan, shared with her leidinggevende Ilse."""
    rate(assessment, "10.3.5", 1, 4, note="Steviger staan.")
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[assessment.owner], managers=[boss], organisation="Buurthuis")
    services.share_set(assessment=assessment, viewer=boss, shared=True)
    return assessment, boss


def download(client, user, assessment):
    client.force_login(user)
    name = "assessments:pdf" if user == assessment.owner else "assessments:shared_pdf"
    response = client.get(reverse(name, args=[assessment.pk]))
    assert response.status_code == 200
    return response.content


def test_it_serves_an_unchanged_profile_without_rendering_it_again(client, assessment, renders):
    assert download(client, assessment.owner, assessment) == b"render 1"
    assert download(client, assessment.owner, assessment) == b"render 1"
    assert len(renders) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda a: rate(a, "9.1.3", 2, 3),
        lambda a: services.situation_save(assessment=a, role_title="Trekker", option_ids=[]),
        lambda a: services.goal_save(assessment=a, data={"title": "Leren delegeren"}),
        lambda a: a.owner.__class__.objects.filter(pk=a.owner_id).update(name="Sanne Jansen"),
    ],
    ids=["an answer", "mijn situatie", "a goal", "the name on the cover"],
)
def test_it_renders_again_when_what_the_pdf_shows_changed(client, assessment, renders, change):
    download(client, assessment.owner, assessment)
    change(assessment)
    assessment.refresh_from_db()
    assert download(client, assessment.owner, assessment) == b"render 2"
    assert RenderedPdf.objects.count() == 1  # the old copy was replaced


def test_it_renders_again_when_a_goal_is_edited_or_deleted(client, assessment, renders):
    goal = services.goal_save(assessment=assessment, data={"title": "Leren delegeren"})
    download(client, assessment.owner, assessment)
    services.goal_save(assessment=assessment, goal=goal, data={"title": "Leren delegeren", "actions": "Cursus"})
    assert download(client, assessment.owner, assessment) == b"render 2"
    services.goal_delete(goal=goal, assessment=assessment)
    assert download(client, assessment.owner, assessment) == b"render 3"


def test_each_viewer_and_language_has_a_copy_of_their_own(client, shared, renders):
    assessment, boss = shared
    assert download(client, assessment.owner, assessment) == b"render 1"
    assert download(client, boss, assessment) == b"render 2"
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        assert download(client, assessment.owner, assessment) == b"render 3"
    del client.cookies["django_language"]
    assert download(client, assessment.owner, assessment) == b"render 1"
    assert download(client, boss, assessment) == b"render 2"
    assert len(renders) == 3


def test_the_managers_changed_view_is_rendered_anew_for_both(client, shared, renders):
    assessment, boss = shared
    view = services.manager_view_start(manager=boss, counterpart=assessment)
    services.share_set(assessment=view, viewer=assessment.owner, shared=True)
    download(client, assessment.owner, assessment)
    download(client, boss, assessment)
    services.answer_save(assessment=view, item=item(view.version, "10.3.5"), changes={"current": "3"})
    assert download(client, assessment.owner, assessment) == b"render 3"
    assert download(client, boss, assessment) == b"render 4"


def test_a_revoke_wins_over_a_stored_copy(client, shared, renders):
    assessment, boss = shared
    download(client, boss, assessment)
    services.share_set(assessment=assessment, viewer=boss, shared=False)
    client.force_login(boss)
    assert client.get(reverse("assessments:shared_pdf", args=[assessment.pk])).status_code == 404
    assert not RenderedPdf.objects.filter(viewer=boss).exists()


def test_a_member_who_left_the_team_is_no_longer_served_to_the_manager(client, shared, renders):
    assessment, boss = shared
    download(client, boss, assessment)
    team = boss.team_memberships.get().team
    team.memberships.filter(user=assessment.owner).delete()
    client.force_login(boss)
    assert client.get(reverse("assessments:shared_pdf", args=[assessment.pk])).status_code == 404


def test_a_view_taken_back_from_the_member_leaves_no_copy_that_printed_it(client, shared, renders):
    assessment, boss = shared
    view = services.manager_view_start(manager=boss, counterpart=assessment)
    services.share_set(assessment=view, viewer=assessment.owner, shared=True)
    download(client, assessment.owner, assessment)
    services.share_set(assessment=view, viewer=assessment.owner, shared=False)
    assert not RenderedPdf.objects.filter(assessment=assessment, viewer=assessment.owner).exists()


def test_the_copies_go_with_the_account(client, shared, renders):
    assessment, boss = shared
    download(client, assessment.owner, assessment)
    download(client, boss, assessment)
    account_services.account_delete(user=boss)
    assert list(RenderedPdf.objects.values_list("viewer", flat=True)) == [assessment.owner_id]
    account_services.account_delete(user=assessment.owner)
    assert not RenderedPdf.objects.exists()


def test_a_final_round_keeps_the_pdf_that_was_discussed_byte_for_byte(client, assessment, renders, monkeypatch):
    rate(assessment, "10.3.5", 1, 4)
    download(client, assessment.owner, assessment)  # the concept
    finalise(assessment)
    assessment.refresh_from_db()
    record = download(client, assessment.owner, assessment)
    assert record == b"render 2"
    assert bytes(RenderedPdf.objects.get(is_record=True).content) == record
    # a new template (or framework text, or WeasyPrint) later changes nothing about the record
    monkeypatch.setattr(pdf, "_code_version", lambda: "a later release")
    assert download(client, assessment.owner, assessment) == record
    assert len(renders) == 2


def test_a_stored_download_takes_a_fixed_number_of_queries(client, shared, renders, django_assert_num_queries):
    assessment, boss = shared
    for extra in ("9.1.3", "10.2.k4", "10.1.1"):
        rate(assessment, extra, 2, 3)
    download(client, assessment.owner, assessment)
    client.force_login(assessment.owner)
    url = reverse("assessments:pdf", args=[assessment.pk])
    # session, user, assessment; the copy; goals, manager view, organisations, the gesprek (the
    # fingerprint: the gesprek's afspraken and confirmations are printed, so they are part of it),
    # the feedback rounds the PDF prints (feedback.selectors.pdf_stamp), the takenpakket
    # (functie.selectors.pdf_stamp)
    with django_assert_num_queries(10):
        assert client.get(url).content == b"render 1"
