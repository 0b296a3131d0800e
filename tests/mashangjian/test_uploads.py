"""mashangjian.uploads: a broken upload is a Chinese validation error, never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mashangjian.uploads import clean_uploads

# A 109-byte PNG whose IDAT makes Pillow raise SyntaxError ("broken PNG file").
BROKEN_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000400000003008040000000b42b494"
    "0000001e49444154789cedce310100000cc230987fd193c1931a68da6cbbf11f00"
    "000000000000000000000000000000000000000000000054200fb99b0061f57ac0"
    "700000000049454e44ae426082"
)


def test_a_broken_image_is_a_validation_error_not_a_500():
    upload = SimpleUploadedFile("a.png", BROKEN_PNG, content_type="image/png")
    with pytest.raises(ValidationError, match="图片已损坏或无法识别"):
        clean_uploads([upload])
