"""Where B2B profile photos live: outside MEDIA_ROOT, so that the public /media/ route never
serves them; `networking:photo` serves them after checking who asks."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.deconstruct import deconstructible


def private_root():
    """Read at each use, so that tests and deployments can move it through settings."""
    return Path(getattr(settings, "NETWORKING_PRIVATE_ROOT", settings.VAR_DIR / "private"))


@deconstructible(path="rencontres.networking.storage.PrivatePhotoStorage")
class PrivatePhotoStorage(FileSystemStorage):
    @property
    def base_location(self):
        return private_root()

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # Not a file address: the view that checks access (any page, the admin, the form).
        return reverse("networking:photo", kwargs={"name": name})


photo_storage = PrivatePhotoStorage()
