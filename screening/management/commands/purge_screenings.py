"""Delete abandoned drafts and delete or anonymise screenings past their clinic's retention period.

Prints what it would do unless given --apply; run daily from cron (see the README). The rules are
in screening.retention.
"""

from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from screening.retention import plan_purge, purge


def positive_days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise ArgumentTypeError(f"{text!r} is not a number of days (1 or more)")
    return int(text)


class Command(BaseCommand):
    help = (
        "Delete drafts untouched for SCREENING_DRAFT_DAYS days, and delete (or with --anonymise, "
        "anonymise) submitted screenings older than their clinic's retention period. Prints what "
        "it would do, counts per clinic, unless given --apply. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply", action="store_true", help="Delete or anonymise; without it nothing changes."
        )
        parser.add_argument(
            "--anonymise",
            action="store_true",
            help="Keep expired screenings for statistics with the child's details removed, "
            "instead of deleting them.",
        )
        parser.add_argument(
            "--older-than",
            type=positive_days,
            metavar="DAYS",
            help="Treat submitted screenings older than DAYS as expired at every clinic, "
            "instead of each clinic's own retention period.",
        )
        parser.add_argument(
            "--draft-days",
            type=positive_days,
            metavar="DAYS",
            help="Delete drafts untouched for DAYS days (default: SCREENING_DRAFT_DAYS).",
        )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        periods = {"draft_days": options["draft_days"], "older_than": options["older_than"]}
        if options["apply"]:
            results = purge(now, anonymise_expired=options["anonymise"], **periods)
            drafts_verb = "deleted"
            expired_verb = "anonymised" if options["anonymise"] else "deleted"
        else:
            self.stdout.write("Dry run: nothing is changed. Add --apply to act.")
            results = plan_purge(now, **periods)
            drafts_verb = "would delete"
            expired_verb = "would anonymise" if options["anonymise"] else "would delete"
        for result in results:
            self.stdout.write(
                f"{result.clinic}: {drafts_verb} {result.drafts} unfinished drafts; "
                f"{expired_verb} {result.expired} screenings submitted more than "
                f"{result.retention_days} days ago."
            )
        drafts = sum(result.drafts for result in results)
        expired = sum(result.expired for result in results)
        self.stdout.write(
            f"All clinics: {drafts_verb} {drafts} unfinished drafts; "
            f"{expired_verb} {expired} submitted screenings."
        )
