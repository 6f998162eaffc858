"""The 2025 profile as loaded from fixtures/: every count exact, every text verbatim."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from catalog.models import ContextVariable, Item

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_07ff5b0f32eb4d3b.txt"


def children_counts(version, parent_kind, child_kind):
    """{parent code: number of children of child_kind}, in document order."""
    counts = Counter()
    for item in Item.objects.filter(version=version, kind__code=child_kind).select_related("parent"):
        counts[item.parent.code] += 1
    parents = Item.objects.filter(version=version, kind__code=parent_kind).order_by("position")
    return {parent.code: counts[parent.code] for parent in parents}


def test_it_has_exact_counts_per_kind(profile_version):
    counts = Counter(profile_version.items.values_list("kind__code", flat=True))
    assert counts == {
        "grondhouding": 1,
        "grondhouding_aspect": 3,
        "praktijk": 4,
        "hoofdtaak": 3,
        "taakgebied": 13,
        "kerntaak": 21,
        "onderdeel": 8,
        "competentiegebied": 5,
        "cluster": 4,
        "competentie": 53,
        "kennis": 4,
        "kennisgebied": 41,
    }


def test_it_makes_exactly_the_keuzemodel_items_rateable(profile_version):
    rateable = Counter(profile_version.items.filter(rateable=True).values_list("kind__code", flat=True))
    assert rateable == {"grondhouding_aspect": 3, "taakgebied": 13, "competentie": 53, "kennisgebied": 41}


def test_it_puts_the_taakgebieden_under_their_hoofdtaak(profile_version):
    assert children_counts(profile_version, "hoofdtaak", "taakgebied") == {"9.1": 6, "9.2": 3, "9.3": 4}


def test_it_keeps_the_kerntaken_and_onderdelen_with_their_taakgebied(profile_version):
    kerntaken = children_counts(profile_version, "taakgebied", "kerntaak")
    assert [kerntaken[f"9.1.{n}"] for n in range(1, 7)] == [4, 3, 4, 4, 3, 3]
    assert sum(kerntaken.values()) == 21
    onderdelen = children_counts(profile_version, "taakgebied", "onderdeel")
    assert {code: n for code, n in onderdelen.items() if n} == {"9.2.1": 5, "9.2.2": 3}


def test_it_has_53_competenties_in_five_areas_and_four_clusters(profile_version):
    per_area = Counter()
    for item in profile_version.items.filter(kind__code="competentie").select_related("parent__parent"):
        area = item.parent if item.parent.kind.code == "competentiegebied" else item.parent.parent
        per_area[area.code] += 1
    assert per_area == {"10.1": 16, "10.2": 8, "10.3": 10, "10.4": 8, "10.5": 11}
    assert children_counts(profile_version, "cluster", "competentie") == {
        "10.1.a": 6,
        "10.1.b": 4,
        "10.1.c": 3,
        "10.1.d": 3,
    }


def test_it_has_41_kennisgebieden_under_four_areas(profile_version):
    per_area = Counter(
        profile_version.items.filter(kind__code="kennisgebied").values_list("parent__parent__code", flat=True)
    )
    assert per_area == {"10.2": 9, "10.3": 15, "10.4": 7, "10.5": 10}


def test_it_numbers_items_with_the_documents_codes(profile_version):
    codes = list(profile_version.items.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 160
    assert codes[:4] == ["8", "8.1", "8.2", "8.3"]
    for code in ["9.1.3", "9.1.6.3", "9.2.1.5", "9.2.2.3", "9.3.4", "10.1.16", "10.2.8", "10.3.k15", "10.5.k10"]:
        assert code in codes


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("8.3", "Mogelijkheden in mensen zien"),
        ("9.1.3", "Matchen"),
        ("9.2.2", "Strategische samenwerking aangaan"),
        ("9.1.3.4", "Zorgen voor een verwelkomend ontvangstklimaat voor nieuwe vrijwilligers."),
        ("10.3", "Competenties ten aanzien van coördinatie en leiderschap"),
        # The first competence of 10.2 lost its checkbox in the text extraction; it is one.
        (
            "10.2.1",
            "Kan de informatiebehoefte van vrijwilligers, actieve inwoners, leidinggevenden en partners "
            "vaststellen en hierin voorzien",
        ),
        ("10.4.k1", "`eropaf gaan` en outreachend werken"),
        (
            "10.3.k12",
            "de huidige vrijwilligers en de (beoogde) doelgroep(en) van de organisatie zoals interesses, "
            "behoeften, capaciteiten en voorkeuren",
        ),
        ("10.5.11", "Heeft oog voor eigen vitaliteit, en kan eigen ervaringen en die van anderen benutten."),
    ],
)
def test_it_keeps_titles_verbatim(profile_version, code, title):
    assert profile_version.items.get(code=code).title == title


def test_it_keeps_the_authors_spelling_in_descriptions(profile_version):
    area = profile_version.items.get(code="10.5")
    assert "gericht op het ontwikkelen van zichzel en het vakgebied" in area.description
    matchen = profile_version.items.get(code="9.1.3")
    assert matchen.description.startswith("Het derde onderdeel van de vrijwilligersreis is de match")
    assert "Al deze kerntaken zijn onverkort van toepassing" in matchen.description


def _squash(text: str) -> str:
    """Text compared without what the PDF extraction broke: wrapping, hyphens, page footers, footnotes."""
    text = text.casefold()
    text = re.sub(r"competentieprofiel coördinator vrijwilligerswerk \d+", "", text)
    return re.sub(r"[\s\d\-;]+", "", text)


@pytest.mark.skipif(not SEED.exists(), reason="the profile text (../shared/seeds) is not beside the project")
def test_it_takes_every_text_from_the_profile_itself(profile_version):
    source = _squash(SEED.read_text(encoding="utf-8"))
    pieces = []
    for item in profile_version.items.all():
        pieces.append((item.code, item.title))
        for paragraph in item.description.split("\n"):
            pieces.append((item.code, paragraph.removeprefix("- ")))
    for variable in ContextVariable.objects.filter(version=profile_version).prefetch_related("options"):
        pieces.append((variable.code, variable.name))
        pieces += [(variable.code, option.label) for option in variable.options.all()]
    missing = [(code, text) for code, text in pieces if text.strip() and _squash(text) not in source]
    assert missing == []


def test_it_brings_the_six_context_variables_with_all_options(profile_version):
    variables = {
        variable.name: [option.label for option in variable.options.all()]
        for variable in profile_version.context_variables.prefetch_related("options")
    }
    assert variables == {
        "Inbedding": ["Functie", "Taak", "Rol"],
        "Positie in organisatie": ["Lid MT", "Eigen afdeling", "Teamleider", "Adviseren", "Uitvoerder"],
        "Beloning": ["Betaald", "Onbetaald"],
        "Context": [
            "Samenwerkingsverband",
            "Organisatie",
            "Initiatief",
            "Buurt/Wijk",
            "Beroepskracht gedomineerd",
            "Vrijwilliger gedomineerd",
            "Hybride",
        ],
        "Niveau": ["Strategisch", "Tactisch", "Uitvoerend"],
        "Positie t.o.v. vrijwilligers": [
            "Aansturend (boven)",
            "Begeleidend (naast)",
            "Samenwerkend (naast)",
            "Adviseren",
            "Ondersteunend (onder)",
        ],
    }


def test_it_puts_contexts_tick_boxes_in_the_two_rows_the_profile_prints(profile_version):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("Context \t☐"))
    printed = [line for line in lines[start : start + 3] if line.strip()]
    boxes = [[box.strip() for box in line.split("☐")[1:]] for line in printed]
    variable = profile_version.context_variables.get(code="context")
    assert [[option.label for option in row] for row in variable.option_rows()] == boxes
    assert boxes == [
        ["Samenwerkingsverband", "Organisatie", "Initiatief", "Buurt/Wijk"],
        ["Beroepskracht gedomineerd", "Vrijwilliger gedomineerd", "Hybride"],
    ]
    others = profile_version.context_variables.exclude(code="context").prefetch_related("options")
    assert {variable.code: len(variable.option_rows()) for variable in others} == dict.fromkeys(
        ["inbedding", "positie-in-organisatie", "beloning", "niveau", "positie-tov-vrijwilligers"], 1
    )


def test_it_brings_the_default_four_level_scale(profile_version):
    levels = list(profile_version.scale_levels.values_list("value", "label"))
    assert levels == [(1, "Beginnend"), (2, "In ontwikkeling"), (3, "Bekwaam"), (4, "Voorbeeld")]
