"""Titles of the back-office's pages in correct French.

Django's French catalog builds titles by pasting the model's name after a fixed word
("Modification de %s" → "Modification de édition", "Sélectionnez l’objet courriel à
changer"). `install()` replaces them with elided, gendered forms ("Modification de
l’édition", "Ajout d’une session", "Courriels"); a model whose noun is not listed gets
"Modification : nom", never a wrong article. The other apps' models join by adding their
head noun to `GENDERS`.
"""

import re

from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Django's own titles, compared with the page's: an alias, so that makemessages leaves them
# in Django's catalog.
django_catalog = _

# Head noun (first word of the French verbose name) → m, f or p (plural).
GENDERS = {
    "activité": "f",
    "appareil": "m",
    "badge": "m",
    "cafés": "p",
    "catégorie": "f",
    "choix": "m",
    "courriel": "m",
    "délégation": "f",
    "demande": "f",
    "édition": "f",
    "enquête": "f",
    "format": "m",
    "groupe": "m",
    "inscription": "f",
    "intervenant": "m",
    "lieu": "m",
    "message": "m",
    "organisateur": "m",
    "page": "f",
    "participation": "f",
    "partenaire": "m",
    "passage": "m",
    "profil": "m",
    "question": "f",
    "questionnaire": "m",
    "réglages": "p",
    "réponse": "f",
    "rôle": "m",
    "salle": "f",
    "session": "f",
    "tableau": "m",
    "thème": "m",
    "utilisateur": "m",
}
VOWEL = re.compile(r"^[aeiouyàâäéèêëîïôöûüh]", re.IGNORECASE)


def _noun(name):
    name = str(name)
    # "Réglages B2B" is written in lower case inside a sentence; "B2B meetings" keeps it.
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def title(action, opts):
    """ "Modification de l’édition", "Ajout d’une session", "Consultation du lieu"."""
    name = _noun(opts.verbose_name)
    gender = GENDERS.get(name.split(" ")[0].lower())
    word = {"add": "Ajout", "change": "Modification", "view": "Consultation"}[action]
    if gender is None:
        return f"{word}\u00a0: {name}"
    if action == "add":
        article = {"m": "d’un ", "f": "d’une ", "p": "de "}[gender]
    elif gender == "p":
        article = "des "
    elif VOWEL.match(name):
        article = "de l’"
    else:
        article = {"m": "du ", "f": "de la "}[gender]
    return f"{word} {article}{name}"


PERMISSION_VERBS = {
    "add": "Peut ajouter",
    "change": "Peut modifier",
    "delete": "Peut supprimer",
    "view": "Peut voir",
}


def permission_label(permission):
    """ "Éditions | éditions | Peut modifier" rather than Django's English "Can change
    edition"; a custom permission shows its name translated when its app marks it for
    translation (`gettext_noop` in `Meta.permissions`)."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is None:
        return f"{content_type} | {permission.name}"
    # Django's default permissions are named "Can view edition" (the codename alone cannot
    # tell: `view_dashboard` is a custom permission of the Dashboard model).
    if (
        action in PERMISSION_VERBS
        and permission.name == f"Can {action} {model._meta.verbose_name_raw}"
    ):
        text = f"{PERMISSION_VERBS[action]} des {_noun(model._meta.verbose_name_plural)}"
    else:
        text = _(permission.name)
    return f"{capfirst(model._meta.app_config.verbose_name)} | {text}"


def install():
    """Give every ModelAdmin French titles (the back-office is always in French), and
    permissions French names where organisers choose them (groups, users)."""
    render_change_form = admin.ModelAdmin.render_change_form
    get_changelist_instance = admin.ModelAdmin.get_changelist_instance

    def french_render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        opts = self.model._meta
        defaults = {
            django_catalog("Add %s") % opts.verbose_name: "add",
            django_catalog("Change %s") % opts.verbose_name: "change",
            django_catalog("View %s") % opts.verbose_name: "view",
        }
        # Only Django's own titles are replaced; a page's custom title stays.
        if get_language() == "fr" and context.get("title") in defaults:
            context["title"] = title(defaults[context["title"]], opts)
        return render_change_form(self, request, context, add, change, form_url, obj)

    def french_changelist(self, request):
        changelist = get_changelist_instance(self, request)
        if get_language() == "fr":
            changelist.title = capfirst(self.model._meta.verbose_name_plural)
        return changelist

    admin.ModelAdmin.render_change_form = french_render_change_form
    admin.ModelAdmin.get_changelist_instance = french_changelist

    from django.contrib.auth.models import Permission

    english = Permission.__str__

    def french_str(permission):
        return permission_label(permission) if get_language() == "fr" else english(permission)

    Permission.__str__ = french_str
