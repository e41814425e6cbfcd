from modeltranslation.translator import TranslationOptions, register

from .models import ConsentText, PrivacySettings


@register(ConsentText)
class ConsentTextTranslation(TranslationOptions):
    fields = ("text",)


@register(PrivacySettings)
class PrivacySettingsTranslation(TranslationOptions):
    fields = ("notice",)
