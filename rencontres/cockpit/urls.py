from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "cockpit"

urlpatterns = [
    path(_("editions/<int:number>/press/"), views.press, name="press"),
    path(_("editions/<int:number>/press-kit.pdf"), views.press_kit, name="press_kit"),
]
