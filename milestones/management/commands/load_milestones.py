from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from milestones.loader import ContentError, load_milestones


class Command(BaseCommand):
    help = (
        "Validate the YAML content files and load them into the database. "
        "Nothing is written if any file has a mistake."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Folder with the .yaml files (default: settings.MILESTONES_FIXTURES_DIR).",
        )

    def handle(self, *args, **options):
        directory = options["dir"] or settings.MILESTONES_FIXTURES_DIR
        try:
            report = load_milestones(directory)
        except ContentError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was loaded: the content has {len(error.problems)} problem(s):\n{problems}"
            )
        self.stdout.write(f"Content loaded from {directory}: {report}.")
