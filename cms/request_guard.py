"""The request guard: every request body and parameter is checked once, before any view reads it.

- Bodies are size-limited (``API_MAX_BODY_BYTES`` under /api/, Django's upload limits elsewhere)
  and JSON is depth-limited (``JSON_MAX_DEPTH``) *before* anything parses it: a 100,000-deep
  array would otherwise end in a RecursionError inside ``json.loads``.
- Form and multipart bodies are parsed here; a broken one (a multipart post without a boundary,
  too many fields) is a 400, not a 500 later in a view.
- NUL and the other control characters (``registry.params.CONTROL_CHARS``) are refused in the
  path, the query string, form fields, JSON bodies (raw or ``\\u0000`` escaped), plain-text bodies
  and uploaded file names. Uploaded file *contents* are binary (images, xlsx) and are checked by
  their readers: the spreadsheet import refuses a cell with a control character naming its row.
- ``registry.params.BadParameter`` raised by any view becomes a Chinese 400.
- Under /api/ every error answer is in the API's own error format, including those raised
  outside the handlers (an unknown path, a wrong method, a server error): ``{"detail": …}`` for
  /api/v1/, the GeoReport list ``[{"code", "description"}]`` (JSON or XML) for Open311.
"""

from __future__ import annotations

import re

from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

from registry.params import BadParameter, has_control_chars

CONTROL_MESSAGE = "请求中含有不允许的控制字符（如 NUL），请检查后重试。"
API_MAX_BODY_BYTES = 1024 * 1024
JSON_MAX_DEPTH = 32

STATUS_MESSAGES = {
    400: "请求格式不正确。",
    403: "无权进行此操作（如为浏览器提交，请刷新页面后重试）。",
    404: "未找到请求的资源。",
    405: "不支持该请求方法。",
    406: "不支持请求的格式。",
    413: "请求体过大。",
    415: "不支持该请求体类型，请使用 application/json 或表单提交。",
    429: "请求过于频繁，请稍后再试。",
    500: "服务器内部错误，请稍后再试。",
}

# A JSON string escape of a control character: \u0000-\u0008, \u000b, \u000c, \u000e-\u001f, \u007f.
_ESCAPED_CONTROL = re.compile(rb"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])")
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without parsing it."""
    brackets = _JSON_STRING.sub(b"", body).translate(
        None, bytes(range(256)).translate(None, b"[]{}")
    )
    depth = deepest = 0
    for byte in brackets:
        if byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def api_error(request, status: int, message: str = "") -> HttpResponse:
    """An error answer in the format of the API the request was sent to."""
    message = message or STATUS_MESSAGES.get(status, STATUS_MESSAGES[400])
    if request.path.startswith("/api/open311/"):
        from mashangjian.api.rendering import error_response

        return error_response(request, status, message)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    if status == 400:
        # A person's page (a form sent with a NUL in it): the site's Chinese 400 page, naming
        # the reason, with the way back (error_views renders it without the request).
        from cms.error_views import error_page

        return error_page("400.html", 400, message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._refusal(request)
        response = refusal if refusal is not None else self.get_response(request)
        if request.path.startswith("/api/") and response.status_code >= 400:
            response = self._in_api_format(request, response)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return api_error(request, 400, exception.message)
        return None

    # ----------------------------------------------------------------------------------------
    def _refusal(self, request) -> HttpResponse | None:
        if has_control_chars(request.path) or any(
            has_control_chars(key) or any(has_control_chars(v) for v in values)
            for key, values in request.GET.lists()
        ):
            return api_error(request, 400, CONTROL_MESSAGE)
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return api_error(request, 400, "请求头 Content-Length 无效。")
        if content_type in _FORM_TYPES:
            return self._form_refusal(request, content_type)
        limit = API_MAX_BODY_BYTES if request.path.startswith("/api/") else None
        if limit is not None and length > limit:
            return api_error(request, 413, f"请求体过大（上限 {limit // 1024} KB）。")
        try:
            body = request.body
        except (RequestDataTooBig, SuspiciousOperation):
            return api_error(request, 413, STATUS_MESSAGES[413])
        if _RAW_CONTROL.search(body) or _ESCAPED_CONTROL.search(body):
            return api_error(request, 400, CONTROL_MESSAGE)
        if body.lstrip()[:1] in (b"[", b"{") and json_depth(body) > JSON_MAX_DEPTH:
            return api_error(request, 400, f"JSON 嵌套层数过多（上限 {JSON_MAX_DEPTH} 层）。")
        return None

    @staticmethod
    def _form_refusal(request, content_type: str) -> HttpResponse | None:
        if content_type == "multipart/form-data" and "boundary=" not in request.META.get(
            "CONTENT_TYPE", ""
        ):
            return api_error(request, 400, "multipart/form-data 请求缺少 boundary 参数。")
        try:
            fields, files = request.POST, request.FILES
        except (MultiPartParserError, BadRequest):
            return api_error(request, 400, "表单请求体格式不正确。")
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return api_error(request, 413, STATUS_MESSAGES[413])
        except SuspiciousOperation:
            return api_error(request, 400, STATUS_MESSAGES[400])
        for key, values in fields.lists():
            if has_control_chars(key) or any(has_control_chars(v) for v in values):
                return api_error(request, 400, CONTROL_MESSAGE)
        for key, uploads in files.lists():
            if has_control_chars(key) or any(has_control_chars(u.name or "") for u in uploads):
                return api_error(request, 400, CONTROL_MESSAGE)
        return None

    @staticmethod
    def _in_api_format(request, response: HttpResponse) -> HttpResponse:
        """Errors raised outside the API handlers (resolver 404, 405, 500) in the API's format."""
        content_type = response.get("Content-Type", "")
        if "json" in content_type or "xml" in content_type:
            return response
        replaced = api_error(request, response.status_code)
        for header in ("Allow", "Retry-After"):
            if response.has_header(header):
                replaced[header] = response[header]
        return replaced
