from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaign")

    def ready(self):
        # The receivers connect, and the Celery tasks register in every process: the
        # outbox finds its send task by name (campaigns.outbox.send.enqueue), also in a
        # web process, where Celery's autodiscovery does not run.
        from advocacy.models import SIGNED_IN_READS
        from prisoners.management.commands import load_demo

        from . import signals, tasks  # noqa: F401
        from .context_processors import ADDRESS_REFUSED, ADDRESS_REFUSED_SQL
        from .public_record import demo

        # Every page's banner of a refused address, read with the signed-in user.
        SIGNED_IN_READS[ADDRESS_REFUSED] = ADDRESS_REFUSED_SQL

        # `load_demo` loads the censorship watch's demo after the prisoners it is about.
        load_demo.EXTRAS.append(demo.load)
