"""The plan outlives the round: goals belong to the person, carry into new rounds, and take a
status and dated progress at any time, also after the round is final."""

import copy
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import limits, pdf, services
from assessments.models import Assessment, Goal, GoalProgress
from catalog.loading import load_framework
from tests.assessments.conftest import finalise, item, rate
from tests.conftest import framework_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, assessment):
    client.force_login(assessment.owner)
    return client


def new_goal(assessment, title="Leren delegeren", codes=(), **data):
    items = [item(assessment.version, code).pk for code in codes]
    return services.goal_save(assessment=assessment, data={"title": title, "items": items, **data})


def next_round(assessment):
    return services.assessment_start(
        owner=assessment.owner, framework=assessment.version.framework, previous=assessment
    )


def url(name, assessment, goal):
    return reverse(f"assessments:{name}", args=[assessment.pk, goal.pk])


# ---------------------------------------------------------------------------------------
# Across rounds


def test_a_new_round_carries_the_open_goals_and_shows_the_reached_ones_as_history(owner_client, assessment):
    busy = new_goal(assessment, "Intervisie opzetten", status="active")
    planned = new_goal(assessment, "Beleid schrijven")
    reached = new_goal(assessment, "Veerkracht", status="done")
    stopped = new_goal(assessment, "Podcast maken", status="stopped")
    finalise(assessment)
    second = next_round(assessment)
    assert set(second.goals.all()) == {busy, planned}
    assert set(assessment.goals.all()) == {busy, planned, reached, stopped}  # the first round keeps its plan
    html = owner_client.get(reverse("assessments:plan", args=[second.pk])).content.decode()
    plan, history = html.split("Eerder bereikt of gestopt")
    assert "Intervisie opzetten" in plan and "Beleid schrijven" in plan
    assert "Veerkracht" in history and "Podcast maken" in history
    assert "Je hebt nog geen doelen" not in html


def test_a_goal_keeps_its_item_codes_on_a_newer_version_where_the_code_still_exists(assessment, profile_version):
    goal = new_goal(assessment, codes=("10.3.5", "9.1.3"))
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    taakgebieden = data["items"][1]["children"]  # 9.1.x
    data["items"][1]["children"] = [node for node in taakgebieden if node["code"] != "9.1.3"]
    newer = load_framework(data).version
    second = next_round(assessment)
    assert second.version == newer
    goal.refresh_from_db()
    linked = {(link.code, link.version_id) for link in goal.items.all()}
    assert linked == {("10.3.5", newer.pk), ("9.1.3", profile_version.pk)}  # 9.1.3 is gone: the old link stays
    # editing the goal in the new round keeps the link that only the old version has
    services.goal_save(
        assessment=second, goal=goal, data={"title": "Anders", "items": [link.pk for link in goal.items.all()]}
    )
    assert goal.items.count() == 2


def test_a_new_goal_goes_in_the_newest_round_only(assessment):
    first_goal = new_goal(assessment)
    second = next_round(assessment)
    with pytest.raises(services.InvalidInput, match="nieuwere ronde"):
        new_goal(assessment, "Te laat")
    assert Goal.objects.count() == 1
    services.goal_status_set(goal=first_goal, status="done")  # but status and progress: always
    services.goal_progress_add(goal=first_goal, data={"did": "Gedaan"})
    new_goal(second, "Nieuw")


def test_the_migration_gave_every_goal_its_person_and_its_round(assessment):
    """A goal made the old way (one round) reads the same: owner and rounds are set (0005)."""
    goal = new_goal(assessment)
    assert goal.owner == assessment.owner
    assert list(goal.rounds.all()) == [assessment]


# ---------------------------------------------------------------------------------------
# Status and progress, at any time


def test_status_and_progress_after_the_round_is_final(owner_client, assessment):
    goal = new_goal(assessment)
    finalise(assessment)
    response = owner_client.post(
        url("goal_progress", assessment, goal),
        {"date": "2026-11-02", "did": "Twee taken overgedragen", "result": "Meer rust", "status": "active"},
        follow=True,
    )
    assert "Je voortgang staat bij je doel" in response.content.decode()
    entry = GoalProgress.objects.get()
    assert (str(entry.date), entry.did, entry.result) == ("2026-11-02", "Twee taken overgedragen", "Meer rust")
    owner_client.post(url("goal_status", assessment, goal), {"status": "done"})
    goal.refresh_from_db()
    assert goal.status == "done" and goal.closed_at is not None
    owner_client.post(url("goal_status", assessment, goal), {"status": "active"})
    goal.refresh_from_db()
    assert goal.status == "active" and goal.closed_at is None
    html = owner_client.get(reverse("assessments:plan", args=[assessment.pk])).content.decode()
    assert "Twee taken overgedragen" in html and "Meer rust" in html


def test_bad_progress_saves_nothing_and_says_why(owner_client, assessment):
    goal = new_goal(assessment)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for data, reason in [
        ({"did": ""}, "Schrijf kort op wat je deed"),
        ({"did": "   "}, "Schrijf kort op wat je deed"),
        ({"did": "x", "date": tomorrow}, "in de toekomst"),
        ({"did": "x", "date": "31-02-2027"}, "jaar, maand en dag"),
        ({"did": "x", "date": "1899-01-01"}, "vanaf het jaar 2000"),
        ({"did": "x" * (limits.PROGRESS_TEXT_MAX_LENGTH + 1)}, "hoogstens"),
        ({"did": "x", "result": "y" * (limits.PROGRESS_TEXT_MAX_LENGTH + 1)}, "hoogstens"),
        ({"did": "x", "status": "vergeten"}, "status uit de lijst"),
        ({"did": "x", "form_token": "geen-uuid"}, ""),
    ]:
        response = owner_client.post(url("goal_progress", assessment, goal), data, follow=True)
        html = response.content.decode()
        assert "Voortgang niet bewaard" in html, data
        assert reason in html, data
    assert not GoalProgress.objects.exists()
    goal.refresh_from_db()
    assert goal.status == "planned"
    response = owner_client.post(url("goal_status", assessment, goal), {"status": "klaar"}, follow=True)
    assert "status uit de lijst" in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "planned" and goal.revision == 1


def test_a_double_submitted_progress_entry_is_added_once(owner_client, assessment):
    goal = new_goal(assessment)
    data = {"did": "Cursus gevolgd", "form_token": "0b6f4a9e-58a5-4d51-bd3f-3c7f6d1b9a11"}
    owner_client.post(url("goal_progress", assessment, goal), data)
    owner_client.post(url("goal_progress", assessment, goal), data)
    assert GoalProgress.objects.count() == 1


def test_progress_stops_at_its_limit(assessment):
    goal = new_goal(assessment)
    GoalProgress.objects.bulk_create(GoalProgress(goal=goal, did=f"stap {n}") for n in range(limits.PROGRESS_PER_GOAL))
    with pytest.raises(services.InvalidInput, match="het maximum"):
        services.goal_progress_add(goal=goal, data={"did": "nog een"})
    assert goal.progress.count() == limits.PROGRESS_PER_GOAL


def test_progress_on_a_goal_whose_round_was_deleted_is_kept_and_the_goal_carries_on(owner_client, assessment):
    goal = new_goal(assessment)
    form_url = url("goal_progress", assessment, goal)  # the page was open in a tab when the round went
    Assessment.objects.filter(pk=assessment.pk).delete()
    response = owner_client.post(form_url, {"did": "Toch gedaan"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessments:list")
    assert "het komt mee in je volgende ronde" in response.content.decode()
    assert goal.progress.get().did == "Toch gedaan"
    fresh = services.assessment_start(owner=goal.owner, framework=assessment.version.framework)
    assert list(fresh.goals.all()) == [goal]
    # later progress goes back to the round the goal is in now
    response = owner_client.post(form_url, {"did": "Weer iets"})
    assert response["Location"] == reverse("assessments:plan", args=[fresh.pk]) + f"#goal-{goal.pk}"


# ---------------------------------------------------------------------------------------
# Editing, two tabs, taking out of a plan


def test_a_goal_edited_in_two_tabs_keeps_what_you_typed_and_shows_what_is_stored(owner_client, assessment):
    goal = new_goal(assessment, actions="Eerste plan")
    edit = url("goal_edit", assessment, goal)
    form = {"title": "Leren delegeren", "status": "planned", "revision": "1"}
    owner_client.post(edit, {**form, "actions": "Uit tab één"})  # tab one saves first
    response = owner_client.post(edit, {**form, "actions": "Uit tab twee"})  # tab two loaded revision 1
    html = response.content.decode()
    assert response.status_code == 200
    assert "intussen ergens anders gewijzigd" in html
    assert "Zo staat het doel nu bewaard" in html and "Uit tab één" in html
    assert "Uit tab twee" in html  # what was typed is still in the form
    assert 'name="revision" value="2"' in html
    goal.refresh_from_db()
    assert goal.actions == "Uit tab één"
    owner_client.post(edit, {**form, "revision": "2", "actions": "Uit tab twee"})  # saving again keeps it
    goal.refresh_from_db()
    assert (goal.actions, goal.revision) == ("Uit tab twee", 3)


def test_a_status_change_in_another_tab_also_stops_a_stale_edit(assessment):
    goal = new_goal(assessment)
    services.goal_status_set(goal=goal, status="active")
    with pytest.raises(services.StaleGoal):
        services.goal_save(assessment=assessment, goal=goal, data={"title": "Oud"}, revision=1)
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Leren delegeren", "active")


def test_a_goal_in_a_final_round_stays_in_its_plan(owner_client, assessment):
    goal = new_goal(assessment)
    finalise(assessment)
    response = owner_client.post(url("goal_delete", assessment, goal), follow=True)
    assert "Gestopt" in response.content.decode()
    assert Goal.objects.filter(pk=goal.pk, rounds=assessment).exists()


def test_taking_a_carried_goal_out_of_the_new_plan_keeps_it_in_the_old_one(owner_client, assessment):
    goal = new_goal(assessment)
    finalise(assessment)
    second = next_round(assessment)
    owner_client.post(url("goal_delete", second, goal))
    assert list(goal.rounds.all()) == [assessment]
    only_here = new_goal(second, "Alleen hier")
    owner_client.post(url("goal_delete", second, only_here))
    assert not Goal.objects.filter(pk=only_here.pk).exists()


def test_someone_else_gets_404_on_every_goal_url_and_nothing_changes(client, assessment):
    goal = new_goal(assessment)
    client.force_login(UserFactory())
    for name in ("goal_edit", "goal_delete", "goal_progress", "goal_status"):
        for method in ("get", "post"):
            response = getattr(client, method)(
                url(name, assessment, goal), {"did": "gekaapt", "status": "done", "title": "gekaapt"}
            )
            assert response.status_code in (404, 405), (name, method)
            if method == "post":
                assert response.status_code == 404, name
    # their own round in the URL does not help either
    theirs = services.assessment_start(owner=UserFactory(), framework=assessment.version.framework)
    client.force_login(theirs.owner)
    for name in ("goal_edit", "goal_delete", "goal_progress", "goal_status"):
        assert client.post(url(name, theirs, goal), {"did": "gekaapt", "status": "done"}).status_code == 404
    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.progress.count()) == ("Leren delegeren", "planned", 0)


# ---------------------------------------------------------------------------------------
# The plan page, the form, the PDF


def test_the_plan_page_needs_the_same_queries_however_many_goals_and_progress(
    owner_client, assessment, django_assert_num_queries
):
    rate(assessment, "10.3.5", 1, 4)
    plan_url = reverse("assessments:plan", args=[assessment.pk])
    new_goal(assessment, codes=("10.3.5",))
    owner_client.get(plan_url)
    with django_assert_num_queries(10):
        owner_client.get(plan_url)
    for n in range(5):
        goal = new_goal(assessment, f"Doel {n}", codes=("10.3.5",), status="done" if n % 2 else "active")
        services.goal_progress_add(goal=goal, data={"did": f"stap {n}"})
    with django_assert_num_queries(10):
        assert owner_client.get(plan_url).status_code == 200


def test_the_goal_form_groups_the_ticked_items_per_part_and_can_search(owner_client, assessment):
    rate(assessment, "10.3.5", 1, 4)
    rate(assessment, "9.1.3", 2, 3)
    html = owner_client.get(reverse("assessments:plan", args=[assessment.pk])).content.decode()
    form = html.split('new-goal"')[1]
    assert form.index('name="title"') < form.index('name="actions"') < form.index('name="items"')  # first things first
    assert "data-goal-item-filter" in form
    groups = form.split('class="goal-item-group')[1:]
    assert [group.split('<span lang="nl">')[1].split(" ")[0] for group in groups] == ["9.1", "10.3"]
    assert "10.3.5" in groups[1] and "9.1.3" in groups[0]


def test_after_maak_er_een_doel_van_what_to_do_is_the_first_field(owner_client, assessment):
    rate(assessment, "10.3.5", 1, 4)
    response = owner_client.post(reverse("assessments:goal_from_item", args=[assessment.pk, "10.3.5"]), follow=True)
    html = response.content.decode()
    textarea = html.split('<textarea name="actions"')[1].split(">")[0]
    assert "autofocus" in textarea
    page = html.split("<form", 2)[2]
    assert page.index('name="actions"') < page.index('name="items"')


def test_the_plan_shows_goals_as_summary_lines_that_open(owner_client, assessment):
    new_goal(assessment, actions="Een lange uitleg " * 30)
    html = owner_client.get(reverse("assessments:plan", args=[assessment.pk])).content.decode()
    assert '<details class="card mb-2 goal"' in html
    summary = html.split('<details class="card mb-2 goal"')[1].split("</summary>")[0]
    assert "Leren delegeren" in summary and "Nog niet begonnen" in summary
    assert "Een lange uitleg" not in summary


def test_the_pdf_prints_status_and_the_newest_progress(assessment):
    goal = new_goal(assessment)
    for n in range(limits.PROGRESS_IN_PDF + 2):
        services.goal_progress_add(goal=goal, data={"did": f"stap {n}", "date": f"2026-0{n + 1}-01"})
    services.goal_status_set(goal=goal, status="stopped")
    html = pdf.profile_html(assessment, viewer=assessment.owner)
    plan = html.split("Ontwikkelplan")[-1]
    assert "Gestopt" in plan
    assert "stap 4" in plan and "stap 2" in plan and "stap 1" not in plan
    assert "en 2 eerdere" in plan


def test_progress_changes_the_pdf_fingerprint(assessment):
    goal = new_goal(assessment)
    before = pdf.fingerprint(assessment, viewer=assessment.owner)
    services.goal_progress_add(goal=goal, data={"did": "iets"})
    assert pdf.fingerprint(assessment, viewer=assessment.owner) != before
