"""Page models (pages.py), draft items (drafts.py), read-only scopes (scopes.py) and the review workflow's task (workflow.py).

Names are re-exported here, so ``from cms.models import DutyListPage`` keeps working.
"""

from .drafts import DraftItem
from .pages import (
    SUBMIT_ACTIONS,
    DutyListPage,
    DutyListPageCopyForm,
    DutyListPageForm,
    HomePage,
    RegionPage,
    protected_list_pages,
)
from .scopes import ReadOnlyScope
from .workflow import (
    FOUR_EYES_REASON,
    FourEyesApprovalTask,
    FourEyesRefused,
    draft_editor_ids,
    revision_approver,
)

__all__ = [
    "FOUR_EYES_REASON",
    "SUBMIT_ACTIONS",
    "DraftItem",
    "DutyListPage",
    "DutyListPageCopyForm",
    "DutyListPageForm",
    "FourEyesApprovalTask",
    "FourEyesRefused",
    "HomePage",
    "ReadOnlyScope",
    "RegionPage",
    "draft_editor_ids",
    "protected_list_pages",
    "revision_approver",
]
