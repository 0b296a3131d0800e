"""Test run: same as production in shape, fast hashing, in-memory mail."""

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests do not run collectstatic; the manifest storage would refuse unknown files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_DATA_ALLOWED = True
REGISTRY_ALLOW_FLUSH = True  # transactional tests flush their database
# Tests run jobs in the request that enqueues them; tests/cms/test_import_worker.py runs the real
# queue (DatabaseBackend + `db_worker --batch`) end to end.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One process: a local-memory cache is shared by everything a test runs (the live server of the
# browser tests is a thread). tests/registry/test_generations.py and tests/ops/test_redis_cache.py
# run the generations through a file cache and Redis, as other processes and hosts see them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
