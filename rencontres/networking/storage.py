"""Where B2B profile photos live: in the private storage of `core.uploads` (outside
MEDIA_ROOT, so that the public /media/ route never serves them); `networking:photo` serves
them after checking who asks."""

from django.urls import reverse
from django.utils.deconstruct import deconstructible

from rencontres.core.uploads import PrivateStorage, private_root  # noqa: F401 (migration 0004)


@deconstructible(path="rencontres.networking.storage.PrivatePhotoStorage")
class PrivatePhotoStorage(PrivateStorage):
    def __init__(self):
        # At the private root: the stored names already begin with "networking/photos/".
        super().__init__("")

    def url(self, name):
        # Not a file address: the view that checks access (any page, the admin, the form).
        return reverse("networking:photo", kwargs={"name": name})


photo_storage = PrivatePhotoStorage()
