"""Operations: discovery and the service list (the 码上减 categories)."""

from __future__ import annotations

from ninja.errors import HttpError

from registry import params

from .. import selectors
from .open311 import JURISDICTION, _operation
from .parameters import _jurisdiction
from .rendering import render
from .schemas import DiscoveryOut, ServiceDefinitionOut, ServiceOut


@_operation("get", "/discovery", DiscoveryOut, 400, summary="服务发现")
def discovery(request):
    base = request.build_absolute_uri("/api/open311/v2/")
    return render(
        request,
        "discovery",
        {
            "changeset": "2026-12-01T00:00:00+08:00",
            "contact": "县减负工作机制办公室",
            "key_service": "无需 API 密钥",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-12-01T00:00:00+08:00",
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        },
    )


@_operation("get", "/services", list[ServiceOut], 400, 404, summary="问题类别")
def services(request, jurisdiction_id: str | None = JURISDICTION):
    _jurisdiction(jurisdiction_id, required=False)
    rows = [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.description,
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "基层减负",
        }
        for c in selectors.categories()
    ]
    return render(request, "services", rows)


@_operation(
    "get", "/services/{service_code}", ServiceDefinitionOut, 400, 404, summary="问题类别定义"
)
def service_definition(request, service_code: str, jurisdiction_id: str | None = JURISDICTION):
    _jurisdiction(jurisdiction_id, required=False)
    category = selectors.category_by_code(service_code)
    if category is None:
        raise HttpError(
            404, f"没有编码为“{params.text(service_code, name='service_code')[:16]}”的问题类别。"
        )
    return render(request, "service_definition", {"service_code": category.code, "attributes": []})
