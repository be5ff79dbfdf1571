"""The content version: which wording new screenings use, and each screening records.

The newest `ContentVersion` row is the current one. Loading the YAML writes the version it names;
a wording edit in the admin writes "<yaml version>+admin.<n>" until the YAML is loaded again.
"""

from .models import ContentVersion

ADMIN_EDIT_MARK = "+admin."


def record_admin_edit() -> str:
    """A new content version for wording edited in the admin: "<yaml version>+admin.<n>"."""
    base = current_content_version().partition(ADMIN_EDIT_MARK)[0]
    earlier = ContentVersion.objects.filter(version__startswith=base + ADMIN_EDIT_MARK).count()
    version = f"{base}{ADMIN_EDIT_MARK}{earlier + 1}"
    ContentVersion.objects.create(version=version)
    return version


def current_content_version() -> str:
    latest = ContentVersion.objects.order_by("-loaded_at", "-id").first()
    return latest.version if latest else ""
