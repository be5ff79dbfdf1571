"""With DEBUG off, the servers (config/wsgi.py, config/asgi.py) refuse to start on a weak secret
key: the development fallback in settings.py (public in this repository) or any key `manage.py
check --deploy` would call weak, because with it anyone could forge a staff session. The check runs
where the app is served rather than in settings.py, so tests, `make lint` and management commands
still run without a key."""

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured


def refuse_a_weak_secret_key() -> None:
    from django.conf import settings

    key = settings.SECRET_KEY
    weak = (
        key.startswith(SECRET_KEY_INSECURE_PREFIX)
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    )
    if weak and not settings.DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set, is the development key or is too short, and DEBUG is "
            f"off. Set it to a random value of at least {SECRET_KEY_MIN_LENGTH} characters, of "
            "this server's own, before serving: for example the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
