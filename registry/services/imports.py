"""Moved to the ``registry.imports`` package.

Kept only for the worker: jobs queued before the move name their task by this path
(django-tasks stores ``registry.services.imports.import_job_process_task``). New code imports
from ``registry.imports``.
"""

from registry.imports.jobs import import_job_process_task

__all__ = ["import_job_process_task"]
