from django.apps import AppConfig


class BaoveConfig(AppConfig):
    name = "baove"
    verbose_name = "baove"

    def ready(self):
        from baove.figures import autodiscover

        autodiscover()
