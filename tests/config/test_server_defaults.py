"""A server's defaults that keep it steady under load: PostgreSQL connections kept between
requests (and checked before reuse), and gunicorn workers replaced after a number of requests so
what a PDF leaves in memory can't grow without bound."""

import importlib.util
import json
import subprocess
import sys

import pytest
from django.conf import settings

from tests.config.test_production import server_environment


def database_settings(tmp_path, **environment) -> dict:
    """The default database's settings as a server started with `environment` reads them."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from django.conf import settings; "
            "print(json.dumps({k: settings.DATABASES['default'][k] "
            "for k in ('ENGINE', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))",
        ],
        cwd=settings.BASE_DIR,
        env=server_environment(tmp_path, **environment),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


POSTGRES = "postgres://milestone_check:secret@127.0.0.1:5432/milestone_check"


@pytest.mark.parametrize("url", [POSTGRES, None], ids=["postgresql", "sqlite"])
def test_connections_are_kept_a_minute_and_checked_before_reuse(tmp_path, url):
    database = database_settings(tmp_path, **({"DATABASE_URL": url} if url else {}))

    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_development_server_opens_a_connection_per_request(tmp_path):
    # runserver starts a thread per request: a kept connection would never be reused.
    database = database_settings(tmp_path, DJANGO_DEBUG="true")

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("seconds", ["0", "300"])
def test_a_server_can_choose_how_long_connections_are_kept(tmp_path, seconds):
    database = database_settings(tmp_path, DATABASE_URL=POSTGRES, DATABASE_CONN_MAX_AGE=seconds)

    assert database["CONN_MAX_AGE"] == int(seconds)


def test_make_serve_replaces_workers_after_a_number_of_requests_with_jitter():
    result = subprocess.run(
        ["make", "-n", "serve"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert '--max-requests "${GUNICORN_MAX_REQUESTS:-2000}"' in result.stdout
    assert '--max-requests-jitter "${GUNICORN_MAX_REQUESTS_JITTER:-200}"' in result.stdout


def test_an_s3_pdf_store_without_django_storages_stops_the_server_at_start(tmp_path):
    """Else a family pressing Delete would get an error page: deleting removes stored PDFs."""
    if importlib.util.find_spec("storages") is not None:
        pytest.skip("django-storages is installed here")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.STORAGES"],
        cwd=settings.BASE_DIR,
        env=server_environment(
            tmp_path, DJANGO_PDF_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="clinic-pdfs"
        ),
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert 'DJANGO_PDF_STORAGE=s3 needs django-storages: pip install ".[s3]".' in result.stderr
