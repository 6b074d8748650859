from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from . import (
            questions,  # noqa: F401  (a new cohort gets the default mentor questions)
            rubrics,  # noqa: F401  (and the default mentor rubric)
        )
