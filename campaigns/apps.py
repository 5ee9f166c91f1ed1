from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaign")

    def ready(self):
        # The receivers connect, and the Celery tasks register in every process: the
        # outbox finds its send task by name (campaigns.outbox.send.enqueue), also in a
        # web process, where Celery's autodiscovery does not run.
        from . import signals, tasks  # noqa: F401
