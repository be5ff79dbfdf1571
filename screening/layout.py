"""What a submitted screening's made copies look like beyond the screening itself: its PDFs
(screening/pdf_store.py) and the kept parts of its result page (screening/kept_results.py).

A copy made with one release is never served after a release that draws it differently: both
name their copies after `layout_fingerprint()`, a hash of everything that draws them.
"""

import hashlib
from functools import cache
from pathlib import Path

import django
import weasyprint
from django.conf import settings
from django.template.loader import get_template

# Bump when something the copies depend on changes outside what `layout_fingerprint` hashes (the
# system's fonts, the milestones app's code): the screening app's code, templates and translations
# are hashed by themselves.
LAYOUT_VERSION = 1

# The templates of the made copies; the includes beside them are hashed with them.
TEMPLATES = (
    "screening/summary_pdf.html",
    "screening/activity_sheet_pdf.html",
    "screening/result.html",
)

# The screening app's Python that no copy can depend on.
NOT_IN_COPIES = {"admin", "management", "migrations"}


@cache
def layout_fingerprint() -> str:
    """Everything the copies' look depends on beyond their screening, hashed once per process."""
    digest = hashlib.sha256()
    for part in (LAYOUT_VERSION, weasyprint.__version__, django.__version__, settings.TIME_ZONE):
        digest.update(f"{part}\n".encode())
    # Each file named by its last parts, so servers installed in different folders agree.
    named = sorted(("/".join(path.parts[-3:]), path) for path in _layout_files())
    for name, path in named:
        digest.update(name.encode() + b"\n" + path.read_bytes())
    return digest.hexdigest()


def _layout_files() -> list[Path]:
    """The screening app's Python, the copies' templates and the includes beside them, and the
    compiled translations."""
    app = Path(__file__).parent
    files = {
        path for path in app.rglob("*.py") if NOT_IN_COPIES.isdisjoint(path.relative_to(app).parts)
    }
    for name in TEMPLATES:
        template = Path(get_template(name).origin.name)  # type: ignore[attr-defined]
        files.add(template)
        files.update(template.parent.glob("includes/*.html"))
    for locale in settings.LOCALE_PATHS:
        files.update(Path(locale).glob("*/LC_MESSAGES/*.mo"))
    return list(files)
