from django.apps import AppConfig


class BurdenConfig(AppConfig):
    name = "burden"
    verbose_name = "基层负担登记"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The registers' API joins the one /api/v1/ (registry never imports burden).
        from registry.api import api

        from .api import router

        if router not in [r for _, r in api._routers]:
            api.add_router("", router)
