from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import checks  # noqa: F401  (registers the system checks)


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Accounts")
