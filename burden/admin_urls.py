from django.urls import path

from . import admin_views

app_name = "burden_admin"

urlpatterns = [
    path("", admin_views.hub, name="hub"),
    path("import/<str:register>/", admin_views.register_import, name="import"),
    path("import/job/<int:job_id>/", admin_views.import_preview, name="import_preview"),
    path("import/job/<int:job_id>/confirm/", admin_views.import_confirm, name="import_confirm"),
    path("export/<str:register>/", admin_views.register_export, name="export"),
    path("calendar/<str:code>/", admin_views.inspection_calendar, name="calendar"),
    path("picture/", admin_views.picture_index, name="picture_index"),
    path("picture/<str:code>/", admin_views.picture, name="picture"),
    path("picture/<str:code>/<str:key>.svg", admin_views.chart_svg, name="chart"),
    path("estimate/<int:pk>/", admin_views.estimate_edit, name="estimate"),
    path("estimates/", admin_views.estimates_net, name="estimates_net"),
    path("link/<int:pk>/", admin_views.case_links, name="case_links"),
    path("forms/<int:pk>/admission/", admin_views.form_admission, name="form_admission"),
    path("item/<int:county_id>/<str:code>/", admin_views.item_cases, name="item_cases"),
]
