from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from mashangjian.api import open311_api
from registry.api import api

from . import check_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", api.urls),
    path("api/open311/v2/", open311_api.urls),
    path("mashangjian/", include("mashangjian.urls")),
    path("burden/", include("burden.urls")),
    path("check/", check_views.check_form, name="check"),
    path("check/<str:public_id>/", check_views.check_detail, name="check_detail"),
    path("check/<str:public_id>/correct/", check_views.check_correct, name="check_correct"),
    path("admission/", check_views.admission_register, name="admission_register"),
    path("", include(wagtail_urls)),
]

handler400 = "cms.error_views.bad_request"
handler403 = "cms.error_views.permission_denied"
handler404 = "cms.error_views.page_not_found"
handler500 = "cms.error_views.server_error"
