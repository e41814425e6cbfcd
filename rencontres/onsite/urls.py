from django.urls import path

from . import views

app_name = "onsite"

urlpatterns = [
    # Printed in every QR code: short, and the same in both languages.
    path("b/<str:token>", views.badge, name="badge"),
]
