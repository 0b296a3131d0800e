"""cms/wsgi.py: a server process loads jieba at start-up, management commands never do."""

import importlib
import os
import subprocess
import sys

from django.conf import settings

from registry import text


def test_loading_the_application_warms_the_tokenizer(monkeypatch):
    import cms.wsgi

    monkeypatch.setattr(text, "_BASE", None)
    importlib.reload(cms.wsgi)
    assert text._BASE is not None


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
