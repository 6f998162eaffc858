"""CASE 1.1 out and in: valid against the vendored schema, stable identifiers, a lossless round trip."""

import copy
import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.case import CaseError, export_json, export_package, item_identifier, package_to_data, schema_problems
from catalog.loading import load_framework
from catalog.models import Framework, FrameworkVersion, Item
from tests.conftest import framework_data

pytestmark = pytest.mark.django_db


def catalog_of(version) -> dict:
    """Everything a version holds, by code, without database ids."""
    return {
        "framework": (version.framework.code, version.framework.name, version.framework.publisher),
        "label": version.label,
        "kinds": list(version.kinds.values_list("code", "name", "name_plural", "position")),
        "scale": list(version.scale_levels.values_list("value", "label", "description")),
        "context": [
            (v.code, v.name, v.description, [(o.code, o.label, o.row) for o in v.options.order_by("position")])
            for v in version.context_variables.order_by("position")
        ],
        "items": list(
            version.items.order_by("position").values_list(
                "code", "parent__code", "kind__code", "title", "description", "rateable", "position"
            )
        ),
        "links": list(version.links.values_list("origin__code", "destination__code", "link_type")),
        "profiles": [
            (p.code, p.name, p.description, sorted(p.items.values_list("code", flat=True)))
            for p in version.example_profiles.all()
        ],
    }


def forget(version):
    """Remove a version and its framework, as on a fresh machine (items first: they protect kinds)."""
    framework = version.framework
    version.items.all().delete()
    version.delete()
    if not framework.versions.exists():
        framework.delete()


def reload_from_case(version):
    package = json.loads(export_json(version))
    before = catalog_of(version)
    forget(version)
    return before, load_framework(package_to_data(package)).version


@pytest.mark.parametrize("which", ["profile_version", "bouwstenen_version"])
def test_it_gives_the_same_catalog_after_a_round_trip(request, which):
    before, after = reload_from_case(request.getfixturevalue(which))
    assert catalog_of(after) == before


def test_it_carries_the_rows_of_context_options_and_keeps_the_fingerprint(profile_version):
    package = export_package(profile_version)
    variables = package["CFDocument"]["extensions"]["profielwijzer"]["contextVariables"]
    context = next(variable for variable in variables if variable["code"] == "context")
    assert [(o["code"], o["row"]) for o in context["options"]][3:5] == [
        ("buurt-wijk", 1),
        ("beroepskracht-gedomineerd", 2),
    ]
    fingerprint = profile_version.content_hash
    _before, after = reload_from_case(profile_version)
    assert after.context_variables.get(code="context").options.get(code="hybride").row == 2
    # the YAML file names rows only for Context, the package for every option: the same text all the same
    assert after.content_hash == fingerprint
    assert load_framework(framework_data()).outcome == "unchanged"


@pytest.mark.parametrize("which", ["profile_version", "bouwstenen_version"])
def test_it_produces_a_package_that_the_case_schema_accepts(request, which):
    package = json.loads(export_json(request.getfixturevalue(which)))
    assert schema_problems(package) == []


def test_it_gives_identical_files_for_the_same_version(bouwstenen_version):
    assert export_json(bouwstenen_version) == export_json(FrameworkVersion.objects.get(pk=bouwstenen_version.pk))


def test_it_uses_our_codes_and_stable_uuids(profile_version):
    package = export_package(profile_version)
    items = {item["humanCodingScheme"]: item for item in package["CFItems"]}
    assert len(items) == 160
    matchen = items["9.1.3"]
    assert matchen["fullStatement"] == "Matchen"
    expected = uuid.uuid5(
        uuid.uuid5(uuid.NAMESPACE_URL, "https://profielwijzer.nl/case/"),
        "competentieprofiel-coordinator-vrijwilligerswerk/2025/item/9.1.3",
    )
    assert matchen["identifier"] == str(expected)
    identifiers = [o["identifier"] for o in package["CFItems"] + package["CFAssociations"]]
    assert len(identifiers) == len(set(identifiers))


def test_it_writes_the_tree_as_is_child_of_and_the_scale_as_a_rubric(bouwstenen_version):
    package = export_package(bouwstenen_version)
    by_type = {}
    for association in package["CFAssociations"]:
        by_type.setdefault(association["associationType"], []).append(association)
    assert len(by_type["isChildOf"]) == 59
    assert len(by_type["isRelatedTo"]) == 15 + 20
    document_id = package["CFDocument"]["identifier"]
    top = [a for a in by_type["isChildOf"] if a["destinationNodeURI"]["identifier"] == document_id]
    assert [a["originNodeURI"]["title"] for a in top] == ["4", "5", "6"]
    levels = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [(level["score"], level["quality"]) for level in levels] == [
        (1, "In de leer"),
        (2, "Zelfstandig"),
        (3, "Vraagbaak"),
    ]


def test_it_serves_the_package_from_the_catalog_page(client, bouwstenen_version):
    url = reverse("catalog:version_case", args=[bouwstenen_version.framework.code, "2009"])
    assert url == "/frameworks/bouwstenen-steunpunt-vrijwilligerswerk/2009/case.json"
    page = client.get(reverse("catalog:version", args=[bouwstenen_version.framework.code, "2009"]))
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["CFDocument"]["title"] == bouwstenen_version.framework.name


def test_it_hides_a_draft_package_from_everyone_but_staff(client, bouwstenen_version):
    bouwstenen_version.published_at = None
    bouwstenen_version.save()
    url = reverse("catalog:version_case", args=[bouwstenen_version.framework.code, "2009"])
    assert client.get(url).status_code == 404


def test_the_command_loads_a_case_package(tmp_path, bouwstenen_version):
    path = tmp_path / "bouwstenen.case.json"
    path.write_text(export_json(bouwstenen_version), encoding="utf-8")
    before = catalog_of(bouwstenen_version)
    forget(bouwstenen_version)
    out = StringIO()
    call_command("load_framework", "--case", str(path), stdout=out)
    assert "bouwstenen-steunpunt-vrijwilligerswerk 2009 created (59 items)" in out.getvalue()
    assert catalog_of(FrameworkVersion.objects.get()) == before


def test_it_loads_a_package_from_elsewhere_without_our_extensions(bouwstenen_version):
    package = export_package(bouwstenen_version)
    for obj in [package["CFDocument"], *package["CFItems"], *package["CFDefinitions"]["CFItemTypes"]]:
        obj.pop("extensions")
    data = package_to_data(package)
    assert data["framework"]["code"] == "bouwstenen-voor-profielen-van-medewerkers-steunpunt-vrijwilligerswerk"
    rateable = {kind["code"]: kind["rateable"] for kind in data["kinds"]}
    assert rateable["competentie"] is True and rateable["hoofdstuk"] is False


def snapshot():
    return (Framework.objects.count(), FrameworkVersion.objects.count(), Item.objects.count())


def test_it_refuses_associations_to_unknown_items_and_saves_nothing(tmp_path, profile_version):
    package = export_package(profile_version)
    package["CFDocument"]["version"] = "2026"
    broken = copy.deepcopy(package["CFAssociations"][5])
    broken["destinationNodeURI"]["identifier"] = str(uuid.uuid4())
    package["CFAssociations"][5] = broken
    message = r"CFAssociations\[5\] .*: destinationNodeURI .* is geen onderdeel van dit pakket"
    with pytest.raises(CaseError, match=message):
        package_to_data(package)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="is geen onderdeel van dit pakket"):
        call_command("load_framework", "--case", str(path), stdout=StringIO())
    assert snapshot() == before


def test_it_names_the_field_that_breaks_the_schema(profile_version):
    package = export_package(profile_version)
    package["CFItems"][3]["identifier"] = "not-a-uuid"
    del package["CFItems"][4]["fullStatement"]
    package["CFAssociations"][0]["associationType"] = "isCousinOf"
    problems = schema_problems(package)
    assert any(p.startswith(".CFItems[3].identifier:") for p in problems)
    assert any(p.startswith(".CFItems[4]:") and "'fullStatement' is a required property" in p for p in problems)
    assert any(p.startswith(".CFAssociations[0].associationType:") for p in problems)


def test_it_tells_an_items_case_identifier_for_other_exports(profile_version):
    package = export_package(profile_version)
    matchen = next(item for item in package["CFItems"] if item["humanCodingScheme"] == "9.1.3")
    assert item_identifier(profile_version.items.get(code="9.1.3")) == matchen["identifier"]


@pytest.mark.parametrize("model", ["itemlink", "exampleprofile"])
def test_the_admin_lists_links_and_example_profiles(client, bouwstenen_version, model):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse(f"admin:catalog_{model}_changelist"))
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    assert client.get(reverse(f"admin:catalog_{model}_change", args=[obj.pk])).status_code == 200
