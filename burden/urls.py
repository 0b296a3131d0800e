from django.urls import path

from . import views

urlpatterns = [
    path("forms/", views.form_lookup, name="burden_form_lookup"),
    path("forms/<str:county_code>/<str:number>/", views.form_detail, name="burden_form"),
    path("forms/<str:county_code>/<str:number>/qr.svg", views.form_qr, name="burden_form_qr"),
]
