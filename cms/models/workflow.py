"""The 清单审核 workflow's task: group approval under the four-eyes rule (四眼原则)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.models import AbstractGroupApprovalTask, Revision, TaskState

FOUR_EYES_REASON = (
    "四眼原则：你编辑过这份草稿（{editors}），不能审核通过自己编辑的内容；"
    "请由未编辑过草稿的其他审核人审核通过。"
)


class FourEyesRefused(PermissionDenied):
    """An approval refused; ``str(exc)`` is the Chinese reason shown to the user."""


def draft_editor_ids(page) -> set[int]:
    """Users who saved a revision of ``page`` since its last publication: its editors."""
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).exclude(user__isnull=True)
    if page.live_revision_id:
        revisions = revisions.filter(pk__gt=page.live_revision_id)
    return set(revisions.values_list("user_id", flat=True))


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which nobody approves a draft they edited themselves (四眼原则).

    Approval is of the draft as saved (the page's latest revision); whoever
    saved any revision of it since the last publication is one of its editors.
    """

    class Meta:
        verbose_name = "四眼审核"
        verbose_name_plural = "四眼审核"

    def approve_refusal(self, obj, user) -> str | None:
        """The Chinese reason ``user`` may not approve ``obj`` now, or None."""
        if user.pk is None or not self.user_can_access_editor(obj, user):
            return "只有“清单审核”流程指定的审核人可以审核通过。"
        if user.pk in draft_editor_ids(obj):
            return FOUR_EYES_REASON.format(editors=user.get_full_name() or user.get_username())
        return None

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.approve_refusal(obj, user):
            # An editor of the draft may still ask for changes, never approve.
            return [a for a in actions if a[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            page = task_state.workflow_state.content_object
            reason = self.approve_refusal(page, user)
            if reason:
                raise FourEyesRefused(reason)
            # Whether the draft can be published is checked by the publish action, once.
            latest = page.get_latest_revision()
            if task_state.revision_id != latest.pk:
                # Approve the draft as saved, including edits made during the review.
                task_state.revision = latest
                task_state.save(update_fields=["revision"])
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "由所选用户组成员审核；编辑过草稿的人不能审核通过它。"


def revision_approver(revision):
    """Who approved ``revision`` in a workflow, if it was someone other than its editor."""
    state = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .exclude(finished_by__isnull=True)
        .exclude(finished_by_id=revision.user_id)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    return state.finished_by if state else None
