"""Importing a framework file in the admin: a dry run first, then publish or discard; bad input
gets a row-level message and changes nothing."""

import copy
import html
import json
import re
import uuid
from io import StringIO

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.case import export_package
from catalog.importing import dry_run, read_upload
from catalog.loading import FrameworkFileError
from catalog.models import Framework, FrameworkImport, FrameworkVersion, Item
from tests.conftest import framework_data
from tests.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:catalog_frameworkversion_import")


def revised_profile() -> dict:
    """The 2025 profile as a 2026 revision: one title changed, one kerntaak gone, one new."""
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    matchen = data["items"][1]["children"][2]  # 9.1.3
    matchen["title"] = "Matchen en verbinden"
    matchen["children"].pop()  # 9.1.3.4
    matchen["children"].append({"code": "9.1.3.5", "kind": "kerntaak", "title": "Samen de start vieren."})
    return data


def as_yaml(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def everything():
    return (
        Framework.objects.count(),
        FrameworkVersion.objects.count(),
        Item.objects.count(),
        FrameworkImport.objects.count(),
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def upload(client, name, content: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def test_it_shows_what_changes_before_anything_is_saved(admin_client, profile_version):
    before = Item.objects.count()
    response = upload(admin_client, "profiel-2026.yaml", as_yaml(revised_profile()))
    assert response.status_code == 302
    assert Item.objects.count() == before and FrameworkVersion.objects.count() == 1
    page = admin_client.get(response["Location"]).content.decode()
    assert "vergeleken met de huidige versie 2025" in page
    assert "Matchen en verbinden" in page and "9.1.3.5" in page and "9.1.3.4" in page
    assert "1 nieuw onderdeel" in page and "1 veranderd onderdeel" in page and "1 onderdeel vervalt" in page


def test_it_publishes_the_previewed_file_as_a_new_version(admin_client, profile_version):
    assessment = AssessmentFactory(version=profile_version)
    preview = upload(admin_client, "profiel-2026.yaml", as_yaml(revised_profile()))["Location"]
    response = admin_client.post(preview, {"publish": "1"})
    assert response.status_code == 302
    new = FrameworkVersion.objects.get(label="2026")
    assert new.framework.current_version() == new
    assert new.items.get(code="9.1.3").title == "Matchen en verbinden"
    assessment.refresh_from_db()
    assert assessment.version == profile_version  # pinned to its own version
    assert not FrameworkImport.objects.exists()


def test_it_discards_the_previewed_file_and_changes_nothing(admin_client, profile_version):
    preview = upload(admin_client, "profiel-2026.yaml", as_yaml(revised_profile()))["Location"]
    before = everything()
    admin_client.post(preview, {"discard": "1"})
    assert everything() == (before[0], before[1], before[2], 0)


def test_it_imports_a_case_package_with_a_preview(admin_client, bouwstenen_version):
    package = export_package(bouwstenen_version)
    package["CFDocument"]["version"] = "2010"
    response = upload(admin_client, "bouwstenen.json", json.dumps(package).encode("utf-8"))
    page = admin_client.get(response["Location"]).content.decode()
    assert "0 nieuwe onderdelen" in page and "0 veranderde onderdelen" in page


def test_someone_else_gets_404_on_a_pending_import(client, admin_client, profile_version):
    preview = upload(admin_client, "profiel-2026.yaml", as_yaml(revised_profile()))["Location"]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(preview).status_code == 404
    assert client.post(preview, {"publish": "1"}).status_code == 404
    assert not FrameworkVersion.objects.filter(label="2026").exists()


def test_the_import_is_closed_to_staff_without_permission(client, profile_version):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(UPLOAD).status_code == 403


def yaml_with_duplicate_code():
    data = revised_profile()
    data["items"][0]["children"][1]["code"] = "8.1"
    return as_yaml(data)


def yaml_with_missing_parent():
    data = revised_profile()
    data["items"].append({"code": "9.1.7", "kind": "taakgebied", "title": "Nazorg", "parent": "9.9"})
    return as_yaml(data)


def yaml_with_scale_gap():
    data = revised_profile()
    data["scale"].pop(1)
    return as_yaml(data)


def yaml_in_latin1():
    return as_yaml(revised_profile()).decode("utf-8").encode("latin-1", errors="replace")


def case_with_unknown_association(profile_version):
    package = export_package(profile_version)
    package["CFDocument"]["version"] = "2026"
    package["CFAssociations"][7]["originNodeURI"]["identifier"] = str(uuid.uuid4())
    return json.dumps(package).encode("utf-8")


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "dubbel.yaml",
            lambda v: yaml_with_duplicate_code(),
            r"items, regel \d+: code '8\.1' komt twee keer voor \(eerst op regel \d+\)",
        ),
        (
            "ouder.yaml",
            lambda v: yaml_with_missing_parent(),
            r"item 9\.1\.7, regel \d+: 'parent': er is geen onderdeel met code '9\.9'",
        ),
        ("schaal.yaml", lambda v: yaml_with_scale_gap(), r"scale, regel \d+: .*zonder gaten.*\(ontbreekt: \[2\]\)"),
        ("latin1.yaml", lambda v: yaml_in_latin1(), r"regel \d+: de tekst is geen UTF-8"),
        (
            "case.json",
            case_with_unknown_association,
            r"CFAssociations\[7\] .*: originNodeURI .* is geen onderdeel van dit pakket",
        ),
        ("bestaat.yaml", lambda v: as_yaml(framework_data()), r"version, 'label': .* 2025 is al geladen"),
    ],
)
def test_it_refuses_bad_input_with_a_row_level_message_and_saves_nothing(
    admin_client, profile_version, name, make, message
):
    content = make(profile_version)
    before = everything()
    response = upload(admin_client, name, content)
    assert response.status_code == 400
    problems = " | ".join(response.context["problems"])
    assert re.search(message, problems), problems
    assert "Er is niets opgeslagen" in response.content.decode()
    assert everything() == before


def test_it_refuses_a_50_mb_upload_by_its_size_before_reading_it(admin_client, profile_version):
    before = everything()
    response = upload(admin_client, "groot.yaml", b"# " + b"x" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "Het bestand is 50 MB; de grens is 5 MB" in response.context["problems"][0]
    assert response.wsgi_request.FILES == {}  # skipped, never kept
    assert everything() == before


def test_the_dry_run_names_new_changed_and_removed_items(profile_version):
    result = dry_run(read_upload("profiel-2026.yaml", as_yaml(revised_profile())))
    assert result.current == profile_version
    assert result.new == [("9.1.3.5", "Samen de start vieren.")]
    assert [(c.code, c.fields) for c in result.changed] == [("9.1.3", [("title", "Matchen", "Matchen en verbinden")])]
    assert [code for code, _ in result.removed] == ["9.1.3.4"]


def test_the_command_does_a_dry_run_and_saves_nothing(tmp_path, profile_version):
    path = tmp_path / "profiel-2026.yaml"
    path.write_bytes(as_yaml(revised_profile()))
    before = everything()
    out = StringIO()
    call_command("load_framework", str(path), "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "profiel-2026.yaml: competentieprofiel-coordinator-vrijwilligerswerk 2026 (against 2025): "
        "1 new, 1 changed, 1 removed"
    )
    assert "  + 9.1.3.5 Samen de start vieren." in lines
    assert "  ~ 9.1.3 title: 'Matchen' -> 'Matchen en verbinden'" in lines
    assert lines[-1] == "Dry run: nothing was saved."
    assert everything() == before


def test_the_command_dry_run_refuses_a_label_that_exists(tmp_path, profile_version):
    path = tmp_path / "zelfde.yaml"
    path.write_bytes(as_yaml(framework_data()))
    with pytest.raises(CommandError, match="is al geladen, met precies deze tekst"):
        call_command("load_framework", str(path), "--dry-run", stdout=StringIO())


def test_it_reports_every_problem_of_a_file_at_once():
    data = revised_profile()
    data["items"][0]["children"][1]["code"] = "8.1"
    data["items"][0].pop("title")
    with pytest.raises(FrameworkFileError) as caught:
        read_upload("twee.yaml", as_yaml(data))
    assert len(caught.value.problems) == 2


def test_it_refuses_yaml_aliases_that_could_blow_up(admin_client, profile_version):
    bomb = b"framework: &a {code: x, name: y}\nversion: {label: '1'}\nkinds: [*a, *a]\nscale: []\nitems: []\n"
    before = everything()
    response = upload(admin_client, "bom.yaml", bomb)
    assert response.status_code == 400
    assert "regel 3" in response.context["problems"][0] and "niet toegestaan" in response.context["problems"][0]
    assert everything() == before


def test_an_abandoned_upload_can_be_found_and_deleted_in_the_admin(admin_client, profile_version):
    upload(admin_client, "profiel-2026.yaml", as_yaml(revised_profile()))
    pending = FrameworkImport.objects.get()
    listing = admin_client.get(reverse("admin:catalog_frameworkimport_changelist")).content.decode()
    assert "profiel-2026.yaml" in listing
    assert reverse("admin:catalog_frameworkversion_import_preview", args=[pending.pk]) in listing
    admin_client.post(reverse("admin:catalog_frameworkimport_delete", args=[pending.pk]), {"post": "yes"})
    assert not FrameworkImport.objects.exists()


def test_the_preview_shows_an_option_that_moves_to_another_row(admin_client, profile_version):
    data = revised_profile()
    context = next(variable for variable in data["context"] if variable["code"] == "context")
    buurt = next(option for option in context["options"] if option["code"] == "buurt-wijk")
    buurt["row"] = 2
    assert dry_run(read_upload("profiel-2026.yaml", as_yaml(revised_profile()))).other == []  # rows as they were
    result = dry_run(read_upload("profiel-2026.yaml", as_yaml(data)))
    line = (
        "context Context, rows: Samenwerkingsverband, Organisatie, Initiatief, Buurt/Wijk / Beroepskracht "
        "gedomineerd, Vrijwilliger gedomineerd, Hybride -> Samenwerkingsverband, Organisatie, Initiatief / "
        "Buurt/Wijk, Beroepskracht gedomineerd, Vrijwilliger gedomineerd, Hybride"
    )
    assert result.other == [line]
    page = admin_client.get(upload(admin_client, "profiel-2026.yaml", as_yaml(data))["Location"]).content.decode()
    assert html.escape(line) in page
    assert FrameworkVersion.objects.count() == 1


def test_the_preview_tells_a_changed_option_from_a_moved_one(profile_version):
    data = revised_profile()
    beloning = next(variable for variable in data["context"] if variable["code"] == "beloning")
    beloning["options"].append({"code": "vergoeding", "label": "Vrijwilligersvergoeding"})
    result = dry_run(read_upload("profiel-2026.yaml", as_yaml(data)))
    assert result.other == [
        "context Beloning, options: Betaald, Onbetaald -> Betaald, Onbetaald, Vrijwilligersvergoeding"
    ]
