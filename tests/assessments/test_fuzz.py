"""Random payloads at the save endpoints: never a server error, never a half-written change."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessments.models import Answer, Goal
from tests.assessments.conftest import rate

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

junk = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "1", "0", "4", "5", "on", "true", "nee", "2.5", "1e3", " 3 ", "\x00", "٣"]),
    st.text(min_size=1990, max_size=2100),
)
payloads = st.dictionaries(st.sampled_from(["applies", "current", "desired", "note", "revision", "extra"]), junk)


def state(answer_id):
    return Answer.objects.filter(pk=answer_id).values("applies", "current", "desired", "note", "revision").first()


@FUZZ
@given(data=payloads)
@example(data={"note": "nul\x00teken"})  # PostgreSQL refuses NUL in text: found by this test
def test_autosave_never_fails_and_never_half_saves(client, assessment, data):
    answer = rate(assessment, "9.1.3", 2, 3, note="begin")
    client.force_login(assessment.owner)
    before = state(answer.pk)
    response = client.post(reverse("assessments:answer", args=[assessment.pk, "9.1.3"]), data, **HTMX)
    assert response.status_code in (200, 409, 422), response.status_code
    after = state(answer.pk)
    if response.status_code != 200:
        assert after == before  # refused: nothing changed
        return
    assert after["revision"] == before["revision"] + 1
    for level in ("current", "desired"):
        if level in data:
            expected = int(data[level]) if data[level].strip() else None
            assert after[level] == expected and (expected is None or 1 <= expected <= 4)
        else:
            assert after[level] == before[level]
    if "note" in data:
        assert after["note"] == data["note"].replace("\r\n", "\n")


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["title", "status", "items", "actions", "support", "target_date"]), junk))
@example(data={"title": "doel\x00", "status": "planned", "actions": "x\x00"})
def test_a_goal_form_never_fails_and_saves_whole_goals_only(client, assessment, data):
    client.force_login(assessment.owner)
    count = Goal.objects.count()
    response = client.post(reverse("assessments:plan", args=[assessment.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Goal.objects.count() == count
    else:
        goal = Goal.objects.latest("pk")
        assert goal.title == data["title"].strip() and goal.status in Goal.Status.values


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["role_title", "context_beloning", "context_niveau"]), junk))
@example(data={"role_title": "rol\x00"})
def test_my_situation_never_fails(client, assessment, data):
    client.force_login(assessment.owner)
    before = (assessment.role_title, list(assessment.context_options.values_list("pk", flat=True)))
    response = client.post(reverse("assessments:situation", args=[assessment.pk]), data, **HTMX)
    assert response.status_code in (200, 422)
    assessment.refresh_from_db()
    after = (assessment.role_title, list(assessment.context_options.values_list("pk", flat=True)))
    if response.status_code == 422:
        assert after == before
