"""Running the service: what a clinic's server needs beyond the app's pages.

A request log line per request (`access_log.py`), logs as JSON lines on request (`log_formats.py`),
the SQLite database file kept private to its owner (`database_files.py`), and the backup and
restore drill (`backups.py`, `manage.py backup_drill`). The health endpoint is django-health-check's
(`config/urls.py`); private links are blanked out of every log line by `config/log_filters.py`.
"""
