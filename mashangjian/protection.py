"""Reporter protection: random case numbers, query codes kept as keyed hashes, redaction, IP hashing.

Why HMAC-SHA256 and not a password hasher for the query code: the code carries ~60 bits of
randomness (it is not a human-chosen password), so a slow hash adds nothing against guessing,
while the status page and the API must answer quickly under load. The key is derived from
SECRET_KEY, so a leaked database alone does not let anyone test codes offline.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings

# Crockford base32 without I, L, O, U: nothing a reporter can misread on a phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_PREFIX = "MSJ"


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_case_number() -> str:
    """MSJ-XXXX-XXXX: 40 random bits, never sequential, no date in it."""
    raw = _random(8)
    return f"{NUMBER_PREFIX}-{raw[:4]}-{raw[4:]}"


def new_query_code() -> str:
    """XXXX-XXXX-XXXX: 60 random bits, shown to the reporter once."""
    raw = _random(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize(value: str) -> str:
    """Upper-case, drop spaces and dashes, map look-alikes (O→0, I/L→1)."""
    value = re.sub(r"[\s\-－—_]", "", value or "").upper()
    return value.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def normalize_number(value: str) -> str:
    raw = normalize(value)
    if raw.startswith(NUMBER_PREFIX):
        raw = raw[len(NUMBER_PREFIX) :]
    if len(raw) != 8:
        return ""
    return f"{NUMBER_PREFIX}-{raw[:4]}-{raw[4:]}"


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"mashangjian:{purpose}:{settings.SECRET_KEY}".encode()).digest()


def hash_query_code(code: str) -> str:
    return hmac.new(_key("query-code"), normalize(code).encode(), hashlib.sha256).hexdigest()


def query_code_matches(code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_query_code(code), stored_hash or "")


def hash_client(ip: str, *, bucket: str) -> str:
    """A salted hash of the client address, used only as a rate-limit cache key (it expires)."""
    return hmac.new(_key(f"ip:{bucket}"), (ip or "").encode(), hashlib.sha256).hexdigest()[:32]


# Separators people type inside numbers: spaces, dots, dashes (after NFKC, full-width forms
# such as "１３８" and "－" are already plain ASCII).
_SEP = r"[-\s.·]?"
_PATTERNS = (
    (
        re.compile(
            r"(?<!\d)\d{6}"
            + _SEP
            + r"(?:19|20)\d{2}"
            + _SEP
            + r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
            + _SEP
            + r"\d{3}[\dXx](?!\d)"
        ),
        "［身份证号已隐去］",
    ),
    (
        re.compile(
            r"(?<!\d)(?:\+?86" + _SEP + r")?1\d{2}" + _SEP + r"\d{4}" + _SEP + r"\d{4}(?!\d)"
        ),
        "［手机号已隐去］",
    ),
    (re.compile(r"(?<!\d)0\d{2,3}" + _SEP + r"\d{7,8}(?!\d)"), "［电话已隐去］"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "［邮箱已隐去］"),
    (
        # 微信 / 微 信 / V信 / vx / wx / WeChat / QQ / qq号 / 企鹅, then an account name or number.
        re.compile(
            r"(?:微\s*信号?|[VvWw]\s*信|vx|wx|WeChat|QQ号?|企鹅号?)\s*(?:号码|账号|号)?\s*[:：]?\s*[A-Za-z0-9_-]{5,}",
            re.IGNORECASE,
        ),
        "［联系方式已隐去］",
    ),
)


# Full-width ASCII (what a Chinese input method types: "１３８", "ｑｑ") and the ideographic
# space, mapped one character to one, so match positions hold in the original text.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def name_patterns(*parts: str) -> tuple[re.Pattern, ...]:
    """Patterns for a person's name in any spacing and order.

    ``parts`` are what the reporter typed: a full name ("李建国", "李 建国") and/or its pieces
    (Open311 ``last_name`` / ``first_name``). The full name matches with any whitespace between
    its characters, surname and given name in either order, and the given name alone (two
    characters or more: "建国"); a single character is never matched on its own.
    """
    pieces = [re.sub(r"\s+", "", p or "") for p in parts]
    pieces = [p for p in pieces if p]
    candidates: set[str] = set()
    joined = "".join(pieces)
    if len(pieces) >= 2:
        candidates.add("".join(reversed(pieces)))
    candidates.add(joined)
    for piece in pieces:
        candidates.add(piece)
    for whole in list(candidates):
        # A name typed as one string: its given name is what follows a one- or two-character
        # surname (李|建国, 欧阳|明远).
        for cut in (1, 2):
            if len(whole) - cut >= 2 and len(whole) <= 4:
                candidates.add(whole[cut:])
    words = sorted((c for c in candidates if len(c) >= 2), key=len, reverse=True)
    return tuple(re.compile(r"\s*".join(re.escape(ch) for ch in word)) for word in words)


def redact(text: str, *, names: tuple[str, ...] = ()) -> str:
    """The text a handling unit sees: identity numbers, phones, e-mail, chat ids and the
    reporter's name (any spacing and order, see ``name_patterns``) removed.

    Patterns run on a half-width copy, so full-width digits and letters are caught too; the
    replacement is made in the original, whose Chinese punctuation is left as it was.
    """
    text = text or ""
    for pattern, replacement in _PATTERNS:
        probe = text.translate(_HALF_WIDTH)
        spans = [m.span() for m in pattern.finditer(probe)]
        for start, end in reversed(spans):
            text = text[:start] + replacement + text[end:]
    for pattern in name_patterns(*names):
        text = pattern.sub("［姓名已隐去］", text)
    return text
