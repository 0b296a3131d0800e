"""The end of the 清单审核 workflow: publish the approved revision through the publish action."""


def publish_list_workflow_state(workflow_state, user=None):
    """Replaces Wagtail's default finish action (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

    Publishes the revision the reviewer approved (not whatever is latest).
    Approval is the authority to publish, so the approver needs no separate
    publish permission. For a list page, ``DutyListPage.publish`` runs
    ``cms.actions.publish_list.PublishListAction`` (page + version + log, atomic).
    """
    from wagtail.models import TaskState  # imported late: wagtail.models imports this module

    state = (
        workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .select_related("revision")
        .order_by("-finished_at", "-pk")
        .first()
    )
    revision = state.revision if state else workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
