import lxml.html
import pytest
from django.urls import reverse

from catalog.loading import load_framework
from tests.catalog.test_loading import changed_profile
from tests.conftest import framework_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = "competentieprofiel-coordinator-vrijwilligerswerk"


def version_url(label="2025"):
    return reverse("catalog:version", args=[CODE, label])


def test_it_shows_the_whole_profile_as_one_document(client, profile_version):
    response = client.get(version_url())
    assert response.status_code == 200
    html = response.content.decode()
    for item in profile_version.items.all():
        assert f'id="item-{item.code}"' in html
    assert "Bewustwording creëren" in html
    assert "Kan de informatiebehoefte van vrijwilligers" in html
    assert "<strong>53</strong> competenties" in html
    assert "<strong>41</strong> kennisgebieden" in html
    assert "Buurt/Wijk" in html
    assert "Voorbeeld" in html


def test_it_shows_the_options_of_a_context_variable_in_the_rows_of_the_profile(client, profile_version):
    tree = lxml.html.fromstring(client.get(version_url()).content.decode())
    lists = tree.xpath("//section[@id='context-context']/ul")
    assert [[li.text_content() for li in ul.xpath("./li")] for ul in lists] == [
        ["Samenwerkingsverband", "Organisatie", "Initiatief", "Buurt/Wijk"],
        ["Beroepskracht gedomineerd", "Vrijwilliger gedomineerd", "Hybride"],
    ]
    assert len(tree.xpath("//section[@id='context-beloning']/ul")) == 1


def test_it_shows_kerntaken_as_the_content_of_their_taakgebied(client, profile_version):
    html = client.get(version_url()).content.decode()
    section = html.split('id="item-9.1.1"')[1].split('id="item-9.1.2"')[0]
    assert section.count('<li id="item-9.1.1.') == 4
    assert "Kerntaken" in section


def test_it_needs_the_same_queries_however_large_the_framework(client, profile_version, django_assert_num_queries):
    # version, items, links, kinds, scale, context variables + options, example profiles;
    # session/user add none for anonymous
    with django_assert_num_queries(8):
        response = client.get(version_url())
    assert response.status_code == 200


def test_it_redirects_to_the_current_version(client, profile_version):
    newer = load_framework(changed_profile(label="2026")).version
    response = client.get(reverse("catalog:current", args=[CODE]))
    assert response.status_code == 302
    assert response["Location"] == version_url(newer.label)


def test_it_lists_frameworks_with_their_published_versions(client, profile_version):
    load_framework(changed_profile(label="2026-concept"), publish=False)
    html = client.get(reverse("catalog:list")).content.decode()
    assert "Competentieprofiel Coördinator Vrijwilligerswerk" in html
    assert version_url("2025") in html
    assert "2026-concept" not in html


def test_a_draft_version_is_hidden_from_everyone_but_staff(client):
    load_framework(framework_data(), publish=False)
    assert client.get(version_url()).status_code == 404
    assert client.get(reverse("catalog:current", args=[CODE])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(version_url()).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    response = client.get(version_url())
    assert response.status_code == 200
    assert "Concept: nog niet gepubliceerd" in response.content.decode()


def test_unknown_frameworks_and_versions_are_404(client, profile_version):
    assert client.get(version_url("1999")).status_code == 404
    assert client.get(reverse("catalog:current", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("catalog:version", args=["bestaat-niet", "2025"])).status_code == 404


def test_the_home_page_leads_to_the_profile(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("catalog:list") in response.content.decode()


def test_it_shows_a_second_framework_with_its_links_and_example_profiles(
    client, bouwstenen_version, django_assert_num_queries
):
    url = reverse("catalog:version", args=[bouwstenen_version.framework.code, "2009"])
    with django_assert_num_queries(8):  # profiles bring their items, no context options to read
        html = client.get(url).content.decode()
    assert "Voorbeeldprofielen" in html and "Makelaar maatschappelijke stage" in html
    assert 'href="#item-6.e"' in html  # a kernopgave links to the competentie it asks for
    assert "Jouw situatie" not in html  # no context variables in this framework
