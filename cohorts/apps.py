from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Programs and cohorts"

    def ready(self):
        from . import services  # noqa: F401  (connects the receiver that grants roles waiting for a confirmed address)
