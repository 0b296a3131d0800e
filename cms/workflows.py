"""The end of the 清单审核 workflow: publish the approved revision and create its registry version."""

from django.db import transaction


def publish_list_workflow_state(workflow_state, user=None):
    """Replaces Wagtail's default finish action (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

    Approval is the authority to publish, so the approver needs no separate
    publish permission; ``cms.signals`` then creates the immutable version in
    the same transaction, and refuses a revision nobody else approved.
    """
    with transaction.atomic():
        revision = workflow_state.content_object.get_latest_revision()
        revision.publish(user=user, skip_permission_checks=True)
