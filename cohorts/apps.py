from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Programs and cohorts"

    def ready(self):
        # services connects the receiver that grants roles waiting for a confirmed address; insights, those
        # that delete the dashboard's kept pictures when their data changes.
        from . import insights, services  # noqa: F401

        insights.watch_figures()
