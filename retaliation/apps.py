from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetaliationConfig(AppConfig):
    name = "retaliation"
    verbose_name = _("Retaliation, early warning and commendation")

    def ready(self):
        from protection.timeline import register_source
        from retaliation.timeline import incident_entries

        register_source(incident_entries)
