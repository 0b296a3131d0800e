import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

# What the first search would otherwise pay for: jieba's dictionary (about half a second), the
# search thesaurus, the template engine, and one search sent through the application. Here, where
# a server (gunicorn, runserver) loads the application, not in an AppConfig.ready(), so that
# management commands never load them.
from cms.public.search import warm  # noqa: E402 - needs the apps loaded above

warm(application)
