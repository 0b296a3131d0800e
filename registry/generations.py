"""One invalidation scheme for every cache of derived data: a generation per table, kept in the
shared Django cache.

A cache of data read from some tables (the reader-page cache of ``cms.public.cache``, 码上减's
reference data in ``mashangjian.refcache``) puts ``current(*tables)`` into its key or beside its
snapshot, and is right for as long as that tuple does not change. Writers change it: ``track``
connects ``post_save`` / ``post_delete`` of a model to ``bump(model)``, and the few writes that
send no signal (``QuerySet.update``, ``bulk_create``, raw SQL) call ``bump`` themselves. Every
``migrate`` and ``flush`` bumps every table (``post_migrate``).

**A generation is a random token, not a count.** ``bump`` stores a fresh random 62-bit value;
``current`` returns the stored values. So:

- *across processes*: the tokens live in the shared cache (Redis in production, a file cache on
  one host without it, see ``cms/settings/base.py``), so a write in one web worker, the job worker
  or a shell changes the tuple every other process reads. A process-local cache (LocMemCache, the
  test settings) is only correct within one process;
- *when the cache is cleared or a token evicted* (Redis restarted or flushed, the file cache
  culled): ``current`` finds no token, stores a new random one and returns it. It never equals a
  token handed out before, so a snapshot or page cached under the old tuple is never served
  again — a cleared cache costs one rebuild, never stale data. Counters restarting at zero could
  meet an old value again; random tokens cannot (2⁻⁶² per comparison);
- *racing writers* need no atomic increment: two bumps at once leave one of two new tokens, both
  unlike the old one.

**Order against transactions.** ``bump`` stores a token at once (the writer's own later reads in
the transaction miss the cache) and, inside a transaction, once more after the commit: a reader
that read the first token before the commit may have cached the old rows under it; the second
token retires that entry. Readers read the generation *before* the data they cache, so data can
only be newer than its generation (one extra rebuild), never older.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

_PREFIX = "gen:"
_ALL = "*"  # bumped with every table: a migrate or flush may have rewritten any of them


def _name(table) -> str:
    """A model class or its label (``"registry.listversion"``)."""
    if isinstance(table, str):
        return table.lower()
    return table._meta.label_lower


def _token() -> int:
    return secrets.randbits(62)


def _store(keys: list[str]) -> None:
    cache.set_many({k: _token() for k in keys}, timeout=None)


def bump(*tables) -> None:
    """Give ``tables`` new generations: now, and again when the current transaction commits."""
    keys = [_PREFIX + _name(t) for t in tables]
    _store(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _store(keys))


def bump_all() -> None:
    """Every table at once (after a migrate or a flush, or any write of unknown scope)."""
    bump(_ALL)


def current(*tables) -> tuple[int, ...]:
    """The generations of ``tables`` (one cache round trip; a missing token is created)."""
    keys = [_PREFIX + _ALL, *(_PREFIX + _name(t) for t in tables)]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        fresh = {k: _token() for k in missing}
        for key, value in fresh.items():
            cache.add(key, value, timeout=None)  # another process may have been first
        stored = cache.get_many(missing)
        # Without a working cache (DummyCache) the fresh tokens stand: nothing ever matches.
        found.update({k: stored.get(k, fresh[k]) for k in missing})
    return tuple(found[k] for k in keys)


def _saved_or_deleted(sender, **kwargs) -> None:
    bump(sender)


def track(*models) -> None:
    """Bump a model's generation on every save and delete of one of its rows (idempotent)."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"generation_save_{label}")
        post_delete.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"generation_delete_{label}"
        )


def _migrated(sender, **kwargs) -> None:
    bump_all()


post_migrate.connect(_migrated, dispatch_uid="generations_post_migrate")
