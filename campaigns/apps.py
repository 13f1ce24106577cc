from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Reporting campaigns")

    def ready(self):
        from campaigns import exports_builders  # noqa: F401  (registers the report builders)
