"""Random payloads at the save endpoints and in URL path parameters: never a server error,
never a half-written change, and when a save is accepted, exactly what was sent is stored."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from assessments import limits, services
from assessments.models import Answer, Goal, NormLevel, NormProfile
from tests.assessments.conftest import rate
from tests.factories import InvitationFactory, UserFactory, team_with

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LEVELS = {1, 2, 3, 4}

junk = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "1", "0", "4", "5", "on", "true", "nee", "2.5", "1e3", " 3 ", "\x00", "٣", "²", "9" * 5000]),
    st.text(min_size=limits.NOTE_MAX_LENGTH - 10, max_size=limits.NOTE_MAX_LENGTH + 10),
)
payloads = st.dictionaries(st.sampled_from(["applies", "current", "desired", "note", "revision", "extra"]), junk)


def level(raw: str) -> int | None:
    """What the app stores for a level it accepted: a plain number on the scale, or nothing."""
    text = raw.strip()
    return int(text) if text else None


def state(answer_id):
    return Answer.objects.filter(pk=answer_id).values("applies", "current", "desired", "note", "revision").first()


@FUZZ
@given(data=payloads)
@example(data={"note": "nul\x00teken"})  # PostgreSQL refuses NUL in text: found by this test
@example(data={"current": "1", "revision": "²"})  # issue 11: these two were a server error
@example(data={"current": "1", "revision": "9" * 5000})
@example(data={"revision": "1"})  # issue 11: answered "Opgeslagen" and bumped the revision
@example(data={})
def test_autosave_never_fails_and_never_half_saves(client, assessment, data):
    answer = rate(assessment, "9.1.3", 2, 3, note="begin")
    client.force_login(assessment.owner)
    before = state(answer.pk)
    response = client.post(reverse("assessments:answer", args=[assessment.pk, "9.1.3"]), data, **HTMX)
    assert response.status_code in (200, 400, 409, 422), response.status_code
    after = state(answer.pk)
    if response.status_code != 200:
        assert after == before  # refused: nothing changed
        assert "Opgeslagen" not in response.content.decode()
        return
    assert "Opgeslagen" in response.content.decode()
    assert set(data) & {"applies", "current", "desired", "note"}  # something was sent to save
    assert after["revision"] == before["revision"] + 1
    for name in ("current", "desired"):
        if name in data:
            assert after[name] == level(data[name]) and (after[name] is None or after[name] in LEVELS)
        else:
            assert after[name] == before[name]
    if "applies" in data:
        assert after["applies"] == (data["applies"].strip().lower() in {"1", "true", "on", "yes", "ja"})
    elif "current" in data or "desired" in data:
        assert after["applies"] is True  # rating says it applies
    else:
        assert after["applies"] == before["applies"]
    assert after["note"] == (data["note"].replace("\r\n", "\n") if "note" in data else before["note"])


def goal_state(assessment):
    return [
        (goal.title, goal.actions, goal.support, goal.status, sorted(goal.items.values_list("pk", flat=True)))
        for goal in Goal.objects.filter(rounds=assessment).order_by("pk")
    ]


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["title", "status", "items", "actions", "support", "target_date"]), junk))
@example(data={"title": "doel\x00", "status": "planned", "actions": "x\x00"})
@example(data={"title": "Netwerken", "status": "active", "actions": " Intervisie ", "support": "Tijd"})
def test_a_goal_form_never_fails_and_saves_whole_goals_only(client, assessment, data):
    client.force_login(assessment.owner)
    before = goal_state(assessment)
    response = client.post(reverse("assessments:plan", args=[assessment.pk]), data)
    assert response.status_code in (200, 302, 400)
    after = goal_state(assessment)
    if response.status_code != 302:
        assert after == before
        return
    assert len(after) == len(before) + 1
    goal = Goal.objects.latest("pk")
    assert goal.title == data["title"].strip()
    assert goal.actions == data.get("actions", "").strip().replace("\r\n", "\n")
    assert goal.support == data.get("support", "").strip().replace("\r\n", "\n")
    assert goal.status == data["status"]
    assert list(goal.items.all()) == []  # nothing is ticked, so no item can be linked
    assert goal.target_date is None or data.get("target_date")


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["role_title", "context_beloning", "context_niveau"]), junk))
@example(data={"role_title": "rol\x00"})
@example(data={"role_title": "  Coördinator buurthuis "})
def test_my_situation_never_fails(client, assessment, data):
    client.force_login(assessment.owner)
    before = (assessment.role_title, sorted(assessment.context_options.values_list("pk", flat=True)))
    response = client.post(reverse("assessments:situation", args=[assessment.pk]), data, **HTMX)
    assert response.status_code in (200, 400, 422)
    assessment.refresh_from_db()
    after = (assessment.role_title, sorted(assessment.context_options.values_list("pk", flat=True)))
    if response.status_code != 200:
        assert after == before
        return
    assert "Opgeslagen" in response.content.decode()
    options = {
        str(option.pk): option.pk for option in assessment.version.context_variables.get(code="beloning").options.all()
    } | {str(option.pk): option.pk for option in assessment.version.context_variables.get(code="niveau").options.all()}
    sent = [data[name] for name in ("context_beloning", "context_niveau") if data.get(name)]
    assert after == (data.get("role_title", "").strip(), sorted(options[value] for value in sent))


# ---------------------------------------------------------------------------------------
# URL path parameters: an odd code, label or token is a 400 or a 404, and changes nothing

path_parameters = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["9.1.3\x00", "8.1\x00", "2025\x00", "abc\x00", "\x00", "..", "9.1.3 ", "9.1.3/", "%00", "²"]),
    st.text(alphabet="0123456789.kpab\x00", min_size=1, max_size=12),
)


def everything(assessment):
    return (
        sorted(Answer.objects.values_list("item_id", "applies", "current", "desired", "note", "revision")),
        goal_state(assessment),
        NormLevel.objects.count(),
    )


@FUZZ
@given(code=path_parameters)
@example(code="8.1\x00")
@example(code="9.1.3\x00")
@example(code="2025\x00")
def test_odd_path_parameters_are_400_or_404_and_change_nothing(client, assessment, code):
    assume("\x00" in code or not assessment.version.items.filter(code=code).exists())  # a real code is not odd
    assume(code not in {"2025", assessment.version.framework.code})
    rate(assessment, "9.1.3", 2, 3)
    client.force_login(assessment.owner)
    before = everything(assessment)
    part = quote(code, safe="")
    pk = assessment.pk
    framework = assessment.version.framework.code
    for method, url in [
        ("get", f"/frameworks/{part}/"),
        ("get", f"/frameworks/{framework}/{part}/"),
        ("get", f"/account/invitations/{part}/"),
        ("post", f"/account/invitations/{part}/"),
        ("get", f"/assessments/{pk}/keuzemodel/{part}/"),
        ("post", f"/assessments/{pk}/keuzemodel/{part}/applies/"),
        ("post", f"/assessments/{pk}/answers/{part}/"),
        ("post", f"/assessments/{pk}/plan/from/{part}/"),
    ]:
        response = getattr(client, method)(url, {"applies": "1", "current": "4"} if method == "post" else {})
        assert response.status_code in (400, 404), (url, response.status_code)
    assert everything(assessment) == before


@FUZZ
@given(token=st.text(min_size=1, max_size=80))
@example(token="abc\x00")
def test_an_odd_invitation_token_is_400_or_404_when_logged_out(client, token):
    InvitationFactory()
    for method in ("get", "post"):
        response = getattr(client, method)(f"/account/invitations/{quote(token, safe='')}/")
        assert response.status_code in (302, 400, 404), response.status_code  # 302: log in first


# ---------------------------------------------------------------------------------------
# The norm form (functieprofiel): all or nothing


@pytest.fixture
def norm(assessment):
    boss = UserFactory()
    team = team_with(coordinators=[assessment.owner], managers=[boss])
    profile = NormProfile.objects.create(team=team, version=assessment.version, name="Rol", created_by=boss)
    services.norm_profile_save(profile=profile, levels={"9.1.3": 2})
    return profile, boss


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["level-9.1.3", "level-10.3.5", "level-99.9", "level-9.1", "x"]), junk))
@example(data={"level-9.1.3": "²"})  # issue 11: these two were a server error
@example(data={"level-9.1.3": "3" * 5000})
@example(data={"level-9.1.3": "4", "level-10.3.5": " 1 "})
def test_the_norm_form_never_fails_and_saves_all_or_nothing(client, norm, data):
    profile, boss = norm
    client.force_login(boss)
    before = dict(profile.levels.values_list("item__code", "level"))
    response = client.post(reverse("teams:norm_edit", args=[profile.team_id, profile.pk]), data)
    assert response.status_code in (200, 302, 400)
    after = dict(profile.levels.values_list("item__code", "level"))
    if response.status_code != 302:
        assert after == before
        return
    expected = {}
    for code in ("9.1.3", "10.3.5"):  # every rateable item is on the form; what is not sent is "not asked"
        raw = data.get(f"level-{code}", "").strip()
        if raw:
            expected[code] = int(raw)
    assert after == expected and set(after.values()) <= LEVELS
