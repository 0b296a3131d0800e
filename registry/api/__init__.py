"""The read-only JSON API at /api/v1/ (django-ninja; schema at /api/v1/openapi.json).

Each area adds its own router module here and registers it below.
"""

from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from registry.params import BadParameter

from .errors import invalid_message

api = NinjaAPI(
    title="基层减负清单 API",
    version="1",
    urls_namespace="api_v1",
    description="乡镇（街道）履职事项清单、村（社区）准入清单的只读查询接口。",
)


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, exc):
    """Malformed parameters get a Chinese 400 naming them (ninja's default is an English 422)."""
    return api.create_response(request, {"detail": invalid_message(exc)}, status=400)


@api.exception_handler(BadParameter)
def bad_parameter(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=400)


from .lists import router as lists_router  # noqa: E402

api.add_router("", lists_router)

from .checks import router as checks_router  # noqa: E402

api.add_router("", checks_router)
