"""Under /admin/, before the admin's own URLs (its catch-all would take them)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("2fa/setup/", views.setup, name="setup"),
    path("2fa/", views.verify, name="verify"),
]

# The admin's login page links to `admin_password_reset` when it exists; the admin ships the
# templates of these pages and of the mail.
password_reset_urlpatterns = [
    path("password-reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
