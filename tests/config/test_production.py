"""A clinic's server: the production settings pass Django's deployment checks, the app refuses to
start on a weak secret key, gunicorn serves it, and links are https:// behind a TLS proxy."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ScreeningFactory

PRODUCTION_ENV_FILE = Path(settings.BASE_DIR) / "config" / "production.env.example"


def server_environment(tmp_path: Path, **changes: str) -> dict[str, str]:
    """This machine's environment without any of the app's settings, plus `changes`: what a
    freshly set-up server sees. The database is a SQLite file in tmp_path unless changed."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "GUNICORN_"))
    }
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    environment.update(changes)
    return environment


def documented_production_environment() -> dict[str, str]:
    """config/production.env.example, as README "Running in production" tells a clinic to fill
    it in: with a real secret key."""
    values = {}
    for line in PRODUCTION_ENV_FILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip().strip('"')
    values["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def manage(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def start_the_app(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Load the WSGI application as gunicorn or runserver would, and stop there."""
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_documented_production_settings_pass_the_deployment_checks(tmp_path):
    production = documented_production_environment()
    # The checks read no database; SQLite spares them the PostgreSQL server.
    production.pop("DATABASE_URL")

    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=server_environment(tmp_path, **production),
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert not re.search(r"\b[A-Za-z_.]+\.[WE]\d{3}\b", output), output


@pytest.mark.parametrize(
    "key",
    [
        None,  # not set at all: the development key in settings.py
        "django-insecure-local-development-only-do-not-deploy",
        "change-me",  # the placeholder in production.env.example
        "a" * 60,  # long, but one character over and over
    ],
)
def test_without_debug_the_app_refuses_to_start_on_a_weak_secret_key(tmp_path, key):
    environment = server_environment(tmp_path)
    if key is not None:
        environment["DJANGO_SECRET_KEY"] = key

    result = start_the_app(environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_app_starts_with_a_key_of_its_own(tmp_path):
    environment = server_environment(tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))

    assert start_the_app(environment).returncode == 0


def test_with_debug_on_the_development_key_is_fine(tmp_path):
    assert start_the_app(server_environment(tmp_path, DJANGO_DEBUG="true")).returncode == 0


def test_a_proxy_header_setting_without_its_value_is_refused(tmp_path):
    environment = server_environment(
        tmp_path, DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"
    )

    result = manage("check", env=environment)

    assert result.returncode != 0
    assert "DJANGO_SECURE_PROXY_SSL_HEADER is a header name and its value" in result.stderr


@pytest.mark.django_db
def test_behind_a_tls_proxy_the_parent_is_shown_an_https_link(client, settings):
    """The proxy passes the site's name (Host) and says the request came over HTTPS."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["screening.example.org"]
    screening = ScreeningFactory()
    page = f"/s/{screening.link}/area/{screening.domains.first().key}/"
    proxy = {"host": "screening.example.org", "x-forwarded-proto": "https"}

    through_the_proxy = client.get(page, headers=proxy).content.decode()
    without_the_header = client.get(page, headers={"host": "screening.example.org"})

    assert f'value="https://screening.example.org/s/{screening.link}/"' in through_the_proxy
    assert f'value="http://screening.example.org/s/{screening.link}/"' in (
        without_the_header.content.decode()
    )


@pytest.mark.django_db
def test_with_ssl_redirect_plain_http_goes_to_https_but_health_probes_do_not(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    page = client.get("/screening/new/")
    probe = client.get("/health/")

    assert page.status_code == 301
    assert page.headers["Location"] == "https://testserver/screening/new/"
    assert probe.status_code == 200


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_app_and_logs_each_request_without_its_link(tmp_path):
    """What `make serve` runs, after its set-up: the health page answers, and the access log line
    has a time and level and no private link."""
    port, link = free_port(), uuid.uuid4()
    environment = server_environment(
        tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50), GUNICORN_CMD_ARGS=""
    )
    server = subprocess.Popen(
        [Path(sys.executable).with_name("gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1"],
        cwd=settings.BASE_DIR,
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        health = None
        for _attempt in range(100):  # up to about 20 s for the worker to boot
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/health/?format=text")
                break
            except OSError:
                time.sleep(0.2)
        assert health is not None, "gunicorn did not answer"
        assert health.status == 200
        assert "Database" in health.read().decode()
        # A private link in a path that answers without a template or the database.
        staff_page = urllib.request.Request(f"http://127.0.0.1:{port}/admin/{link}/")
        with pytest.raises(urllib.error.HTTPError) as redirected:
            urllib.request.build_opener(NoRedirects).open(staff_page)
        assert redirected.value.code == 302
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)

    access = [line for line in log.splitlines() if "milestone_check.access" in line]
    assert len(access) == 2, log
    assert re.fullmatch(r"\S+ INFO milestone_check.access GET /health/ 200 \d+ms", access[0])
    assert re.fullmatch(
        r"\S+ INFO milestone_check.access GET /admin/<private link>/ 302 \d+ms", access[1]
    )
    assert str(link) not in log
