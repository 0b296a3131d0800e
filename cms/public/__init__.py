"""The public site: what the page classes serve to readers, as routable-page mixins.

cms.models builds its page classes from these mixins; this package never imports cms.models
(it names the page classes it queries through the app registry, see helpers.py).
Modules: home, regions, lists (+ compare, downloads, feeds), search, cache, helpers.

URL design after eCFR and legislation.gov.uk (see docs/public-site.md):

    <list>/                      the version in force today
    <list>/<YYYY-MM-DD>/         the version in force on that date
    <list>/versions/             every version with its change note (timeline)
    <list>/versions/<n>/         one version; .../<n>/xlsx|csv|json downloads it, .../print/ prints it
    <list>/compare/<a>/<b>/      what changed from version a to version b
    <list>/print/  <list>/feed/  print view of today's version; Atom feed of substantive changes
    <region>/ <region>/<date>/   the lists that apply to a unit, inherited ones included
    <region>/search/             search within the unit; <region>/departments/<code>/ department pivot
    <region>/feed/               Atom feed of the lists that apply to the unit

``?region=<code>`` on a list URL keeps a township/village context: items are
narrowed by ``applies_to`` and links keep the parameter.

Reader pages are cached (``cache.public_cache``); the key carries the query
parameters the page reads, today's date (a version that takes effect at midnight
shows up without any action) and the generations of the tables pages are made of
(``registry.generations``; see ``cache.cache_generation``).
"""

from .cache import PublicPageCacheMiddleware, cache_generation, public_cache
from .compare import COMPARE_SECTIONS
from .home import HomePublicMixin
from .lists import DutyListPublicMixin
from .regions import RegionPublicMixin

__all__ = [
    "COMPARE_SECTIONS",
    "DutyListPublicMixin",
    "HomePublicMixin",
    "PublicPageCacheMiddleware",
    "RegionPublicMixin",
    "cache_generation",
    "public_cache",
]
