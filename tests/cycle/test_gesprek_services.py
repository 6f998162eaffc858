"""The afspraken of a gesprek: recorded by either side, confirmed by each, reset by any change."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from cycle import limits, services
from cycle.models import Afspraak, Confirmation, Gesprek
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


def test_it_records_afspraken_of_either_side_and_binds_the_leidinggevende(shared, manager):
    services.afspraak_add(assessment=shared, by=shared.owner, text="  Cursus fondsenwerving in maart  ")
    assert Gesprek.objects.get().manager is None
    services.afspraak_add(assessment=shared, by=manager, text="Ilse regelt budget")
    gesprek = Gesprek.objects.get()
    assert gesprek.manager == manager
    assert list(gesprek.afspraken.values_list("text", flat=True)) == [
        "Cursus fondsenwerving in maart",
        "Ilse regelt budget",
    ]


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "required"),
        ("   \n ", "required"),
        ("x" * (limits.AFSPRAAK_MAX_LENGTH + 1), "too_long"),
        ("a\x00b", "invalid"),
    ],
    ids=["empty", "blank", "oversized", "nul"],
)
def test_it_refuses_bad_text_and_saves_nothing(shared, text, code):
    with pytest.raises(ValidationError) as refused:
        services.afspraak_add(assessment=shared, by=shared.owner, text=text)
    assert refused.value.code == code
    assert not Afspraak.objects.exists()
    assert not Gesprek.objects.exists()


def test_a_double_submit_records_one_afspraak(shared):
    token = uuid.uuid4()
    first = services.afspraak_add(assessment=shared, by=shared.owner, text="Eén keer", form_token=token)
    second = services.afspraak_add(assessment=shared, by=shared.owner, text="Eén keer", form_token=token)
    assert first == second and Afspraak.objects.count() == 1


def test_it_holds_at_most_the_limit(shared, settings):
    for number in range(limits.AFSPRAKEN_PER_GESPREK):
        services.afspraak_add(assessment=shared, by=shared.owner, text=f"Afspraak {number}")
    with pytest.raises(ValidationError) as refused:
        services.afspraak_add(assessment=shared, by=shared.owner, text="Nog een")
    assert refused.value.code == "full"
    assert Afspraak.objects.count() == limits.AFSPRAKEN_PER_GESPREK


def test_each_side_confirms_once_and_the_first_time_counts(shared, manager):
    services.afspraak_add(assessment=shared, by=manager, text="Coaching aanvragen")
    revision = Gesprek.objects.get().revision
    first, created = services.confirm(assessment=shared, by=shared.owner, revision=revision)
    assert created
    again, created = services.confirm(assessment=shared, by=shared.owner, revision=revision)
    assert not created and again.confirmed_at == first.confirmed_at
    services.confirm(assessment=shared, by=manager, revision=revision)
    assert Confirmation.objects.count() == 2


@pytest.mark.parametrize("change", ["add", "edit", "delete"])
def test_a_change_after_a_confirmation_takes_every_confirmation_back(shared, manager, change):
    afspraak = services.afspraak_add(assessment=shared, by=manager, text="Coaching aanvragen")
    gesprek = Gesprek.objects.get()
    services.confirm(assessment=shared, by=shared.owner, revision=gesprek.revision)
    services.confirm(assessment=shared, by=manager, revision=gesprek.revision)
    if change == "add":
        services.afspraak_add(assessment=shared, by=shared.owner, text="En intervisie")
    elif change == "edit":
        services.afspraak_edit(afspraak=afspraak, by=shared.owner, text="Coaching aanvragen vóór 1 april")
    else:
        services.afspraak_delete(afspraak=afspraak, by=shared.owner)
    gesprek.refresh_from_db()
    assert not gesprek.confirmations.exists()
    assert gesprek.revision > 2


def test_saving_the_same_text_again_keeps_the_confirmations(shared):
    afspraak = services.afspraak_add(assessment=shared, by=shared.owner, text="Zelfde")
    services.confirm(assessment=shared, by=shared.owner, revision=Gesprek.objects.get().revision)
    services.afspraak_edit(afspraak=afspraak, by=shared.owner, text="Zelfde ")
    assert Confirmation.objects.count() == 1


def test_a_confirmation_of_afspraken_that_changed_meanwhile_is_refused(shared, manager):
    services.afspraak_add(assessment=shared, by=manager, text="Eerste")
    read = Gesprek.objects.get().revision  # the coordinator's page shows this
    services.afspraak_add(assessment=shared, by=manager, text="Tweede, in een ander tabblad")
    with pytest.raises(services.GesprekChanged):
        services.confirm(assessment=shared, by=shared.owner, revision=read)
    assert not Confirmation.objects.exists()


def test_there_is_nothing_to_confirm_without_afspraken(shared):
    with pytest.raises(ValidationError) as refused:
        services.confirm(assessment=shared, by=shared.owner, revision=1)
    assert refused.value.code == "empty"
    assert not Gesprek.objects.exists()


def test_a_second_leidinggevende_cannot_write_in_a_gesprek_held_with_the_first(shared, manager):
    other = UserFactory()
    team_with(coordinators=[shared.owner], managers=[other], name="Tweede team")
    services.afspraak_add(assessment=shared, by=manager, text="Met Ilse")
    with pytest.raises(ValidationError):
        services.afspraak_add(assessment=shared, by=other, text="Met iemand anders")
    assert Afspraak.objects.count() == 1


def test_a_coordinator_without_a_manager_names_who_they_talk_with(assessment):
    services.with_whom_set(assessment=assessment, by=assessment.owner, text="Mijn intervisiegroep")
    services.afspraak_add(assessment=assessment, by=assessment.owner, text="Elke maand casus inbrengen")
    gesprek = Gesprek.objects.get()
    services.confirm(assessment=assessment, by=assessment.owner, revision=gesprek.revision)
    gesprek.refresh_from_db()
    assert gesprek.with_whom == "Mijn intervisiegroep" and gesprek.manager is None
    with pytest.raises(ValidationError):
        services.with_whom_set(assessment=assessment, by=assessment.owner, text="x" * (limits.WITH_WHOM_MAX_LENGTH + 1))
    gesprek.refresh_from_db()
    assert gesprek.with_whom == "Mijn intervisiegroep"


def test_with_whom_is_not_for_a_gesprek_with_the_leidinggevende(shared, manager):
    services.afspraak_add(assessment=shared, by=manager, text="Met Ilse")
    with pytest.raises(ValidationError):
        services.with_whom_set(assessment=shared, by=shared.owner, text="Mijn coach")
    assert Gesprek.objects.get().with_whom == ""
