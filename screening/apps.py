from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "Screenings"

    def ready(self):
        # Connect the receivers that log staff logins and start a staff session's clock.
        from . import staff_logins, staff_sessions  # noqa: F401


# django-axes' and django-otp's apps under names a clinic manager recognises in the admin.
class LoginLockoutsConfig(AxesAppConfig):
    verbose_name = "Staff login lockouts"


class TwoFactorAppsConfig(TOTPAppConfig):
    verbose_name = "Staff two-factor apps"
