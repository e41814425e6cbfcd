"""Program content in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Room, Session, Speaker, Theme


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name", "accessibility")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("function", "bio")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")
