"""Every write to a case. Keyword-only, typed, atomic; each records a history reason and,
for staff actions, a Wagtail audit-log entry.

Modules: submit (filing a report, exactly once, and its receipt), handling (every step after:
the office's decisions, the handling unit's answer, review, the reporter's rating, notes and
typical cases). Callers use ``cases.<name>``, re-exported here.
"""

from .handling import (
    case_accept,
    case_answer,
    case_decline,
    case_extend,
    case_mark_typical,
    case_note_add,
    case_rate,
    case_reroute,
    case_review,
    case_unpublish_typical,
)
from .submit import case_submit, submitted_notice

__all__ = [
    "case_accept",
    "case_answer",
    "case_decline",
    "case_extend",
    "case_mark_typical",
    "case_note_add",
    "case_rate",
    "case_reroute",
    "case_review",
    "case_submit",
    "case_unpublish_typical",
    "submitted_notice",
]
