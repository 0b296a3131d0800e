from django.urls import path

from . import admin_views

app_name = "mashangjian_admin"

urlpatterns = [
    path("todo/", admin_views.todo, name="todo"),
    path("posters/", admin_views.posters, name="posters"),
    path("cases/", admin_views.case_list, name="case_list"),
    path("cases/export.<str:fmt>", admin_views.cases_export, name="cases_export"),
    path("cases/<int:pk>/", admin_views.case_detail, name="case_detail"),
    path("cases/<int:pk>/<str:action>/", admin_views.case_action, name="case_action"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_id>/",
        admin_views.attachment_download,
        name="attachment",
    ),
    path("statistics/", admin_views.statistics, name="statistics"),
    path("statistics/export.<str:fmt>", admin_views.statistics_export, name="statistics_export"),
    path("statistics/chart/<str:name>.svg", admin_views.statistics_chart, name="statistics_chart"),
    path("hotspots/", admin_views.hotspot_list, name="hotspots"),
    path("hotspots/export.<str:fmt>", admin_views.hotspots_export, name="hotspots_export"),
]
