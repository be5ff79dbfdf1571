from django.apps import AppConfig
from django.db.backends.signals import connection_created


class OperationsConfig(AppConfig):
    name = "config.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from .database_files import keep_sqlite_file_private

        connection_created.connect(keep_sqlite_file_private, dispatch_uid="keep_sqlite_private")
