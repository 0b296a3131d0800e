"""Settings shared by every environment.

Secure by default: DEBUG is off and no secret lives here. ``dev``, ``test`` and
``production`` only override. The database comes from ``DATABASE_URL``
(PostgreSQL in production and in the second CI run); without it, SQLite.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "registry",
    "cms",
    "mashangjian",
    "burden",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "simple_history",
    "import_export",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from its own static files, not from a CDN
    "django_tasks",
    "django_tasks_db",
]

# Background jobs (spreadsheet imports) go to a queue table in the project's own database and are
# run by `manage.py db_worker` (a separate process: see docs/deploy.md; `make demo` starts one).
# No broker to run; a job survives a web-process restart and is picked up by the next worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache below, so cached pages carry the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.request_guard.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Reader pages answered from the cache before Wagtail routing (cms.public.cache).
    "cms.public.cache.PublicPageCacheMiddleware",
    "cms.middleware.PagePermissionMiddleware",
    "cms.middleware.AdminLoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Records the acting user on django-simple-history rows, under /admin/ only (see the class).
    "cms.middleware.AdminHistoryUserMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# Every request is one transaction: a publish that fails half-way (for example
# the registry refusing a version) leaves no live page without its version.
DATABASES["default"]["ATOMIC_REQUESTS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# Project translations win over Wagtail's and Django's own: Wagtail 8 leaves about 400 admin
# strings untranslated in zh_Hans (docs/architecture.md, "The admin in Chinese").
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.LoginForm"
# Chinese error pages that need no request context (cms/error_views.py, cms/urls.py handlers).
CSRF_FAILURE_VIEW = "cms.error_views.csrf_failure"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site root by whitenoise (favicon.ico for browsers that ask for it there).
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads are bounded; import screens add their own, stricter limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000  # a 300-item list edits ~4,000 fields at once

# How many reverse proxies in front of the app append to X-Forwarded-For (rate limits key on
# the real client address; 0 = use REMOTE_ADDR). See docs/deploy.md.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin JavaScript reads the token
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# The demo loader creates accounts with a published password: never in production.
DEMO_DATA_ALLOWED = os.environ.get("DEMO_DATA_ALLOWED", "0") == "1"
# Only a throwaway test database may be emptied by `flush` past the immutability guards
# (registry/db_triggers.py); anywhere else the database refuses.
REGISTRY_ALLOW_FLUSH = False

# One deployment serves several counties (and their city): the default name is neutral; the
# site's own name (Wagtail's Site.site_name, e.g. 青山市基层减负清单) is shown where it is set.
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "基层减负清单")
# Atom ids are tag: URIs (RFC 4151) under this authority, never the request's host, so an entry
# keeps its id whichever address it is read through. Set it to a domain the operator holds.
FEED_TAG_AUTHORITY = os.environ.get("FEED_TAG_AUTHORITY", "jianfu.invalid")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Nothing leaves the intranet: no update check, no external avatars.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_FINDERS = []
# Publishing a list at the end of its review also creates the registry version.
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_list_workflow_state"
# An imported list becomes a draft of its page (registry does not import cms).
REGISTRY_IMPORT_DRAFT_WRITER = "cms.import_drafts.save_import_draft"

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# One cache shared by every process of the site: the web workers, the job worker, management
# commands. The generations that retire cached pages and 码上减's reference data live in it
# (registry/generations.py), so a process with a cache of its own would never learn of another
# process's writes. Redis when REDIS_URL is set (needed with several hosts); otherwise files in
# CACHE_LOCATION, shared by the processes of one host (Django creates the directory 0700: the
# entries are pickles). The test settings use a local-memory cache (one process).
# The entries are keyed under the database they were made from: a cached page or generation never
# answers for another database (a second deployment on the same Redis or cache directory, or a
# database restored or replaced under a running cache).
_db = DATABASES["default"]
CACHE_KEY_PREFIX = hashlib.sha256(
    "|".join(str(_db.get(k) or "") for k in ("ENGINE", "NAME", "HOST", "PORT")).encode()
).hexdigest()[:12]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_LOCATION", str(BASE_DIR / "tmp" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20000},
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"registry": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# 码上减 rate limits ("hits/seconds" per client address hash; "0/60" turns a limit off).
MASHANGJIAN_RATE_LIMITS = {
    "submit": os.environ.get("MASHANGJIAN_SUBMIT_LIMIT", "20/3600"),
    "lookup": os.environ.get("MASHANGJIAN_LOOKUP_LIMIT", "60/600"),
}
