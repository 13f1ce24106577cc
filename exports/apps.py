import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Document exports")

    def ready(self):
        # WeasyPrint logs each rendering step at INFO (and three lines when it is imported): they
        # say nothing to an operator.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
