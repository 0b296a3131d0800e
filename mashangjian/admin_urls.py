from django.urls import path

from .admin_views import cases, hotspots, posters, statistics

app_name = "mashangjian_admin"

urlpatterns = [
    path("todo/", cases.todo, name="todo"),
    path("posters/", posters.posters, name="posters"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/export.<str:fmt>", cases.cases_export, name="cases_export"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/<str:action>/", cases.case_action, name="case_action"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_id>/",
        cases.attachment_download,
        name="attachment",
    ),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/export.<str:fmt>", statistics.statistics_export, name="statistics_export"),
    path("statistics/chart/<str:name>.svg", statistics.statistics_chart, name="statistics_chart"),
    path("hotspots/", hotspots.hotspot_list, name="hotspots"),
    path("hotspots/export.<str:fmt>", hotspots.hotspots_export, name="hotspots_export"),
]
