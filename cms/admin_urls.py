from django.urls import path

from . import admin_views, admission_views, import_views, master_import_views, review
from .editor.urls import urlpatterns as editor_urls

urlpatterns = [
    *editor_urls,
    path("lists/<int:page_id>/review/", review.list_review, name="list_review"),
    path("lists/<int:page_id>/copy-forward/", admin_views.copy_forward, name="list_copy_forward"),
    path("lists/<int:page_id>/import/", import_views.list_import, name="list_import"),
    path("imports/<int:job_id>/", import_views.list_import_job, name="list_import_job"),
    path(
        "imports/<int:job_id>/status/",
        import_views.list_import_job_status,
        name="list_import_job_status",
    ),
    path(
        "imports/<int:job_id>/confirm/",
        import_views.list_import_confirm,
        name="list_import_confirm",
    ),
    path(
        "lists/<int:page_id>/versions/<int:number>/export.<str:fmt>",
        import_views.list_version_export,
        name="list_version_export",
    ),
    path("master-data/import/", master_import_views.master_import, name="master_import"),
    path(
        "master-imports/<int:job_id>/",
        master_import_views.master_import_job,
        name="master_import_job",
    ),
    path(
        "master-imports/<int:job_id>/status/",
        master_import_views.master_import_job_status,
        name="master_import_job_status",
    ),
    path(
        "master-imports/<int:job_id>/confirm/",
        master_import_views.master_import_confirm,
        name="master_import_confirm",
    ),
    path("admission/", admission_views.admission_list, name="admission_list"),
    path("admission/new/", admission_views.admission_create, name="admission_create"),
    path("admission/<int:pk>/", admission_views.admission_detail, name="admission_detail"),
    path("admission/<int:pk>/edit/", admission_views.admission_edit, name="admission_edit"),
    path("admission/<int:pk>/decide/", admission_views.admission_decide, name="admission_decide"),
    path("admission/<int:pk>/revoke/", admission_views.admission_revoke, name="admission_revoke"),
]
