"""The restore drill: back the database up with the commands the README gives, restore the copy
into a scratch database, and compare the number of rows in every table.

SQLite: `sqlite3 DB ".backup FILE"` (safe while the app runs), restored by copying the file.
PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` into a scratch database the
drill creates and drops (so the app's role needs CREATEDB). Nothing but table names and counts
is printed.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend


class DrillFailed(Exception):
    """The backup or the restore did not work, or the restored copy differs."""


@dataclass(frozen=True)
class TableCounts:
    table: str
    live: int | None  # None: the table is missing from that copy
    restored: int | None

    @property
    def matches(self) -> bool:
        return self.live == self.restored


@dataclass(frozen=True)
class DrillResult:
    backup_command: str
    tables: list[TableCounts]

    @property
    def differences(self) -> list[TableCounts]:
        return [table for table in self.tables if not table.matches]


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows per table, for every table of the database (views aside)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def compare(live: dict[str, int], restored: dict[str, int]) -> list[TableCounts]:
    return [
        TableCounts(table, live.get(table), restored.get(table))
        for table in sorted(live.keys() | restored.keys())
    ]


@contextmanager
def other_database(settings_dict: dict[str, Any], name: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection to another database on the same server, with the same settings."""
    backend = load_backend(settings_dict["ENGINE"])
    connection = backend.DatabaseWrapper({**settings_dict, "NAME": name}, alias="restore_drill")
    try:
        yield connection
    finally:
        connection.close()


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise DrillFailed(
            f"{command[0]} is not installed (`make backup-check` installs it)"
        ) from error
    except subprocess.CalledProcessError as error:
        raise DrillFailed(f"{command[0]} failed: {error.stderr.strip()}") from error


def drill(alias: str = "default") -> DrillResult:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return sqlite_drill(connection)
    if connection.vendor == "postgresql":
        return postgresql_drill(connection)
    raise DrillFailed(f"no backup drill for {connection.vendor} databases")


def sqlite_drill(connection: BaseDatabaseWrapper) -> DrillResult:
    database = Path(connection.settings_dict["NAME"])
    if not database.is_file():
        raise DrillFailed(f"{database} does not exist yet: nothing to back up")
    with tempfile.TemporaryDirectory(prefix="restore-drill-") as folder:
        backup, scratch = Path(folder) / "backup.sqlite3", Path(folder) / "restored.sqlite3"
        live = row_counts(connection)
        run(["sqlite3", str(database), f".backup '{backup}'"])
        shutil.copyfile(backup, scratch)  # restoring a SQLite backup is putting the file back
        with other_database(connection.settings_dict, str(scratch)) as restored:
            with restored.cursor() as cursor:
                cursor.execute("PRAGMA integrity_check")
                if cursor.fetchone()[0] != "ok":
                    raise DrillFailed("the restored copy fails SQLite's integrity check")
            restored_counts = row_counts(restored)
    return DrillResult(f'sqlite3 {database} ".backup FILE"', compare(live, restored_counts))


def libpq_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment pg_dump, pg_restore, createdb and dropdb read the server and login from,
    so the password never shows in a process list."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        env.pop(variable, None)
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def postgresql_drill(connection: BaseDatabaseWrapper) -> DrillResult:
    name = connection.settings_dict["NAME"]
    scratch = f"{name}_restore_drill"
    env = libpq_environment(connection.settings_dict)
    with tempfile.TemporaryDirectory(prefix="restore-drill-") as folder:
        backup = Path(folder) / "backup.dump"
        live = row_counts(connection)
        run(["pg_dump", "--format=custom", f"--file={backup}", f"--dbname={name}"], env)
        run(["dropdb", "--if-exists", scratch], env)
        run(["createdb", scratch], env)
        try:
            run(
                ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={scratch}", str(backup)],
                env,
            )
            with other_database(connection.settings_dict, scratch) as restored:
                restored_counts = row_counts(restored)
        finally:
            run(["dropdb", "--if-exists", scratch], env)
    return DrillResult(f"pg_dump --format=custom --dbname={name}", compare(live, restored_counts))
