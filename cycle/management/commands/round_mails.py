from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cycle import services


class Command(BaseCommand):
    help = (
        "Send the scanronde mails that are due: the opening mail when a round opens, reminders before its due "
        "date. Meant for a scheduler (cron, a systemd timer, a Kubernetes CronJob): run it every few minutes, "
        "on one server or several at once; no mail is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Where the site lives, for the links in the mails (default: the SITE_URL setting).",
        )
        parser.add_argument("--today", type=date.fromisoformat, help="Act as if it is this date (YYYY-MM-DD).")

    def handle(self, *args, base_url, today, **options):
        if not base_url:
            raise CommandError("Set SITE_URL (e.g. https://profielwijzer.example.org/) or pass --base-url.")
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("--base-url is a full address, such as https://profielwijzer.example.org/")
        sent = services.round_mails_send(today=today or timezone.localdate(), base_url=base_url)
        self.stdout.write(
            f"Scanronde mails: {sent['opened']} opening, {sent['reminder']} reminders sent, {sent['failed']} failed."
        )
        if sent["failed"]:
            raise CommandError(f"{sent['failed']} mail(s) could not be sent; the next run tries them again.")
