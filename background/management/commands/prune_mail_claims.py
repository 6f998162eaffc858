from django.core.management.base import BaseCommand

from background import services


class Command(BaseCommand):
    help = (
        "Delete the at-most-once claims of mails made more than 30 days ago (background.models.MailClaim): "
        "they are only needed while a mail may still be retried. Meant for a scheduler, once a day."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Mail claims: {services.prune_claims()} older than 30 days deleted.")
