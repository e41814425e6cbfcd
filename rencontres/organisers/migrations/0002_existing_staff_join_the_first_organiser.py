"""Staff accounts of an installation that had one organiser keep their rights: each joins
the first organiser's team with the roles it had on its account."""

from django.db import migrations


def join_first_organiser(apps, schema_editor):
    Organiser = apps.get_model("editions", "Organiser")
    User = apps.get_model("auth", "User")
    Membership = apps.get_model("organisers", "Membership")
    first = Organiser.objects.order_by("pk").first()
    if first is None:
        return
    for user in User.objects.filter(is_staff=True, is_superuser=False):
        membership, _created = Membership.objects.get_or_create(organiser=first, user=user)
        membership.roles.add(*user.groups.all())
        user.groups.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("organisers", "0001_teams_and_public_sites"),
        ("editions", "0001_initial"),
    ]

    operations = [migrations.RunPython(join_first_organiser, migrations.RunPython.noop)]
