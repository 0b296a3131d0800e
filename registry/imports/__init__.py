"""Importing a list (or master data) from a spreadsheet: parse → validate → preview → commit.

A list import never publishes: it ends as a new *draft revision* of the list's
page, which then goes through the 清单审核 workflow like a hand edit. Writing
that draft belongs to the CMS (``registry`` never imports ``cms``), so the
function doing it is named by the ``REGISTRY_IMPORT_DRAFT_WRITER`` setting,
read when an import is committed.

Any error in the file means nothing is written. Rows are matched to the items
of the version in force by stable code, else by exact name, else by name and
content similarity, so a reworded item keeps its code (see docs/import.md).

Modules: plan (ImportPlan, limits), sheet (header row, cells, departments), list_rows (a list's
rows: prepare, commit), reconcile (rows ↔ the version in force), master_data (regions and
departments), jobs (stored uploads processed by the worker, commit, purge).
"""

from .jobs import (
    PurgeResult,
    import_job_commit,
    import_job_create,
    import_job_process,
    import_job_process_task,
    import_jobs_purge,
    import_jobs_purge_queryset,
)
from .list_rows import list_import_commit, list_import_prepare
from .master_data import master_import_commit, master_import_prepare
from .plan import ImportPlan, comparison_as_json

__all__ = [
    "ImportPlan",
    "PurgeResult",
    "comparison_as_json",
    "import_job_commit",
    "import_job_create",
    "import_job_process",
    "import_job_process_task",
    "import_jobs_purge",
    "import_jobs_purge_queryset",
    "list_import_commit",
    "list_import_prepare",
    "master_import_commit",
    "master_import_prepare",
]
