"""The themes of cooperation named in the B2B issue, in French and English."""

from django.db import migrations

THEMES = [
    ("water", "Eau", "Water"),
    ("climate", "Climat", "Climate"),
    ("culture", "Culture", "Culture"),
    ("education", "Éducation", "Education"),
    ("health", "Santé", "Health"),
    ("local-governance", "Gouvernance locale", "Local governance"),
    ("economic-development", "Développement économique", "Economic development"),
    ("youth", "Jeunesse", "Youth"),
    ("crisis-response", "Réponse aux crises", "Crisis response"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("networking", "Theme")
    for order, (slug, fr, en) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": fr, "name_fr": fr, "name_en": en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("networking", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
