from modeltranslation.translator import TranslationOptions, register

from .models import Profile, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(Profile)
class ProfileTranslation(TranslationOptions):
    # A participant writes a pitch in French, in English or both.
    fields = ("pitch",)
