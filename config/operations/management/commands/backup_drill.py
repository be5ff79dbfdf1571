from django.core.management.base import BaseCommand, CommandError

from config.operations.backups import DrillFailed, drill


def count(value: int | None) -> str:
    return "missing" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Backs the database up as the README says, restores the copy into a scratch database and "
        "compares the rows of every table (`make backup-check`). Run it when the clinic is quiet: "
        "a screening saved during the drill shows as a difference."
    )

    def handle(self, *args, **options):
        try:
            result = drill()
        except DrillFailed as error:
            raise CommandError(f"Backup drill failed: {error}") from error
        if not result.tables:
            raise CommandError("Backup drill failed: the database has no tables (migrate first)")
        width = max(len(table.table) for table in result.tables)
        self.stdout.write(f"Backed up with: {result.backup_command}")
        self.stdout.write(f"{'table':<{width}}  {'live':>8}  {'restored':>8}")
        for table in result.tables:
            mark = "" if table.matches else "  <- differs"
            self.stdout.write(
                f"{table.table:<{width}}  {count(table.live):>8}  {count(table.restored):>8}{mark}"
            )
        if result.differences:
            names = ", ".join(table.table for table in result.differences)
            raise CommandError(f"Backup drill failed: the restored copy differs in {names}")
        rows = sum(table.live or 0 for table in result.tables)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.tables)} tables, {rows} rows: the restored copy matches the database."
            )
        )
