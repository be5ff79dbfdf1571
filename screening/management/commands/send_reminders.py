"""Email the reminder for every next check that has come, to families who asked for one.

Run daily from cron (see the README); running it again sends nothing twice. The rules are in
screening.reminders. It prints counts only: never an address, a nickname or a link.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http.request import validate_host
from django.utils import timezone

from screening.reminders import count_due_reminders, send_due_reminders


class Command(BaseCommand):
    help = (
        "Email a reminder for each next check that is due, once, to families who asked for one "
        "(links start with DJANGO_SITE_URL). Safe to run again; --dry-run only counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the reminders due; send nothing."
        )

    def handle(self, *args, **options) -> None:
        host = urlsplit(settings.SITE_URL).hostname or ""
        if not validate_host(host, settings.ALLOWED_HOSTS):
            # Links to another site (the local default on a server) would lead families nowhere.
            raise CommandError(
                f"DJANGO_SITE_URL ({settings.SITE_URL}) is not a site in DJANGO_ALLOWED_HOSTS: "
                "set it to the address parents open, e.g. https://screening.example.org"
            )
        today = timezone.localdate()
        if options["dry_run"]:
            due = count_due_reminders(today)
            self.stdout.write(f"Dry run: reminder emails due: {due}. Nothing was sent.")
            return
        result = send_due_reminders(today, timezone.now())
        self.stdout.write(f"Reminder emails sent: {result.sent}; no longer due: {result.skipped}.")
        if result.failed:
            raise CommandError(
                f"Reminder emails not sent (the mail server failed): {result.failed}; "
                "the next run tries them again."
            )
