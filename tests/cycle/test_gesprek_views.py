"""The gesprek page: the same agenda and afspraken for the owner and their leidinggevende, nobody else."""

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from cycle import limits, services
from cycle.models import Afspraak, Confirmation, Gesprek
from tests.assessments.conftest import item
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, assessment, *args):
    return reverse(f"cycle:{name}", args=[assessment.pk, *args])


def test_both_sides_see_the_same_agenda(client, shared, manager):
    for user in (shared.owner, manager):
        client.force_login(user)
        page = client.get(url("gesprek", shared)).content.decode()
        assert "10.3.5" in page and "(1 → 4)" in page  # the largest gap
        assert "Steviger staan" in page  # the goal


def test_the_managers_differing_view_is_on_the_agenda_only_once_shared(client, shared, manager):
    view = assessment_services.manager_view_start(manager=manager, counterpart=shared)
    assessment_services.answer_save(
        assessment=view, item=item(view.version, "10.3.5"), changes={"applies": "1", "current": "3", "desired": "4"}
    )
    services.afspraak_add(assessment=shared, by=manager, text="Eerst praten")
    client.force_login(manager)
    assert "anders is" not in client.get(url("gesprek", shared)).content.decode()
    assessment_services.share_set(assessment=view, viewer=shared.owner, shared=True)
    for user in (shared.owner, manager):
        client.force_login(user)
        page = client.get(url("gesprek", shared)).content.decode()
        assert "Waar de kijk van Ilse Bakker anders is" in page
        table = page.split("anders is")[1].split("</table>")[0]
        assert "10.3.5" in table and "9.1.3" not in table


def test_they_record_and_both_confirm_and_see_who_confirmed_when(client, shared, manager):
    client.force_login(manager)
    response = client.post(url("afspraak_add", shared), {"text": "Cursus in maart"})
    assert response.status_code == 302
    gesprek = Gesprek.objects.get()
    client.post(url("confirm", shared), {"revision": gesprek.revision})
    client.force_login(shared.owner)
    client.post(url("confirm", shared), {"revision": gesprek.revision})
    page = client.get(url("gesprek", shared)).content.decode()
    assert "Cursus in maart" in page
    assert page.count("bevestigde op") == 2
    assert "De afspraken zijn bevestigd" in page


def test_confirming_twice_says_so_and_keeps_one(client, shared):
    services.afspraak_add(assessment=shared, by=shared.owner, text="Eén")
    client.force_login(shared.owner)
    revision = Gesprek.objects.get().revision
    client.post(url("confirm", shared), {"revision": revision})
    response = client.post(url("confirm", shared), {"revision": revision}, follow=True)
    assert "al bevestigd" in response.content.decode()
    assert Confirmation.objects.count() == 1


@pytest.mark.parametrize("revision", ["", "abc", "9" * 20, "1"])
def test_a_confirmation_with_a_wrong_revision_changes_nothing(client, shared, revision):
    services.afspraak_add(assessment=shared, by=shared.owner, text="Eén")
    services.afspraak_add(assessment=shared, by=shared.owner, text="Twee")  # revision is 3 now
    client.force_login(shared.owner)
    response = client.post(url("confirm", shared), {"revision": revision}, follow=True)
    assert "Niet bevestigd" in response.content.decode()
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize(
    "text, message",
    [("", "Schrijf de afspraak op"), ("x" * (limits.AFSPRAAK_MAX_LENGTH + 1), "hoogstens")],
    ids=["empty", "oversized"],
)
def test_bad_input_keeps_the_text_says_why_and_saves_nothing(client, shared, text, message):
    client.force_login(shared.owner)
    response = client.post(url("afspraak_add", shared), {"text": text})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Afspraak.objects.exists()


def test_a_forged_form_token_is_refused(client, shared):
    client.force_login(shared.owner)
    response = client.post(url("afspraak_add", shared), {"text": "Eén", "form_token": "not-a-uuid"})
    assert response.status_code == 400
    assert not Afspraak.objects.exists()


def test_editing_to_empty_is_refused_and_keeps_the_afspraak(client, shared):
    afspraak = services.afspraak_add(assessment=shared, by=shared.owner, text="Eén")
    client.force_login(shared.owner)
    response = client.post(url("afspraak_edit", shared, afspraak.pk), {"text": "  "})
    assert response.status_code == 422
    afspraak.refresh_from_db()
    assert afspraak.text == "Eén"


def test_an_afspraak_of_another_gesprek_is_not_found_through_this_one(client, shared, profile_version):
    other = assessment_services.assessment_start(owner=UserFactory(), framework=profile_version.framework)
    theirs = services.afspraak_add(assessment=other, by=other.owner, text="Van iemand anders")
    client.force_login(shared.owner)
    assert client.post(url("afspraak_edit", shared, theirs.pk), {"text": "Gekaapt"}).status_code == 404
    assert client.post(url("afspraak_delete", shared, theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.text == "Van iemand anders"


def test_revoking_the_share_shuts_the_manager_out_at_once(client, shared, manager):
    afspraak = services.afspraak_add(assessment=shared, by=manager, text="Samen")
    assessment_services.share_set(assessment=shared, viewer=manager, shared=False)
    client.force_login(manager)
    assert client.get(url("gesprek", shared)).status_code == 404
    assert client.post(url("afspraak_add", shared), {"text": "Toch"}).status_code == 404
    assert client.post(url("afspraak_edit", shared, afspraak.pk), {"text": "Toch"}).status_code == 404
    assert client.post(url("confirm", shared), {"revision": "2"}).status_code == 404
    assert Afspraak.objects.count() == 1


def test_a_manager_does_not_read_a_gesprek_the_owner_holds_with_someone_else(client, shared, manager):
    services.with_whom_set(assessment=shared, by=shared.owner, text="Mijn coach")
    services.afspraak_add(assessment=shared, by=shared.owner, text="Privé afspraak")
    client.force_login(manager)
    assert client.get(url("gesprek", shared)).status_code == 404


def test_a_second_manager_is_shut_out_of_a_gesprek_held_with_the_first(client, shared, manager):
    from tests.factories import team_with

    other = UserFactory()
    team_with(coordinators=[shared.owner], managers=[other], name="Tweede team")
    assessment_services.share_set(assessment=shared, viewer=other, shared=True)
    services.afspraak_add(assessment=shared, by=manager, text="Met Ilse")
    client.force_login(other)
    assert client.get(url("gesprek", shared)).status_code == 404


def test_only_the_owner_names_who_they_talk_with(client, shared, manager):
    client.force_login(manager)
    response = client.post(url("with_whom", shared), {"with_whom": "Iemand"}, follow=True)
    assert "Alleen de coördinator" in response.content.decode()
    assert not Gesprek.objects.filter(with_whom="Iemand").exists()


def test_the_page_needs_the_same_queries_however_many_afspraken(client, shared, manager, django_assert_num_queries):
    services.afspraak_add(assessment=shared, by=manager, text="Eén")
    client.force_login(shared.owner)
    client.get(url("gesprek", shared))
    # session, user, assessment; gesprek, afspraken, confirmations; answers, goals, goal items,
    # the manager view shared back; the menu's team check
    with django_assert_num_queries(11):
        assert client.get(url("gesprek", shared)).status_code == 200
    for number in range(5):
        services.afspraak_add(assessment=shared, by=manager, text=f"Afspraak {number}")
    services.confirm(assessment=shared, by=manager, revision=Gesprek.objects.get().revision)
    with django_assert_num_queries(11):
        assert client.get(url("gesprek", shared)).status_code == 200


def test_after_a_revoke_another_leidinggevende_takes_the_gesprek_up_and_confirms_anew(client, shared, manager):
    from tests.factories import team_with

    services.afspraak_add(assessment=shared, by=manager, text="Met Ilse")
    gesprek = Gesprek.objects.get()
    services.confirm(assessment=shared, by=manager, revision=gesprek.revision)
    successor = UserFactory(name="Nieuwe Leiding")
    team_with(coordinators=[shared.owner], managers=[successor], name="Nieuw team")
    assessment_services.share_set(assessment=shared, viewer=successor, shared=True)
    client.force_login(successor)
    assert client.get(url("gesprek", shared)).status_code == 404  # Ilse still has it shared
    assessment_services.share_set(assessment=shared, viewer=manager, shared=False)
    assert client.get(url("gesprek", shared)).status_code == 200
    client.post(url("afspraak_add", shared), {"text": "Verder met de nieuwe leidinggevende"})
    gesprek.refresh_from_db()
    assert gesprek.manager == successor and not gesprek.confirmations.exists()
    client.force_login(manager)
    assert client.get(url("gesprek", shared)).status_code == 404


def test_after_a_revoke_the_owner_may_hold_the_gesprek_with_someone_else(client, shared, manager):
    services.afspraak_add(assessment=shared, by=manager, text="Met Ilse")
    with pytest.raises(Exception):  # noqa: B017 - still shared: the gesprek is Ilse's too
        services.with_whom_set(assessment=shared, by=shared.owner, text="Mijn coach")
    assessment_services.share_set(assessment=shared, viewer=manager, shared=False)
    services.with_whom_set(assessment=shared, by=shared.owner, text="Mijn coach")
    gesprek = Gesprek.objects.get()
    assert (gesprek.manager, gesprek.with_whom) == (None, "Mijn coach")
