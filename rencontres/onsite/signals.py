from .models import BadgeSettings, CategoryColour


def copy_badge_settings(sender, source, target, **kwargs):
    """The next edition keeps the badge layout and its categories' colours (matched by code:
    the registration app has copied the categories already)."""
    settings = BadgeSettings.objects.filter(edition=source).first()
    if settings is not None:
        BadgeSettings.objects.get_or_create(edition=target, defaults={"layout": settings.layout})
    new_categories = {category.code: category for category in target.categories.all()}
    for colour in CategoryColour.objects.filter(category__edition=source).select_related(
        "category"
    ):
        category = new_categories.get(colour.category.code)
        if category is not None:
            CategoryColour.objects.get_or_create(
                category=category, defaults={"colour": colour.colour}
            )
