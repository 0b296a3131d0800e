"""Attachment checks: content type by magic bytes (never the name or the browser's claim),
size and count limits, and images re-encoded so EXIF (GPS, device, time) is dropped."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

from .enums import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, AttachmentKind

MAGIC = (
    (b"\xff\xd8\xff", AttachmentKind.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentKind.PNG),
    (b"%PDF-", AttachmentKind.PDF),
)
EXTENSIONS = {AttachmentKind.JPEG: "jpg", AttachmentKind.PNG: "png", AttachmentKind.PDF: "pdf"}
# Refuse decompression bombs well before Pillow's own limit.
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanFile:
    name: str
    kind: str
    data: bytes


def sniff(head: bytes) -> str | None:
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _strip_image(data: bytes, kind: str, label: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ValidationError(f"{label}：图片尺寸过大。")
            img.load()
            # Turn the picture upright first: the orientation tag goes with the rest of EXIF.
            upright = ImageOps.exif_transpose(img)
            # A fresh image from the raw pixels carries no EXIF, XMP or text chunks.
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            if upright.mode == "P" and upright.getpalette():
                clean.putpalette(upright.getpalette())
            out = io.BytesIO()
            if kind == AttachmentKind.JPEG:
                if clean.mode not in ("RGB", "L"):
                    clean = clean.convert("RGB")
                clean.save(out, format="JPEG", quality=88)
            else:
                clean.save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(f"{label}：图片已损坏或无法识别。")
    except Exception:
        # Pillow's decoders raise a variety of errors on crafted files; none may become a 500.
        raise ValidationError(f"{label}：图片已损坏或无法识别。")


def clean_uploads(files) -> list[CleanFile]:
    """Validate and clean uploaded files; raises ValidationError with a Chinese message per file."""
    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(f"最多上传 {MAX_ATTACHMENTS} 个附件，本次选择了 {len(files)} 个。")
    cleaned: list[CleanFile] = []
    errors: list[str] = []
    for i, upload in enumerate(files, start=1):
        label = f"第{i}个附件"
        if upload.size > MAX_ATTACHMENT_BYTES:
            errors.append(
                f"{label}：大小 {upload.size / 1024 / 1024:.1f} MB，超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB 的上限。"
            )
            continue
        if upload.size == 0:
            errors.append(f"{label}：文件为空。")
            continue
        upload.seek(0)
        data = upload.read()
        kind = sniff(data[:16])
        if kind is None:
            errors.append(
                f"{label}：只接受 JPG、PNG 图片或 PDF 文件（按文件内容判断，不看扩展名）。"
            )
            continue
        try:
            if kind in (AttachmentKind.JPEG, AttachmentKind.PNG):
                data = _strip_image(data, kind, label)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        cleaned.append(
            CleanFile(name=f"{secrets.token_hex(16)}.{EXTENSIONS[kind]}", kind=kind, data=data)
        )
    if errors:
        raise ValidationError(errors)
    return cleaned
