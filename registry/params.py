"""One way to read parameters: numbers, dates, region codes, page numbers and JSON bodies.

Every view and API reads what a client typed through these functions. They accept ASCII only:
``str.isdigit()`` is true for "²" and "١", and ``int("١")`` is 1, so neither may decide. A bad
value raises :class:`BadParameter`, a ``django.core.exceptions.BadRequest`` carrying a Chinese
message that names the parameter; ``cms.middleware.RequestGuardMiddleware`` and the two APIs turn
it into a 400 (JSON under /api/, plain text elsewhere).

Control characters are refused here too, for values that reach the code some other way than the
request guard (management commands, uploaded files read row by row).
"""

from __future__ import annotations

import datetime
import json
import re

from django.core.exceptions import BadRequest

ASCII_INT = re.compile(r"[0-9]{1,18}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
REGION_CODE = re.compile(r"[0-9]{12}")
# C0 controls except tab, line feed and carriage return, and DEL. NUL is the one PostgreSQL cannot
# store; the others are never typed by a person and break CSV, XML and terminals downstream.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_PAGE = 10_000


class BadParameter(BadRequest):
    """A parameter a client sent is malformed; ``message`` is the Chinese text to show."""

    def __init__(self, message: str, *, name: str = ""):
        super().__init__(message)
        self.message = message
        self.name = name


def _shown(value: object) -> str:
    text = CONTROL_CHARS.sub("?", str(value))
    return text if len(text) <= 40 else text[:40] + "…"


def integer(
    value: object,
    *,
    name: str,
    minimum: int | None = None,
    maximum: int | None = None,
    default: int | None = None,
    what: str = "正整数",
) -> int:
    """An integer written in ASCII digits (no sign, no spaces, no "²" or "١")."""
    if value is None or value == "":
        if default is not None:
            return default
        raise BadParameter(f"缺少参数 {name}。", name=name)
    text = str(value)
    if not ASCII_INT.fullmatch(text):
        raise BadParameter(
            f"参数 {name} 应为{what}（阿拉伯数字），收到“{_shown(text)}”。", name=name
        )
    number = int(text)
    if minimum is not None and number < minimum:
        raise BadParameter(f"参数 {name} 不能小于{minimum}，收到{number}。", name=name)
    if maximum is not None and number > maximum:
        raise BadParameter(f"参数 {name} 不能大于{maximum}，收到{number}。", name=name)
    return number


def page(value: object, *, name: str = "page") -> int:
    """A page number, 1 when absent."""
    return integer(value, name=name, minimum=1, maximum=MAX_PAGE, default=1)


def date(value: object, *, name: str, default: datetime.date | None = None) -> datetime.date:
    """A calendar date written YYYY-MM-DD (not the other forms ``fromisoformat`` accepts)."""
    if value is None or value == "":
        if default is not None:
            return default
        raise BadParameter(f"缺少参数 {name}。", name=name)
    text = str(value)
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadParameter(
            f"参数 {name} 的日期“{_shown(text)}”无效（格式不正确或日期不存在），应为 YYYY-MM-DD 格式，例如 2026-03-01。",
            name=name,
        ) from None


def optional_date(value: object, *, name: str) -> datetime.date | None:
    return None if value is None or value == "" else date(value, name=name)


def region_code(value: object, *, name: str = "region") -> str:
    """A 12-digit region code (ASCII digits)."""
    text = "" if value is None else str(value)
    if not REGION_CODE.fullmatch(text):
        raise BadParameter(f"参数 {name} 的区划代码“{_shown(text)}”无效，应为12位数字。", name=name)
    return text


def json_object(body: bytes) -> dict:
    """A request body that must be one JSON object (an empty body is an empty object)."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise BadParameter("请求体须为JSON对象（收到的不是有效的JSON）。") from None
    if not isinstance(data, dict):
        raise BadParameter("请求体须为JSON对象。")
    return data


def has_control_chars(text: str) -> bool:
    return CONTROL_CHARS.search(text) is not None


def text(value: object, *, name: str, max_length: int | None = None) -> str:
    """A text value: a string, without control characters, within ``max_length`` characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadParameter(f"字段 {name} 须为字符串。", name=name)
    if has_control_chars(value):
        raise BadParameter(f"字段 {name} 含有不允许的控制字符（如 NUL）。", name=name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\ud800" escape
        raise BadParameter(f"字段 {name} 含有无效的 Unicode 字符。", name=name) from None
    if max_length is not None and len(value) > max_length:
        raise BadParameter(
            f"字段 {name} 最多{max_length}个字符，当前{len(value)}个，请精简后提交。", name=name
        )
    return value
