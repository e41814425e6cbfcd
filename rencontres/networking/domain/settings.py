from ..models import SchedulerSettings


def settings_for(edition):
    """The edition's B2B settings; the defaults (unsaved) until an organiser changes them."""
    return SchedulerSettings.objects.filter(edition=edition).first() or SchedulerSettings(
        edition=edition
    )
