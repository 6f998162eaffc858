"""Loading a framework file: idempotent, validated before writing, never rewriting a version in use."""

import copy
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from catalog.loading import FrameworkFileError, content_hash, load_framework, read_framework_file, validate
from catalog.models import Framework, FrameworkVersion, Item
from tests.conftest import FIXTURE, framework_data
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def changed_profile(label="2025", title="Matchen en opnieuw matchen"):
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = label
    data["items"][1]["children"][2]["title"] = title  # 9.1.3
    return data


def snapshot():
    return list(Item.objects.order_by("pk").values_list("pk", "version_id", "code", "title", "description"))


def test_it_changes_nothing_when_loaded_twice(profile_version):
    before = snapshot()
    result = load_framework(framework_data())
    assert result.outcome == "unchanged"
    assert result.version == profile_version
    assert snapshot() == before
    assert FrameworkVersion.objects.count() == 1


def test_it_refuses_changed_text_for_a_version_that_is_already_loaded(profile_version):
    before = snapshot()
    with pytest.raises(FrameworkFileError, match="Veranderde tekst is een nieuwe versie"):
        load_framework(changed_profile())
    assert snapshot() == before


def test_it_refuses_to_rewrite_a_version_in_use_even_when_asked(profile_version):
    assessment = AssessmentFactory(version=profile_version)
    before = snapshot()
    with pytest.raises(FrameworkFileError, match="wordt gebruikt door zelfscans"):
        load_framework(changed_profile(), replace=True)
    assert snapshot() == before
    assessment.refresh_from_db()
    assert assessment.version.items.get(code="9.1.3").title == "Matchen"


def test_it_replaces_an_unused_version_only_when_asked(profile_version):
    result = load_framework(changed_profile(), replace=True)
    assert result.outcome == "replaced"
    assert result.version.items.get(code="9.1.3").title == "Matchen en opnieuw matchen"
    assert Item.objects.count() == 160


def test_it_loads_changed_text_as_a_new_version_and_leaves_the_old_one_alone(profile_version):
    assessment = AssessmentFactory(version=profile_version)
    new = load_framework(changed_profile(label="2026")).version
    assert new.framework.current_version() == new
    assessment.refresh_from_db()
    assert assessment.version == profile_version
    assert profile_version.items.get(code="9.1.3").title == "Matchen"
    assert new.items.get(code="9.1.3").title == "Matchen en opnieuw matchen"


def test_it_loads_a_draft_that_does_not_become_current():
    draft = load_framework(framework_data(), publish=False).version
    assert draft.is_published is False
    assert draft.framework.current_version() is None


def test_it_ignores_key_order_when_comparing_text():
    data = framework_data()
    reordered = {key: data[key] for key in reversed(list(data))}
    assert content_hash(reordered) == content_hash(data)
    assert content_hash(changed_profile()) != content_hash(data)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["items"][0]["children"][1].update(code="8.1"), "code '8.1' komt twee keer voor"),
        (lambda d: d["items"][0].update(kind="hoofdstuk"), "onbekende soort 'hoofdstuk'"),
        (lambda d: d["scale"].pop(1), "zonder gaten"),
        (lambda d: d["items"][0].pop("title"), "'title' ontbreekt"),
        (
            lambda d: d["context"][0]["options"].append({"code": "rol", "label": "Nog een rol"}),
            "'rol' komt twee keer voor",
        ),
        (lambda d: d.pop("framework"), "'framework' ontbreekt"),
    ],
)
def test_it_rejects_a_broken_file_before_writing_anything(tmp_path, mutate, message):
    data = copy.deepcopy(framework_data())
    mutate(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkFileError, match=message):
        read_framework_file(path)
    assert not Framework.objects.exists()


def test_it_takes_a_second_framework_without_any_schema_change():
    bouwstenen = {
        "framework": {"code": "bouwstenen", "name": "Bouwstenen voor medewerkers vrijwilligerscentrales"},
        "version": {"label": "2019"},
        "kinds": [
            {"code": "basisfunctie", "name": "Basisfunctie", "name_plural": "Basisfuncties"},
            {"code": "kerntaak", "name": "Kerntaak", "name_plural": "Kerntaken", "rateable": True},
            {"code": "competentie", "name": "Competentie", "name_plural": "Competenties", "rateable": True},
        ],
        "scale": [{"value": 1, "label": "Basis"}, {"value": 2, "label": "Gevorderd"}, {"value": 3, "label": "Expert"}],
        "items": [
            {
                "code": "B1",
                "kind": "basisfunctie",
                "title": "Makelen en schakelen",
                "children": [{"code": "B1.1", "kind": "kerntaak", "title": "Vraag en aanbod bij elkaar brengen"}],
            },
            {"code": "C1", "kind": "competentie", "title": "Netwerken"},
        ],
    }
    version = load_framework(bouwstenen).version
    assert version.scale_levels.count() == 3
    assert list(version.items.filter(rateable=True).values_list("code", flat=True)) == ["B1.1", "C1"]
    assert version.items.get(code="B1.1").parent.code == "B1"


def test_the_command_loads_every_fixture_and_reports_it():
    out = StringIO()
    call_command("load_framework", stdout=out)
    call_command("load_framework", str(FIXTURE), stdout=out)
    assert out.getvalue().splitlines() == [
        "bouwstenen-2009.yaml: bouwstenen-steunpunt-vrijwilligerswerk 2009 created (59 items)",
        "competentieprofiel-2025.yaml: competentieprofiel-coordinator-vrijwilligerswerk 2025 created (160 items)",
        "competentieprofiel-2025.yaml: competentieprofiel-coordinator-vrijwilligerswerk 2025 unchanged (160 items)",
    ]


def test_the_command_says_why_it_refuses(profile_version, tmp_path):
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(changed_profile(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="is al geladen, met andere tekst"):
        call_command("load_framework", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="kan het bestand niet lezen"):
        call_command("load_framework", str(tmp_path / "missing.yaml"), stdout=StringIO())


def test_the_content_cache_follows_a_replaced_version(profile_version):
    from catalog.cache import version_content

    assert version_content(profile_version).items[0].code == "8"
    before = {item.code: item.title for item in version_content(profile_version).items}
    replaced = load_framework(changed_profile(), replace=True).version
    after = {item.code: item.title for item in version_content(replaced).items}
    assert before["9.1.3"] == "Matchen" and after["9.1.3"] == "Matchen en opnieuw matchen"


def context_options(data, code="context"):
    return next(variable for variable in data["context"] if variable["code"] == code)["options"]


def test_it_gives_context_options_their_rows_and_row_1_when_the_file_names_none(profile_version):
    rows = {
        variable.code: [(option.code, option.row) for option in variable.options.all()]
        for variable in profile_version.context_variables.prefetch_related("options")
    }
    assert rows["context"] == [
        ("samenwerkingsverband", 1),
        ("organisatie", 1),
        ("initiatief", 1),
        ("buurt-wijk", 1),
        ("beroepskracht-gedomineerd", 2),
        ("vrijwilliger-gedomineerd", 2),
        ("hybride", 2),
    ]
    assert {row for code, options in rows.items() if code != "context" for _, row in options} == {1}


def test_an_option_in_row_1_is_the_same_text_whether_the_file_says_so_or_not():
    data = copy.deepcopy(framework_data())
    for option in context_options(data):
        if option["row"] == 1:
            del option["row"]
    assert content_hash(data) == content_hash(framework_data())
    context_options(data)[-1]["row"] = 1  # Hybride moved to the first row: other text
    assert content_hash(data) != content_hash(framework_data())


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (0, "'row' moet een geheel getal vanaf 1 zijn, nu: 0"),
        ("twee", "'row' moet een geheel getal vanaf 1 zijn, nu: 'twee'"),
        ("true", "'row' moet een geheel getal vanaf 1 zijn, nu: True"),
        (
            4,
            "'row': rij 4 na rij 2; zet de keuzes rij voor rij onder elkaar (eerst rij 1, dan rij 2, …), "
            "zonder een rij over te slaan",
        ),
        (
            1,
            "'row': rij 1 na rij 2; zet de keuzes rij voor rij onder elkaar (eerst rij 1, dan rij 2, …), "
            "zonder een rij over te slaan",
        ),
    ],
)
def test_it_refuses_a_row_that_is_no_row_or_out_of_order_naming_its_line(tmp_path, row, message):
    text = FIXTURE.read_text(encoding="utf-8")
    line = "  - {code: hybride, label: Hybride, row: 2}"
    number = text.splitlines().index(line) + 1
    path = tmp_path / "rows.yaml"
    path.write_text(text.replace(line, line.replace("row: 2", f"row: {row}")), encoding="utf-8")
    with pytest.raises(FrameworkFileError) as refused:
        read_framework_file(path)
    assert refused.value.problems == [f"{path}: context context option hybride, regel {number}: {message}"]
    assert not Framework.objects.exists()


def test_it_refuses_a_first_option_outside_row_1():
    data = copy.deepcopy(framework_data())
    for option in context_options(data, "beloning"):
        option["row"] = 2
    with pytest.raises(FrameworkFileError) as refused:
        validate(data, where="profiel.yaml")
    assert refused.value.problems == [
        "profiel.yaml: context beloning option betaald, regel 65: 'row': de eerste keuze hoort in rij 1, niet in rij 2"
    ]
