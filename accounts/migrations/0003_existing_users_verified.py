from django.db import migrations
from django.db.models import F


def mark_verified(apps, schema_editor):
    """Accounts made before addresses were confirmed keep working: their address counts as confirmed.

    They joined their organisations under the old rules; making them confirm now would lock
    out every existing coordinator and admin at once.
    """
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_verified_at__isnull=True).update(email_verified_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_email_verified_auditevent"),
    ]

    operations = [
        migrations.RunPython(mark_verified, migrations.RunPython.noop),
    ]
