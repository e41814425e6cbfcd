"""Which content fields exist in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AccessRoute, Edition, Format, Hotel, Organiser, Partner, Venue, VisaNote


@register(Organiser)
class OrganiserTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("accessibility",)


@register(AccessRoute)
class AccessRouteTranslation(TranslationOptions):
    fields = ("station", "exit", "details")


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = (
        "title",
        "theme",
        "summary",
        "editorial",
        "signatory_titles",
        "press_contact_role",
        "ceremony_title",
        "award_title",
        "review",
        "info_url",
    )


@register(Format)
class FormatTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "note")


@register(Hotel)
class HotelTranslation(TranslationOptions):
    fields = ("rate", "details")


@register(VisaNote)
class VisaNoteTranslation(TranslationOptions):
    fields = ("text",)
