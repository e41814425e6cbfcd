from .models import SchedulerSettings


def copy_settings(sender, source, target, shift, **kwargs):
    """The next edition starts with the same B2B settings (meeting length, tables…)."""
    settings = SchedulerSettings.objects.filter(edition=source).first()
    if settings is not None:
        SchedulerSettings.objects.get_or_create(
            edition=target,
            defaults={
                f.name: getattr(settings, f.name)
                for f in SchedulerSettings._meta.concrete_fields
                if f.name not in ("id", "edition")
            },
        )
