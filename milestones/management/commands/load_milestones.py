from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from milestones.content.reading import ContentError
from milestones.content.writing import check_content, load_milestones
from milestones.report import content_report


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
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only validate the files and report problems; write nothing.",
        )
        parser.add_argument(
            "--report",
            action="store_true",
            help="Validate, then print per age range and area: items, the ages they are typical "
            "by, their kinds of source and key (act-early) milestones. Writes nothing.",
        )

    def handle(self, *args, **options):
        directory = options["dir"] or settings.MILESTONES_FIXTURES_DIR
        try:
            if options["check"] or options["report"]:
                content = check_content(directory)
            else:
                report = load_milestones(directory)
        except ContentError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was loaded: the content has {len(error.problems)} problem(s):\n{problems}"
            ) from error
        if options["report"]:
            self.stdout.write(content_report(content))
        elif options["check"]:
            self.stdout.write(
                f"Content in {directory} is valid (version {content.version}): "
                f"{len(content.age_ranges)} age ranges, {len(content.milestones)} milestones, "
                f"{len(content.red_flags)} red flags, {len(content.activities)} activities. "
                "Nothing was written."
            )
        else:
            self.stdout.write(f"Content loaded from {directory}: {report}.")
