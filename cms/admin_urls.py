from django.urls import path

from . import admin_views, admission_views, import_views, master_import_views, review
from .editor.urls import urlpatterns as editor_urls


def _import_job_urls(route: str, name: str, *, job, status, confirm) -> list:
    """An import job's three pages (cms.import_jobs): the preview, the progress its page polls,
    and the confirmation, named ``<name>_job``, ``<name>_job_status`` and ``<name>_confirm``."""
    return [
        path(f"{route}/<int:job_id>/", job, name=f"{name}_job"),
        path(f"{route}/<int:job_id>/status/", status, name=f"{name}_job_status"),
        path(f"{route}/<int:job_id>/confirm/", confirm, name=f"{name}_confirm"),
    ]


urlpatterns = [
    *editor_urls,
    path("lists/<int:page_id>/review/", review.list_review, name="list_review"),
    path("lists/<int:page_id>/copy-forward/", admin_views.copy_forward, name="list_copy_forward"),
    path("lists/<int:page_id>/import/", import_views.list_import, name="list_import"),
    *_import_job_urls(
        "imports",
        "list_import",
        job=import_views.list_import_job,
        status=import_views.list_import_job_status,
        confirm=import_views.list_import_confirm,
    ),
    path(
        "lists/<int:page_id>/versions/<int:number>/export.<str:fmt>",
        import_views.list_version_export,
        name="list_version_export",
    ),
    path("master-data/import/", master_import_views.master_import, name="master_import"),
    *_import_job_urls(
        "master-imports",
        "master_import",
        job=master_import_views.master_import_job,
        status=master_import_views.master_import_job_status,
        confirm=master_import_views.master_import_confirm,
    ),
    path("admission/", admission_views.admission_list, name="admission_list"),
    path("admission/new/", admission_views.admission_create, name="admission_create"),
    path("admission/<int:pk>/", admission_views.admission_detail, name="admission_detail"),
    path("admission/<int:pk>/edit/", admission_views.admission_edit, name="admission_edit"),
    path("admission/<int:pk>/decide/", admission_views.admission_decide, name="admission_decide"),
    path("admission/<int:pk>/revoke/", admission_views.admission_revoke, name="admission_revoke"),
]
