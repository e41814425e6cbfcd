"""Texts of the partners' area in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Area, PartnerSpace


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("introduction",)


@register(PartnerSpace)
class PartnerSpaceTranslation(TranslationOptions):
    fields = ("description",)
