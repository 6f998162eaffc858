"""How many queries a first download of the profile PDF takes with every chapter in it: the same
however many earlier rounds, goals, linked items, progress entries, afspraken, feedback rounds and
answers, takenpakket tasks and functieprofielen it prints. WeasyPrint is replaced (it asks nothing
of the database), so these tests need no render."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import pdf, services
from assessments.models import NormProfile, RenderedPdf
from cycle import services as cycle_services
from cycle.models import Gesprek
from feedback import services as feedback_services
from feedback.models import FeedbackRound
from functie import services as functie_services
from tests.assessments.conftest import rate, rate_enough
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db

TASKS = ["9.1.1", "9.1.2", "9.1.3", "9.1.4", "9.2.1", "9.3.1"]
RATED = ["8.1", "8.2", "9.1.1", "9.1.2", "9.1.3", "9.1.4", "9.2.1", "9.3.1", "10.2.1", "10.2.3", "10.3.1", "10.4.2"]


@pytest.fixture(autouse=True)
def no_render(monkeypatch):
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF rendered")


def profile(version, *, rounds: int, size: int):
    """A coordinator's current round after `rounds - 1` earlier ones, each chapter `size` times over."""
    owner = UserFactory(name=f"Coördinator {rounds}-{size}")
    manager = UserFactory(name=f"Leidinggevende {rounds}-{size}")
    team = team_with(coordinators=[owner], managers=[manager])
    previous = None
    for number in range(rounds - 1):  # each leaves an open goal that the next round carries along
        earlier = services.assessment_start(owner=owner, framework=version.framework, previous=previous)
        rate_enough(earlier)
        services.goal_save(assessment=earlier, data={"title": f"Doel uit ronde {number + 1}"})
        services.assessment_finalise(assessment=earlier)
        previous = earlier
    assessment = services.assessment_start(owner=owner, framework=version.framework, previous=previous)
    codes = RATED[: 4 * size]
    for code in codes:
        rate(assessment, code, 2, 3, note=f"Over {code}")
    items = {item.code: item for item in version.items.filter(code__in=codes)}
    today = timezone.localdate()
    for number in range(size):
        goal = services.goal_save(
            assessment=assessment,
            data={
                "title": f"Doel {number}",
                "items": [items[code].pk for code in codes[:size]],
                "actions": "Intervisie",
            },
        )
        for week in range(2 * size):
            services.goal_progress_add(goal=goal, data={"did": f"Stap {week}", "date": today - timedelta(days=week)})
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    for code in codes[:size]:
        rate(view, code, 3, 3)
    services.share_set(assessment=view, viewer=owner, shared=True)
    for number in range(size):
        cycle_services.afspraak_add(assessment=assessment, by=manager, text=f"Afspraak {number}")
    revision = Gesprek.objects.get(assessment=assessment).revision
    cycle_services.confirm(assessment=assessment, by=owner, revision=revision)
    tasks = TASKS[: 2 * size]
    for code in tasks:
        rate(assessment, code, 2, 3)
    functie_services.takenpakket_save(
        assessment=assessment,
        agreed_hours="24",
        entries={code: {"levels": ["uitvoerend"], "hours": "2"} for code in tasks},
    )
    for number in range(size):  # one functieprofiel prints one table; several, one each
        norm = NormProfile.objects.create(team=team, version=version, name=f"Functie {number}", created_by=manager)
        functie_services.norm_tasks_save(profile=norm, entries={TASKS[number]: {"levels": ["tactisch"], "hours": "3"}})
    asked = codes[:2]
    for number in range(size):
        reviewers = feedback_services.round_create(
            assessment=assessment,
            kind=FeedbackRound.Kind.REVIEWERS,
            title=f"Collega's {number}",
            item_codes=asked,
            closes_on=today + timedelta(days=14),
        )
        feedback_services.round_settings(feedback_round=reviewers, shared_with_manager=True, in_pdf=True)
        for person in range(size):
            reviewer = feedback_services.reviewer_invite(
                feedback_round=reviewers,
                name=f"Collega {person}",
                email=f"collega{number}-{person}@example.org",
                language="nl",
                base_url="http://testserver/",
            )
            feedback_services.review_submit(
                reviewer=reviewer, levels={code: "3" for code in asked}, comments={asked[0]: "Zie ik ook"}
            )
        volunteers = feedback_services.round_create(
            assessment=assessment,
            kind=FeedbackRound.Kind.VOLUNTEERS,
            title=f"Vrijwilligers {number}",
            item_codes=asked,
            closes_on=today + timedelta(days=14),
        )
        feedback_services.round_settings(feedback_round=volunteers, shared_with_manager=True, in_pdf=True)
        for answer in range(3 * size):
            feedback_services.volunteer_submit(
                feedback_round=volunteers,
                levels={code: str(1 + answer % 4) for code in asked},
                comment=f"Fijn {answer}",
            )
    assessment.refresh_from_db()
    return assessment, manager


def pdf_url(client, user, assessment) -> str:
    """Logged in as `user`, the address of the PDF they download, asked once: the first request of a
    process reads the version's items into its cache."""
    client.force_login(user)
    name = "assessments:pdf" if user == assessment.owner else "assessments:shared_pdf"
    url = reverse(name, args=[assessment.pk])
    assert client.get(url).status_code == 200
    RenderedPdf.objects.all().delete()  # the next download renders
    return url


# A first render for the owner: session, user, assessment; the stored copy and the fingerprint
# (goals, the manager's view, organisations, the gesprek, feedback rounds, the takenpakket and the
# functieprofielen); the profile (answers, the manager's view and its answers, context, goals with
# their items and progress, the gesprek with afspraken and confirmations, feedback rounds with
# their items, reviewers and answers, the takenpakket with its tasks and the functieprofielen with
# theirs); storing the copy.
OWNER_QUERIES = 39
# The leidinggevende's download: also who may see it (their teams and the share), and the feedback
# and takenpakket as shared with them.
MANAGER_QUERIES = 43


@pytest.mark.parametrize("rounds, size", [(1, 1), (3, 3)])
def test_the_owners_first_download_takes_the_same_queries_however_much_it_prints(
    client, profile_version, rounds, size, django_assert_num_queries
):
    assessment, _manager = profile(profile_version, rounds=rounds, size=size)
    html = pdf.profile_html(assessment, viewer=assessment.owner)
    assert "Wat anderen zien" in html and "Functie en praktijk" in html and f"Afspraak {size - 1}" in html
    assert f"Doel {size - 1}" in html and (rounds == 1 or "Doel uit ronde" in html)
    url = pdf_url(client, assessment.owner, assessment)
    with django_assert_num_queries(OWNER_QUERIES):
        assert client.get(url).status_code == 200
    assert RenderedPdf.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("rounds, size", [(1, 1), (3, 3)])
def test_the_leidinggevendes_first_download_takes_the_same_queries_however_much_it_prints(
    client, profile_version, rounds, size, django_assert_num_queries
):
    assessment, manager = profile(profile_version, rounds=rounds, size=size)
    html = pdf.profile_html(assessment, viewer=manager)
    assert "Wat anderen zien" in html and "Functie en praktijk" in html and f"Afspraak {size - 1}" in html
    url = pdf_url(client, manager, assessment)
    with django_assert_num_queries(MANAGER_QUERIES):
        assert client.get(url).status_code == 200
    assert RenderedPdf.objects.filter(assessment=assessment, viewer=manager).exists()
