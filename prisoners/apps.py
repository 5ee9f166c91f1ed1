from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrisonersConfig(AppConfig):
    name = "prisoners"
    verbose_name = _("Prisoners")

    def ready(self):
        from advocacy import pagecache

        from . import regions, signals  # noqa: F401 - signals connects the receivers

        # Any spelling of a region (Xinjiang, 新疆, 新疆維吾爾自治區, 65) is one cached page.
        pagecache.QUERY_SPELLINGS["region"] = regions.code_for
