"""Who may see a B2B profile photo: the directory's rule (those listed in it see those listed),
plus the person while their registration lives, and the organisers."""

from ..models import Profile
from .requests import can_take_part


def may_see_photo(profile, viewer=None, user=None):
    """viewer: the registration whose personal space this browser has open for the profile's
    edition (or None); user: the logged-in account, if any."""
    if user is not None and user.is_active and user.is_staff:
        return True
    if viewer is None or viewer.edition_id != profile.registration.edition_id:
        return False
    if not viewer.is_active:  # an ended registration opens no personal data
        return False
    if viewer.pk == profile.registration_id:
        return True
    return (
        can_take_part(viewer)
        and Profile.objects.listed(viewer.edition).filter(pk=profile.pk).exists()
    )
