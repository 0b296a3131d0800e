from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from mashangjian.api import open311_api
from registry.api import api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", api.urls),
    path("api/open311/v2/", open311_api.urls),
    path("mashangjian/", include("mashangjian.urls")),
    path("", include(wagtail_urls)),
]
