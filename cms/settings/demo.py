"""The demo (`make demo`): the dev settings with DEBUG off.

Visitors of the demo see what production shows, the Chinese 400/403/404/500 pages, not Django's
English debug pages; whitenoise serves the files `collectstatic` gathered (the Makefile runs it
first). Developers who want tracebacks run `manage.py runserver` with the dev settings.
"""

from .dev import *  # noqa: F401,F403

DEBUG = False
