from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "editions"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("editions/"), views.archive, name="archive"),
    path(_("editions/current/"), views.current, name="current"),
    path(_("editions/<int:number>/"), views.detail, name="detail"),
    path(_("editions/<int:number>/practical-information/"), views.practical, name="practical"),
    path(_("editions/<int:number>/partners/"), views.partners, name="partners"),
    path(_("editions/<int:number>/contact/"), views.contact, name="contact"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("personal-data/"), views.privacy, name="privacy"),
]
