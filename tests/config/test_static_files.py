"""In production, static files are named after their contents and cached by browsers for a year."""

import re

from django.core.management import call_command
from django.templatetags.static import static


def test_collected_files_are_served_under_their_hash_compressed_and_cached_for_a_year(
    client, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The app's own files only (static/), which keeps this quick; `make test` collects them all.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", "--noinput", verbosity=0)

    url = static("css/milestone-check.css")
    response = client.get(url, headers={"accept-encoding": "gzip"})

    assert re.fullmatch(r"/static/css/milestone-check\.[0-9a-f]{12}\.css", url)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


def test_with_debug_on_pages_use_plain_names_and_need_no_collected_files(settings, tmp_path):
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path / "never-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    assert static("css/milestone-check.css") == "/static/css/milestone-check.css"
