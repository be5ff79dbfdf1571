"""The WSGI application gunicorn serves (`make serve`); `runserver` loads it too. It refuses a weak
secret key when DEBUG is off (config/secret_key.py)."""

import os

from django.core.wsgi import get_wsgi_application

from config.secret_key import refuse_a_weak_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

refuse_a_weak_secret_key()
application = get_wsgi_application()
