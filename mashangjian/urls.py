from django.urls import path

from . import views

app_name = "mashangjian"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/<str:code>/", views.report, name="report"),
    path("receipt/", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("status/rate/", views.rate, name="rate"),
    path("poster/<str:code>/", views.poster, name="poster"),
    path("poster/<str:code>/sheet/", views.poster_sheet, name="poster_sheet"),
    path("poster/<str:code>.svg", views.poster_image, {"fmt": "svg"}, name="poster_svg"),
    path("poster/<str:code>.png", views.poster_image, {"fmt": "png"}, name="poster_png"),
    path("typical/", views.typical, name="typical"),
]
