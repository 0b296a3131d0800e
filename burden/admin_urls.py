from django.urls import path

from .admin_views import estimates, form_admission, links, picture, registers

app_name = "burden_admin"

urlpatterns = [
    path("", registers.hub, name="hub"),
    path("import/<str:register>/", registers.register_import, name="import"),
    path("import/job/<int:job_id>/", registers.import_preview, name="import_preview"),
    path("import/job/<int:job_id>/confirm/", registers.import_confirm, name="import_confirm"),
    path("export/<str:register>/", registers.register_export, name="export"),
    path("calendar/<str:code>/", picture.inspection_calendar, name="calendar"),
    path("picture/", picture.picture_index, name="picture_index"),
    path("picture/<str:code>/", picture.picture, name="picture"),
    path("picture/<str:code>/<str:key>.svg", picture.chart_svg, name="chart"),
    path("estimate/<int:pk>/", estimates.estimate_edit, name="estimate"),
    path("estimates/", estimates.estimates_net, name="estimates_net"),
    path("link/<int:pk>/", links.case_links, name="case_links"),
    path("forms/<int:pk>/admission/", form_admission.form_admission, name="form_admission"),
    path("item/<int:county_id>/<str:code>/", links.item_cases, name="item_cases"),
]
