"""The ASGI application, for a server that speaks ASGI; like config/wsgi.py, it refuses a weak
secret key when DEBUG is off (config/secret_key.py)."""

import os

from django.core.asgi import get_asgi_application

from config.secret_key import refuse_a_weak_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

refuse_a_weak_secret_key()
application = get_asgi_application()
