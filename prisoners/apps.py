from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrisonersConfig(AppConfig):
    name = "prisoners"
    verbose_name = _("Prisoners")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
