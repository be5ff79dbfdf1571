"""The app's own settings plus one bare view (`bench/urls.py`), for `make bench` only.

The bench runs gunicorn with DJANGO_SETTINGS_MODULE=bench.settings, so every page is served as in
production (DEBUG off unless DJANGO_DEBUG says otherwise), and `/bench/bare/` gives the cost of a
request that does nothing, which every other path is measured against.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
