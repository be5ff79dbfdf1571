from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db.models import Q

from screening.roles import ROLE_PERMISSIONS


class Command(BaseCommand):
    help = (
        "Create or update the 'Clinic staff' and 'Clinic manager' groups with exactly the "
        "permissions each needs. Safe to run again."
    )

    def handle(self, *args, **options):
        for name, codes in ROLE_PERMISSIONS.items():
            wanted = Q()
            for code in codes:
                app_label, codename = code.split(".")
                wanted |= Q(content_type__app_label=app_label, codename=codename)
            permissions = list(Permission.objects.filter(wanted))
            if len(permissions) != len(codes):
                found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
                missing = ", ".join(sorted(set(codes) - found))
                raise SystemExit(f"Permissions not found (run migrate first?): {missing}")
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
            self.stdout.write(f"{name}: {len(permissions)} permissions.")
