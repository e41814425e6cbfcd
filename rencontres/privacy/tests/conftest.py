import io

import pytest
from PIL import Image


@pytest.fixture
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NETWORKING_PRIVATE_ROOT = tmp_path / "private"
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.NETWORKING_PRIVATE_ROOT


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()
