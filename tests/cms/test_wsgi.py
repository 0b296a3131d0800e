"""cms/wsgi.py: a server process loads jieba and sends one search through itself at start-up,
so that the first visitor's search is as fast as the later ones; management commands never do."""

import importlib
import os
import subprocess
import sys

import pytest
from django.conf import settings

from cms.public import home
from registry import text


@pytest.mark.django_db(
    transaction=True
)  # the real handler, as a server runs it: no test transaction
def test_loading_the_application_warms_the_tokenizer_and_the_search(
    wagtail_root, site, monkeypatch
):
    import cms.wsgi

    sent = []
    answer = home.search_response

    def search_response(page, request, **kwargs):
        response = answer(page, request, **kwargs)
        sent.append((request.GET.get("q"), response.status_code))
        return response

    monkeypatch.setattr(home, "search_response", search_response)
    monkeypatch.setattr(text, "_BASE", None)
    importlib.reload(cms.wsgi)
    assert text._BASE is not None
    assert sent == [("清单", 200)]  # through the application, as the first visitor's would be


@pytest.mark.django_db
def test_a_database_without_a_site_is_no_reason_to_fail_at_start_up():
    import cms.wsgi

    importlib.reload(cms.wsgi)  # Wagtail's initial site only: the tokenizer warms, no search


@pytest.mark.django_db
def test_a_database_not_migrated_is_no_reason_to_fail_at_start_up(monkeypatch):
    """The site query fails as on a fresh, unmigrated database."""
    from django.db import DatabaseError
    from wagtail.models import Site

    import cms.wsgi

    def no_table(*args, **kwargs):
        raise DatabaseError("no such table: wagtailcore_site")

    monkeypatch.setattr(Site.objects, "filter", no_table)
    importlib.reload(cms.wsgi)


def test_setting_up_django_does_not_load_the_dictionary():
    """What every management command does (migrate, makemigrations, db_worker)."""
    script = (
        "import django; django.setup(); from registry import text; "
        "print('cold' if text._BASE is None else 'warm')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "cold"
