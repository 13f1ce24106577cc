from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = _("Historical data")

    def ready(self):
        from baove import figures
        from history import aggregates

        figures.AGGREGATE_HOOKS.update(adjust=aggregates.adjust, warnings=aggregates.warnings)
