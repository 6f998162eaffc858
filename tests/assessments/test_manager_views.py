"""A manager's own view of a member: only on what was shared, side by side, shared back on purpose."""

import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from tests.assessments.conftest import item, rate
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


def row_of(html: str, code: str) -> str:
    """The table row of item `code` on a side-by-side page."""
    [row] = [f"<tr{row}" for row in html.split("<tr")[1:] if f'<span class="code">{code}</span>' in row]
    return row.split("</tr>")[0]


@pytest.fixture
def manager(assessment):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[assessment.owner], managers=[boss])
    rate(assessment, "10.3.5", 1, 4, note="Lastig na de reorganisatie")
    rate(assessment, "9.1.3", 3, 3)
    return boss


def test_a_manager_sees_a_shared_self_assessment_and_starts_a_view_once(client, assessment, manager):
    client.force_login(manager)
    shared_url = reverse("assessments:shared", args=[assessment.pk])
    assert client.get(shared_url).status_code == 404  # not shared yet
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    html = client.get(shared_url).content.decode()
    assert "Lastig na de reorganisatie" in html and "Geef jouw kijk" in html
    start = reverse("assessments:manager_view_start", args=[assessment.pk])
    first = client.post(start)
    second = client.post(start)  # a double submit opens the same view
    view = Assessment.objects.manager_assessments().get()
    assert first["Location"] == second["Location"] == reverse("assessments:keuzemodel", args=[view.pk])
    assert (view.owner, view.subject, view.counterpart, view.version) == (
        manager,
        assessment.owner,
        assessment,
        assessment.version,
    )
    response = client.post(
        reverse("assessments:answer", args=[view.pk, "10.3.5"]), {"applies": "1", "current": "2", "desired": "3"}
    )
    assert response.status_code == 302
    page = client.get(reverse("assessments:side_by_side", args=[view.pk])).content.decode()
    row = row_of(page, "10.3.5")
    assert row.startswith('<tr class="differs">')
    assert row.index(">1 → 4<") < row.index(">2 → 3<")  # the member's levels, then the manager's
    assert 'class="differs"' not in row_of(page, "9.1.3")
    download = client.get(reverse("assessments:shared_pdf", args=[assessment.pk]))
    assert download["Content-Type"] == "application/pdf" and "no-store" in download["Cache-Control"]


def test_the_member_sees_the_managers_view_only_once_it_is_shared(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.answer_save(
        assessment=view, item=item(view.version, "9.1.3"), changes={"current": "2", "note": "Goed bezig"}
    )
    side = reverse("assessments:side_by_side", args=[view.pk])
    client.force_login(assessment.owner)
    assert client.get(side).status_code == 404
    assert "eigen kijk" not in client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()

    client.force_login(manager)
    client.post(reverse("assessments:manager_view_share", args=[view.pk]), {"shared": "1"})
    client.force_login(assessment.owner)
    assert (
        "eigen kijk op jouw zelfscan"
        in client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    )
    page = client.get(side).content.decode()
    assert "Goed bezig" in page
    assert "Niet meer delen" not in page  # only the author shares or revokes
    assert client.post(reverse("assessments:manager_view_share", args=[view.pk]), {"shared": "0"}).status_code == 404
    # the member cannot edit the manager's view
    assert client.post(reverse("assessments:answer", args=[view.pk, "9.1.3"]), {"current": "4"}).status_code == 404


def test_revoking_the_share_closes_everything_for_the_manager(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.share_set(assessment=assessment, viewer=manager, shared=False)
    client.force_login(manager)
    for url in [
        reverse("assessments:shared", args=[assessment.pk]),
        reverse("assessments:shared_pdf", args=[assessment.pk]),
        reverse("assessments:side_by_side", args=[view.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("assessments:manager_view_start", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("assessments:manager_view_share", args=[view.pk]), {"shared": "1"}).status_code == 404


def test_outsiders_get_404_on_every_manager_url(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.share_set(assessment=view, viewer=assessment.owner, shared=True)
    client.force_login(UserFactory())
    for method, url in [
        ("get", reverse("assessments:shared", args=[assessment.pk])),
        ("get", reverse("assessments:shared_pdf", args=[assessment.pk])),
        ("post", reverse("assessments:manager_view_start", args=[assessment.pk])),
        ("get", reverse("assessments:side_by_side", args=[view.pk])),
        ("post", reverse("assessments:manager_view_share", args=[view.pk])),
        ("get", reverse("assessments:section", args=[view.pk, "9.1"])),
    ]:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_manager_view_has_no_zelfscan_pages(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    client.force_login(manager)
    for name in ["situation", "overview", "plan", "finalise", "compare", "pdf"]:
        assert client.get(reverse(f"assessments:{name}", args=[view.pk])).status_code == 404, name
    assert client.get(reverse("assessments:detail", args=[view.pk]))["Location"] == reverse(
        "assessments:keuzemodel", args=[view.pk]
    )
    assert view not in client.get(reverse("assessments:list")).context["assessments"]


def test_a_manager_cannot_share_their_view_with_someone_else(assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    with pytest.raises(services.InvalidInput):
        services.share_set(assessment=view, viewer=UserFactory(), shared=True)
    assert not view.shares.exists()


def grow(assessment, codes, current=2, desired=4):
    for code in codes:
        rate(assessment, code, current, desired, note=f"Over {code}")


def test_it_shows_a_shared_zelfscan_in_the_same_number_of_queries_however_much_is_answered(
    client, assessment, manager, django_assert_num_queries
):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    services.goal_save(
        assessment=assessment, data={"title": "Eerste doel", "items": [item(assessment.version, "9.1.3").pk]}
    )
    client.force_login(manager)
    url = reverse("assessments:shared", args=[assessment.pk])
    client.get(url)  # the first request in a process reads the version's items and scale once
    # session, user, assessment, answers, the manager's own view, feedback rounds shared with them, menu,
    # goals, goal items; and the shared takenpakket (functie): shared?, takenpakket, tasks, ticked
    # taakgebieden, functieprofielen
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200
    grow(assessment, ["8.1", "8.2", "9.1.1", "9.2.1", "10.2.1", "10.2.k1", "10.3.1", "10.4.2"])
    for number in range(3):
        services.goal_save(
            assessment=assessment,
            data={"title": f"Doel {number}", "items": [item(assessment.version, "8.1").pk], "actions": "Intervisie"},
        )
    services.manager_view_start(manager=manager, counterpart=assessment)
    with django_assert_num_queries(14):
        response = client.get(url)
    html = response.content.decode()
    assert "Doel 2" in html and "Over 10.4.2" in html


def test_it_puts_both_views_side_by_side_in_the_same_number_of_queries_however_much_is_answered(
    client, assessment, manager, django_assert_num_queries
):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    rate(view, "10.3.5", 2, 3)
    client.force_login(manager)
    url = reverse("assessments:side_by_side", args=[view.pk])
    client.get(url)  # the first request in a process reads the version's items and scale once
    # session, user, view (with its counterpart, through the selector), the counterpart's version,
    # both answer sets, shared back?, menu; and the shared takenpakket (functie): shared?, takenpakket,
    # tasks, ticked taakgebieden, functieprofielen
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    codes = ["8.1", "8.2", "9.1.1", "9.2.1", "10.2.1", "10.2.k1", "10.3.1", "10.4.2"]
    grow(assessment, codes)
    grow(view, codes, current=3)
    services.share_set(assessment=view, viewer=assessment.owner, shared=True)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert "9 onderdelen waar jullie het ‘nu’ anders zien." in response.content.decode()


def test_every_link_on_the_members_side_by_side_page_opens_for_the_member(client, assessment, manager):
    """The member reading a shared view gets the steps of their own zelfscan, not the manager's."""
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.share_set(assessment=view, viewer=assessment.owner, shared=True)
    client.force_login(assessment.owner)
    page = client.get(reverse("assessments:side_by_side", args=[view.pk])).content.decode()
    steps = re.search(r'<nav class="steps.*?</nav>', page, re.S).group(0)
    links = re.findall(r'href="(/assessments/[^"]+)"', steps)
    assert reverse("assessments:overview", args=[assessment.pk]) in links
    assert reverse("assessments:shared", args=[assessment.pk]) not in links
    assert f"De kijk van {manager.get_full_name()} op jouw zelfscan" in page
    for link in links:
        assert client.get(link).status_code in (200, 302), link


def test_the_managers_view_starts_from_the_coordinators_ticks_without_their_levels(assessment, manager):
    services.answer_save(assessment=assessment, item=item(assessment.version, "8.1"), changes={"applies": "0"})
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    answers = {answer.item.code: answer for answer in view.answers.select_related("item")}
    assert set(answers) == {"10.3.5", "9.1.3"}  # what Sanne ticked; 8.1 she left unticked
    assert all(a.applies and a.current is None and a.desired is None and not a.note for a in answers.values())
    services.answer_save(assessment=view, item=item(view.version, "9.1.3"), changes={"applies": "0"})
    assert services.manager_view_start(manager=manager, counterpart=assessment) == view  # reused, not re-copied
    assert view.answers.get(item__code="9.1.3").applies is False
