from django.urls import path

from . import admin_views

urlpatterns = [
    path("lists/<int:page_id>/copy-forward/", admin_views.copy_forward, name="list_copy_forward"),
]
