"""Rendering: JSON or XML by the path's suffix, and the GeoReport error list."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from django.http import HttpResponse

from .. import ratelimit

XML_NAMES = {  # list kind → (root element, item element), as in the GeoReport v2 examples
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}


def _wants_xml(request) -> bool:
    return request.path.endswith(".xml")


def _xml_value(parent: ElementTree.Element, key: str, value) -> None:
    node = ElementTree.SubElement(parent, key)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(node, k, v)
    elif isinstance(value, list):
        for v in value:
            _xml_value(node, key.rstrip("s") or "item", v)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def render(request, kind: str, data, status: int = 200) -> HttpResponse:
    """A list of objects (or, for ``kind`` without a list, one object) as JSON or XML."""
    if not _wants_xml(request):
        body = json.dumps(data, ensure_ascii=False)
        return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    if kind in XML_NAMES:
        root_name, item_name = XML_NAMES[kind]
        root = ElementTree.Element(root_name)
        for row in data:
            item = ElementTree.SubElement(root, item_name)
            for key, value in row.items():
                _xml_value(item, key, value)
    else:
        root = ElementTree.Element(kind)
        for key, value in data.items():
            _xml_value(root, key, value)
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, status=status, content_type="application/xml; charset=utf-8")


def error_response(request, status: int, description: str) -> HttpResponse:
    """The GeoReport error list; used here and by cms.request_guard for errors outside handlers."""
    response = render(request, "errors", [{"code": status, "description": description}], status)
    if status == 429:
        bucket = "submit" if request.method == "POST" else "lookup"
        response["Retry-After"] = str(ratelimit.retry_after(bucket))
    return response
