"""The SQLite database file holds every family's answers: only the app's own user may read it.

SQLite creates a new file with the process's umask (usually readable by everyone on the
machine), and gives its write-ahead log and shared-memory files the database file's mode. So each
new connection sets the database file, and those beside it, to 0600 (owner read and write).
"""

import os
import stat

from django.db.backends.base.base import BaseDatabaseWrapper

OWNER_ONLY = 0o600
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def keep_sqlite_file_private(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """`connection_created` receiver: make a SQLite connection's files readable by their owner
    only. Other databases and in-memory SQLite (the tests) are left alone."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return
    database = str(connection.settings_dict["NAME"])
    for path in (database, *(database + suffix for suffix in COMPANION_SUFFIXES)):
        try:
            if stat.S_IMODE(os.stat(path).st_mode) != OWNER_ONLY:
                os.chmod(path, OWNER_ONLY)
        except FileNotFoundError:
            continue
