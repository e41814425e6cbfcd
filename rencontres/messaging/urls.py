from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "messaging"

urlpatterns = [
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(_("editions/<int:number>/survey/"), views.survey, name="survey"),
]
