"""Movisie's Bouwstenen (2009) as loaded from fixtures/: every count exact, every text verbatim."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from catalog.models import ExampleProfile, Item, ItemLink

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "001_c93fa058a6c5c063.txt"


def codes(queryset):
    return list(queryset.values_list("code", flat=True))


def test_it_has_exact_counts_per_kind(bouwstenen_version):
    counts = Counter(bouwstenen_version.items.values_list("kind__code", flat=True))
    assert counts == {
        "hoofdstuk": 3,
        "kerntaakgroep": 3,
        "basisfunctie": 5,
        "kerntaak": 22,
        "kernopgave": 10,
        "competentie": 16,
    }


def test_it_makes_kerntaken_kernopgaven_and_competenties_rateable(bouwstenen_version):
    rateable = Counter(bouwstenen_version.items.filter(rateable=True).values_list("kind__code", flat=True))
    assert rateable == {"kerntaak": 22, "kernopgave": 10, "competentie": 16}


def test_it_groups_the_kerntaken_as_the_document_does(bouwstenen_version):
    items = bouwstenen_version.items
    per_basisfunctie = {
        basisfunctie.code: codes(basisfunctie.children.order_by("position"))
        for basisfunctie in items.filter(kind__code="basisfunctie").order_by("position")
    }
    assert per_basisfunctie == {
        "2.1": ["4.a", "4.b", "4.c", "4.d"],
        "2.2": ["4.e", "4.f", "4.g", "4.h", "4.i"],
        "2.3": ["4.j", "4.k", "4.l"],
        "2.4": ["4.m", "4.n"],
        "2.5": ["4.o", "4.p"],
    }
    assert codes(items.filter(parent__code="4.1")) == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    assert codes(items.filter(parent__code="4.2")) == ["4.q", "4.r", "4.s", "4.t"]
    assert codes(items.filter(parent__code="4.3")) == ["4.u", "4.v"]
    assert codes(items.filter(parent=None)) == ["4", "5", "6"]
    assert codes(items.filter(kind__code="kernopgave")) == [f"5.{x}" for x in "abcdefghij"]
    assert codes(items.filter(kind__code="competentie")) == [f"6.{x}" for x in "abcdefghijklmnop"]


def test_it_links_each_kernopgave_to_the_competenties_it_asks_for(bouwstenen_version):
    links = ItemLink.objects.filter(version=bouwstenen_version, origin__kind__code="kernopgave")
    asked = {}
    for origin, destination in links.values_list("origin__code", "destination__code"):
        asked.setdefault(origin, []).append(destination[-1])
    assert {code: "".join(letters) for code, letters in asked.items()} == {
        "5.a": "ei",
        "5.b": "be",
        "5.c": "e",
        "5.d": "ai",
        "5.e": "j",
        "5.f": "o",
        "5.g": "gk",
        "5.h": "p",
        "5.i": "d",
        "5.j": "cn",
    }
    assert set(links.values_list("link_type", flat=True)) == {"isRelatedTo"}


def test_it_links_each_basisfunctie_to_its_competenties(bouwstenen_version):
    links = ItemLink.objects.filter(version=bouwstenen_version, origin__kind__code="basisfunctie")
    assert Counter(links.values_list("origin__code", flat=True)) == {"2.1": 2, "2.2": 5, "2.3": 5, "2.4": 4, "2.5": 4}


def test_it_keeps_processtappen_and_resultaten_as_the_content_of_a_competentie(bouwstenen_version):
    netwerken = bouwstenen_version.items.get(code="6.c")
    assert netwerken.title == "Netwerken opbouwen en onderhouden"
    assert netwerken.description.startswith("De medewerker van een steunpunt is in staat een netwerk")
    assert "\n\nProcesstappen\n\n- Heeft kennis van de sociale en maatschappelijke kaart\n" in netwerken.description
    assert netwerken.description.endswith("Resultaat\n\n- De medewerker beschikt over een relevant netwerk")
    for competentie in bouwstenen_version.items.filter(kind__code="competentie"):
        assert "\n\nProcesstappen\n\n- " in competentie.description
        assert re.search(r"\n\nResulta(at|ten)\n\n- ", competentie.description)
    for kerntaak in bouwstenen_version.items.filter(kind__code="kerntaak"):
        assert "\n\nActiviteiten\n\n- " in kerntaak.description


def test_it_brings_its_own_three_level_scale(bouwstenen_version):
    levels = list(bouwstenen_version.scale_levels.values_list("value", "label"))
    assert levels == [(1, "In de leer"), (2, "Zelfstandig"), (3, "Vraagbaak")]


def test_it_ships_the_three_example_profiles(bouwstenen_version):
    profiles = {
        profile.code: (profile.name, Counter(profile.items.values_list("kind__code", flat=True)))
        for profile in ExampleProfile.objects.filter(version=bouwstenen_version).prefetch_related("items")
    }
    assert profiles == {
        "makelaar-mas": ("Makelaar maatschappelijke stage", {"kerntaak": 14, "competentie": 13}),
        "bemiddelaar": ("Bemiddelaar", {"kerntaak": 12, "competentie": 10}),
        "coordinator-steunpunt": ("Coördinator steunpunt vrijwilligerswerk", {"kerntaak": 15, "competentie": 16}),
    }
    coordinator = ExampleProfile.objects.get(version=bouwstenen_version, code="coordinator-steunpunt")
    assert "4.r" in codes(coordinator.items.all())  # it leads: begeleiden en aansturen


# Where the text extraction broke a word, the fixture has the document's word; the test reads the
# extraction as the fixture: {fixture: seed}.
EXTRACTION_FIXES = {"Stelt zich actief op de hoogte": "SteIt zich actief op de hoogte"}


def _squash(text: str) -> str:
    """Text compared without what the PDF extraction broke: wrapping, hyphens, bullets, page footers."""
    text = text.casefold().replace("•", "")
    text = re.sub(r"\d+\s+bouwstenen voor profielen van medewerkers steunpunt vrijwilligerswerk", "", text)
    return re.sub(r"[\s\d\-;]+", "", text)


@pytest.mark.skipif(not SEED.exists(), reason="the Bouwstenen text (../shared/seeds) is not beside the project")
def test_it_takes_every_text_from_the_document_itself(bouwstenen_version):
    source = _squash(SEED.read_text(encoding="utf-8"))
    pieces = []
    for item in Item.objects.filter(version=bouwstenen_version):
        pieces.append((item.code, item.title))
        pieces += [(item.code, line.removeprefix("- ")) for line in item.description.split("\n")]
    for profile in ExampleProfile.objects.filter(version=bouwstenen_version):
        pieces.append((profile.code, profile.name))
        pieces += [(profile.code, line.removeprefix("- ")) for line in profile.description.split("\n")]
    pieces.append(("framework", bouwstenen_version.framework.description))
    for fixed, extracted in EXTRACTION_FIXES.items():
        pieces = [(code, text.replace(fixed, extracted)) for code, text in pieces]
    missing = [(code, text) for code, text in pieces if text.strip() and _squash(text) not in source]
    assert missing == []
