from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cto_mentor.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
