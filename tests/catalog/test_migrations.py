"""Migrations 0004–0005: context options get rows; the 2025 profile's Context its second row.
Answers (a zelfscan's chosen options) are the same options before, after and back again."""

import copy

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments import services
from catalog.loading import content_hash, load_framework
from tests.conftest import framework_data
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("catalog", "0003_framework_import")]
AFTER = [("catalog", "0005_context_rows_of_the_2025_profile")]
SECOND_ROW = {"beroepskracht-gedomineerd", "vrijwilliger-gedomineerd", "hybride"}


def migrate(targets):
    """Migrate catalog to `targets`, every other app to its newest state; the models as they were then."""
    executor = MigrationExecutor(connection)
    targets = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "catalog"] + targets
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def newest_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def without_rows(data: dict) -> dict:
    """The fixture as it was before it stated rows."""
    data = copy.deepcopy(data)
    for variable in data["context"]:
        for option in variable["options"]:
            option.pop("row", None)
    return data


def answers(apps) -> dict:
    Assessment = apps.get_model("assessments", "Assessment")
    return {
        assessment.pk: sorted((o.variable.code, o.code) for o in assessment.context_options.all())
        for assessment in Assessment.objects.all()
    }


def rows(apps, version_pk) -> dict:
    ContextOption = apps.get_model("catalog", "ContextOption")
    return {(o.variable.code, o.code): o.row for o in ContextOption.objects.filter(variable__version_id=version_pk)}


def test_it_puts_context_in_two_rows_keeps_every_answer_and_goes_back(profile_version, newest_afterwards):
    sanne = UserFactory(name="Sanne")
    assessment = services.assessment_start(owner=sanne, framework=profile_version.framework)
    chosen = profile_version.context_variables.get(code="context").options.filter(code__in=["organisatie", "hybride"])
    paid = profile_version.context_variables.get(code="beloning").options.get(code="betaald")
    services.situation_save(
        assessment=assessment, role_title="Coördinator", option_ids=[*(o.pk for o in chosen), paid.pk]
    )
    expected = {assessment.pk: [("beloning", "betaald"), ("context", "hybride"), ("context", "organisatie")]}

    apps = migrate(BEFORE)  # a database as it was, with the catalog loaded from the fixture as it was
    ContextOption = apps.get_model("catalog", "ContextOption")
    assert "row" not in {field.name for field in ContextOption._meta.get_fields()}
    version = apps.get_model("catalog", "FrameworkVersion").objects.get(pk=profile_version.pk)
    assert version.content_hash == content_hash(without_rows(framework_data()))
    assert answers(apps) == expected

    apps = migrate(AFTER)
    assert {key: row for key, row in rows(apps, profile_version.pk).items() if row != 1} == {
        ("context", code): 2 for code in SECOND_ROW
    }
    version = apps.get_model("catalog", "FrameworkVersion").objects.get(pk=profile_version.pk)
    assert version.content_hash == content_hash(framework_data()) == profile_version.content_hash
    assert answers(apps) == expected

    migrate(BEFORE)
    apps = migrate(AFTER)
    assert answers(apps) == expected
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    # `load_framework` at the next release confirms the migrated catalog instead of refusing it
    assert load_framework(framework_data()).outcome == "unchanged"


def test_it_leaves_other_frameworks_and_fingerprints_alone(profile_version, bouwstenen_version, newest_afterwards):
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    draft = load_framework(data, publish=False).version  # another file of the profile: its own fingerprint
    fingerprints = {v.pk: v.content_hash for v in (profile_version, bouwstenen_version, draft)}

    migrate(BEFORE)
    apps = migrate(AFTER)
    FrameworkVersion = apps.get_model("catalog", "FrameworkVersion")
    assert FrameworkVersion.objects.get(pk=draft.pk).content_hash == fingerprints[draft.pk]
    assert FrameworkVersion.objects.get(pk=bouwstenen_version.pk).content_hash == fingerprints[bouwstenen_version.pk]
    assert {key for key, row in rows(apps, draft.pk).items() if row == 2} == {("context", c) for c in SECOND_ROW}
    assert set(rows(apps, bouwstenen_version.pk).values()) <= {1}
