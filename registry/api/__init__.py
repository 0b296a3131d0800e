"""The read-only JSON API at /api/v1/ (django-ninja; schema at /api/v1/openapi.json).

Each area adds its own router module here and registers it below.
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="基层减负清单 API",
    version="1",
    urls_namespace="api_v1",
    description="乡镇（街道）履职事项清单、村（社区）准入清单的只读查询接口。",
)

from .lists import router as lists_router  # noqa: E402

api.add_router("", lists_router)

from .checks import router as checks_router  # noqa: E402

api.add_router("", checks_router)
