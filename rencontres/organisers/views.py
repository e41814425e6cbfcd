from django.contrib.auth.views import PasswordResetConfirmView
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class AcceptInvitation(PasswordResetConfirmView):
    """The link of a team invitation: choose a password, then land in the back-office."""

    template_name = "registration/password_reset_confirm.html"  # the admin's own page
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("admin:index")
    extra_context = {"title": _("Choose your password")}
