"""The SQLite file is private to its owner; a backup restores every row (`make backup-check`)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.operations.backups import compare


def manage(*arguments: str, database: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def server_database(tmp_path_factory) -> Path:
    """A SQLite database as `make run` leaves it: migrated, with the staff roles in it."""
    database = tmp_path_factory.mktemp("server") / "db.sqlite3"
    for command in (["migrate", "--noinput"], ["setup_roles"]):
        result = manage(*command, database=database)
        assert result.returncode == 0, result.stderr
    return database


def test_the_database_file_is_readable_by_its_owner_only(server_database):
    assert mode(server_database) == 0o600
    for companion in server_database.parent.glob("db.sqlite3-*"):  # write-ahead log
        assert mode(companion) == 0o600


def test_a_database_file_readable_by_others_is_made_private_when_the_app_connects(
    tmp_path, django_db_blocker
):
    database = tmp_path / "db.sqlite3"
    database.touch()
    database.chmod(0o644)
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database), "OPTIONS": {}}
    connection = DatabaseWrapper({**connections["default"].settings_dict, **sqlite})

    with django_db_blocker.unblock():
        connection.ensure_connection()
        connection.close()

    assert mode(database) == 0o600


def test_the_backup_drill_restores_every_row_of_every_table(server_database):
    result = manage("backup_drill", database=server_database)

    assert result.returncode == 0, result.stderr
    assert f'sqlite3 {server_database} ".backup FILE"' in result.stdout
    assert "auth_permission" in result.stdout
    assert "the restored copy matches the database" in result.stdout
    assert "differs" not in result.stdout


def test_the_backup_drill_fails_when_there_is_nothing_to_back_up(tmp_path):
    result = manage("backup_drill", database=tmp_path / "missing.sqlite3")

    assert result.returncode != 0
    assert "Backup drill failed" in result.stderr


def test_a_table_with_other_counts_or_missing_from_the_copy_is_a_difference():
    tables = compare({"screening": 3, "audit": 5, "notes": 1}, {"screening": 3, "audit": 4})

    differences = {
        table.table: (table.live, table.restored) for table in tables if not table.matches
    }

    assert differences == {"audit": (5, 4), "notes": (1, None)}
