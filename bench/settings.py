"""The app's own settings plus one bare view (`bench/urls.py`), for `make bench` only.

The bench runs gunicorn with DJANGO_SETTINGS_MODULE=bench.settings, so every page is served as in
production (DEBUG off unless DJANGO_DEBUG says otherwise), and `/bench/bare/` gives the cost of a
request that does nothing, which every other path is measured against.
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Stored files (PDFs, if the app stores them) go to the run's temporary folder, never the
# developer's media folder.
if os.environ.get("BENCH_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
