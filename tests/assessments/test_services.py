"""The rules of an assessment: validated before writing, nothing changes after finalising."""

import copy
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from assessments import limits, scoring, services
from assessments.models import Answer, Assessment, Goal
from catalog.loading import load_framework
from catalog.models import ContextOption
from tests.assessments.conftest import finalise, item, rate
from tests.conftest import framework_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def snapshot(assessment):
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("item__position")
        .values_list("item__code", "applies", "current", "desired", "note", "revision")
    )


def test_it_starts_on_the_current_published_version(assessment, profile_version):
    assert assessment.version == profile_version
    assert assessment.status == Assessment.Status.DRAFT
    assert not assessment.answers.exists()


def test_it_saves_a_rating_and_counts_revisions(assessment):
    answer = rate(assessment, "9.1.3", 2, 3, note="Intakes doe ik samen met een collega.")
    assert (answer.applies, answer.current, answer.desired, answer.revision) == (True, 2, 3, 1)
    assert scoring.score_of(answer.item, None, answer).gap == 1
    again = services.answer_save(assessment=assessment, item=answer.item, changes={"desired": "4"}, revision=1)
    assert (again.current, again.desired, again.revision) == (2, 4, 2)


def test_rating_an_item_ticks_it(assessment):
    answer = services.answer_save(
        assessment=assessment, item=item(assessment.version, "10.2.1"), changes={"current": "1"}
    )
    assert answer.applies is True


def test_unticking_keeps_the_levels_and_the_note(assessment):
    rate(assessment, "10.4.3", 2, 4, note="Belangrijk voor ons team")
    answer = services.answer_save(
        assessment=assessment, item=item(assessment.version, "10.4.3"), changes={"applies": "0"}
    )
    assert (answer.applies, answer.current, answer.desired, answer.note) == (False, 2, 4, "Belangrijk voor ons team")
    assert scoring.score_of(answer.item, None, answer).is_rated is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"current": "5"}, "niveau van 1 tot 4"),
        ({"current": "0"}, "niveau van 1 tot 4"),
        ({"desired": "drie"}, "niveau van 1 tot 4"),
        ({"current": "2", "desired": "-1"}, "niveau van 1 tot 4"),
        ({"applies": "misschien"}, "aan of uit"),
        ({"note": "x" * (limits.NOTE_MAX_LENGTH + 1)}, f"hoogstens {limits.NOTE_MAX_LENGTH} tekens"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(assessment, changes, message):
    rate(assessment, "9.1.3", 2, 3, note="eerste")
    before = snapshot(assessment)
    with pytest.raises(services.InvalidInput, match=message):
        services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.3"), changes=changes)
    assert snapshot(assessment) == before


def test_it_refuses_items_that_cannot_be_rated_or_belong_to_another_version(assessment):
    with pytest.raises(services.InvalidInput, match="hoort niet bij deze zelfscan"):
        services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.3.1"), changes={"current": 2})
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    other = load_framework(data).version
    with pytest.raises(services.InvalidInput, match="hoort niet bij deze zelfscan"):
        services.answer_save(assessment=assessment, item=item(other, "9.1.3"), changes={"current": 2})
    assert not assessment.answers.exists()


def test_a_second_tab_with_an_old_revision_is_refused_and_nothing_is_lost(assessment):
    rate(assessment, "9.1.3", 2, 3, note="van tabblad één")
    with pytest.raises(services.StaleRevision) as refused:
        services.answer_save(
            assessment=assessment,
            item=item(assessment.version, "9.1.3"),
            changes={"note": "van tabblad twee"},
            revision=0,
        )
    assert refused.value.answer.note == "van tabblad één"
    assert assessment.answers.get().note == "van tabblad één"


def test_a_final_assessment_cannot_change(assessment):
    rate(assessment, "9.1.3", 2, 3)
    finalise(assessment)
    before = snapshot(assessment)
    goal_count = Goal.objects.count()
    section = item(assessment.version, "10.2")
    with pytest.raises(services.AssessmentLocked):
        services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.3"), changes={"current": 4})
    with pytest.raises(services.AssessmentLocked):
        services.section_set_applies(assessment=assessment, section=section, applies=True)
    with pytest.raises(services.AssessmentLocked):
        services.situation_save(assessment=assessment, role_title="Iets anders", option_ids=[])
    assert snapshot(assessment) == before
    assert Goal.objects.count() == goal_count  # the plan outlives the round: see tests/assessments/test_goals.py


def test_finalising_twice_is_harmless(assessment):
    first = finalise(assessment)
    second = services.assessment_finalise(assessment=assessment)
    assert first.finalised_at == second.finalised_at
    assert second.is_final


def test_it_ticks_and_unticks_a_whole_section(assessment):
    section = item(assessment.version, "10.3")
    rate(assessment, "10.3.2", 1, 3)
    assert services.section_set_applies(assessment=assessment, section=section, applies=True) == 25
    assert assessment.answers.filter(applies=True).count() == 25
    services.section_set_applies(assessment=assessment, section=section, applies=False)
    assert assessment.answers.filter(applies=True).count() == 0
    kept = assessment.answers.get(item__code="10.3.2")
    assert (kept.current, kept.desired) == (1, 3)


def test_it_saves_my_situation_and_refuses_options_of_another_version(assessment):
    options = ContextOption.objects.filter(variable__version=assessment.version, code__in=["onbetaald", "buurt-wijk"])
    services.situation_save(
        assessment=assessment, role_title="  Coördinator buurthuis ", option_ids=[o.pk for o in options]
    )
    assessment.refresh_from_db()
    assert assessment.role_title == "Coördinator buurthuis"
    assert {o.code for o in assessment.context_options.all()} == {"onbetaald", "buurt-wijk"}

    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    foreign = ContextOption.objects.filter(variable__version=load_framework(data).version).first()
    with pytest.raises(services.InvalidInput):
        services.situation_save(assessment=assessment, role_title="Anders", option_ids=[foreign.pk])
    with pytest.raises(services.InvalidInput, match="hoogstens 200"):
        services.situation_save(assessment=assessment, role_title="x" * 201, option_ids=[])
    assessment.refresh_from_db()
    assert assessment.role_title == "Coördinator buurthuis"
    assert assessment.context_options.count() == 2


def test_a_new_round_is_prefilled_from_the_last_one_by_code(assessment, profile_version):
    rate(assessment, "9.1.3", 2, 3, note="intakes")
    rate(assessment, "10.5.11", 3, 3)
    option = ContextOption.objects.get(variable__version=profile_version, code="betaald")
    services.situation_save(assessment=assessment, role_title="Coördinator", option_ids=[option.pk])
    finalise(assessment)  # rates 10.5.1–10.5.5 too

    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    newer = load_framework(data).version
    second = services.assessment_start(owner=assessment.owner, framework=profile_version.framework, previous=assessment)
    assert second.version == newer
    assert second.previous == assessment
    assert second.role_title == "Coördinator"
    carried = [row for row in snapshot(second) if row[0] in {"9.1.3", "10.5.11"}]
    assert carried == [("9.1.3", True, 2, 3, "intakes", 1), ("10.5.11", True, 3, 3, "", 1)]
    assert len(snapshot(second)) == 2 + limits.FINALISE_MIN_RATED
    assert [o.code for o in second.context_options.all()] == ["betaald"]
    assert second.context_options.get().variable.version == newer


def test_nobody_starts_from_someone_elses_round(assessment):
    with pytest.raises(services.InvalidInput):
        services.assessment_start(owner=UserFactory(), framework=assessment.version.framework, previous=assessment)


def test_goals_link_only_items_of_the_version_and_need_a_title(assessment):
    target = item(assessment.version, "10.3.5")
    goal = services.goal_save(
        assessment=assessment,
        data={"title": "Omgaan met tegenslag", "items": [target.pk], "status": "active", "actions": "Intervisie"},
    )
    assert list(goal.items.values_list("code", flat=True)) == ["10.3.5"]
    with pytest.raises(services.InvalidInput, match="naam"):
        services.goal_save(assessment=assessment, data={"title": "  "})
    with pytest.raises(services.InvalidInput, match="onderdelen"):
        services.goal_save(assessment=assessment, data={"title": "x", "items": [item(assessment.version, "9.1").pk]})
    with pytest.raises(services.InvalidInput, match="status"):
        services.goal_save(assessment=assessment, data={"title": "x", "status": "klaar-ish"})
    assert Goal.objects.count() == 1


def test_one_click_from_a_gap_to_a_goal_twice_gives_one_goal(assessment):
    target = item(assessment.version, "9.2.1")
    first = services.goal_from_item(assessment=assessment, item=target)
    second = services.goal_from_item(assessment=assessment, item=target)
    assert first == second
    assert first.title == "Strategie, beleid en ondernemerschap ontwikkelen"


def test_a_nul_character_is_refused_with_a_message(assessment):
    rate(assessment, "9.1.3", 2, 3, note="eerste")
    with pytest.raises(services.InvalidInput, match="teken dat niet kan worden bewaard"):
        services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.3"), changes={"note": "a\x00b"})
    assert assessment.answers.get().note == "eerste"


def test_it_refuses_a_save_without_changes_and_keeps_the_revision(assessment):
    answer = rate(assessment, "9.1.3", 2, 3)
    with pytest.raises(services.InvalidInput, match="niets mee"):
        services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.3"), changes={}, revision=1)
    answer.refresh_from_db()
    assert (answer.current, answer.revision) == (2, 1)


@pytest.mark.parametrize("raw", ["²", "9" * 5000, "-1", "x", "1.0"])
def test_it_refuses_a_revision_that_is_not_a_plain_number(raw):
    with pytest.raises(services.InvalidInput):
        services.parse_revision(raw)


def test_it_reads_a_plain_revision():
    assert services.parse_revision("") is None
    assert services.parse_revision("12") == 12


def test_a_start_sent_again_within_the_window_opens_the_first_round(assessment):
    window = timedelta(seconds=10)
    framework = assessment.version.framework
    first = services.assessment_start(
        owner=assessment.owner, framework=framework, previous=assessment, reuse_within=window
    )
    again = services.assessment_start(
        owner=assessment.owner, framework=framework, previous=assessment, reuse_within=window
    )
    assert again == first
    other = services.assessment_start(owner=assessment.owner, framework=framework, previous=assessment)
    assert other != first  # without a window every call starts a round


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need a database with real connections")
def test_three_simultaneous_new_round_posts_make_one_round(profile_version):
    """Issue 11, finding 7: three "new round" POSTs at the same moment made two rounds."""
    owner = UserFactory()
    first = services.assessment_start(owner=owner, framework=profile_version.framework)
    clients = [Client() for _ in range(3)]
    for browser in clients:
        browser.force_login(owner)
    barrier = threading.Barrier(len(clients))
    locations = []

    def post(browser):
        try:
            barrier.wait()
            data = {"framework": profile_version.framework.code, "previous": str(first.pk)}
            locations.append(browser.post(reverse("assessments:start"), data)["Location"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(browser,)) for browser in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(locations) == 3 and len(set(locations)) == 1
    assert Assessment.objects.filter(owner=owner).count() == 2
