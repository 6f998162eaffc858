"""The scanronde mails: opened once, reminded before the due date, never twice, on any number of
schedulers at once."""

import threading
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.formats import date_format

from assessments import services as assessment_services
from cycle import services
from cycle.models import RoundMail, Scanronde
from tests.assessments.conftest import finalise
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db

OPENS = date.today()  # a zelfscan started in the tests (today) counts for the round
DUE = OPENS + timedelta(days=30)
BASE = "https://profielwijzer.example.org/"


@pytest.fixture
def round_team(db):
    sanne = UserFactory(email="sanne@example.org", name="Sanne de Vries")
    john = UserFactory(email="john@example.org", name="John Smith", language="en")
    ilse = UserFactory(email="ilse@example.org", name="Ilse Bakker")
    team = team_with(coordinators=[sanne, john], managers=[ilse])
    scanronde = Scanronde.objects.create(
        team=team, name="Voorjaar 2027", opens_on=OPENS, due_on=DUE, reminder_days="7,1", created_by=ilse
    )
    return scanronde, sanne, john, ilse


def run(today) -> dict:
    return services.round_mails_send(today=today, base_url=BASE)


def test_nothing_goes_before_the_round_opens(round_team):
    assert run(OPENS - timedelta(days=1)) == {"opened": 0, "reminder": 0, "failed": 0}
    assert mail.outbox == []


def test_each_coordinator_gets_the_opening_mail_once_in_their_language(round_team):
    scanronde, sanne, john, ilse = round_team
    assert run(OPENS)["opened"] == 2
    assert run(OPENS)["opened"] == 0
    assert run(OPENS + timedelta(days=2))["opened"] == 0
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"sanne@example.org", "john@example.org"}  # not the leidinggevende
    dutch, english = by_address["sanne@example.org"], by_address["john@example.org"]
    assert dutch.subject == "Scanronde ‘Voorjaar 2027’ is open: kijk weer waar je staat"
    assert "Hallo Sanne," in dutch.body and date_format(DUE, "j F Y") in dutch.body
    assert f"{BASE}assessments/" in dutch.body
    assert "alleen of je begonnen bent" in dutch.body  # what the leidinggevende sees, said plainly
    assert dutch.extra_headers == {}  # the opening mail always comes: nothing to stop
    assert "Voorjaar 2027" in dutch.alternatives[0][0] and dutch.alternatives[0][1] == "text/html"
    assert english.subject.startswith("Scan round ‘Voorjaar 2027’ is open")
    assert "Hello John," in english.body


def test_reminders_go_on_their_days_to_who_is_not_finished_and_did_not_opt_out(round_team, profile_version):
    scanronde, sanne, john, ilse = round_team
    run(OPENS)
    done = UserFactory(name="Klaar")
    quiet = UserFactory(name="Stil")
    for member in (done, quiet):
        scanronde.team.memberships.create(user=member, role="coordinator")
    run(OPENS + timedelta(days=1))  # their opening mails
    finished = assessment_services.assessment_start(owner=done, framework=profile_version.framework)
    finalise(finished)  # rates enough items first
    services.reminders_set(user=quiet, reminders=False)
    mail.outbox.clear()
    assert run(DUE - timedelta(days=8))["reminder"] == 0
    assert run(DUE - timedelta(days=7))["reminder"] == 2
    assert run(DUE - timedelta(days=6))["reminder"] == 0
    assert run(DUE - timedelta(days=1))["reminder"] == 2
    assert run(DUE)["reminder"] == 0
    assert sorted(message.to[0] for message in mail.outbox) == [
        "john@example.org",
        "john@example.org",
        "sanne@example.org",
        "sanne@example.org",
    ]
    reminder = next(message for message in mail.outbox if message.to == ["sanne@example.org"])
    assert reminder.subject == f"Herinnering: scanronde ‘Voorjaar 2027’, graag klaar op {date_format(DUE, 'j F')}"
    stop = f"{BASE}herinneringen/uit/{services.reminders_stop_token(sanne)}/"
    assert stop in reminder.body and stop in reminder.alternatives[0][0]
    assert reminder.extra_headers == {
        "List-Unsubscribe": f"<{stop}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_the_link_in_a_reminder_stops_reminders_without_logging_in(client, round_team):
    scanronde, sanne, john, ilse = round_team
    url = f"/herinneringen/uit/{services.reminders_stop_token(sanne)}/"
    page = client.get(url)  # only asks: mail scanners open links
    assert page.status_code == 200 and "s•••@example.org" in page.content.decode()
    assert "sanne@example.org" not in page.content.decode()
    assert not services.MailPreference.objects.exists()
    done = client.post(url)
    assert done.status_code == 200 and "Je krijgt geen herinneringen meer" in done.content.decode()
    assert services.MailPreference.objects.get(user=sanne).reminders is False
    assert not services.MailPreference.objects.filter(user=john).exists()


def test_a_mail_program_stops_reminders_with_one_bare_post(round_team):
    from django.test import Client

    scanronde, sanne, john, ilse = round_team
    client = Client(enforce_csrf_checks=True)  # RFC 8058: no cookie, no CSRF token
    url = f"/herinneringen/uit/{services.reminders_stop_token(john)}/"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert services.MailPreference.objects.get(user=john).reminders is False
    run(OPENS)
    mail.outbox.clear()
    run(DUE - timedelta(days=7))
    assert [message.to for message in mail.outbox] == [["sanne@example.org"]]


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "MQ:1tWkWJ:forged-signature-000000000000000000",  # looks like one, signed by someone else
        "other-salt",  # a value signed by us for something else
    ],
)
def test_a_forged_or_foreign_stop_link_changes_nothing(client, round_team, token):
    from django.core import signing

    scanronde, sanne, john, ilse = round_team
    if token == "other-salt":
        token = signing.dumps(sanne.pk, salt="something.else")
    for method in (client.get, client.post):
        response = method(f"/herinneringen/uit/{token}/")
        assert response.status_code == 404 and "Deze link werkt niet" in response.content.decode()
    assert not services.MailPreference.objects.exists()


def test_the_stop_link_of_a_deleted_account_changes_nothing(client, round_team):
    scanronde, sanne, john, ilse = round_team
    token = services.reminders_stop_token(sanne)
    sanne.delete()
    assert client.post(f"/herinneringen/uit/{token}/").status_code == 404
    assert not services.MailPreference.objects.exists()


def test_a_member_who_left_the_team_gets_no_reminder(round_team):
    scanronde, sanne, john, ilse = round_team
    run(OPENS)
    scanronde.team.memberships.filter(user=john).delete()
    mail.outbox.clear()
    run(DUE - timedelta(days=7))
    assert [message.to for message in mail.outbox] == [["sanne@example.org"]]


def test_a_round_whose_due_date_passed_sends_nothing_more(round_team):
    assert run(DUE + timedelta(days=1)) == {"opened": 0, "reminder": 0, "failed": 0}
    assert mail.outbox == [] and not RoundMail.objects.exists()


def test_the_opening_mail_stands_in_for_a_reminder_due_the_same_day(round_team):
    # the scheduler was down: the first run is within a week of the due date
    assert run(DUE - timedelta(days=5)) == {"opened": 2, "reminder": 0, "failed": 0}
    assert run(DUE - timedelta(days=5))["reminder"] == 0
    assert run(DUE - timedelta(days=1))["reminder"] == 2


def test_unconfirmed_addresses_get_nothing(round_team):
    scanronde, sanne, john, ilse = round_team
    john.email_verified_at = None
    john.save()
    run(OPENS)
    assert [message.to for message in mail.outbox] == [["sanne@example.org"]]


def test_a_mail_the_server_refused_is_tried_again_by_the_next_run(round_team, monkeypatch):
    from profiel import mail as profiel_mail

    real = profiel_mail.deliver
    calls = []

    def flaky(message):
        calls.append(message.to)
        if len(calls) == 1:
            raise ConnectionRefusedError("the mail server is away")
        real(message)

    monkeypatch.setattr(profiel_mail, "deliver", flaky)
    assert run(OPENS) == {"opened": 1, "reminder": 0, "failed": 1}
    assert RoundMail.objects.count() == 1
    assert run(OPENS) == {"opened": 1, "reminder": 0, "failed": 0}
    assert len(mail.outbox) == 2 and RoundMail.objects.count() == 2


def test_the_command_run_twice_sends_once(round_team, settings):
    out = StringIO()
    call_command("round_mails", "--today", OPENS.isoformat(), "--base-url", BASE, stdout=out)
    call_command("round_mails", "--today", OPENS.isoformat(), "--base-url", BASE, stdout=out)
    assert len(mail.outbox) == 2
    assert "2 opening" in out.getvalue() and "0 opening" in out.getvalue()


def test_the_command_needs_to_know_where_the_site_lives(round_team, settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("round_mails", stdout=StringIO())
    with pytest.raises(CommandError, match="full address"):
        call_command("round_mails", "--base-url", "profielwijzer.example.org", stdout=StringIO())
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_schedulers_running_at_the_same_moment_send_each_mail_once(round_team):
    """Four runs at once, as four app servers' timers would: on PostgreSQL the second insert of a
    row waits for the first transaction and then finds it taken; SQLite takes one writer at a time."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("threads do not share SQLite's in-memory test database; run on PostgreSQL (.ci/run)")
    barrier = threading.Barrier(4)
    errors = []

    def scheduler():
        try:
            barrier.wait()
            run(OPENS)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == ["john@example.org", "sanne@example.org"]
    assert RoundMail.objects.count() == 2
