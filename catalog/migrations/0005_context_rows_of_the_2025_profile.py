"""The 2025 profile prints Context's tick boxes in two rows; catalogs loaded before options had a
row get them here. Only rows change: the options, their codes and every answer stay as they are.

A version loaded from the fixture as it was also gets the fingerprint of the fixture as it is now
(which states the rows), so `load_framework` confirms it as unchanged instead of refusing it.
"""

from django.db import migrations

FRAMEWORK = "competentieprofiel-coordinator-vrijwilligerswerk"
VARIABLE = "context"
SECOND_ROW = ["beroepskracht-gedomineerd", "vrijwilliger-gedomineerd", "hybride"]
# catalog.loading.content_hash of fixtures/competentieprofiel-2025.yaml without rows: with them.
FINGERPRINTS = {
    "822e8cf3891c7e74cde367db189b462e29dfd313418798198d1dff58ea3072c0": (
        "26f59211a0d663ef4a911326584042e546245639a387e3fdc43b3fdcd3269c1c"
    ),
}


def _second_row(apps):
    ContextOption = apps.get_model("catalog", "ContextOption")
    return ContextOption.objects.filter(
        variable__version__framework__code=FRAMEWORK, variable__code=VARIABLE, code__in=SECOND_ROW
    )


def _rename(apps, fingerprints: dict[str, str]) -> None:
    FrameworkVersion = apps.get_model("catalog", "FrameworkVersion")
    for before, after in fingerprints.items():
        FrameworkVersion.objects.filter(framework__code=FRAMEWORK, content_hash=before).update(content_hash=after)


def forward(apps, schema_editor):
    _second_row(apps).update(row=2)
    _rename(apps, FINGERPRINTS)


def backward(apps, schema_editor):
    _second_row(apps).update(row=1)
    _rename(apps, {after: before for before, after in FINGERPRINTS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_context_option_rows"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
